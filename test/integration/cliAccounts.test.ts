// `tracker accounts …` (the real bin/tracker.js, a child process) against a sandbox gateway with
// two members on one AppKey: the implicit account of the TRACKER_* variables, adding accounts
// (credentials checked before saving), syncing them side by side, orders with account and
// purchaser, removing one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxGateway, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import { runTracker, sandboxGatewayEnv, trackerEnv } from '../helpers/trackerCli';

let gw: SandboxGateway;
let dataDir: string;

const tracker = (args: string[], env: NodeJS.ProcessEnv) => runTracker(args, env);

const envFor = (k: number, over: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv =>
  trackerEnv(dataDir, {
    ...sandboxGatewayEnv(gw),
    // Member k's own tokens, on the one AppKey.
    TRACKER_ACCESS_TOKEN: gw.members[k]!.accessToken,
    TRACKER_REFRESH_TOKEN: gw.members[k]!.refreshToken,
    TRACKER_QPS: '8',
    ...over,
  });

beforeAll(async () => {
  gw = await startSandboxGateway({ seed: 43, orders: 30, members: 2, qpsCap: 10 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-cli-accounts-'));
});

afterAll(async () => {
  await gw.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('tracker accounts', () => {
  it('lists the implicit account, adds two, syncs both within the cap, shows account and purchaser, removes one', async () => {
    // No account saved: the TRACKER_* variables are the one implicit account, as before.
    let r = await tracker(['accounts', '--json'], envFor(0));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ id: 0, state: 'active', orders: 0 })]);

    // Checked before saving: a wrong secret saves nothing.
    r = await tracker(['accounts', 'add', '--name', '华东'], envFor(0, { TRACKER_APP_SECRET: 'wrong' }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/AppSecret/);
    r = await tracker(['accounts', 'add'], envFor(0));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--name/);

    r = await tracker(['accounts', 'add', '--name', '华东', '--json'], envFor(0));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 1, name: '华东', memberId: gw.members[0]!.memberId, loginId: gw.members[0]!.loginId, state: 'active' });
    r = await tracker(['accounts', 'add', '--name', '华南', '--json'], envFor(1));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 2, name: '华南', memberId: gw.members[1]!.memberId });

    // Saved accounts sync (the variables no longer decide which).
    const mark = gw.log.length;
    r = await tracker(['sync', '--once', '--json'], envFor(0));
    expect(r.code, r.stderr).toBe(0);
    // Both accounts' calls of the one sync, within the AppKey's one budget: TRACKER_QPS 8 for both together (two budgets would reach 16), under the gateway's cap of 10.
    const arrivals = gw.log.slice(mark).map((e) => e.at).sort((a, b) => a - b);
    const busiest = Math.max(...arrivals.map((t) => arrivals.filter((x) => x >= t && x < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(10);
    expect(gw.log.slice(mark).some((e) => e.errorCode === 'gw.QosAppFrequencyLimit')).toBe(false);

    r = await tracker(['accounts', '--json'], envFor(0));
    const accounts = JSON.parse(r.stdout) as { id: number; orders: number; lastSyncAt: string | null; refreshTokenExpiresAt: string | null }[];
    expect(accounts.map((a) => a.id)).toEqual([1, 2]);
    for (const a of accounts) {
      expect(a.orders).toBeGreaterThan(0);
      expect(a.lastSyncAt).not.toBeNull();
      expect(a.refreshTokenExpiresAt).not.toBeNull();
      expect(Object.keys(a).sort()).toEqual(
        ['id', 'name', 'memberId', 'loginId', 'state', 'accessTokenExpiresAt', 'refreshTokenExpiresAt', 'lastSyncAt', 'orders'].sort(),
      );
    }

    r = await tracker(['orders', '--json'], envFor(0));
    const orders = JSON.parse(r.stdout) as { account: string | null; purchaser: string | null }[];
    expect(new Set(orders.map((o) => o.account))).toEqual(new Set([gw.members[0]!.memberId, gw.members[1]!.memberId]));
    expect(orders.some((o) => o.purchaser !== null)).toBe(true);

    r = await tracker(['accounts', 'remove', '2'], envFor(0));
    expect(r.code, r.stderr).toBe(0);
    r = await tracker(['accounts', '--json'], envFor(0));
    expect((JSON.parse(r.stdout) as { id: number }[]).map((a) => a.id)).toEqual([1]);
    // Kept for review: the removed account's orders are still listed.
    r = await tracker(['orders', '--json'], envFor(0));
    expect((JSON.parse(r.stdout) as { account: string | null }[]).some((o) => o.account === gw.members[1]!.memberId)).toBe(true);
  }, 180_000);
});
