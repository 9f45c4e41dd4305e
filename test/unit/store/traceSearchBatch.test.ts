// A sync batch adds its steps to the trace search once, before it commits (traceSearch.deferSearch,
// migration 13), on a real SQLite file: what a clerk searches for is found after the batch as it
// was with one index write per step, and a batch that fails or a crash never leaves a step out
// of the search for good.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-search-batch-'));
  store = openStore(dir);
  const db = store.db;
  db.prepare("INSERT INTO orders (id, status, source, first_seen_at, updated_at) VALUES ('3712345678901234567', 'in_transit', 'manual', 0, 0)").run();
  db.prepare("INSERT INTO shipments (order_id, logistics_id, bill_no, status, first_seen_at, updated_at) VALUES ('3712345678901234567', 'L1', 'ZT7531', 'in_transit', 0, 0)").run();
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const remarks = (text: string) => store.traceSearch.search(text, 20).rows.map((r) => r.remark);
const steps = (...texts: string[]) => texts.map((remark, i) => ({ occurred_at: 1000 + i, remark, stage: 'in_transit' as const }));
const leftOver = () =>
  store.db.prepare<[], { b: number; p: number }>('SELECT (SELECT count(*) FROM trace_search_batch) AS b, (SELECT count(*) FROM trace_search_pending) AS p').get();

describe('the trace search filled once per sync batch', () => {
  it('finds every step of a batch after it commits, newest stored first, with nothing left pending', () => {
    store.transaction(() =>
      store.traceSearch.deferSearch(() => {
        store.shipments.insertSteps(1, steps('快件已到达【杭州转运中心】', '快件外包装破损，已联系寄件人'), 5);
        // Nested (a batch inside a batch) still indexes once, at the outer end.
        store.traceSearch.deferSearch(() => store.shipments.insertSteps(1, steps('', '', '快件已到达【棠下菜鸟驿站】，取件码 8-2-3011').slice(2), 5));
      }),
    );
    expect(remarks('破损')).toEqual(['快件外包装破损，已联系寄件人']);
    expect(remarks('快件已到达')).toEqual(['快件已到达【棠下菜鸟驿站】，取件码 8-2-3011', '快件已到达【杭州转运中心】']);
    expect(leftOver()).toEqual({ b: 0, p: 0 });
    // Outside a batch a step is indexed at once, as before.
    store.shipments.insertSteps(1, [{ occurred_at: 5000, remark: '派件员 王师傅 正在派件', stage: 'out_for_delivery' }], 6);
    expect(remarks('王师傅')).toHaveLength(1);
  });

  it('a batch that fails rolls back with its steps: nothing pending, and the next step is indexed at once', () => {
    expect(() =>
      store.transaction(() =>
        store.traceSearch.deferSearch(() => {
          store.shipments.insertSteps(1, steps('快件已到达【杭州转运中心】'), 5);
          throw new Error('order write failed');
        }),
      ),
    ).toThrow('order write failed');
    expect(remarks('转运中心')).toEqual([]);
    expect(leftOver()).toEqual({ b: 0, p: 0 });
    store.shipments.insertSteps(1, steps('快件外包装破损'), 6);
    expect(remarks('破损')).toHaveLength(1);
  });

  it('an order that fails inside a batch the caller still commits: the steps stored before it are searchable', () => {
    store.transaction(() => {
      try {
        store.traceSearch.deferSearch(() => {
          store.shipments.insertSteps(1, steps('快件已到达【杭州转运中心】'), 5);
          throw new Error('one order failed');
        });
      } catch {
        // the batch goes on without that order
      }
    });
    expect(remarks('转运中心')).toHaveLength(1);
    expect(leftOver()).toEqual({ b: 0, p: 0 });
  });

  it('steps some writer committed as pending (it broke the rule) are indexed when the store opens', () => {
    const db = store.db;
    db.prepare('INSERT INTO trace_search_batch (open) VALUES (1)').run();
    store.shipments.insertSteps(1, steps('快件已到达【棠下菜鸟驿站】'), 5);
    expect(remarks('驿站')).toEqual([]);
    store.close();
    store = openStore(dir);
    expect(remarks('驿站')).toEqual(['快件已到达【棠下菜鸟驿站】']);
    expect(leftOver()).toEqual({ b: 0, p: 0 });
  });

  it('outside a transaction it refuses, so no flag can be committed on its own', () => {
    expect(() => store.traceSearch.deferSearch(() => 1)).toThrow('inside a transaction');
  });
});
