// The demo (electron/core/demo.ts, behind `tracker serve --demo` and the app's --demo): two buyer
// accounts on the sandbox's one AppKey sync side by side within its one QPS cap, and the Orders
// page shows orders of both with their purchasers. Real sandbox over HTTP, real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView, MethodOutputs } from '../../shared/contract';
import { createTrackerCore } from '../../electron/core/api/createCore';
import { DEMO_ACCOUNTS, startDemo } from '../../electron/core/demo';
import { memorySecretStore } from '../../electron/core/ports';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function openDemo(baseDir: string, secrets = memorySecretStore()) {
  const demo = await startDemo(baseDir, { TRACKER_DEMO_CLOCK: '2026-03-02T08:00:00Z' });
  const core = await createTrackerCore({ dataDir: demo.dataDir, secrets, notifier: { notify: () => undefined }, ...demo.options });
  return { demo, core, secrets };
}

describe('demo with several accounts', () => {
  it('saves every sandbox member as an account, syncs both, and shows each order with its account and purchaser', async () => {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-demo-accounts-'));
    cleanups.push(() => fs.rmSync(baseDir, { recursive: true, force: true }));
    const { demo, core } = await openDemo(baseDir);
    cleanups.push(async () => {
      await core.stop();
      await demo.close();
    });

    const accounts = (await core.handle('accounts.list', {})) as AccountView[];
    expect(accounts).toHaveLength(DEMO_ACCOUNTS);
    expect(accounts.map((a) => [a.name, a.state, a.implicit])).toEqual([
      ['演示账号 1', 'active', false],
      ['演示账号 2', 'active', false],
    ]);

    // Still the demo (the frame's 演示数据 banner), connected.
    expect(await core.handle('account.status', {})).toMatchObject({ connected: true, demo: true });

    const r = await core.internals.engine.runCycle({ trigger: 'test', discover: 'force' });
    expect(r.unauthorized).toBe(false);
    const all = (await core.handle('orders.list', { tab: 'all', limit: 500 })) as MethodOutputs['orders.list'];
    const byAccount = new Map<string, number>();
    for (const o of all.rows) byAccount.set(o.account?.name ?? '?', (byAccount.get(o.account?.name ?? '?') ?? 0) + 1);
    expect([...byAccount.keys()].sort()).toEqual(['演示账号 1', '演示账号 2']);
    // Sub-account purchasers of both members are shown.
    const purchasers = new Set(all.rows.map((o) => o.purchaser).filter(Boolean));
    expect([...purchasers].some((p) => p!.startsWith(accounts[0]!.loginId!))).toBe(true);
    expect([...purchasers].some((p) => p!.startsWith(accounts[1]!.loginId!))).toBe(true);
  });

  it('a second start of the demo reconnects the same two accounts with the new tokens (no duplicates)', async () => {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-demo-accounts-'));
    cleanups.push(() => fs.rmSync(baseDir, { recursive: true, force: true }));
    const first = await openDemo(baseDir);
    await first.core.stop();
    await first.demo.close();

    const second = await openDemo(baseDir, first.secrets);
    cleanups.push(async () => {
      await second.core.stop();
      await second.demo.close();
    });
    const r = await second.core.internals.engine.runCycle({ trigger: 'test', discover: 'force' });
    expect(r.unauthorized).toBe(false);
    const accounts = (await second.core.handle('accounts.list', {})) as AccountView[];
    expect(accounts.map((a) => [a.name, a.state])).toEqual([
      ['演示账号 1', 'active'],
      ['演示账号 2', 'active'],
    ]);
  });
});
