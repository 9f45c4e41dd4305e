// A database written by the release before accounts (schema 4, one account whose facts were a
// JSON value in sync_state and whose secrets were the unprefixed keys) opened by this version.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../../electron/core/account';
import { memorySecretStore } from '../../../electron/core/ports';
import { openStore } from '../../../electron/core/store';
import { openDatabase, schemaVersion } from '../../../electron/core/store/database';
import { MIGRATIONS } from '../../../electron/core/store/migrations';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-accounts-migration-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const T = Date.UTC(2026, 10, 20, 8);
const IDS = ['3712345678901234567', '3712345678901234568', '3712345678901234569'];

/** Writes what the previous release wrote: schema 4, three orders with parcels, steps, alerts, ledger, outbox. */
function writeReleaseDatabase(file: string, opts: { account: boolean; needsReconnect?: boolean }) {
  const db = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 4) });
  expect(schemaVersion(db)).toBe(4);
  db.transaction(() => {
    IDS.forEach((id, i) => {
      db.prepare(
        `INSERT INTO orders (id, status, status_1688, seller_company, buyer_login_id, total_fen, created_at, source, first_seen_at, updated_at)
         VALUES (?, 'in_transit', 'waitbuyerreceive', '义乌示例工贸有限公司', 'buyer-a', ?, ?, 'discovered', ?, ?)`,
      ).run(id, 12850 + i, T - i * 3600_000, T, T);
      const sh = db
        .prepare(`INSERT INTO shipments (order_id, logistics_id, bill_no, status, next_poll_at, first_seen_at, updated_at) VALUES (?, ?, ?, 'in_transit', ?, ?, ?)`)
        .run(id, `LP${i}`, `YT${i}`, T + 1800_000, T, T).lastInsertRowid;
      db.prepare(`INSERT INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, '已揽收', 'picked_up', ?)`).run(sh, T - 1000, T);
      db.prepare(
        `INSERT INTO alerts (rule, severity, order_id, shipment_id, subject, message, message_en, opened_at, updated_at)
         VALUES ('R1', 'warning', ?, ?, ?, '超过 48 小时没有揽收', 'Not picked up', ?, ?)`,
      ).run(id, sh, `shipment:${sh}`, T, T);
      db.prepare(`INSERT INTO notifications (kind, subject, order_id, title, body, created_at) VALUES ('delivered', ?, ?, '已签收', '…', ?)`).run(`sh:${sh}`, id, T);
      db.prepare(
        `INSERT INTO outbox (idempotency_key, type, order_id, shipment_id, payload, next_attempt_at, created_at, updated_at)
         VALUES (?, 'shipment.delivered', ?, ?, '{}', ?, ?, ?)`,
      ).run(`k${i}`, id, sh, T, T, T);
    });
    db.prepare(`INSERT INTO sync_runs (started_at, finished_at, trigger, ok) VALUES (?, ?, 'schedule', 1)`).run(T - 60_000, T - 30_000);
    db.prepare(`INSERT INTO sync_state (key, value) VALUES ('discovery.cursor', ?)`).run(JSON.stringify(T - 30_000));
    if (opts.account) {
      const meta = {
        appKey: '8868168',
        method: 'oauth',
        loginId: 'buyer-a',
        memberId: 'b2b-2208000000000a',
        accessTokenExpiresAt: T + 36_000_000,
        refreshTokenExpiresAt: T + 180 * 86_400_000,
      };
      db.prepare(`INSERT INTO sync_state (key, value) VALUES ('account.meta', ?)`).run(JSON.stringify(meta));
      if (opts.needsReconnect) db.prepare(`INSERT INTO sync_state (key, value) VALUES ('account.needsReconnect', 'true')`).run();
    }
  })();
  db.close();
}

const count = (store: ReturnType<typeof openStore>, sql: string) => (store.db.prepare(sql).get() as { n: number }).n;

describe('migration 8: accounts', () => {
  it('keeps every order, parcel, step, alert, ledger and outbox row and ties them to the account that was connected', async () => {
    const file = path.join(dir, 'tracker.db');
    writeReleaseDatabase(file, { account: true });
    const store = openStore(file);
    try {
      for (const [table, n] of [['orders', 3], ['shipments', 3], ['trace_events', 3], ['alerts', 3], ['notifications', 3], ['outbox', 3]] as const)
        expect(count(store, `SELECT COUNT(*) AS n FROM ${table}`), table).toBe(n);
      const accounts = store.db.prepare('SELECT * FROM accounts').all() as Record<string, unknown>[];
      expect(accounts).toHaveLength(1);
      expect(accounts[0]).toMatchObject({ app_key: '8868168', member_id: 'b2b-2208000000000a', login_id: 'buyer-a', name: 'buyer-a', method: 'oauth', state: 'active', secret_prefix: '' });
      expect(accounts[0]!.refresh_token_expires_at).toBe(T + 180 * 86_400_000);
      expect(accounts[0]!.last_sync_at).toBe(T - 30_000);
      const id = accounts[0]!.id as number;
      expect(count(store, `SELECT COUNT(*) AS n FROM orders WHERE account_id = ${id}`)).toBe(3);
      expect(count(store, `SELECT COUNT(*) AS n FROM outbox WHERE account_id = ${id}`)).toBe(3);
      // The old JSON facts are gone (one truth); the discovery cursor stays (no re-discovery from scratch).
      expect(store.syncState.get('account.meta')).toBeUndefined();
      expect(store.syncState.get('discovery.cursor')).toBe(T - 30_000);

      // The secrets saved by the previous release (unprefixed keys) are that account's: nothing to re-enter.
      const secrets = memorySecretStore({ appSecret: 'S', accessToken: 'A', refreshToken: 'R' });
      const account = createAccount({ store, secrets, now: () => T });
      const [view] = await account.registry.list();
      expect(view).toMatchObject({ id, name: 'buyer-a', state: 'active', orders: 3, implicit: false });
      expect(await account.registry.credentialSource(id).get()).toEqual({ appKey: '8868168', appSecret: 'S', accessToken: 'A', refreshToken: 'R' });
      expect((await account.status()).connected).toBe(true);
      // The orders list shows each order's account.
      const page = store.queries.list({ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 50, includeArchived: false, accountId: id });
      expect(page.total).toBe(3);
    } finally {
      store.close();
    }
  });

  it('carries a needs-reconnect flag over to the account', () => {
    const file = path.join(dir, 'tracker.db');
    writeReleaseDatabase(file, { account: true, needsReconnect: true });
    const store = openStore(file);
    try {
      expect(store.db.prepare('SELECT state FROM accounts').get()).toEqual({ state: 'needs_reconnect' });
      expect(store.syncState.get('account.needsReconnect')).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('with no account saved (credentials from TRACKER_* variables) keeps the orders untied and the variables working as one implicit account', async () => {
    const file = path.join(dir, 'tracker.db');
    writeReleaseDatabase(file, { account: false });
    const store = openStore(file);
    try {
      expect(count(store, 'SELECT COUNT(*) AS n FROM accounts')).toBe(0);
      expect(count(store, 'SELECT COUNT(*) AS n FROM orders WHERE account_id IS NULL')).toBe(3);
      const preset = { appKey: 'K', appSecret: 'S', accessToken: 'A', refreshToken: null };
      const account = createAccount({ store, secrets: memorySecretStore(), preset, now: () => T });
      expect(await account.registry.list()).toEqual([expect.objectContaining({ id: 0, implicit: true, orders: 3, state: 'active' })]);
      expect(await account.credentialSource.get()).toEqual(preset);
      expect(await account.hasCredentials()).toBe(true);
    } finally {
      store.close();
    }
  });
});
