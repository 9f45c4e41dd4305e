// Renewing an account's authorisation (accounts.renew): postponeToken through the one client,
// against the sandbox gateway over real HTTP and a real SQLite file. Where the gateway extends
// the refresh token the account shows the new expiry; where it refuses or does not know the API
// the clerk gets a clear error telling them to authorise again, and nothing changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView } from '../../shared/contract';
import { startSandboxGateway } from '../../electron/core/ali1688/sandbox';
import { createTrackerCore } from '../../electron/core/api/createCore';
import { CoreError } from '../../electron/core/api/types';
import { frozenClock, memorySecretStore } from '../../electron/core/ports';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const DAY = 86_400_000;
const START = Date.parse('2026-03-01T00:00:00Z');

async function setup(postponeToken: boolean) {
  let t = START;
  const gw = await startSandboxGateway({ seed: 5, orders: 4, members: 2, postponeToken, now: () => t });
  cleanups.push(() => gw.close());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-renew-'));
  const clock = { ...frozenClock(START), now: () => t };
  const core = await createTrackerCore({ dataDir, secrets: memorySecretStore(), notifier: { notify: () => undefined }, gatewayUrl: gw.url, clock });
  cleanups.push(async () => {
    await core.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const m = gw.members[1]!;
  const added = (await core.handle('accounts.add', {
    name: '华南采购',
    appKey: gw.credentials.appKey,
    appSecret: gw.credentials.appSecret,
    accessToken: m.accessToken,
    refreshToken: m.refreshToken,
  })) as AccountView;
  return { core, added, advance: (ms: number) => (t += ms) };
}

describe('accounts.renew', () => {
  it('extends an expiring refresh token where the gateway grants postponeToken', async () => {
    const { core, added, advance } = await setup(true);
    const before = Date.parse(added.refreshTokenExpiresAt!);
    advance(170 * DAY); // ten days left: the warning is up
    const expiring = ((await core.handle('accounts.list', {})) as AccountView[]).find((a) => a.id === added.id)!;
    expect(expiring.tokenWarning).not.toBeNull();

    const renewed = (await core.handle('accounts.renew', { id: added.id })) as AccountView;
    expect(Date.parse(renewed.refreshTokenExpiresAt!)).toBeGreaterThan(before + 100 * DAY);
    expect(renewed.tokenWarning).toBeNull();
    expect(renewed.state).toBe('active');
    // The extended tokens still work: the account checks out with the gateway.
    const r = await core.internals.engine.runCycle({ trigger: 'test', discover: 'force' });
    expect(r.unauthorized).toBe(false);
  });

  it('where the gateway does not know postponeToken, says to authorise again and changes nothing', async () => {
    const { core, added, advance } = await setup(false);
    advance(170 * DAY);
    const err = await core.handle('accounts.renew', { id: added.id }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).message).toMatch(/重新授权/);
    expect((err as CoreError).message).toMatch(/authorise it again/);
    const after = ((await core.handle('accounts.list', {})) as AccountView[]).find((a) => a.id === added.id)!;
    expect(after.refreshTokenExpiresAt).toBe(added.refreshTokenExpiresAt);
    expect(after.tokenWarning).not.toBeNull();
    expect(after.state).toBe('active');
  });

  it('refuses an unknown account', async () => {
    const { core } = await setup(true);
    await expect(core.handle('accounts.renew', { id: 999 })).rejects.toMatchObject({ code: 'not_found' });
  });
});
