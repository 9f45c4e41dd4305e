// 设置 → 团队 through the contract: team.join / team.status / team.leave on a real core (a real
// SQLite file, the file SecretStore) against a real PostgreSQL (a throwaway cluster). What a clerk
// notices: a bad address is refused with a clear sentence and nothing is saved; joining shows this
// desktop as a member at once; the password sits in the SecretStore only; leaving keeps the orders.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../shared/contract';
import { createTrackerCore } from '../../electron/core/api/createCore';
import { fileSecretStore } from '../../electron/core/fileSecretStore';
import { silentLogger, systemClock } from '../../electron/core/ports';
import { attachTeamMember, createPollGate, TEAM_PASSWORD_KEY } from '../../electron/core/team/teamMode';
import { freePort, startPgCluster, type PgCluster } from '../team/pgCluster';
import { until } from '../team/teamRig';

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPgCluster();
}, 60_000);
afterAll(() => cluster?.stop());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function desktop() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-join-'));
  const secrets = fileSecretStore(dataDir);
  const gate = createPollGate();
  const core = await createTrackerCore({ dataDir, secrets, notifier: { notify: () => undefined }, logger: silentLogger, pollGate: gate });
  // What the desktop app and `tracker serve` do at start: solo here (the folder never joined).
  expect(await attachTeamMember({ core, secrets, logger: silentLogger, clock: systemClock, gate })).toBeNull();
  cleanups.push(async () => {
    await gate.stop();
    await core.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { core, secrets, gate, dataDir };
}

const settingsText = (core: Awaited<ReturnType<typeof desktop>>['core']) =>
  JSON.stringify(core.internals.store.db.prepare('SELECT * FROM settings').all());

describe('设置 → 团队 through the contract', () => {
  it('refuses a malformed address or member name with a clear error, and saves nothing', async () => {
    const { core } = await desktop();
    await expect(core.handle('team.join', { databaseUrl: 'mysql://x@h/db', member: 'alice' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('postgres://'),
    });
    await expect(core.handle('team.join', { databaseUrl: cluster.url, member: 'alice bob' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('成员名'),
    });
    await expect(core.handle('team.join', { databaseUrl: cluster.url, member: 'alice', caPem: 'not a pem' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await core.handle('team.status', {})).toBeNull();
    expect(settingsText(core)).not.toContain('team.config');
  });

  it('an unreachable database: says it cannot connect, keeps neither config nor password, stays solo', async () => {
    const { core, secrets } = await desktop();
    const port = await freePort();
    const err = (await core.handle('team.join', { databaseUrl: `postgres://alice:s3cret@127.0.0.1:${port}/team`, member: 'alice', tls: 'disable' }).catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };
    expect(err.code).toBe('offline');
    expect(err.message).toContain('无法连接团队数据库');
    expect(err.message).not.toContain('s3cret');
    expect(await secrets.get(TEAM_PASSWORD_KEY)).toBeNull();
    expect(await core.handle('team.status', {})).toBeNull();
  });

  it('joins: a member at once, the password only in the SecretStore; leaving keeps the local orders', async () => {
    const url = await cluster.createDatabase('formjoin');
    const { core, secrets, dataDir } = await desktop();
    await core.handle('orders.add', { ids: ['2200000000000000001'] });
    // The throwaway cluster trusts its user: the password is accepted and ignored by the server.
    const withPassword = url.replace('postgres@', 'postgres:Pa55-word@');
    const joined = (await core.handle('team.join', { databaseUrl: withPassword, member: 'alice', tls: 'disable' })) as MethodOutput<'team.join'>;
    expect(joined).toMatchObject({ member: 'alice', online: true, uploaded: expect.any(Number) });
    expect(joined.uploaded).toBeGreaterThan(0);
    expect(await core.handle('team.status', {})).toMatchObject({ member: 'alice', online: true });
    // The password: in the SecretStore, never in the settings table, the database file or the URL kept.
    expect(await secrets.get(TEAM_PASSWORD_KEY)).toBe('Pa55-word');
    expect(settingsText(core)).not.toContain('Pa55-word');
    expect(fs.readFileSync(path.join(dataDir, 'tracker.db')).includes('Pa55-word')).toBe(false);
    // Joining twice is refused, not a second member.
    await expect(core.handle('team.join', { databaseUrl: url, member: 'alice2', tls: 'disable' })).rejects.toMatchObject({ code: 'invalid_input' });

    expect(await core.handle('team.leave', {})).toEqual({ unsent: 0 });
    expect(await core.handle('team.status', {})).toBeNull();
    expect(await secrets.get(TEAM_PASSWORD_KEY)).toBeNull();
    const list = (await core.handle('orders.list', {})) as MethodOutput<'orders.list'>;
    expect(list.rows.map((r) => r.orderId)).toContain('2200000000000000001');
    // Solo again: every account may be polled.
    expect(core.internals.store.settings.get('team.config')).toBeUndefined();
  }, 60_000);
  it('joining a team that has history brings it down during the join: the answer counts the changes, the orders are there', async () => {
    const url = await cluster.createDatabase('joinhistory');
    const a = await desktop();
    await a.core.handle('orders.add', { ids: ['2200000000000000002'] });
    await a.core.handle('team.join', { databaseUrl: url, member: 'alice', tls: 'disable' });
    const b = await desktop();
    const joined = (await b.core.handle('team.join', { databaseUrl: url, member: 'bob', tls: 'disable' })) as MethodOutput<'team.join'>;
    expect(joined.cursor).toBeGreaterThan(0);
    const list = (await b.core.handle('orders.list', {})) as MethodOutput<'orders.list'>;
    expect(list.rows.map((r) => r.orderId)).toContain('2200000000000000002');
  }, 60_000);
});

describe('team settings', () => {
  it('an alert threshold changed on one desktop reaches the other; a clerk’s own settings stay on their desktop; last writer wins', async () => {
    const url = await cluster.createDatabase('teamsettings');
    const a = await desktop();
    const b = await desktop();
    await a.core.handle('team.join', { databaseUrl: url, member: 'alice', tls: 'disable' });
    await b.core.handle('team.join', { databaseUrl: url, member: 'bob', tls: 'disable' });
    const settingsOf = async (d: typeof a) => (await d.core.handle('settings.get', {})) as MethodOutput<'settings.get'>;
    const language = (await settingsOf(b)).language;
    const heard: string[][] = [];
    b.core.events.on('settings.changed', (p) => heard.push(p.keys));

    // Written locally at once, then queued for the team.
    const saved = (await a.core.handle('settings.update', { stallAlertHours: 96, language: language === 'en' ? 'zh-CN' : 'en' })) as MethodOutput<'settings.update'>;
    expect(saved.stallAlertHours).toBe(96);
    await until('bob has the threshold', async () => ((await settingsOf(b)).stallAlertHours === 96 ? true : null), 20_000);
    expect((await settingsOf(b)).language).toBe(language);
    // an open 设置 page on bob's desktop hears it (the renderer refetches the settings)
    expect(heard).toContainEqual(['stallAlertHours']);

    // Bob's later change wins everywhere, Alice's desktop included.
    await b.core.handle('settings.update', { stallAlertHours: 120 });
    await until('alice has bob’s threshold', async () => ((await settingsOf(a)).stallAlertHours === 120 ? true : null), 20_000);
    expect((await settingsOf(b)).stallAlertHours).toBe(120);
  }, 60_000);
});
