// The delivery estimator (tracking/estimator.ts) on a real SQLite file: its grouped history
// gives exactly what estimateDelivery gives over the carrier's whole history, for every level
// and the ways places are spelled; after a sync (`invalidate`) it learns new, changed and
// withdrawn deliveries without reading the history again, from this connection or another,
// and not writes that rolled back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store';
import type { ShipmentRow } from '../../../electron/core/store/shipments';
import { estimateDelivery, type TransitSample } from '../../../electron/core/tracking/deliveryEstimate';
import { createDeliveryEstimator } from '../../../electron/core/tracking/estimator';

const H = 3600_000;
const DAYS = 4;

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-estimator-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// Places spelled the ways 1688 addresses spell them: with and without 省/市, spaces, NULLs.
const ORIGINS = [
  ['浙江省', '金华市'],
  ['浙江', '金华'],
  [' 浙江省', '义乌市 '],
  ['广东省', '广州市'],
  ['广东', null],
  [null, '深圳市'],
] as const;
const DESTS = [
  ['广东省', '深圳市'],
  ['广东', '深圳'],
  ['北京市', '北京市'],
  ['广西壮族自治区', '南宁市'],
  ['广西', '南宁'],
  [null, null],
] as const;
const CARRIERS = [
  ['ZTO', '中通快递'],
  ['zto', '中通'],
  ['YTO', '圆通速递'],
  ['SF', null],
  ['JD', '京东'],
] as const;

let orderNo = 0;
let x = 7;
const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

const insertOrder = (s: Store) => {
  const id = `37${String(++orderNo).padStart(17, '0')}`;
  s.db.prepare("INSERT INTO orders (id, status, source, first_seen_at, updated_at) VALUES (?, 'in_transit', 'discovered', 0, 0)").run(id);
  return id;
};

/** A parcel; delivered ones are the history. Returns its id. */
function addParcel(s: Store, over: Partial<ShipmentRow> = {}): number {
  const [op, oc] = pick(ORIGINS);
  const [dp, dc] = pick(DESTS);
  const [code, name] = pick(CARRIERS);
  const shipped = 1_000 * H + Math.floor(rnd() * 100) * H;
  const delivered = over.status === undefined || over.status === 'delivered';
  const row = {
    order_id: insertOrder(s),
    logistics_id: `LP${orderNo}`,
    carrier_code: code,
    carrier_name: name,
    status: 'delivered',
    origin_province: op,
    origin_city: oc,
    dest_province: dp,
    dest_city: dc,
    shipped_at: shipped,
    delivered_at: delivered ? shipped + (20 + Math.floor(rnd() * 100)) * H : null,
    first_seen_at: shipped,
    updated_at: shipped,
    ...over,
  };
  const cols = Object.keys(row);
  return Number(
    s.db.prepare(`INSERT INTO shipments (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row).lastInsertRowid,
  );
}

/** What estimateDelivery says over the whole history as it is now: the answer of the estimator before the grouping. */
function truth(s: Store): (sh: ShipmentRow) => { expectedAt: number; basis: unknown } {
  const history = s.db
    .prepare(
      `SELECT carrier_code AS carrierCode, origin_city AS originCity, origin_province AS originProvince,
         dest_city AS destCity, dest_province AS destProvince, delivered_at - shipped_at AS transitMs
       FROM shipments WHERE status = 'delivered' AND carrier_code IS NOT NULL AND shipped_at IS NOT NULL AND delivered_at > shipped_at`,
    )
    .all() as (TransitSample & { carrierCode: string })[];
  return (sh) => {
    const mine = sh.carrier_code ? history.filter((h) => h.carrierCode.toUpperCase() === sh.carrier_code!.toUpperCase()) : [];
    const e = estimateDelivery(
      {
        carrierCode: sh.carrier_code,
        carrierName: sh.carrier_name,
        originCity: sh.origin_city,
        originProvince: sh.origin_province,
        destCity: sh.dest_city,
        destProvince: sh.dest_province,
        shippedAt: 0,
      },
      mine,
      { defaultDays: DAYS },
    );
    return { expectedAt: (sh.shipped_at ?? sh.first_seen_at) + e.expectedAt, basis: e.basis };
  };
}

/** Parcels in transit on every combination of route spelling, plus odd carriers. */
function probes(s: Store): ShipmentRow[] {
  const ids: number[] = [];
  for (const [op, oc] of ORIGINS) {
    for (const [dp, dc] of DESTS) {
      for (const [code, name] of [...CARRIERS, ['EMS', 'EMS'], [' ZTO', null], ['', null], [null, null]] as const) {
        ids.push(
          addParcel(s, {
            status: 'in_transit',
            carrier_code: code,
            carrier_name: name,
            origin_province: op,
            origin_city: oc,
            dest_province: dp,
            dest_city: dc,
            delivered_at: null,
          }),
        );
      }
    }
  }
  return ids.map((id) => s.shipments.get(id)!);
}

/** Counts full reads of the history (the grouped statement), to tell a catch-up from a re-read. */
function countFullReads(s: Store): { reads: number } {
  const counter = { reads: 0 };
  const prepare = s.db.prepare;
  s.db.prepare = function (this: typeof s.db, sql: string) {
    const st = prepare.call(this, sql);
    if (sql.includes('json_group_array')) {
      const loose = st as unknown as { iterate: (...args: unknown[]) => unknown };
      const iterate = loose.iterate;
      loose.iterate = function (this: unknown, ...args: unknown[]) {
        counter.reads++;
        return iterate.apply(this, args);
      };
    }
    return st;
  } as typeof prepare;
  return counter;
}

function seedHistory(n: number) {
  store.transaction(() => {
    for (let i = 0; i < n; i++) addParcel(store);
  });
}

describe('delivery estimator', () => {
  it('gives what estimateDelivery gives over the whole history, at every level and for every spelling of a route', () => {
    seedHistory(900);
    const estimator = createDeliveryEstimator(store, () => DAYS);
    const levels = new Set<string>();
    const want = truth(store);
    for (const sh of probes(store)) {
      const got = estimator.estimateFor(sh);
      expect(got, JSON.stringify(sh)).toEqual(want(sh));
      levels.add(got.basis.level);
      // Asked again (memoised): the same.
      expect(estimator.estimateFor(sh)).toEqual(got);
    }
    expect([...levels].sort()).toEqual(['carrier', 'default', 'route_city', 'route_province']);
  });

  it('takes the first level with at least 10 deliveries, at exactly 10 and 9', () => {
    const at = (i: number) => ({ shipped_at: 0, delivered_at: (30 + 7 * i) * H });
    const city = (code: string, n: number, op: string, oc: string, dp: string, dc: string) => {
      for (let i = 0; i < n; i++) {
        // Half spelled with 省/市, half without: one route.
        const s = i % 2 === 0 ? '' : '市';
        const p = i % 2 === 0 ? '' : '省';
        addParcel(store, { carrier_code: code, carrier_name: null, origin_province: op + p, origin_city: oc + s, dest_province: dp + p, dest_city: dc + s, ...at(i) });
      }
    };
    city('DBKD', 10, '浙江', '金华', '广东', '深圳'); // city route at exactly 10
    city('DBKD', 9, '浙江', '宁波', '广东', '佛山'); // 9 on the city route…
    city('DBKD', 1, '浙江', '温州', '广东', '东莞'); // …and a 10th in the same provinces
    city('KYE', 9, '江苏', '苏州', '上海', '上海'); // 9 in all: the default
    for (let i = 0; i < 10; i++) addParcel(store, { carrier_code: 'ANE', carrier_name: null, ...at(i) }); // 10 on random routes
    const estimator = createDeliveryEstimator(store, () => DAYS);
    const want = truth(store);
    const probe = (code: string, op: string, oc: string, dp: string, dc: string) =>
      store.shipments.get(
        addParcel(store, { status: 'in_transit', carrier_code: code, carrier_name: null, origin_province: op, origin_city: oc, dest_province: dp, dest_city: dc, delivered_at: null }),
      )!;
    const cases: [ShipmentRow, string][] = [
      [probe('DBKD', '浙江省', '金华市', '广东省', '深圳市'), 'route_city'],
      [probe('DBKD', '浙江', '宁波', '广东', '佛山'), 'route_province'],
      [probe('KYE', '江苏', '苏州', '上海', '上海'), 'default'],
      [probe('ANE', '江苏', '苏州', '上海', '上海'), 'carrier'],
    ];
    for (const [sh, level] of cases) {
      expect(estimator.estimateFor(sh)).toEqual(want(sh));
      expect(estimator.estimateFor(sh).basis.level).toBe(level);
    }
  });

  it('learns new, changed and withdrawn deliveries after invalidate(), from the change feed, without reading everything again', () => {
    seedHistory(600);
    const reads = countFullReads(store);
    const estimator = createDeliveryEstimator(store, () => DAYS);
    const probe = probes(store);
    for (const sh of probe) estimator.estimateFor(sh);
    expect(reads.reads).toBe(1);

    // A sync: parcels delivered (one new, several on one route so a level changes), a delivery
    // withdrawn (returned after all), one re-routed, one whose times were corrected.
    const route = { carrier_code: 'YTO', carrier_name: '圆通速递', origin_province: '浙江省', origin_city: '金华市', dest_province: '北京市', dest_city: '北京市' };
    store.transaction(() => {
      for (let i = 0; i < 12; i++) addParcel(store, { ...route, shipped_at: 2_000 * H, delivered_at: 2_000 * H + (200 + i) * H });
      const [a, b, c] = store.db.prepare("SELECT id FROM shipments WHERE status = 'delivered' AND carrier_code = 'ZTO' LIMIT 3").pluck().all() as number[];
      store.db.prepare("UPDATE shipments SET status = 'returned', delivered_at = NULL WHERE id = ?").run(a);
      store.db.prepare("UPDATE shipments SET origin_city = '杭州市', carrier_code = 'SF' WHERE id = ?").run(b);
      store.db.prepare('UPDATE shipments SET delivered_at = delivered_at + ? WHERE id = ?').run(500 * H, c);
      // Writes that change nothing the history holds are not noted, and do not matter.
      store.db.prepare("UPDATE shipments SET last_polled_at = 1, updated_at = 2 WHERE status = 'delivered'").run();
    });
    // Not learned before the sync says so (as before: "learn from them next time").
    const stale = probe.map((sh) => estimator.estimateFor(sh));
    const before = createDeliveryEstimator(store, () => DAYS);
    expect(stale.some((e, i) => JSON.stringify(e) !== JSON.stringify(before.estimateFor(probe[i]!)))).toBe(true);

    reads.reads = 0;
    estimator.invalidate();
    const want = truth(store);
    for (const sh of probe) expect(estimator.estimateFor(sh), JSON.stringify(sh)).toEqual(want(sh));
    expect(reads.reads).toBe(0);
    const yto = probe.find((sh) => sh.carrier_code === 'YTO' && sh.origin_city === '金华市' && sh.dest_city === '北京市')!;
    expect(estimator.estimateFor(yto).basis.level).toBe('route_city');
  });

  it('keeps only the newest entry of its change feed once read, and still learns every later sync', () => {
    seedHistory(300);
    const estimator = createDeliveryEstimator(store, () => DAYS);
    const probe = probes(store);
    for (const sh of probe) estimator.estimateFor(sh);
    const feedRows = () => store.db.prepare('SELECT COUNT(*) FROM temp.estimator_feed').pluck().get() as number;
    const route = { carrier_code: 'YTO', carrier_name: '圆通速递', origin_province: '浙江省', origin_city: '金华市', dest_province: '北京市', dest_city: '北京市' };
    for (let sync = 0; sync < 3; sync++) {
      store.transaction(() => {
        for (let i = 0; i < 12; i++) addParcel(store, { ...route, shipped_at: 2_000 * H, delivered_at: 2_000 * H + (100 + 50 * sync + i) * H });
      });
      expect(feedRows()).toBeGreaterThanOrEqual(12);
      estimator.invalidate();
      const want = truth(store);
      for (const sh of probe) expect(estimator.estimateFor(sh)).toEqual(want(sh));
      expect(probe.some((sh) => sh.carrier_code === 'YTO')).toBe(true);
      // Read: all but the newest entry (which keeps the next one's number from starting over) gone.
      expect(feedRows()).toBe(1);
    }
  });

  it('does not learn a write that rolled back', () => {
    seedHistory(300);
    const estimator = createDeliveryEstimator(store, () => DAYS);
    const probe = probes(store);
    const first = probe.map((sh) => estimator.estimateFor(sh));
    expect(() =>
      store.transaction(() => {
        for (let i = 0; i < 40; i++) addParcel(store, { carrier_code: 'JD', delivered_at: 1_000 * H + 900 * H, shipped_at: 1_000 * H });
        store.db.prepare("UPDATE shipments SET status = 'returned' WHERE status = 'delivered' AND carrier_code = 'SF'").run();
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    estimator.invalidate();
    expect(probe.map((sh) => estimator.estimateFor(sh))).toEqual(first);
    const want = truth(store);
    for (const sh of probe) expect(estimator.estimateFor(sh)).toEqual(want(sh));
  });

  it('learns what another connection wrote (by reading the history again)', () => {
    seedHistory(300);
    const estimator = createDeliveryEstimator(store, () => DAYS);
    const probe = probes(store);
    for (const sh of probe) estimator.estimateFor(sh);
    const other = openStore(dir);
    try {
      other.transaction(() => {
        for (let i = 0; i < 30; i++) addParcel(other, { carrier_code: 'SF', carrier_name: null, shipped_at: 0, delivered_at: 500 * H });
      });
    } finally {
      other.close();
    }
    estimator.invalidate();
    const want = truth(store);
    for (const sh of probe) expect(estimator.estimateFor(sh)).toEqual(want(sh));
  });

  it('follows writes made while the history was first read inside a transaction', () => {
    seedHistory(200);
    const estimator = createDeliveryEstimator(store, () => DAYS);
    const probe = probes(store);
    // First use inside a sync's write transaction (the alert hooks), which then rolls back.
    expect(() =>
      store.transaction(() => {
        addParcel(store, { carrier_code: 'EMS', carrier_name: 'EMS', shipped_at: 0, delivered_at: 30 * H });
        estimator.estimateFor(probe[0]!);
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    estimator.invalidate();
    const want = truth(store);
    for (const sh of probe) expect(estimator.estimateFor(sh)).toEqual(want(sh));
    // And the feed works from there on.
    for (let i = 0; i < 12; i++) addParcel(store, { carrier_code: 'EMS', carrier_name: 'EMS', shipped_at: 0, delivered_at: (30 + i) * H });
    estimator.invalidate();
    const wantNow = truth(store);
    for (const sh of probe) expect(estimator.estimateFor(sh)).toEqual(wantNow(sh));
  });
});
