// SQL write-back through the whole core: settings (templates compiled on save, the connection
// string kept as a secret), the sandbox world synced, the outbox drained into a real PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodOutputs, Settings } from '../../shared/contract';
import { createTrackerCore } from '../../electron/core/api/createCore';
import { startSandboxGateway, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import { memorySecretStore, silentLogger } from '../../electron/core/ports';

const PG_URL = process.env.TRACKER_TEST_PG_URL ?? 'postgres://tracker_test:tracker_test@127.0.0.1:5432/tracker_test';
const TABLE = `erp_receipts_${process.pid}`;

let gw: SandboxGateway;
let db: pg.Client;
let dir = ""; // set by beforeAll
let connected = false;

beforeAll(async () => {
  db = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5_000 });
  await db.connect().catch((e: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${PG_URL} (${e.message}): \`npm test\` starts one; to run this file alone, \`sudo bash scripts/ci-databases.sh postgresql\``);
  });
  connected = true;
  await db.query(`CREATE TABLE ${TABLE} (idem TEXT PRIMARY KEY, order_id TEXT NOT NULL, bill_no TEXT, delivered_at TIMESTAMPTZ, seller TEXT)`);
  gw = await startSandboxGateway({ seed: 31, orders: 40, qpsCap: 100 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-erpsql-'));
});

// Cleans up only what beforeAll got to: when the database is not reachable, that one error is
// the report (no second one from closing a client that never connected, or removing no folder).
afterAll(async () => {
  if (connected) {
    await db.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await db.end();
  }
  await gw?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('SQL write-back through the core', () => {
  it('refuses unknown template names on save, previews without a database, and writes each signing once', async () => {
    const secrets = memorySecretStore();
    const core = await createTrackerCore({
      dataDir: dir,
      secrets,
      notifier: { notify: () => undefined },
      logger: silentLogger,
      gatewayUrl: gw.url,
      credentials: { ...gw.credentials },
      env: { TRACKER_QPS: '10' },
      erpTuning: { retry: { baseMs: 10, capMs: 100 } },
    });
    try {
      await expect(
        core.handle('settings.update', { erpSql: { dialect: 'postgres', templates: { 'shipment.delivered': 'UPDATE po SET x = :nope' } } }),
      ).rejects.toMatchObject({ code: 'invalid_input' });

      const template = `INSERT INTO ${TABLE} (idem, order_id, bill_no, delivered_at, seller) VALUES (:idempotencyKey, :orderId, :billNo, :deliveredAt, :seller) ON CONFLICT (idem) DO NOTHING`;
      const preview = (await core.handle('erp.sqlPreview', { dialect: 'postgres', template, eventType: 'shipment.delivered' })) as MethodOutputs['erp.sqlPreview'];
      expect(preview.text).toContain('VALUES ($1, $2, $3, $4, $5)');
      expect(preview.params.map((p) => p.name)).toEqual(['idempotencyKey', 'orderId', 'billNo', 'deliveredAt', 'seller']);
      expect(preview.params[1]!.value).toMatch(/^\d{19}$/);

      expect(((await core.handle('erp.sqlCheck', {})) as { ok: boolean }).ok).toBe(false);
      const settings = (await core.handle('settings.update', {
        erpSql: { dialect: 'postgres', templates: { 'shipment.delivered': template } },
        erpSqlConnectionString: PG_URL,
      })) as Settings;
      expect(settings.erpSqlHasConnectionString).toBe(true);
      expect(JSON.stringify(settings)).not.toContain('tracker_test:tracker_test');
      expect(((await core.handle('erp.sqlCheck', {})) as { ok: boolean; message: string }).ok).toBe(true);

      const { engine, erp, store } = core.internals;
      await engine.runCycle({ trigger: 'test' });
      await engine.runCycle({ trigger: 'test', all: true }); // the same answers again: nothing new
      await erp.drain({ timeoutMs: 30_000 });

      const delivered = store.db
        .prepare("SELECT order_id, logistics_id, bill_no FROM shipments WHERE status = 'delivered'")
        .all() as { order_id: string; logistics_id: string; bill_no: string }[];
      const rows = (await db.query(`SELECT idem, order_id, bill_no, seller FROM ${TABLE} ORDER BY idem`)).rows as { idem: string; order_id: string; bill_no: string; seller: string }[];
      // Signings older than a day are recorded in the ledger silently, but every signing reaches the ERP.
      expect(delivered.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.idem).sort()).toEqual(delivered.map((d) => `shipment.delivered:${d.order_id}:${d.logistics_id}`).sort());
      for (const r of rows) {
        const d = delivered.find((x) => x.order_id === r.order_id)!;
        expect(r.bill_no).toBe(d.bill_no);
        expect(r.seller.length).toBeGreaterThan(0);
      }
      const outbox = (await core.handle('outbox.list', { limit: 500 })) as MethodOutputs['outbox.list'];
      expect(outbox.counts.dead).toBe(0);
      expect(outbox.counts.pending).toBe(0);
    } finally {
      await core.stop();
    }
  }, 120_000);
});
