// Search inside trace steps (migration 6's trace_search, kept by triggers) on a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store';
import { matchRanges } from '../../../electron/core/store/traceSearch';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-search-'));
  store = openStore(dir);
  const db = store.db;
  db.prepare("INSERT INTO orders (id, status, source, first_seen_at, updated_at, seller_company) VALUES ('3712345678901234567', 'in_transit', 'manual', 0, 0, '义乌恒达日用')").run();
  db.prepare("INSERT INTO shipments (order_id, logistics_id, bill_no, status, first_seen_at, updated_at) VALUES ('3712345678901234567', 'L1', 'ZT7531', 'awaiting_pickup', 0, 0)").run();
  const step = db.prepare('INSERT INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (1, ?, ?, ?, 0)');
  step.run(1, '【杭州市】快件已到达【杭州转运中心】', 'in_transit');
  step.run(2, '快件外包装破损，已联系寄件人', 'exception');
  step.run(3, '快件已到达【棠下菜鸟驿站】，取件码 8-2-3011，派件员电话 138****5678', 'awaiting_pickup');
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const remarks = (text: string) => store.traceSearch.search(text, 20).rows.map((r) => r.remark);

describe('search inside trace steps', () => {
  it('finds a two-character word from the index, and a phrase of three or more', () => {
    expect(remarks('破损')).toEqual(['快件外包装破损，已联系寄件人']);
    expect(remarks('转运中心')).toEqual(['【杭州市】快件已到达【杭州转运中心】']);
    expect(remarks('5678')).toHaveLength(1);
  });

  it('every word must be in the step: "驿站 8-2" finds the station step and nothing else', () => {
    expect(remarks('驿站 8-2')).toEqual(['快件已到达【棠下菜鸟驿站】，取件码 8-2-3011，派件员电话 138****5678']);
    expect(remarks('驿站 破损')).toEqual([]);
  });

  it('newest steps first; a step stored later is found at once (the trigger keeps the index)', () => {
    store.db.prepare("INSERT INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (1, 4, '您的快件已从驿站取出，已签收', 'delivered', 0)").run();
    expect(remarks('驿站')[0]).toBe('您的快件已从驿站取出，已签收');
    expect(remarks('驿站')).toHaveLength(2);
  });

  it('one character or nothing that matches returns nothing; quotes cannot break the query', () => {
    expect(remarks('破')).toEqual([]);
    expect(remarks('不存在的词')).toEqual([]);
    expect(remarks('"破损" OR x')).toEqual([]);
  });

  it('returns each hit with its parcel and order, and the ranges to mark', () => {
    const [hit] = store.traceSearch.search('取件码 8-2', 5).rows;
    expect(hit).toMatchObject({ order_id: '3712345678901234567', logistics_id: 'L1', bill_no: 'ZT7531', seller: '义乌恒达日用', stage: 'awaiting_pickup' });
    const ranges = matchRanges(hit!.remark, ['取件码', '8-2']);
    expect(ranges.map(([a, b]) => hit!.remark.slice(a, b))).toEqual(['取件码', '8-2']);
    expect(matchRanges('ABC abc', ['b'])).toEqual([[1, 2], [5, 6]]);
  });
});
