// Migration 8: a parcel's first scan and problem steps kept on its row (what the suppliers'
// scorecard reads), backfilled from the steps already stored and kept by triggers as steps arrive.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/store';
import { DB_FILE_NAME, openDatabase } from '../../../electron/core/store/database';
import { MIGRATIONS } from '../../../electron/core/store/migrations';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcel-scorecard-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

type Facts = { first_scan_at: number | null; problems: number; last_problem_at: number | null };
const facts = (db: Database.Database, id: number) =>
  db.prepare<[number], Facts>('SELECT first_scan_at, problems, last_problem_at FROM shipments WHERE id = ?').get(id);

it("a database from before migration 10 gets each parcel's first scan and problems from its stored steps", () => {
  const file = path.join(dir, DB_FILE_NAME);
  const v9 = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 9) });
  v9.prepare("INSERT INTO orders (id, status, source, first_seen_at, updated_at) VALUES ('3712345678901234567', 'exception', 'manual', 0, 0)").run();
  const parcel = v9.prepare("INSERT INTO shipments (order_id, logistics_id, status, first_seen_at, updated_at) VALUES ('3712345678901234567', ?, 'in_transit', 0, 0)");
  parcel.run('L1');
  parcel.run('L2');
  const step = v9.prepare('INSERT INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, ?, ?, 0)');
  step.run(1, 10, '商家已发货，等待揽收', 'info_received');
  step.run(1, 20, '【义乌市】已揽收', 'picked_up');
  step.run(1, 30, '派送不成功，电话无人接听', 'failed_attempt');
  step.run(1, 40, '快件外包装破损', 'exception');
  step.run(2, 15, '商家已发货，等待揽收', 'info_received');
  v9.close();
  const store = openStore(dir);
  try {
    expect(facts(store.db, 1)).toEqual({ first_scan_at: 20, problems: 1 | 2, last_problem_at: 40 });
    // Only "info received": never scanned, no problem.
    expect(facts(store.db, 2)).toEqual({ first_scan_at: null, problems: 0, last_problem_at: null });
  } finally {
    store.close();
  }
});

it('steps stored later move the first scan earlier and add their problems; a repeated step changes nothing', () => {
  const store = openStore(dir);
  try {
    store.db.prepare("INSERT INTO orders (id, status, source, first_seen_at, updated_at) VALUES ('3712345678901234567', 'in_transit', 'manual', 0, 0)").run();
    store.db.prepare("INSERT INTO shipments (order_id, logistics_id, status, first_seen_at, updated_at) VALUES ('3712345678901234567', 'L1', 'in_transit', 0, 0)").run();
    const step = (at: number, remark: string, stage: string) =>
      store.shipments.insertSteps(1, [{ occurred_at: at, remark, stage: stage as never }], 0);
    step(5, '商家已发货', 'info_received');
    expect(facts(store.db, 1)).toEqual({ first_scan_at: null, problems: 0, last_problem_at: null });
    step(50, '【杭州转运中心】已发出', 'in_transit');
    step(30, '【义乌市】已揽收', 'picked_up');
    expect(facts(store.db, 1)?.first_scan_at).toBe(30);
    step(60, '快件退回中', 'returning');
    step(55, '快件外包装破损', 'exception');
    step(55, '快件外包装破损', 'exception');
    expect(facts(store.db, 1)).toEqual({ first_scan_at: 30, problems: 1 | 4, last_problem_at: 60 });
  } finally {
    store.close();
  }
});
