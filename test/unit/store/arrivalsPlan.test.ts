// Today's arrivals read the parcels out for delivery and waiting, and their stage's steps, from the
// small partial indexes of migration 15 alone (B3: the first call after a change at 100,000
// orders). A statement that stops using them (a stage compared with s.status instead of its
// literal, a column the index lacks) still answers right but reads every parcel's row and steps:
// these plans say so before the bench does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store';
import { createArrivalsQueries } from '../../../electron/core/store/arrivalsQueries';
import { preparedDuring } from '../../helpers/preparedDuring';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-arrivals-plan-'));
  store = openStore(dir);
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The statements createArrivalsQueries prepares. */
const arrivalsStatements = (s: Store) => preparedDuring(s, () => createArrivalsQueries(s.db));

const plan = (s: Store, sql: string) =>
  (s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' | ');

describe('arrivals: the parcels out for delivery and waiting from partial indexes alone', () => {
  it.each([
    ['out_for_delivery', 'trace_events_out_for_delivery'],
    ['awaiting_pickup', 'trace_events_awaiting_pickup'],
  ])('%s: the lines from shipments_arriving, the stage steps from %s, the seller from orders_by_id, no row and no scan', (status, steps) => {
    const sql = arrivalsStatements(store).find((x) => x.includes(`s.status = '${status}'`));
    expect(sql).toBeDefined();
    const text = plan(store, sql!);
    expect(text).toContain('SEARCH s USING COVERING INDEX shipments_arriving');
    expect(text).toContain('SEARCH o USING COVERING INDEX orders_by_id');
    expect(text).toContain(`SEARCH e USING COVERING INDEX ${steps}`);
    expect(text).not.toMatch(/SCAN|PRIMARY KEY/);
  });
});
