// 1688's parcel status as a second witness, through the REAL sync engine and ERP outbox hook on a
// real SQLite database, with a scripted 1688 client: a doubtful signing is not believed on the
// text alone, 1688 is asked for its order at once (one getLogisticsInfos), SIGN confirms it, a
// contradiction keeps it open and is shown, and nothing reaches the ERP as delivered meanwhile.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ali1688Client } from '../../../electron/core/ali1688/client';
import type { Parcel } from '../../../electron/core/ali1688/schemas';
import { createOutboxHook, createOutboxRepo } from '../../../electron/core/erp/outbox';
import { silentLogger } from '../../../electron/core/ports';
import { openStore, type Store } from '../../../electron/core/store';
import { createSyncEngine, type SyncEngine } from '../../../electron/core/sync/syncEngine';
import { classifyRemarkWithEvidence } from '../../../electron/core/tracking/classifyRemark';
import { evidenceView } from '../../../electron/core/api/views';
import { parseEvidence } from '../../../electron/core/tracking/parcelEvidence';
import { scriptedClient } from '../../helpers/scriptedClient';
import { PUSH_POLL_STRETCH } from '../../../electron/core/push/pushService';

const O = '3712345678901234568';
const T0 = Date.UTC(2026, 10, 1, 2, 0, 0);
const H = 3600_000;
const COLLECTED = '【深圳市】您的包裹已从龙华大浪菜鸟驿站取出';

let store: Store;
let now: number;
let status1688: string;
let steps: { at: number; remark: string }[];
let logisticsCalls: number;

function parcel(): Parcel {
  const addr = { province: '广东省', city: '深圳市', county: null };
  return { logisticsId: 'LW', billNo: 'ZT900', carrierCode: 'ZTO', carrierName: '中通快递', status1688, shippedAt: T0, sender: addr, receiver: addr, goods: [], raw: null };
}

function client(): Ali1688Client {
  return scriptedClient({
    orderId: O,
    t0: T0,
    status1688: () => 'waitbuyerreceive',
    parcels: () => [parcel()],
    steps: () => steps,
    onParcelsRead: () => logisticsCalls++,
  });
}

function engine(): SyncEngine {
  const outbox = createOutboxRepo(store.db);
  return createSyncEngine({
    store,
    client: client(),
    clock: { now: () => now, sleep: async () => undefined },
    logger: silentLogger,
    hooks: createOutboxHook({ store, outbox, statusChangedEvents: () => false, now: () => now }),
    // The collection line is doubtful for this test (whatever the rules say of it today).
    explain: (remark) => (remark === COLLECTED ? { rule: 'test.station_collected', doubtful: true } : classifyRemarkWithEvidence(remark)),
    classify: (remark) => (remark === COLLECTED ? 'delivered' : classifyRemarkWithEvidence(remark).stage),
  });
}

const shipment = () => store.shipments.byOrder(O)[0]!;
const evidence = () => parseEvidence(shipment());
const delivered = () => (store.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE type = 'shipment.delivered'").get() as { n: number }).n;

beforeEach(async () => {
  store = openStore(':memory:');
  now = T0;
  status1688 = 'TRANSPORT';
  logisticsCalls = 0;
  steps = [
    { at: T0 - 20 * H, remark: '【义乌市】快件已揽收' },
    { at: T0 - 2 * H, remark: '【深圳市】快件已到达龙华大浪菜鸟驿站，请凭取件码 5-2-1234 取件' },
  ];
  store.orders.addTracked(O, 'import', 'PO-9', T0);
  await engine().refreshOrder(O);
});
afterEach(() => store.close());

describe('the second witness', () => {
  it('asks 1688 before believing a doubtful signing, and SIGN confirms it', async () => {
    expect(shipment().status).toBe('awaiting_pickup');
    steps.push({ at: T0 + 1 * H, remark: COLLECTED });
    status1688 = 'SIGN';
    now = T0 + 2 * H;
    const calls = logisticsCalls;
    await engine().runCycle({ all: true, discover: 'skip' });
    expect(logisticsCalls - calls).toBe(1); // one getLogisticsInfos for the order, in the same cycle
    expect(shipment().status).toBe('delivered');
    expect(evidence()).toMatchObject({ rule: 'test.station_collected', by: 'text', remark: COLLECTED, witness: 'agrees', held: false, doubtful: true });
    expect(delivered()).toBe(1);
  });

  it('keeps a doubtful signing open while 1688 contradicts it, shows the contradiction, and writes no delivery to the ERP', async () => {
    steps.push({ at: T0 + 1 * H, remark: COLLECTED });
    now = T0 + 2 * H;
    await engine().runCycle({ all: true, discover: 'skip' });
    expect(shipment().status).toBe('awaiting_pickup');
    expect(evidence()).toMatchObject({ held: true, witness: 'contradicts', s1688: 'TRANSPORT', remark: COLLECTED });
    expect(delivered()).toBe(0);
    // What the order detail shows (判定依据): the rule with its description, the step, the contradiction.
    expect(evidenceView(shipment())).toEqual({
      rule: 'test.station_collected',
      ruleText: { zh: '按轨迹文字判定（规则 test.station_collected）', en: 'Decided from the tracking text (rule test.station_collected)' },
      decidedBy: 'text',
      stepAt: new Date(T0 + 1 * H).toISOString(),
      stepRemark: COLLECTED,
      doubtful: true,
      status1688: 'TRANSPORT',
      status1688ReadAt: new Date(T0 + 2 * H).toISOString(),
      witness: 'contradicts',
      held: true,
      // No push named this parcel.
      pushStatus: null,
      pushAt: null,
      pushWitness: 'unknown',
    });
    // Polled again later: still held, and 1688 is not asked again on every poll.
    now = T0 + 3 * H;
    const calls = logisticsCalls;
    await engine().runCycle({ all: true, discover: 'skip' });
    expect(logisticsCalls).toBe(calls);
    expect(delivered()).toBe(0);
    // 1688 says SIGN at its next read: delivered, and the ERP hears of it once.
    status1688 = 'SIGN';
    now = T0 + 20 * H;
    await engine().refreshOrder(O);
    expect(shipment().status).toBe('delivered');
    expect(evidence()).toMatchObject({ witness: 'agrees', held: false });
    expect(delivered()).toBe(1);
  });

  it("applies 1688's status as soon as it is read: SIGN delivers a parcel whose text lags", async () => {
    status1688 = 'SIGN';
    now = T0 + 30 * H;
    await engine().refreshOrder(O);
    expect(shipment().status).toBe('delivered');
    expect(evidence()).toMatchObject({ by: 'status1688', rule: 'status1688.SIGN', witness: 'contradicts' });
    expect(delivered()).toBe(1);
  });

  it("a re-read of 1688's status keeps the parcel's poll: the stretch while pushes arrive still counts from its last trace poll", async () => {
    const before = shipment();
    const dueStretched = store.shipments.nextDueAt(PUSH_POLL_STRETCH);
    expect(dueStretched).toBeGreaterThan(T0 + 2 * H);
    now = T0 + 10 * 60_000; // before its next poll
    const calls = logisticsCalls;
    // A waybill-change push: the order's parcel list (and 1688's status) is read, no trace.
    await engine().refreshPushed([{ orderId: O, order: false, parcels: true, trace: false, logisticsIds: [] }]);
    expect(logisticsCalls - calls).toBe(1);
    expect(shipment()).toMatchObject({ last_polled_at: before.last_polled_at, next_poll_at: before.next_poll_at });
    expect(store.shipments.nextDueAt(PUSH_POLL_STRETCH)).toBe(dueStretched);
  });

  it('re-reads 1688 for a parcel that has waited at a station 24 h, then every 6 h at most', async () => {
    const due = () => (store.db.prepare('SELECT next_parcel_check_at AS t FROM orders WHERE id = ?').get(O) as { t: number }).t;
    // Read at T0: the order's own re-read is 12 h later; the wait (since T0 - 2 h) is not 24 h old before T0 + 22 h.
    expect(due()).toBe(T0 + 12 * H);
    now = T0 + 13 * H;
    const calls = logisticsCalls;
    await engine().runCycle({ discover: 'skip' });
    expect(logisticsCalls - calls).toBe(1);
    // 1688 read at T0 + 13 h; the next read is due when the wait turns 24 h old (T0 + 22 h), before the 12 h re-read.
    expect(due()).toBe(T0 + 22 * H);
    now = T0 + 22 * H;
    await engine().runCycle({ discover: 'skip' });
    expect(logisticsCalls - calls).toBe(2);
    // From then on at most every 6 h.
    expect(due()).toBe(T0 + 28 * H);
  });
});
