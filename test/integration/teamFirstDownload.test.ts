// A new member's first download is a bulk load (electron/core/store/bulkLoad.ts): the indexes
// and step triggers are set aside, pages are written bare, and everything is rebuilt once at the
// end. Real processes over a real PostgreSQL (test/team/pgCluster.ts): a member killed with
// SIGKILL in the middle of the download, or while the indexes are being rebuilt, leaves a file
// that opens whole (every index the migrations create, the search filled), and once it resumes
// the replica is the same, row for row and index for index, as one downloaded without a kill.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/core/store';
import { BULK_LOAD_MARK } from '../../electron/core/store/bulkLoad';
import { FIRST_DOWNLOAD_MIN_CHANGES } from '../../electron/core/team/replica';
import { startPgCluster, type PgCluster } from '../team/pgCluster';
import { seedTeamRecord } from '../team/teamSeed';

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(ROOT, 'test/team/downloadMember.ts');
const ORDERS = 6_000; // 18,000 changes (9 pages of 2,000), 60,000 steps
const CHANGES = ORDERS * 3;

let cluster: PgCluster;
let url: string;
let reference: Replica;
const dirs: string[] = [];

function newDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'first-download-'));
  dirs.push(d);
  return d;
}
const dbFile = (dir: string) => path.join(dir, 'tracker.db');

function download(dir: string): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', CHILD, url, dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdout!.on('data', () => undefined);
  const done = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(err);
      resolve(code);
    }),
  );
  return { child, done };
}

/** What the file holds, as committed, read without opening the store (no recovery runs). */
function peek(dir: string): { cursor: number; bulk: boolean } | null {
  if (!fs.existsSync(dbFile(dir))) return null;
  const db = new Database(dbFile(dir), { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 1000');
    const get = (k: string) => (db.prepare('SELECT value FROM sync_state WHERE key = ?').get(k) as { value: string } | undefined)?.value;
    return { cursor: Number(get('team.cursor') ?? 0), bulk: get(BULK_LOAD_MARK) !== undefined };
  } catch {
    return null; // not created yet
  } finally {
    db.close();
  }
}

/** Kills the download with SIGKILL as soon as the file reaches `when`; false if it finished first. */
async function killWhen(dir: string, when: (s: { cursor: number; bulk: boolean }) => boolean): Promise<{ cursor: number; bulk: boolean } | false> {
  const { child, done } = download(dir);
  let exited = false;
  void done.then(() => (exited = true));
  for (;;) {
    const s = peek(dir);
    if (s && when(s)) {
      child.kill('SIGKILL');
      await done;
      return s;
    }
    if (exited) return false;
    await new Promise((r) => setTimeout(r, 2));
  }
}

type Replica = ReturnType<typeof replicaOf>;
const digest = (rows: unknown[]) => crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');

/** The replica's content and schema, through the store's own open (which finishes a cut-short load). */
function replicaOf(dir: string) {
  const store = openStore(dbFile(dir));
  try {
    const all = (sql: string) => store.db.prepare(sql).raw().all();
    const n = (sql: string) => (store.db.prepare(sql).pluck().get() as number);
    return {
      schema: store.db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all(),
      counts: {
        orders: n('SELECT COUNT(*) FROM orders'),
        parcels: n('SELECT COUNT(*) FROM shipments'),
        steps: n('SELECT COUNT(*) FROM trace_events'),
        traceSearch: n('SELECT COUNT(*) FROM trace_search'),
        orderSearch: n('SELECT COUNT(*) FROM order_search'),
      },
      rows: {
        orders: digest(all('SELECT * FROM orders ORDER BY id')),
        parcels: digest(all('SELECT * FROM shipments ORDER BY id')),
        steps: digest(all('SELECT * FROM trace_events ORDER BY shipment_id, occurred_at, remark')),
        traceSearch: digest(all('SELECT rowid, remark, shipment_id, occurred_at FROM trace_search ORDER BY rowid')),
        orderSearch: digest(all('SELECT rowid, text FROM order_search ORDER BY rowid')),
      },
      cursor: store.syncState.get<number>('team.cursor'),
      pending: [store.syncState.get(BULK_LOAD_MARK), store.syncState.get('team.firstDownload')],
      // what a clerk sees: a step found by its words, an order by its waybill
      search: store.traceSearch.search('第7站', 5).rows.map((r) => `${r.logistics_id} ${r.remark}`),
      byWaybill: store.queries.list({ tab: 'all', search: 'YT4321', sort: 'orderId', dir: 'asc', offset: 0, limit: 5, includeArchived: false }).rows.map((r) => r.id),
    };
  } finally {
    store.close();
  }
}

/** The indexes and triggers a freshly migrated store has: all that a downloaded one must have. */
function migratedSchema() {
  const dir = newDir();
  const store = openStore(dbFile(dir));
  try {
    return store.db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  cluster = await startPgCluster();
  url = await cluster.createDatabase('first_download');
  await seedTeamRecord(url, ORDERS, 10);
  expect(CHANGES).toBeGreaterThanOrEqual(FIRST_DOWNLOAD_MIN_CHANGES);
  const dir = newDir();
  expect(await download(dir).done).toBe(0);
  reference = replicaOf(dir);
}, 120_000);

afterAll(() => {
  cluster?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('a first download in bulk', () => {
  it('ends with every index and trigger the migrations create, and both searches whole', () => {
    expect(reference.schema).toEqual(migratedSchema());
    expect(reference.counts).toEqual({ orders: ORDERS, parcels: ORDERS, steps: ORDERS * 10, traceSearch: ORDERS * 10, orderSearch: ORDERS });
    expect(reference.cursor).toBe(CHANGES);
    expect(reference.pending).toEqual([undefined, undefined]);
    expect(reference.search.length).toBe(5);
    expect(reference.byWaybill).toEqual([String(3_200_000_000_000_000_000n + 4321n)]);
  });

  it('killed mid-download: opens whole, resumes, and ends the same as without the kill', async () => {
    const dir = newDir();
    const at = await killWhen(dir, (s) => s.bulk && s.cursor >= CHANGES / 3);
    expect(at).not.toBe(false);
    expect((at as { cursor: number }).cursor).toBeLessThan(CHANGES);
    // opened as the app opens it: the indexes and searches are back before anything reads
    const cut = replicaOf(dir);
    expect(cut.schema).toEqual(reference.schema);
    expect(cut.counts.traceSearch).toBe(cut.counts.steps);
    expect(cut.counts.orderSearch).toBe(cut.counts.orders);
    expect(cut.counts.orders).toBeLessThan(ORDERS);
    expect(await download(dir).done).toBe(0);
    expect(replicaOf(dir)).toEqual(reference);
  }, 120_000);

  it('killed while the indexes are rebuilt: opens whole and ends the same as without the kill', async () => {
    let at: { cursor: number; bulk: boolean } | false = false;
    let dir = '';
    // the rebuild is one transaction of well under a second: try until the kill lands inside it
    for (let i = 0; i < 5 && !at; i++) {
      dir = newDir();
      at = await killWhen(dir, (s) => s.bulk && s.cursor === CHANGES);
    }
    expect(at).toEqual({ cursor: CHANGES, bulk: true });
    const cut = replicaOf(dir);
    expect(cut.schema).toEqual(reference.schema);
    expect(cut.counts.traceSearch).toBe(ORDERS * 10);
    expect(await download(dir).done).toBe(0);
    expect(replicaOf(dir)).toEqual(reference);
  }, 120_000);
});
