// The schedule while the push channel is live (issue 16), on a real SQLite file: a parcel's poll
// stretches only as far as a push can announce its next step, the parcel-list re-reads and the
// order discovery stretch with their own bounds, and everything is today's again without a stretch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUSH_POLL_STRETCH } from '../../../electron/core/push/pushService';
import { openStore, type Store } from '../../../electron/core/store';
import type { ShipmentStatus, Stage } from '../../../shared/domain';
import { DEFAULT_SYNC_SETTINGS, stretchedMs } from '../../../electron/core/sync/syncEngine';
import { orderInfo, parcelInfo } from '../../helpers/gatewayFixtures';
import { scopedStore } from '../../../electron/core/accounts/scopedStore';
import { createAccountRepo } from '../../../electron/core/accounts/accountRepo';
import { DEFAULT_POLL_SETTINGS } from '../../../electron/core/tracking/shipmentStatus';

const MIN = 60_000;
const H = 60 * MIN;
const T = Date.UTC(2026, 10, 3, 2, 0, 0);

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-stretch-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const order = (id: string, status1688 = 'waitbuyerreceive') => orderInfo(id, { status1688 });
const parcel = (logisticsId: string) => parcelInfo({ logisticsId, billNo: `7531234567${logisticsId.slice(-4)}` });

/** A parcel polled at T, today's next poll `everyMs` later, with these steps. */
function polledParcel(n: number, status: ShipmentStatus, everyMs: number, steps: Stage[] = [status as Stage]): number {
  const orderId = `37123456789012${String(n).padStart(5, '0')}`;
  store.orders.upsertFromGateway(order(orderId), T - 24 * H);
  const { id } = store.shipments.upsertParcel(orderId, parcel(`LP0012345678${String(n).padStart(4, '0')}`), T - 24 * H);
  steps.forEach((stage, i) =>
    store.db.prepare('INSERT INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, ?, ?, ?)').run(id, T - H * (steps.length - i), `step ${i}`, stage, T),
  );
  const last = steps[steps.length - 1] ?? null;
  store.shipments.applyPoll({ id, status, last_event_at: T - H, last_remark: `step ${steps.length - 1}`, last_stage: last, event_count: steps.length, delivered_at: null, next_poll_at: T + everyMs, done: false, now: T });
  return id;
}

const CAP = PUSH_POLL_STRETCH.capMs;
const dueAt = (id: number, t: number, stretch = PUSH_POLL_STRETCH) => store.shipments.dueParcels(t, 1000, false, stretch).some((p) => p.id === id);

describe('the poll schedule while pushes arrive', () => {
  it('a parcel in transit waits ×4 (its next node is pushed); without the channel it is due on today’s schedule', () => {
    const id = polledParcel(1, 'in_transit', 30 * MIN);
    expect(store.shipments.dueParcels(T + 30 * MIN, 1000).some((p) => p.id === id)).toBe(true);
    expect(dueAt(id, T + 119 * MIN)).toBe(false);
    expect(dueAt(id, T + 2 * H)).toBe(true);
    expect(store.shipments.nextDueAt(PUSH_POLL_STRETCH)).toBe(T + 2 * H);
    expect(store.shipments.nextDueAt(null)).toBe(T + 30 * MIN);
  });

  it('a parcel that has had a failed attempt is not stretched: its second attempt or failure is never pushed', () => {
    const id = polledParcel(2, 'out_for_delivery', 10 * MIN, ['in_transit', 'out_for_delivery', 'failed_attempt', 'out_for_delivery']);
    expect(dueAt(id, T + 10 * MIN)).toBe(true);
    // The same stage without a problem before: its next step is a new node (the signing, a
    // station or a first failure), which is pushed: ×12.
    const first = polledParcel(3, 'out_for_delivery', 10 * MIN, ['in_transit', 'out_for_delivery']);
    expect(dueAt(first, T + 10 * MIN)).toBe(false);
    expect(dueAt(first, T + 119 * MIN)).toBe(false);
    expect(dueAt(first, T + 2 * H)).toBe(true);
    // Picked up: the next step is the first in transit, a new node.
    const picked = polledParcel(8, 'picked_up', 30 * MIN, ['info_received', 'picked_up']);
    expect(dueAt(picked, T + CAP - MIN)).toBe(false);
    expect(dueAt(picked, T + CAP)).toBe(true);
  });

  it('a parcel waiting for its first scan stretches to the bound, never further; the bound is under today’s longest interval', () => {
    // so a stretched poll never finds a step later than today's schedule would at its slowest
    expect(CAP).toBeLessThan(DEFAULT_POLL_SETTINGS.slowestMs);
    const id = polledParcel(4, 'info_received', 30 * MIN);
    expect(dueAt(id, T + CAP - MIN)).toBe(false);
    expect(dueAt(id, T + CAP)).toBe(true);
    const quiet = polledParcel(5, 'in_transit', 6 * H);
    expect(dueAt(quiet, T + 6 * H)).toBe(true);
  });

  it('scheduled parcel-list re-reads stretch (up to 72 h); one due because the order changed at 1688 does not', () => {
    const s = DEFAULT_SYNC_SETTINGS;
    const list = { ...(PUSH_POLL_STRETCH.parcelList as { factor: number; capMs: number }), scheduledMs: [s.unshippedRecheckMs, s.parcelRecheckMs] };
    const unshipped = '3712345678901299991';
    const changed = '3712345678901299992';
    store.orders.upsertFromGateway(order(unshipped, 'waitsellersend'), T);
    store.orders.upsertFromGateway(order(changed), T);
    store.orders.markParcelsChecked(unshipped, T, T + s.unshippedRecheckMs);
    store.orders.markParcelsChecked(changed, T, T + s.parcelRecheckMs);
    store.orders.markParcelsDue(changed, T + 5 * MIN);
    const at = (t: number, stretch: typeof list | null) => store.orders.needingParcelCheck(t, 100, stretch);
    expect(at(T + 2 * H, null)).toEqual([changed, unshipped]);
    expect(at(T + 2 * H, list)).toEqual([changed]);
    expect(at(T + 71 * H, list)).toEqual([changed]);
    expect(at(T + 72 * H, list)).toEqual([changed, unshipped]);
  });

  it('the order-list discovery stretches ×4 up to 2 h, never below its own interval', () => {
    expect(stretchedMs(30 * MIN, PUSH_POLL_STRETCH.discovery)).toBe(2 * H);
    expect(stretchedMs(3 * H, PUSH_POLL_STRETCH.discovery)).toBe(3 * H);
    expect(stretchedMs(30 * MIN, null)).toBe(30 * MIN);
  });

  it('each account’s own schedule (several accounts) stretches exactly as the single-account one, for its orders only', () => {
    const accounts = createAccountRepo(store.db);
    const add = (name: string, member: string) =>
      accounts.insert({ name, app_key: '1234567', member_id: member, login_id: name, method: 'token', access_token_expires_at: null, refresh_token_expires_at: null }, T).id;
    const east = add('east', 'b2b-1111111111');
    const south = add('south', 'b2b-2222222222');
    const mine = polledParcel(6, 'in_transit', 30 * MIN);
    const theirs = polledParcel(7, 'in_transit', 30 * MIN);
    const tie = store.db.prepare('UPDATE orders SET account_id = ? WHERE id = (SELECT order_id FROM shipments WHERE id = ?)');
    tie.run(east, mine);
    tie.run(south, theirs);
    const view = scopedStore(store, { accountId: east, stateKeyPrefix: `account.${east}.`, claimUnowned: () => true });
    const due = (t: number, stretch: typeof PUSH_POLL_STRETCH | null) => view.shipments.dueParcels(t, 1000, false, stretch).map((p) => p.id);
    expect(due(T + 30 * MIN, null)).toEqual([mine]);
    expect(due(T + 119 * MIN, PUSH_POLL_STRETCH)).toEqual([]);
    expect(due(T + 2 * H, PUSH_POLL_STRETCH)).toEqual([mine]);

    const s = DEFAULT_SYNC_SETTINGS;
    const list = { ...(PUSH_POLL_STRETCH.parcelList as { factor: number; capMs: number }), scheduledMs: [s.unshippedRecheckMs, s.parcelRecheckMs] };
    const unshipped = '3712345678901299993';
    store.orders.upsertFromGateway(order(unshipped, 'waitsellersend'), T);
    store.db.prepare('UPDATE orders SET account_id = ? WHERE id = ?').run(east, unshipped);
    store.orders.markParcelsChecked(unshipped, T, T + s.unshippedRecheckMs);
    const checks = (t: number, stretch: typeof list | null) => view.orders.needingParcelCheck(t, 100, stretch).filter((id) => id === unshipped);
    expect(checks(T + 2 * H, null)).toEqual([unshipped]);
    expect(checks(T + 2 * H, list)).toEqual([]);
    expect(checks(T + 71 * H, list)).toEqual([]);
    expect(checks(T + 72 * H, list)).toEqual([unshipped]);
  });
});
