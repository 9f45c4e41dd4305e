// The outbox table and the events the sync hook writes into it: through the REAL sync engine
// (so the hook sees the engine's real order of operations) with a scripted 1688 client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ali1688Client } from '../../../electron/core/ali1688/client';
import type { Parcel } from '../../../electron/core/ali1688/schemas';
import { composeSyncHooks } from '../../../electron/core/api/createCore';
import { createOutboxHook, createOutboxRepo, outboxKeys, type OutboxPayload, type OutboxRepo, type OutboxRow } from '../../../electron/core/erp/outbox';
import { silentLogger } from '../../../electron/core/ports';
import { openStore, type Store } from '../../../electron/core/store';
import { createSyncEngine, type SyncEngine, type SyncHooks } from '../../../electron/core/sync/syncEngine';
import { scriptedClient } from '../../helpers/scriptedClient';

const O = '3712345678901234567';
const T0 = Date.UTC(2026, 10, 1, 2, 0, 0);
const H = 3600_000;

interface ScriptedWorld {
  status1688: string;
  parcels: Parcel[];
  steps: Map<string, { at: number; remark: string }[]>;
}

function parcel(logisticsId: string, billNo: string, status1688 = 'TRANSPORT'): Parcel {
  const addr = { province: '广东省', city: '深圳市', county: null };
  return { logisticsId, billNo, carrierCode: 'ZTO', carrierName: '中通快递', status1688, shippedAt: T0, sender: addr, receiver: addr, goods: [], raw: null };
}

function scriptedWorldClient(w: ScriptedWorld): Ali1688Client {
  return scriptedClient({ orderId: O, t0: T0, status1688: () => w.status1688, parcels: () => w.parcels, steps: (lid) => w.steps.get(lid) ?? [] });
}

let store: Store;
let outbox: OutboxRepo;
let world: ScriptedWorld;
let statusChanged: boolean;
let now: number;

function engineWith(hooks: SyncHooks): SyncEngine {
  return createSyncEngine({ store, client: scriptedWorldClient(world), clock: { now: () => now, sleep: async () => undefined }, logger: silentLogger, hooks });
}

function outboxHook() {
  return createOutboxHook({ store, outbox, statusChangedEvents: () => statusChanged, now: () => now });
}

function rows(): OutboxRow[] {
  return store.db.prepare('SELECT * FROM outbox ORDER BY id').all() as OutboxRow[];
}

const step = (lid: string, at: number, remark: string) => world.steps.set(lid, [...(world.steps.get(lid) ?? []), { at, remark }]);

beforeEach(() => {
  store = openStore(':memory:');
  outbox = createOutboxRepo(store.db);
  world = { status1688: 'waitbuyerreceive', parcels: [parcel('LA', 'ZT001'), parcel('LB', 'ZT002')], steps: new Map() };
  statusChanged = false;
  now = T0;
  store.orders.addTracked(O, 'import', 'PO-2026-0042', T0);
});
afterEach(() => store.close());

describe('outbox table (migration 3)', () => {
  it('is STRICT, keys are unique, and the state is checked', () => {
    const sql = (store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'outbox'").get() as { sql: string }).sql;
    expect(sql).toMatch(/STRICT/);
    expect(outbox.insert({ key: 'k1', type: 'order.delivered', orderId: O, shipmentId: null, payload: '{}', now })).toBe(true);
    expect(outbox.insert({ key: 'k1', type: 'order.delivered', orderId: O, shipmentId: null, payload: '{"x":1}', now })).toBe(false);
    expect(() => store.db.prepare("UPDATE outbox SET state = 'lost'").run()).toThrow(/CHECK/);
    const idx = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'").all() as { name: string }[]).map((r) => r.name);
    expect(idx).toEqual(expect.arrayContaining(['outbox_due', 'outbox_shipment']));
  });
});

describe('events written by the sync hook', () => {
  it('writes delivered, exception and order.delivered once each, in the order of the changes, with stable keys', async () => {
    const engine = engineWith(outboxHook());
    step('LA', T0 + 1 * H, '【杭州市】快件已揽收');
    step('LB', T0 + 1 * H, '【杭州市】快件已揽收');
    await engine.refreshOrder(O);
    expect(rows()).toEqual([]); // picked_up is not an ERP milestone (status_changed is off)

    now = T0 + 30 * H;
    step('LA', T0 + 20 * H, '【深圳市】快件已签收，签收人：本人');
    step('LB', T0 + 21 * H, '问题件：地址不详');
    await engine.refreshOrder(O);
    expect(rows().map((r) => r.idempotency_key)).toEqual([
      outboxKeys.delivered(O, 'LA'),
      `shipment.exception:${O}:LB:exception:${T0 + 21 * H}`,
    ]);

    now = T0 + 60 * H;
    step('LB', T0 + 50 * H, '【深圳市】快件已签收，签收人：本人');
    await engine.refreshOrder(O);
    const all = rows();
    expect(all.map((r) => r.idempotency_key)).toEqual([
      `shipment.delivered:${O}:LA`,
      `shipment.exception:${O}:LB:exception:${T0 + 21 * H}`,
      `shipment.delivered:${O}:LB`,
      `order.delivered:${O}`,
    ]);
    expect(all.map((r) => r.shipment_id === null)).toEqual([false, false, false, true]);
    expect(all.every((r) => r.state === 'pending' && r.attempts === 0)).toBe(true);

    // The same answers again (a replay, a re-poll of everything): nothing new.
    world.parcels = [parcel('LA', 'ZT001', 'SIGN'), parcel('LB', 'ZT002', 'SIGN')];
    await engine.refreshOrder(O);
    await engine.runCycle({ all: true, discover: 'skip' });
    // A re-import of the same order id changes nothing either.
    store.orders.addTracked(O, 'import', 'PO-2026-0042', now);
    await engine.refreshOrder(O);
    expect(rows().length).toBe(4);
  });

  it('builds the documented payload: ids as strings, ISO UTC times, the ERP reference, the causing step', async () => {
    const engine = engineWith(outboxHook());
    step('LA', T0 + 20 * H, '【深圳市】快件已签收，签收人：本人');
    step('LB', T0 + 22 * H, '【深圳市】快件已签收，签收人：本人');
    await engine.refreshOrder(O);
    const byType = new Map(rows().map((r) => [r.type + (r.shipment_id ?? ''), JSON.parse(r.payload) as OutboxPayload]));
    const la = [...byType.values()].find((p) => p.shipment?.logisticsId === 'LA')!;
    expect(la).toEqual({
      type: 'shipment.delivered',
      version: 1,
      idempotencyKey: `shipment.delivered:${O}:LA`,
      occurredAt: new Date(T0 + 20 * H).toISOString(),
      // No account yet (an order added by id, not read): no account and no purchaser.
      order: { orderId: O, erpRef: 'PO-2026-0042', status: 'delivered', status1688: 'waitbuyerreceive', seller: '义乌示例工贸有限公司', account: null, purchaser: null },
      shipment: {
        logisticsId: 'LA',
        billNo: 'ZT001',
        carrierCode: 'ZTO',
        carrierName: '中通快递',
        status: 'delivered',
        status1688: 'TRANSPORT',
        deliveredAt: new Date(T0 + 20 * H).toISOString(),
      },
      event: { remark: '【深圳市】快件已签收，签收人：本人', at: new Date(T0 + 20 * H).toISOString(), stage: 'delivered' },
    });
    const od = [...byType.values()].find((p) => p.type === 'order.delivered')!;
    expect(od.shipment).toBeNull();
    expect(od.event).toBeNull();
    expect(od.occurredAt).toBe(new Date(T0 + 22 * H).toISOString()); // the last signing
    expect(od.order.orderId).toBe(O);
  });

  it('returning and returned are two events; a new exception step is a new event', async () => {
    const engine = engineWith(outboxHook());
    world.parcels = [parcel('LA', 'ZT001')];
    step('LA', T0 + 1 * H, '问题件：地址不详');
    await engine.refreshOrder(O);
    step('LA', T0 + 2 * H, '快件已到达【广州转运中心】');
    await engine.refreshOrder(O);
    step('LA', T0 + 3 * H, '派件员电话无人接听，预约再派');
    await engine.refreshOrder(O);
    step('LA', T0 + 4 * H, '快件退回中');
    await engine.refreshOrder(O);
    step('LA', T0 + 9 * H, '退回件已签收');
    await engine.refreshOrder(O);
    expect(rows().map((r) => r.idempotency_key)).toEqual([
      `shipment.exception:${O}:LA:exception:${T0 + 1 * H}`,
      `shipment.exception:${O}:LA:failed_attempt:${T0 + 3 * H}`,
      `shipment.returned:${O}:LA:returning:${T0 + 4 * H}`,
      `shipment.returned:${O}:LA:returned:${T0 + 9 * H}`,
    ]);
  });

  it('shipment.status_changed follows the setting', async () => {
    statusChanged = true;
    const engine = engineWith(outboxHook());
    world.parcels = [parcel('LA', 'ZT001')];
    step('LA', T0 + 1 * H, '【杭州市】快件已揽收');
    await engine.refreshOrder(O);
    step('LA', T0 + 2 * H, '快件已到达【广州转运中心】');
    await engine.refreshOrder(O);
    statusChanged = false;
    step('LA', T0 + 3 * H, '快件已到达【深圳转运中心】'); // same status: nothing anyway
    step('LA', T0 + 4 * H, '【深圳市】快件已签收，签收人：本人');
    await engine.refreshOrder(O);
    expect(rows().map((r) => r.idempotency_key)).toEqual([
      `shipment.status_changed:${O}:LA:picked_up:${T0 + 1 * H}`,
      `shipment.status_changed:${O}:LA:in_transit:${T0 + 2 * H}`,
      `shipment.delivered:${O}:LA`,
      `order.delivered:${O}`,
    ]);
  });

  it('a cancelled parcel does not hold back order.delivered; a 1688 SIGN without a step still counts', async () => {
    const engine = engineWith(outboxHook());
    world.parcels = [parcel('LA', 'ZT001', 'SIGN'), parcel('LB', 'ZT002', 'CANCEL')];
    await engine.refreshOrder(O);
    expect(rows().map((r) => r.idempotency_key)).toEqual([`shipment.delivered:${O}:LA`, `order.delivered:${O}`]);
    const p = JSON.parse(rows()[0]!.payload) as OutboxPayload;
    expect(p.event).toBeNull(); // no step yet: 1688's SIGN alone
  });

  it('records nothing while no ERP is configured', async () => {
    let configured = false;
    const hook = createOutboxHook({ store, outbox, statusChangedEvents: () => true, enabled: () => configured, now: () => now });
    step('LA', T0 + 1 * H, '【深圳市】快件已签收，签收人：本人');
    await engineWith(hook).refreshOrder(O);
    expect(rows()).toEqual([]);
    configured = true;
    step('LB', T0 + 2 * H, '问题件：地址不详');
    await engineWith(hook).refreshOrder(O);
    expect(rows().map((r) => r.type)).toEqual(['shipment.status_changed', 'shipment.exception']);
  });

  it('rows commit with the change or not at all: a failing hook in the same transaction leaves neither', async () => {
    const boom: SyncHooks = {
      afterOrderWrite: () => {
        throw new Error('simulated crash inside the transaction');
      },
    };
    step('LA', T0 + 1 * H, '【深圳市】快件已签收，签收人：本人');
    const r = await engineWith(composeSyncHooks(outboxHook(), boom)).refreshOrder(O);
    expect(r.ok).toBe(false);
    expect(rows()).toEqual([]);
    expect(store.shipments.byKey(O, 'LA')!.status).not.toBe('delivered');
    // The retry after the "crash" writes the change and its event exactly once.
    await engineWith(outboxHook()).refreshOrder(O);
    await engineWith(outboxHook()).refreshOrder(O);
    expect(rows().map((r) => r.idempotency_key)).toEqual([`shipment.delivered:${O}:LA`]);
  });
});

describe('delivery order (the due query)', () => {
  function add(key: string, shipmentId: number | null, orderId = O) {
    outbox.insert({ key, type: shipmentId === null ? 'order.delivered' : 'shipment.delivered', orderId, shipmentId, payload: '{}', now: 0 });
    return outbox.get(key)!;
  }
  const dueKeys = () => outbox.due(10, 100).map((r) => r.idempotency_key);

  it('sends one row per chain at a time, oldest first; chains are independent', () => {
    const a1 = add('a1', 1);
    add('b1', 2);
    add('a2', 1);
    add('c1', 3, '3712345678901230000');
    expect(dueKeys()).toEqual(['a1', 'b1', 'c1']);
    outbox.markDelivered(a1.id, 200, 5);
    expect(dueKeys()).toEqual(['b1', 'a2', 'c1']);
  });

  it('an order-level row waits for every older row of its order; later parcel rows wait for it', () => {
    const a1 = add('a1', 1);
    const b1 = add('b1', 2);
    const od = add('order', null);
    add('a2', 1);
    expect(dueKeys()).toEqual(['a1', 'b1']);
    outbox.markDelivered(a1.id, 200, 5);
    expect(dueKeys()).toEqual(['b1']);
    outbox.markDelivered(b1.id, 200, 5);
    expect(dueKeys()).toEqual(['order']);
    outbox.markDelivered(od.id, 200, 5);
    expect(dueKeys()).toEqual(['a2']);
  });

  it('a retrying row holds its chain until due; a dead row holds it until re-sent or discarded', () => {
    const a1 = add('a1', 1);
    add('a2', 1);
    const b1 = add('b1', 2);
    add('b2', 2);
    outbox.markRetry(a1.id, 503, 'HTTP 503', 50, 5);
    outbox.markDead(b1.id, 422, 'HTTP 422：bad', 5);
    expect(dueKeys()).toEqual([]);
    expect(outbox.nextDueAfter(10)).toBe(50);
    expect(outbox.fullCounts()).toEqual({ pending: 3, failing: 1, dead: 1, delivered: 0, discarded: 0, blocked: 1 });
    expect(outbox.list('pending', 0, 10).rows.map((r) => [r.idempotencyKey, r.blockedBy])).toEqual([
      ['a1', null],
      ['a2', null],
      ['b2', 'b1'],
    ]);
    expect(outbox.discard(b1.id, 6)).toBe(true);
    expect(dueKeys()).toEqual(['b2']);
    expect(outbox.resend(b1.id, 7)).toBe(false); // discarded is history, not dead
    expect(outbox.list('discarded', 0, 10).rows.map((r) => r.idempotencyKey)).toEqual(['b1']);
  });
});
