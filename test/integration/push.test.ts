// Push messages over the sandbox's WebSocket channel (real ws on 127.0.0.1), through the real
// router, client, limiter and sync engine into a real SQLite file.
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR } from '../../electron/core/ali1688/sandbox/time';
import { evidenceView } from '../../electron/core/api/views';
import { pushFrame, startPush, tracePushData, until, type PushRig, type StartPushOptions } from '../helpers/pushRig';
import { startRig, type Rig } from '../helpers/sandboxRig';

let rig: Rig | null = null;
let push: PushRig | null = null;
afterEach(async () => {
  await push?.service.stop();
  push = null;
  await rig?.close();
  rig = null;
});

const callsFor = (r: Rig, orderId: string) => r.gw.log.filter((l) => l.orderId === orderId).length;
const gatewayCalls = (r: Rig) => r.gw.log.filter((l) => l.api !== 'oauth/authorize' && !l.api.startsWith('/')).length;

/** Synced once, channel live, nothing left to push from the start. */
async function liveRig(orders = 80, seed = 21, pushOpts: StartPushOptions = {}): Promise<{ rig: Rig; push: PushRig }> {
  const r = await startRig({ orders, seed });
  rig = r;
  await r.engine.runCycle({ trigger: 'test' });
  const p = startPush(r, pushOpts);
  push = p;
  await until(() => p.service.status().state === 'live', 'channel live');
  // The replay at connect starts with the live state; its messageList call must not land in a test's count.
  await p.service.replayed();
  await until(() => p.service.router.idle, 'replay at connect done');
  return { rig: r, push: p };
}

/** Steps of the parcel that existed at `at` (the world's truth) but are not in the database. */
function missingAnnounced(r: Rig, orderId: string, logisticsId: string | null, at: number): string[] {
  const truth = r.gw.world.orderTruthAt(orderId, at)?.parcels.find((p) => p.logisticsId === logisticsId);
  const sh = r.store.shipments.byOrder(orderId).find((s) => s.logistics_id === logisticsId);
  if (!truth) return [];
  if (!sh) return [`parcel ${logisticsId} of ${orderId} not tracked`];
  const have = new Set(r.store.shipments.events(sh.id).map((e) => `${e.occurred_at}|${e.remark}`));
  return truth.steps.map((s) => `${s.at}|${s.remark}`).filter((k) => !have.has(k));
}

/** A tracked order with an open parcel: [orderId, logisticsId]. */
function openParcel(r: Rig): { order_id: string; logistics_id: string } {
  const row = r.store.db.prepare('SELECT order_id, logistics_id FROM shipments WHERE done = 0 LIMIT 1').get() as
    | { order_id: string; logistics_id: string }
    | undefined;
  if (!row) throw new Error('no open parcel');
  return row;
}

describe('push channel against the sandbox', () => {
  it('a step the world announces reaches the database without a poll, and is confirmed after it is stored', async () => {
    const { rig: r, push: p } = await liveRig();
    const sentBefore = r.gw.push.log.sent.length;
    r.clock.advance(6 * HOUR);
    r.gw.push.tick();
    const traces = () => r.gw.push.log.sent.slice(sentBefore).filter((s) => s.topic === 'LOGISTICS_BUYER_VIEW_TRACE');
    await until(() => traces().length > 0, 'trace pushes sent');
    await until(() => r.gw.push.unconfirmed() === 0 && p.service.router.idle, 'every push confirmed');
    // Every step a push announced is in the database (no poll cycle ran).
    for (const t of traces()) expect(missingAnnounced(r, t.orderId, t.logisticsId, t.happenedAt)).toEqual([]);
    // Nothing was confirmed that is not handled in the database.
    const unhandled = r.store.db.prepare('SELECT COUNT(*) AS n FROM push_messages WHERE handled_at IS NULL').get() as { n: number };
    expect(unhandled.n).toBe(0);
    expect(r.gw.push.log.confirms.length).toBeGreaterThan(0);
  }, 60_000);

  it('ten pushes for one order make one refresh: one trace call', async () => {
    const { rig: r } = await liveRig();
    const { order_id, logistics_id } = openParcel(r);
    const before = callsFor(r, order_id);
    for (let k = 0; k < 10; k++) {
      r.gw.push.sendRaw(pushFrame(String(500 + k), { msgId: String(9_100_000_000_000_000_000n + BigInt(k)), type: 'LOGISTICS_BUYER_VIEW_TRACE', data: tracePushData(order_id, logistics_id) }));
    }
    await until(() => callsFor(r, order_id) > before, 'the refresh');
    await until(() => push!.service.router.idle, 'router idle');
    expect(callsFor(r, order_id) - before).toBe(1);
  }, 60_000);

  it('a forged push costs one rate-limited call, and the same push again costs none', async () => {
    const { rig: r, push: p } = await liveRig();
    const { order_id, logistics_id } = openParcel(r);
    const statusBefore = r.store.shipments.byOrder(order_id).find((s) => s.logistics_id === logistics_id)?.status;
    const frame = pushFrame('77', { msgId: '9200000000000000001', type: 'LOGISTICS_BUYER_VIEW_TRACE', data: tracePushData(order_id, logistics_id, 'SIGN'), gmtBorn: r.clock.now() });
    const before = gatewayCalls(r);
    r.gw.push.sendRaw(frame);
    await until(() => p.service.pushes.isHandled('9200000000000000001'), 'forged push handled');
    expect(gatewayCalls(r) - before).toBe(1);
    // Replayed: known msgId, no call at all.
    r.gw.push.sendRaw(frame);
    r.gw.push.sendRaw(frame);
    await until(() => p.service.router.stats().duplicates >= 2, 'duplicates seen');
    expect(gatewayCalls(r) - before).toBe(1);
    // A push for an order 1688 does not know: one detail call, nothing tracked.
    const fake = '3799999999999999999';
    r.gw.push.sendRaw(pushFrame('78', { msgId: '9200000000000000002', type: 'ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS', data: { orderId: fake, currentStatus: 'waitbuyerreceive' } }));
    await until(() => p.service.pushes.isHandled('9200000000000000002'), 'fake-order push handled');
    expect(gatewayCalls(r) - before).toBe(2);
    expect(r.store.orders.get(fake)).toBeUndefined();
    // The pushed node is a witness in the parcel's evidence (判定依据), next to the trace text: the
    // forged SIGN contradicts the re-read trace and does not sign the parcel.
    const sh = r.store.shipments.byOrder(order_id).find((s) => s.logistics_id === logistics_id);
    expect(sh?.status).toBe(statusBefore);
    expect(sh?.status).not.toBe('delivered');
    expect(evidenceView(sh as NonNullable<typeof sh>)).toMatchObject({ pushStatus: 'SIGN', pushWitness: 'contradicts' });
  }, 60_000);

  it('garbage frames are logged and dropped; the channel stays live', async () => {
    const { rig: r, push: p } = await liveRig(40);
    r.gw.push.sendRaw('{not json');
    r.gw.push.sendRaw('[1,2,3]');
    r.gw.push.sendRaw('{"type":"SOMETHING_NEW","content":"x"}');
    r.gw.push.sendRaw(`{"type":"SERVER_PUSH","id":1,"content":${JSON.stringify('x'.repeat(600 * 1024))}}`);
    r.gw.push.sendRaw('{"type":"SERVER_PUSH","id":2,"content":"{\\"msgId\\":null}"}');
    // Ids past 2^53 everywhere: read as text, never rounded.
    const big = '9007199254740993123';
    r.gw.push.sendRaw(pushFrame('90071992547409931', { msgId: big, type: 'ORDER_BUYER_VIEW_ORDER_PAY', data: { orderId: '3799999999999999998' } }));
    await until(() => p.service.pushes.isHandled(big), 'big-id push handled');
    expect(p.service.status().garbage).toBe(5);
    expect(p.warnings.filter((w) => w.startsWith('push channel:')).length).toBe(5);
    expect(p.service.status().state).toBe('live');
    const row = r.store.db.prepare('SELECT order_id FROM push_messages WHERE msg_id = ?').get(big) as { order_id: string };
    expect(row.order_id).toBe('3799999999999999998');
  }, 60_000);

  it('a CONNECT with a wrong secret is refused and the channel says why', async () => {
    const r = await startRig({ orders: 20 });
    rig = r;
    const good = r.creds.appSecret;
    r.creds.appSecret = 'wrong-secret';
    push = startPush(r);
    const p = push;
    await until(() => p.states.some((s) => s.state === 'down' && (s.message ?? '').includes('签名')), 'refused with SYSTEM');
    expect(r.gw.push.log.connects.some((c) => !c.ok)).toBe(true);
    r.creds.appSecret = good;
    await until(() => p.service.status().state === 'live', 'live with the right secret');
  }, 30_000);

  it('killing the channel loses nothing: the gap is replayed (store first, confirm after)', async () => {
    const { rig: r, push: p } = await liveRig(80, 33);
    r.gw.push.drop({ refuse: true });
    await until(() => p.service.status().state === 'down', 'channel down');
    expect(p.service.pollStretch()).toBeNull();
    r.clock.advance(12 * HOUR);
    const missed = r.gw.push.unconfirmed();
    expect(missed).toBeGreaterThan(0);
    r.gw.push.allow();
    await until(() => p.service.status().state === 'live', 'channel back');
    await until(() => r.gw.push.unconfirmed() === 0 && p.service.router.idle, 'replayed and confirmed');
    // Every message of the gap is handled in the database, and every step it announced is stored.
    const rows = r.store.db.prepare('SELECT order_id, logistics_id, born_at, handled_at FROM push_messages').all() as {
      order_id: string;
      logistics_id: string | null;
      born_at: number;
      handled_at: number | null;
    }[];
    expect(rows.length).toBeGreaterThanOrEqual(missed);
    expect(rows.filter((x) => x.handled_at === null)).toEqual([]);
    for (const x of rows) if (x.logistics_id) expect(missingAnnounced(r, x.order_id, x.logistics_id, x.born_at)).toEqual([]);
    // The gap was asked for with the replay APIs and confirmed there.
    expect(r.gw.log.some((l) => l.api === 'cn.alibaba.open/push.query.messageList' && l.httpStatus === 200)).toBe(true);
  }, 60_000);

  it('AUTHORIZATION_CANCEL for the account marks it as needing reconnection', async () => {
    const { rig: r, push: p } = await liveRig(20);
    r.gw.push.sendRaw(pushFrame('5', { msgId: '9300000000000000001', type: 'AUTHORIZATION_CANCEL', data: {} }));
    await until(() => p.needsReconnect.value, 'needs reconnect');
    expect(p.service.pushes.isHandled('9300000000000000001')).toBe(true);
  }, 30_000);
});

describe('the replay sweep while the channel is live', () => {
  const confirmedAtGateway = (r: Rig) => new Set(r.gw.push.log.confirms);
  const handledRows = (r: Rig) =>
    r.store.db.prepare('SELECT msg_id, order_id, logistics_id, born_at, handled_at FROM push_messages').all() as {
      msg_id: string;
      order_id: string | null;
      logistics_id: string | null;
      born_at: number;
      handled_at: number | null;
    }[];

  it('finds pushes the channel lost, without a poll: stored, then confirmed', async () => {
    const { rig: r, push: p } = await liveRig(80, 21);
    r.gw.push.setFaults({ lossRate: 1 });
    const sentBefore = r.gw.push.log.sent.length;
    r.clock.advance(6 * HOUR);
    const missed = r.gw.push.unconfirmed();
    expect(missed).toBeGreaterThan(0);
    expect(r.gw.push.log.sent.length).toBe(sentBefore); // the channel brought none of them
    await p.service.sweepIfDue();
    expect(p.service.sweepStats()).toMatchObject({ runs: 1, failed: 0 });
    expect(r.gw.push.unconfirmed()).toBe(0);
    const rows = handledRows(r);
    expect(rows.length).toBeGreaterThanOrEqual(missed);
    expect(rows.filter((x) => x.handled_at === null)).toEqual([]);
    // Every step the lost pushes announced is in the database, and they were confirmed by the replay API.
    for (const x of rows) if (x.logistics_id && x.order_id) expect(missingAnnounced(r, x.order_id, x.logistics_id, x.born_at)).toEqual([]);
    expect(r.gw.log.some((l) => l.api === 'cn.alibaba.open/push.message.confirm' && l.httpStatus === 200)).toBe(true);
    // Not due again before its interval: no call.
    const calls = gatewayCalls(r);
    await p.service.sweepIfDue();
    expect(gatewayCalls(r)).toBe(calls);
  }, 60_000);

  it('runs on its own timer while live', async () => {
    const { rig: r, push: p } = await liveRig(80, 21, { sweepCheckMs: 20 });
    r.gw.push.setFaults({ lossRate: 1 });
    const before = handledRows(r).length;
    r.clock.advance(6 * HOUR);
    // No call of the test's: the service's timer finds the lost pushes.
    await until(() => handledRows(r).length > before && r.gw.push.unconfirmed() === 0 && p.service.router.idle, 'the timer swept');
    expect(p.service.sweepStats().runs).toBeGreaterThan(0);
  }, 60_000);

  it('deduplicates by msgId against the channel both ways: a message costs one refresh whichever path brings it first', async () => {
    const { rig: r, push: p } = await liveRig(80, 23);
    r.gw.push.setFaults({ lossRate: 1 });
    r.clock.advance(4 * HOUR);
    const listed = (await r.client.queryPushMessages({ page: 1, pageSize: 200 })).messages;
    const perOrder = new Map<string, number>();
    for (const m of listed) for (const o of m.orderIds) perOrder.set(o, (perOrder.get(o) ?? 0) + 1);
    // Two trace messages, each the only one naming its (tracked) order.
    const alone = listed.filter(
      (m) => m.topic === 'LOGISTICS_BUYER_VIEW_TRACE' && m.logisticsId && m.orderIds.length === 1 && perOrder.get(m.orderIds[0] as string) === 1 && r.store.orders.get(m.orderIds[0] as string),
    );
    expect(alone.length).toBeGreaterThanOrEqual(2);
    const [first, second] = alone as [(typeof alone)[0], (typeof alone)[0]];
    const frameOf = (m: typeof first, id: string) =>
      pushFrame(id, { msgId: m.msgId, type: m.topic, data: tracePushData(m.orderIds[0] as string, m.logisticsId as string, m.statusChanged ?? 'TRANSPORT'), gmtBorn: m.bornAt ?? 1 });
    // Channel first: the push is refreshed (one call); the sweep lists it again and only confirms it.
    const o1 = first.orderIds[0] as string;
    const before1 = callsFor(r, o1);
    r.gw.push.sendRaw(frameOf(first, '4242'));
    await until(() => p.service.pushes.isHandled(first.msgId) && p.service.router.idle, 'pushed message handled');
    expect(callsFor(r, o1) - before1).toBe(1);
    await p.service.sweepIfDue();
    expect(callsFor(r, o1) - before1).toBe(1);
    expect(confirmedAtGateway(r).has(first.msgId)).toBe(true);
    // Sweep first: the same message pushed afterwards (a late or re-sent push) costs no call.
    const o2 = second.orderIds[0] as string;
    expect(p.service.pushes.isHandled(second.msgId)).toBe(true);
    const before2 = callsFor(r, o2);
    const dupes = p.service.router.stats().duplicates;
    r.gw.push.sendRaw(frameOf(second, '4243'));
    r.gw.push.sendRaw(frameOf(second, '4244'));
    await until(() => p.service.router.stats().duplicates >= dupes + 2, 'late pushes seen as duplicates');
    expect(callsFor(r, o2)).toBe(before2);
  }, 60_000);

  it('a sweep that fails is tried again soon, and finds what it missed', async () => {
    const { rig: r, push: p } = await liveRig(80, 24);
    r.gw.push.setFaults({ lossRate: 1 });
    r.clock.advance(2 * HOUR);
    const missed = r.gw.push.unconfirmed();
    expect(missed).toBeGreaterThan(0);
    r.gw.setFaults({ error5xxRate: 1 });
    await p.service.sweepIfDue();
    expect(p.service.sweepStats()).toMatchObject({ runs: 1, failed: 1 });
    expect(r.gw.push.unconfirmed()).toBe(missed);
    r.gw.setFaults({});
    // Not before the retry delay (15 s)…
    await p.service.sweepIfDue();
    expect(p.service.sweepStats().runs).toBe(1);
    // …then on the next look.
    r.clock.advance(15_000);
    await p.service.sweepIfDue();
    expect(p.service.sweepStats()).toMatchObject({ runs: 2, failed: 1 });
    expect(r.gw.push.unconfirmed()).toBe(0);
    expect(handledRows(r).filter((x) => x.handled_at === null)).toEqual([]);
  }, 60_000);

  it('stores before it confirms: a failure in between repeats a hint (no second refresh), never loses one', async () => {
    let breakAfterCommit = false;
    const { rig: r, push: p } = await liveRig(80, 21, {
      // The first refresh commits, then the gateway fails: the confirm (and later refreshes) cannot go out.
      onRefreshed: () => {
        if (breakAfterCommit) r.gw.setFaults({ error5xxRate: 1 });
      },
    });
    r.gw.push.setFaults({ lossRate: 1 });
    r.clock.advance(6 * HOUR);
    const missed = r.gw.push.unconfirmed();
    expect(missed).toBeGreaterThan(1);
    breakAfterCommit = true;
    await p.service.sweepIfDue();
    breakAfterCommit = false;
    expect(p.service.sweepStats().failed).toBe(1);
    expect(r.gw.push.unconfirmed()).toBe(missed); // nothing confirmed
    const stored = handledRows(r).filter((x) => x.handled_at !== null && x.order_id);
    expect(stored.length).toBeGreaterThan(0); // …but what was refreshed is stored
    const pendingOrders = new Set(handledRows(r).filter((x) => x.handled_at === null).map((x) => x.order_id));
    const settled = [...new Set(stored.map((x) => x.order_id as string))].filter((o) => !pendingOrders.has(o));
    const callsBefore = new Map(settled.map((o) => [o, callsFor(r, o)]));
    r.gw.setFaults({});
    r.clock.advance(15_000);
    await p.service.sweepIfDue();
    expect(r.gw.push.unconfirmed()).toBe(0);
    expect(handledRows(r).filter((x) => x.handled_at === null)).toEqual([]);
    // The hints stored before the failure were listed again and confirmed, without a second refresh.
    for (const o of settled) expect(callsFor(r, o)).toBe(callsBefore.get(o));
    for (const x of handledRows(r)) if (x.logistics_id && x.order_id) expect(missingAnnounced(r, x.order_id, x.logistics_id, x.born_at)).toEqual([]);
  }, 60_000);
});
