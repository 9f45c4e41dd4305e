// An account's refresh token nearing its end (refresh_token_timeout) is flagged 14 days ahead and
// again at 3 days: in the accounts list, in the frame's account status, and once each in the
// notification ledger. The sandbox gateway over real HTTP, a real SQLite file, a test clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView, MethodOutputs } from '../../shared/contract';
import { startSandboxGateway } from '../../electron/core/ali1688/sandbox';
import { createTrackerCore } from '../../electron/core/api/createCore';
import { memorySecretStore, type Clock } from '../../electron/core/ports';

const DAY = 86_400_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('refresh token expiry', () => {
  it('flags an account 14 days before its authorisation ends, and again at 3 days, each notice once', async () => {
    let t = Date.UTC(2026, 10, 2, 2, 0, 0); // 10:00 in Beijing
    const clock: Clock = { now: () => t, sleep: async () => undefined };
    const gw = await startSandboxGateway({ seed: 5, orders: 6, now: () => t });
    cleanups.push(() => gw.close());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-token-watch-'));
    const core = await createTrackerCore({ dataDir, secrets: memorySecretStore(), notifier: { notify: () => undefined }, gatewayUrl: gw.url, clock });
    cleanups.push(async () => {
      await core.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const c = gw.credentials;
    const added = (await core.handle('accounts.add', { name: '主账号', appKey: c.appKey, appSecret: c.appSecret, accessToken: c.accessToken, refreshToken: c.refreshToken })) as AccountView;
    const ends = Date.parse(added.refreshTokenExpiresAt!);
    expect(ends - t).toBeGreaterThan(100 * DAY); // the sandbox's refresh tokens last 180 days
    const notices = () =>
      (core.internals.store.db.prepare("SELECT subject, title FROM notifications WHERE kind = 'token_expiry' ORDER BY id").all() as { subject: string; title: string }[]);
    const tick = async (at: number) => {
      t = at;
      await core.internals.scheduler.runNow();
    };
    const view = async () => ((await core.handle('accounts.list', {})) as AccountView[])[0]!;
    const status = async () => (await core.handle('account.status', {})) as MethodOutputs['account.status'];

    await tick(ends - 20 * DAY);
    expect((await view()).tokenWarning).toBeNull();
    expect(notices()).toEqual([]);
    expect((await status()).tokenExpiring).toEqual([]);

    await tick(ends - 13.5 * DAY);
    expect((await view()).tokenWarning).toBe('soon');
    expect(notices()).toEqual([{ subject: `account:${added.id}:${ends}:14d`, title: '1688 账号“主账号”的授权 14 天后到期' }]);
    expect((await status()).tokenExpiring).toEqual([{ name: '主账号', refreshTokenExpiresAt: added.refreshTokenExpiresAt, daysLeft: 14 }]);
    await tick(ends - 12 * DAY);
    expect(notices()).toHaveLength(1); // once

    await tick(ends - 2.5 * DAY);
    expect((await view()).tokenWarning).toBe('urgent');
    expect(notices().map((n) => n.subject)).toEqual([`account:${added.id}:${ends}:14d`, `account:${added.id}:${ends}:3d`]);
    expect((await status()).tokenExpiring?.[0]?.daysLeft).toBe(3);
  }, 120_000);
});
