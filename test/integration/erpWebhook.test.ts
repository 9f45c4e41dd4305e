// ERP write-back end to end in-process: the sandbox world's changes go through the real sync
// engine, the outbox hook (composed with the alert service's, as in createCore), the dispatcher
// and the webhook target to a REAL HTTP receiver that verifies signatures and misbehaves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodOutputs, OutboxRowView } from '../../shared/contract';
import { composeSyncHooks, createTrackerCore } from '../../electron/core/api/createCore';
import { CoreError, createTrackerEvents } from '../../electron/core/api/types';
import { createOutboxHook, createOutboxRepo, type OutboxRow } from '../../electron/core/erp/outbox';
import { createErpDispatcher, createWebhookTarget, type ErpDispatcher } from '../../electron/core/erp/webhookDispatcher';
import { memorySecretStore, silentLogger, type Logger } from '../../electron/core/ports';
import { DEFAULT_SETTINGS } from '../../electron/core/settings';
import { createAlertService } from '../../electron/core/tracking/alertService';
import { createDeliveryEstimator } from '../../electron/core/tracking/estimator';
import { ACCEPT_THEN_HANG, HANG, OK, startErpReceiver, status, type ErpReceiver } from '../helpers/erpReceiver';
import { DAY, startRig, type Rig } from '../helpers/sandboxRig';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every request for a key carried the stored bytes; accepted keys are exactly the outbox's. */
function expectExactlyOnceInEffect(receiver: ErpReceiver, rows: OutboxRow[]) {
  const payloadOf = new Map(rows.map((r) => [r.idempotency_key, r.payload]));
  expect(receiver.rejected).toEqual([]);
  for (const req of receiver.requests) expect(req.body, `body of ${req.key}`).toBe(payloadOf.get(req.key));
  for (const d of receiver.duplicates) expect(payloadOf.has(d.key)).toBe(true);
  expect(receiver.deliveries.map((d) => d.key).sort()).toEqual([...payloadOf.keys()].sort());
}

/** The ERP applied each parcel's events, and each order's, in the order they happened. */
function expectChainOrder(receiver: ErpReceiver, rows: OutboxRow[]) {
  const arrival = new Map(receiver.deliveries.map((d, i) => [d.key, i]));
  for (const r of rows) {
    const older = rows.filter(
      (p) => p.order_id === r.order_id && p.id < r.id && (r.shipment_id === null || p.shipment_id === null || p.shipment_id === r.shipment_id),
    );
    for (const p of older) expect(arrival.get(p.idempotency_key)!, `${p.idempotency_key} before ${r.idempotency_key}`).toBeLessThan(arrival.get(r.idempotency_key)!);
  }
}

describe('ERP write-back against the sandbox world', () => {
  it('one shipment.delivered per delivered parcel and one order.delivered per delivered order, each arriving once in effect, in order, through outages', async () => {
    const receiver = await startErpReceiver();
    cleanups.push(() => receiver.close());
    let hook: ReturnType<typeof createOutboxHook> | null = null;
    let alerts: ReturnType<typeof createAlertService> | null = null;
    const rig: Rig = await startRig({
      orders: 150,
      seed: 23,
      hooks: composeSyncHooks({ afterOrderWrite: (...a) => alerts!.syncHooks.afterOrderWrite!(...a) }, { afterOrderWrite: (...a) => hook!.afterOrderWrite!(...a) }),
    });
    cleanups.push(() => rig.close());
    alerts = createAlertService({
      store: rig.store,
      estimator: createDeliveryEstimator(rig.store, () => 5),
      notifier: { notify: () => undefined },
      clock: rig.clock,
      logger: silentLogger,
      settings: () => DEFAULT_SETTINGS,
      events: createTrackerEvents(),
    });
    const outbox = createOutboxRepo(rig.store.db);
    let dispatcher: ErpDispatcher | null = null;
    hook = createOutboxHook({ store: rig.store, outbox, statusChangedEvents: () => true, onWritten: () => dispatcher?.wake() });
    const failures: string[] = [];
    const logger: Logger = { ...silentLogger, info: (_m, f) => failures.push(String(f?.error ?? '')) };
    dispatcher = createErpDispatcher({
      outbox,
      target: () => createWebhookTarget({ url: receiver.url, secret: receiver.secret }),
      logger,
      retry: { baseMs: 10, capMs: 150 },
      timeoutMs: 250,
      concurrency: 4,
    });
    dispatcher.start();
    cleanups.unshift(() => dispatcher!.stop()); // stops before the rig closes the store
    const rowsNow = () => rig.store.db.prepare('SELECT * FROM outbox ORDER BY id').all() as OutboxRow[];

    // 1. The ERP answers 503 (then 408 and 429 once each) while the first cycle writes events.
    receiver.setMode(status(503, 'maintenance'));
    const t0 = rig.clock.now();
    await rig.engine.runCycle({ trigger: 'test' });
    expect(rowsNow().length).toBeGreaterThan(20);
    await receiver.waitFor(() => receiver.requests.filter((r) => r.answered === 503).length >= 8, 20_000, '503s');
    receiver.queue(status(408), status(429, 'slow down', { 'Retry-After': '0' }));
    receiver.setMode(OK);
    await receiver.waitFor(() => receiver.deliveries.length >= 5, 20_000, 'first deliveries');

    // 2. Connection refused for a while, across the second cycle.
    await receiver.closeForAWhile();
    rig.clock.set(t0 + 2 * DAY);
    await rig.engine.runCycle({ trigger: 'test' });
    await sleep(400);
    await receiver.open();

    // 3. The ERP hangs (our timeout fires) across the third cycle; the first few it even
    //    applies before hanging, so those are sent again: duplicates with the same key.
    receiver.queue(ACCEPT_THEN_HANG, ACCEPT_THEN_HANG, ACCEPT_THEN_HANG);
    receiver.setMode(HANG);
    rig.clock.set(t0 + 6 * DAY);
    await rig.engine.runCycle({ trigger: 'test' });
    await receiver.waitFor(() => receiver.requests.filter((r) => r.answered === 0).length >= 4, 20_000, 'hung requests');
    await sleep(300);
    receiver.setMode(OK);

    // 4. The end of the world, run twice: the second run adds nothing.
    rig.clock.set(rig.gw.world.finishedAt() + DAY);
    await rig.engine.runCycle({ trigger: 'test' });
    const count = rowsNow().length;
    await rig.engine.runCycle({ trigger: 'test', all: true, discover: 'force' });
    await rig.engine.runCycle({ trigger: 'test', all: true, discover: 'force' });
    expect(rowsNow().length).toBe(count);

    const drained = await dispatcher.drain({ timeoutMs: 30_000 });
    expect(drained).toMatchObject({ pending: 0, dead: 0 });
    const rows = rowsNow();
    expect(rows.every((r) => r.state === 'delivered')).toBe(true);
    expect(rows.some((r) => r.attempts > 1)).toBe(true); // the outages really were in the way
    expect(receiver.requests.some((r) => r.answered === 408) && receiver.requests.some((r) => r.answered === 429)).toBe(true);
    expect(failures.some((e) => e.includes('ECONNREFUSED'))).toBe(true);
    expect(failures.some((e) => e.includes('超时'))).toBe(true);
    expect(receiver.duplicates.length).toBeGreaterThan(0);
    expectExactlyOnceInEffect(receiver, rows);
    expectChainOrder(receiver, rows);

    // Exactly one shipment.delivered per delivered parcel, one order.delivered per delivered order.
    const delivered = rig.store.db.prepare("SELECT order_id, logistics_id FROM shipments WHERE status = 'delivered'").all() as { order_id: string; logistics_id: string }[];
    expect(delivered.length).toBeGreaterThan(30);
    expect(rows.filter((r) => r.type === 'shipment.delivered').map((r) => r.idempotency_key).sort()).toEqual(
      delivered.map((s) => `shipment.delivered:${s.order_id}:${s.logistics_id}`).sort(),
    );
    const fullyDelivered = rig.store.db
      .prepare(
        `SELECT o.id FROM orders o WHERE o.status IN ('delivered', 'completed')
           AND EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id AND s.status = 'delivered')
           AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id AND s.status NOT IN ('delivered', 'cancelled'))`,
      )
      .all() as { id: string }[];
    expect(fullyDelivered.length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.type === 'order.delivered').map((r) => r.idempotency_key).sort()).toEqual(fullyDelivered.map((o) => `order.delivered:${o.id}`).sort());
    // The other milestones showed up too (this world has refusals, losses and returns).
    for (const type of ['shipment.exception', 'shipment.returned', 'shipment.status_changed']) expect(rows.some((r) => r.type === type), type).toBe(true);
    // Payloads as documented.
    const sample = receiver.deliveries.find((d) => d.type === 'shipment.delivered')!.payload as Record<string, unknown>;
    expect(Object.keys(sample).sort()).toEqual(['event', 'idempotencyKey', 'occurredAt', 'order', 'shipment', 'type', 'version']);
    expect(sample.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  }, 180_000);
});

describe('ERP write-back through the core (handlers, settings, events)', () => {
  async function coreWithReceiver(opts: { secret?: boolean } = {}) {
    const receiver = await startErpReceiver();
    cleanups.push(() => receiver.close());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-erp-'));
    const core = await createTrackerCore({
      dataDir,
      secrets: memorySecretStore(),
      notifier: { notify: () => undefined },
      erpTuning: { timeoutMs: 300, retry: { baseMs: 10, capMs: 100 } },
    });
    cleanups.push(async () => {
      await core.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    await core.handle('settings.update', { erpWebhookUrl: receiver.url, ...(opts.secret === false ? {} : { erpWebhookSecret: receiver.secret }) });
    const changes: unknown[] = [];
    core.events.on('outbox.changed', (c) => changes.push(c));
    const { outbox } = core.internals;
    const O1 = '3712345678901230001';
    const O2 = '3712345678901230002';
    const add = (key: string, orderId: string, shipmentId: number | null) =>
      outbox.insert({ key, type: shipmentId === null ? 'order.delivered' : 'shipment.delivered', orderId, shipmentId, payload: JSON.stringify({ type: 'test', key }), now: Date.now() });
    const list = async (state?: OutboxRowView['state']) => (await core.handle('outbox.list', state ? { state } : {})) as MethodOutputs['outbox.list'];
    const stateOf = (key: string) => outbox.get(key)?.state;
    return { receiver, core, changes, add, list, stateOf, O1, O2 };
  }

  it('4xx makes a row dead, shown with its status and text; it holds its chain; re-send by hand delivers it, then the chain', async () => {
    const { receiver, core, changes, add, list, stateOf, O1, O2 } = await coreWithReceiver();
    receiver.setRule((r) => (r.key === 'a1' && !fixed ? status(422, '{"error":"unknown purchase order PO-1"}') : undefined));
    let fixed = false;
    add('a1', O1, 1);
    add('a2', O1, 1);
    add('b1', O1, 2);
    add('order-1', O1, null);
    add('c1', O2, 3);
    core.start();
    await receiver.waitFor(() => stateOf('a1') === 'dead' && stateOf('b1') === 'delivered' && stateOf('c1') === 'delivered', 10_000, 'dead a1');
    await sleep(100);
    expect(stateOf('a2')).toBe('pending');
    expect(stateOf('order-1')).toBe('pending');

    const dead = await list('dead');
    expect(dead.rows).toEqual([
      expect.objectContaining({ idempotencyKey: 'a1', state: 'dead', attempts: 1, lastStatus: 422, orderId: O1, lastError: expect.stringContaining('unknown purchase order PO-1') }),
    ]);
    expect(dead.rows[0]!.lastError).toMatch(/^HTTP 422/);
    expect(dead.counts).toMatchObject({ dead: 1, pending: 2, blocked: 2, delivered: 2 });
    expect(dead.target).toBe('webhook');
    const pending = await list('pending');
    expect(pending.rows.map((r) => [r.idempotencyKey, r.blockedBy])).toEqual([
      ['a2', 'a1'],
      ['order-1', 'a1'],
    ]);
    expect(changes).toContainEqual({ pending: 2, failing: 0, dead: 1 });

    fixed = true;
    const resent = (await core.handle('outbox.resend', { idempotencyKey: 'a1' })) as OutboxRowView;
    expect(resent).toMatchObject({ state: 'pending', attempts: 0, lastError: null });
    await receiver.waitFor(() => stateOf('order-1') === 'delivered', 10_000, 'chain after re-send');
    expect(receiver.deliveries.map((d) => d.key).filter((k) => ['a1', 'a2', 'order-1'].includes(k))).toEqual(['a1', 'a2', 'order-1']);
    expect(receiver.deliveries.map((d) => d.key).indexOf('b1')).toBeLessThan(receiver.deliveries.map((d) => d.key).indexOf('order-1'));
    await receiver.waitFor(() => JSON.stringify(changes.at(-1)) === JSON.stringify({ pending: 0, failing: 0, dead: 0 }), 5_000, 'outbox.changed to zero');
  });

  it('a dead row can be discarded instead: kept as history, its chain moves on; only dead rows can be re-sent or discarded', async () => {
    const { receiver, core, add, list, stateOf, O1 } = await coreWithReceiver();
    receiver.setRule((r) => (r.key === 'x1' ? status(400, 'bad payload') : undefined));
    add('x1', O1, 7);
    add('x2', O1, 7);
    core.start();
    await receiver.waitFor(() => stateOf('x1') === 'dead', 10_000, 'dead x1');
    const discarded = (await core.handle('outbox.discard', { idempotencyKey: 'x1' })) as OutboxRowView;
    expect(discarded.state).toBe('discarded');
    await receiver.waitFor(() => stateOf('x2') === 'delivered', 10_000, 'x2 after discard');
    expect((await list('discarded')).rows.map((r) => [r.idempotencyKey, r.lastError])).toEqual([['x1', 'HTTP 400：bad payload']]);
    expect(receiver.deliveries.map((d) => d.key)).toEqual(['x2']);
    await expect(core.handle('outbox.resend', { idempotencyKey: 'x1' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(core.handle('outbox.discard', { idempotencyKey: 'x2' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(core.handle('outbox.resend', { idempotencyKey: 'nope' })).rejects.toBeInstanceOf(CoreError);
    await expect(core.handle('outbox.resend', { idempotencyKey: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('without a secret nothing is sent and the clerk is told why; setting the secret sends what waited', async () => {
    const { receiver, core, add, list, stateOf, O1 } = await coreWithReceiver({ secret: false });
    add('w1', O1, 1);
    core.start();
    await sleep(200);
    const l = await list();
    expect(l.target).toBeNull();
    expect(l.targetProblem).toContain('密钥');
    expect(receiver.requests).toEqual([]);
    await core.handle('settings.update', { erpWebhookSecret: receiver.secret });
    await receiver.waitFor(() => stateOf('w1') === 'delivered', 10_000, 'w1 after the secret');
    const s = (await core.handle('settings.get', {})) as MethodOutputs['settings.get'];
    expect(s).toMatchObject({ erpWebhookUrl: receiver.url, erpWebhookHasSecret: true, erpStatusChangedEvents: false });
    await core.handle('settings.update', { erpStatusChangedEvents: true });
    expect(((await core.handle('settings.get', {})) as MethodOutputs['settings.get']).erpStatusChangedEvents).toBe(true);
    expect(core.internals.outbox.fullCounts()).toMatchObject({ delivered: 1, pending: 0 });
  });
});
