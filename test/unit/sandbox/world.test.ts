import { describe, expect, it } from 'vitest';
import {
  JOURNEY_KINDS,
  NON_TERMINAL_JOURNEY_KINDS,
  bigNum,
  createSandboxWorld,
  stringifyBig,
  type OrderTruth,
} from '../../../electron/core/ali1688/sandbox';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 15, 4, 0, 0);

describe('sandbox world', () => {
  it('is deterministic for a seed: two instances tell the same truth', () => {
    const a = createSandboxWorld({ seed: 42, orders: 120, startAt: START });
    const b = createSandboxWorld({ seed: 42, orders: 120, startAt: START });
    expect(a.orderIds()).toEqual(b.orderIds());
    for (const t of [START - 10 * DAY, START, START + 3 * DAY, a.finishedAt()]) {
      expect(JSON.stringify(a.truthAt(t))).toBe(JSON.stringify(b.truthAt(t)));
    }
    expect(a.finishedAt()).toBe(b.finishedAt());
    const c = createSandboxWorld({ seed: 43, orders: 120, startAt: START });
    expect(c.orderIds()).not.toEqual(a.orderIds());
  });

  it('answers the same whatever order it is asked in (per-order seeds, lazy generation)', () => {
    const a = createSandboxWorld({ seed: 5, orders: 300, startAt: START });
    const b = createSandboxWorld({ seed: 5, orders: 300, startAt: START });
    const ids = a.orderIds();
    const t = START + 2 * DAY;
    const forward = ids.map((id) => a.orderTruthAt(id, t));
    const backward = [...ids].reverse().map((id) => b.orderTruthAt(id, t)).reverse();
    expect(JSON.stringify(forward)).toBe(JSON.stringify(backward));
    // journeyKindOf works before anything else was generated.
    const fresh = createSandboxWorld({ seed: 5, orders: 300, startAt: START });
    for (const o of a.truthAt(a.finishedAt())) {
      for (const p of o.parcels) expect(fresh.journeyKindOf(p.logisticsId)).toBe(p.journeyKind);
    }
    expect(fresh.journeyKindOf('LP00000000000000')).toBeUndefined();
  });

  it('makes 19-digit order ids above 2^53 and below 2^63-1, all distinct', () => {
    const w = createSandboxWorld({ seed: 1688, orders: 5000, startAt: START });
    const ids = w.orderIds();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^37\d{17}$/);
      expect(BigInt(id) > 2n ** 53n).toBe(true);
      expect(BigInt(id) < 9223372036854775807n).toBe(true);
    }
  });

  it('creates orders in the 30 days before startAt and hides orders not created yet', () => {
    const w = createSandboxWorld({ seed: 9, orders: 400, startAt: START });
    const all = w.truthAt(START);
    expect(all).toHaveLength(400);
    for (const o of all) {
      expect(o.createdAt).toBeLessThanOrEqual(START);
      expect(o.createdAt).toBeGreaterThanOrEqual(START - 30 * DAY);
    }
    const earlier = w.truthAt(START - 15 * DAY);
    expect(earlier.length).toBeGreaterThan(100);
    expect(earlier.length).toBeLessThan(300);
    const first = all[0] as OrderTruth;
    expect(w.orderTruthAt(first.orderId, first.createdAt - 1)).toBeNull();
    expect(w.orderTruthAt(first.orderId, first.createdAt)).not.toBeNull();
  });

  it('has a realistic mix: multi-parcel orders, unpaid, cancelled, unshipped, every journey kind', () => {
    const w = createSandboxWorld({ seed: 1688, orders: 1000, startAt: START });
    const atStart = w.truthAt(START);
    const statuses = new Map<string, number>();
    for (const o of atStart) statuses.set(o.status1688, (statuses.get(o.status1688) ?? 0) + 1);
    expect(statuses.get('waitbuyerpay') ?? 0).toBeGreaterThan(5);
    expect(statuses.get('cancel') ?? 0).toBeGreaterThan(20);
    expect(statuses.get('waitbuyerreceive') ?? 0).toBeGreaterThan(100);
    expect(statuses.get('success') ?? 0).toBeGreaterThan(100);
    // Paid and not shipped at the start: roughly 5-15%.
    const unshipped = atStart.filter((o) => o.status1688 === 'waitsellersend' && o.parcels.length === 0).length;
    expect(unshipped).toBeGreaterThan(40);
    expect(unshipped).toBeLessThan(150);

    const end = w.truthAt(w.finishedAt());
    const multi = end.filter((o) => o.parcels.length >= 2);
    expect(multi.length).toBeGreaterThan(80);
    expect(multi.length).toBeLessThan(220);
    expect(end.some((o) => o.parcels.length === 3)).toBe(true);
    const kinds = new Map<string, number>();
    for (const o of end) for (const p of o.parcels) kinds.set(p.journeyKind, (kinds.get(p.journeyKind) ?? 0) + 1);
    for (const k of JOURNEY_KINDS) expect(kinds.get(k) ?? 0, k).toBeGreaterThan(0);
    // Some orders ship during the run: unshipped at start, shipped by the end.
    const shippedLater = atStart.filter(
      (o) => o.parcels.length === 0 && (end.find((e) => e.orderId === o.orderId)?.parcels.length ?? 0) > 0,
    );
    expect(shippedLater.length).toBeGreaterThan(10);
    // Carriers: all eight appear.
    const carriers = new Set(end.flatMap((o) => o.parcels.map((p) => p.carrierCode)));
    expect([...carriers].sort()).toEqual(['EMS', 'JD', 'JTSD', 'SF', 'STO', 'YTO', 'YUNDA', 'ZTO']);
  });

  it('brings every parcel to a terminal state by finishedAt(), except the designed stalls and losses', () => {
    const w = createSandboxWorld({ seed: 1688, orders: 1000, startAt: START });
    const fin = w.finishedAt();
    expect(fin).toBeGreaterThan(START);
    expect(fin).toBeLessThan(START + 40 * DAY);
    const end = w.truthAt(fin);
    let nonTerminal = 0;
    for (const o of end) {
      for (const p of o.parcels) {
        const last = p.steps[p.steps.length - 1];
        const terminal =
          p.status1688 === 'SIGN' || p.status1688 === 'CANCEL' || last?.stage === 'returned';
        if (NON_TERMINAL_JOURNEY_KINDS.includes(p.journeyKind)) {
          expect(terminal, `${p.logisticsId} ${p.journeyKind}`).toBe(false);
          nonTerminal++;
        } else {
          expect(terminal, `${p.logisticsId} ${p.journeyKind}`).toBe(true);
        }
        if (p.status1688 === 'SIGN') expect(last?.stage).toBe('delivered');
        if (p.journeyKind === 'refused_returned') {
          expect(p.steps.some((s) => s.stage === 'returning')).toBe(true);
          expect(last?.stage).toBe('returned');
        }
        if (p.journeyKind === 'never_picked_up') {
          expect(p.status1688).toBe('NOGET');
          expect(p.steps.every((s) => s.stage === 'info_received')).toBe(true);
        }
        // Journeys finish within ~25 days of shipment.
        if (last) expect(last.at - p.shippedAt).toBeLessThan(25 * DAY);
      }
      // Orders: success once every parcel is delivered (some days later).
      if (o.parcels.length > 0 && o.parcels.every((p) => p.status1688 === 'SIGN')) expect(o.status1688).toBe('success');
    }
    expect(nonTerminal).toBeGreaterThan(0);
    // Nothing changes after finishedAt().
    expect(JSON.stringify(w.truthAt(fin + 60 * DAY))).toBe(JSON.stringify(end));
  });

  it('keeps steps ordered, with second precision, and statuses that follow the journey', () => {
    const w = createSandboxWorld({ seed: 77, orders: 500, startAt: START });
    const fin = w.finishedAt();
    for (const o of w.truthAt(fin)) {
      for (const p of o.parcels) {
        for (let i = 0; i < p.steps.length; i++) {
          const s = p.steps[i]!;
          expect(s.at % 1000).toBe(0);
          expect(s.remark.length).toBeGreaterThan(0);
          if (i > 0) expect(s.at).toBeGreaterThan(p.steps[i - 1]!.at);
          expect(s.at).toBeGreaterThanOrEqual(p.shippedAt);
        }
        if (p.journeyKind === 'failed_then_delivered') expect(p.steps.some((s) => s.stage === 'failed_attempt')).toBe(true);
        if (p.journeyKind === 'station' || p.journeyKind === 'locker') {
          const waiting = p.steps.filter((s) => s.stage === 'awaiting_pickup');
          expect(waiting.length).toBeGreaterThan(0);
          if (p.journeyKind === 'station') {
            const delivered = p.steps[p.steps.length - 1]!;
            expect(delivered.at - waiting[0]!.at).toBeGreaterThanOrEqual(DAY);
          }
        }
        if (p.journeyKind === 'stalled') {
          const gaps = p.steps.slice(1).map((s, i) => s.at - p.steps[i]!.at);
          expect(Math.max(...gaps)).toBeGreaterThanOrEqual(3 * DAY);
        }
      }
    }
    // Parcel status over time: WAITACCEPT before pickup, then ACCEPT/TRANSPORT, SIGN at the end.
    const normal = w
      .truthAt(fin)
      .flatMap((o) => o.parcels.map((p) => ({ o, p })))
      .find(({ p }) => p.journeyKind === 'normal')!;
    const pick = normal.p.steps.find((s) => s.stage === 'picked_up')!;
    const statusAt = (t: number) =>
      w.orderTruthAt(normal.o.orderId, t)!.parcels.find((x) => x.logisticsId === normal.p.logisticsId)!.status1688;
    expect(statusAt(normal.p.shippedAt)).toBe('WAITACCEPT');
    expect(statusAt(pick.at)).toBe('ACCEPT');
    expect(statusAt(pick.at - 1000)).toBe('WAITACCEPT');
    expect(statusAt(normal.p.steps[normal.p.steps.length - 1]!.at)).toBe('SIGN');
  });

  it('changes the waybill number of waybill_changed parcels, and modifyTime with it', () => {
    const w = createSandboxWorld({ seed: 1688, orders: 1000, startAt: START });
    const fin = w.finishedAt();
    const changed = w
      .truthAt(fin)
      .flatMap((o) => o.parcels.map((p) => ({ o, p })))
      .filter(({ p }) => p.journeyKind === 'waybill_changed');
    expect(changed.length).toBeGreaterThan(5);
    for (const { o, p } of changed) {
      const before = w.orderTruthAt(o.orderId, p.shippedAt)!.parcels.find((x) => x.logisticsId === p.logisticsId)!;
      expect(before.billNo).not.toBe(p.billNo);
      const newInfo = p.steps.filter((s) => s.stage === 'info_received')[1]!;
      const after = w.orderTruthAt(o.orderId, newInfo.at)!;
      expect(after.parcels.find((x) => x.logisticsId === p.logisticsId)!.billNo).toBe(p.billNo);
      expect(after.modifiedAt).toBeGreaterThanOrEqual(newInfo.at);
    }
  });

  it('writes the kinds of remark a tracker must survive', () => {
    const w = createSandboxWorld({ seed: 1688, orders: 1000, startAt: START });
    const remarks = w.truthAt(w.finishedAt()).flatMap((o) => o.parcels.flatMap((p) => p.steps.map((s) => s.remark)));
    const has = (re: RegExp) => remarks.some((r) => re.test(r));
    expect(has(/【[^】]+】/)).toBe(true);
    expect(has(/转运中心|分拨中心/)).toBe(true);
    expect(has(/取件码/)).toBe(true);
    expect(has(/驿站/)).toBe(true);
    expect(has(/快递柜|智能柜/)).toBe(true);
    expect(has(/本人/)).toBe(true);
    expect(has(/无人接听|预约再派|再次派送/)).toBe(true);
    expect(has(/拒收/)).toBe(true);
    expect(has(/退回件已签收|退签|退件已由发件人签收/)).toBe(true);
    expect(has(/问题件|破损|遗失|丢失/)).toBe(true);
    expect(has(/如有疑问请联系|如有异常请联系|如有问题请拨打/)).toBe(true);
    expect(has(/^[\x20-\x7e]+$/)).toBe(true); // an English line
    expect(has(/[攬遞簽達發貨員電話聯]/)).toBe(true); // traditional characters
    expect(has(/<img src=x onerror=alert\(1\)>|<script>/)).toBe(true);
    expect(has(/\u202E/)).toBe(true);
  });

  it('builds a 1,000-order world whole, and a 100,000-order world lazily, one order at a time', () => {
    const w = createSandboxWorld({ seed: 3, orders: 1000, startAt: START });
    expect(w.truthAt(START).length).toBeGreaterThan(900);
    const big = createSandboxWorld({ seed: 3, orders: 100_000, startAt: START });
    const ids = big.orderIds();
    expect(ids).toHaveLength(100_000);
    expect(big.orderTruthAt(ids[99_999]!, START)).not.toBeNull();
  });
});

describe('sandbox JSON writer', () => {
  it('writes BigNum as a bare literal and everything else like JSON.stringify', () => {
    const v = { id: bigNum('3712345678901234567'), s: 'a"b\u202E<', n: 128.5, f: 12.05, b: false, z: null, u: undefined, arr: [1, 'x', bigNum('-5')] };
    const text = stringifyBig(v);
    expect(text).toBe('{"id":3712345678901234567,"s":"a\\"b\u202E<","n":128.5,"f":12.05,"b":false,"z":null,"arr":[1,"x",-5]}');
    const plain = { ...v, id: 'x', arr: [1, 'x', -5] };
    expect(stringifyBig(plain)).toBe(JSON.stringify(plain));
    expect(() => bigNum('12a')).toThrow();
  });
});
