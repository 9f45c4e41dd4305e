import { describe, it, expect } from 'vitest';
import { estimateDelivery, percentile, type TransitSample } from '../../../electron/core/tracking/deliveryEstimate';

const DAY = 86_400_000;
const HOUR = 3_600_000;

// Deterministic pseudo-random transit times (LCG), so the tests are stable.
function seeded(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}
function samples(n: number, route: Omit<TransitSample, 'transitMs'>, baseDays: number, seed: number): TransitSample[] {
  const rnd = seeded(seed);
  return Array.from({ length: n }, () => ({ ...route, transitMs: Math.round((baseDays + rnd() * 2) * DAY) }));
}
const route = (carrierCode: string, originCity: string, originProvince: string, destCity: string, destProvince: string) => ({
  carrierCode,
  originCity,
  originProvince,
  destCity,
  destProvince,
});
const YIWU_SZ = route('ZTO', '义乌', '浙江', '深圳', '广东');
const shippedAt = Date.parse('2024-06-03T10:00:00+08:00');
const input = { ...YIWU_SZ, shippedAt };
const p80 = (h: TransitSample[]) => percentile(h.map((x) => x.transitMs), 0.8);

describe('percentile (nearest rank)', () => {
  it('returns an observed value: sorted[ceil(p·n) − 1]', () => {
    const v = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(v, 0.8)).toBe(8);
    expect(percentile(v, 0.5)).toBe(5);
    expect(percentile(v, 0.81)).toBe(9);
    expect(percentile(v, 0)).toBe(1);
    expect(percentile(v, 1)).toBe(10);
    expect(percentile([42], 0.8)).toBe(42);
    expect(percentile([], 0.8)).toBeNaN();
    expect(v[0]).toBe(10); // input not mutated
  });
});

describe('estimateDelivery', () => {
  it('uses the city route when it has enough samples', () => {
    const city = samples(12, YIWU_SZ, 2, 1);
    const history = [...city, ...samples(30, route('ZTO', '金华', '浙江', '广州', '广东'), 4, 2), ...samples(20, route('YTO', '义乌', '浙江', '深圳', '广东'), 6, 3)];
    const e = estimateDelivery(input, history);
    expect(e.basis.level).toBe('route_city');
    expect(e.basis.samples).toBe(12);
    expect(e.basis.percentile).toBe(0.8);
    expect(e.expectedAt).toBe(shippedAt + p80(city));
    expect(e.basis.text).toBe('同线路 12 件中通 义乌→深圳 的 P80');
    expect(e.basis.textEn).toBe('P80 of 12 ZTO 义乌→深圳 parcels');
  });
  it('matches city names with or without 市/省', () => {
    const e = estimateDelivery({ ...input, originCity: '义乌市', destCity: '深圳市' }, samples(10, YIWU_SZ, 2, 4));
    expect(e.basis.level).toBe('route_city');
  });
  it('falls back to the province route', () => {
    const city = samples(5, YIWU_SZ, 2, 5);
    const prov = samples(8, route('ZTO', '金华', '浙江省', '广州', '广东省'), 3, 6);
    const e = estimateDelivery(input, [...city, ...prov, ...samples(40, route('ZTO', '义乌', '浙江', '成都', '四川'), 5, 7)]);
    expect(e.basis.level).toBe('route_province');
    expect(e.basis.samples).toBe(13);
    expect(e.expectedAt).toBe(shippedAt + p80([...city, ...prov]));
    expect(e.basis.text).toBe('同省份线路 13 件中通 浙江→广东 的 P80');
  });
  it('falls back to the carrier', () => {
    const mine = [...samples(4, YIWU_SZ, 2, 8), ...samples(4, route('ZTO', '义乌', '浙江', '成都', '四川'), 5, 9), ...samples(3, route('ZTO', '临沂', '山东', '北京', '北京'), 1, 10)];
    const e = estimateDelivery(input, [...mine, ...samples(50, route('SF', '义乌', '浙江', '深圳', '广东'), 1, 11)]);
    expect(e.basis.level).toBe('carrier');
    expect(e.basis.samples).toBe(11);
    expect(e.expectedAt).toBe(shippedAt + p80(mine));
    expect(e.basis.text).toBe('中通全部 11 件的 P80');
    expect(e.basis.textEn).toBe('P80 of all 11 ZTO parcels');
  });
  it('falls back to the default days', () => {
    const e = estimateDelivery(input, samples(9, YIWU_SZ, 2, 12));
    expect(e.basis.level).toBe('default');
    expect(e.basis.samples).toBe(0);
    expect(e.expectedAt).toBe(shippedAt + 5 * DAY);
    expect(estimateDelivery({ ...input, carrierCode: null }, samples(30, YIWU_SZ, 2, 13)).basis.level).toBe('default');
    expect(estimateDelivery(input, [], { defaultDays: 3 }).expectedAt).toBe(shippedAt + 3 * DAY);
  });
  it('honours percentile and minSamples options, and a given carrier name', () => {
    const city = samples(6, YIWU_SZ, 2, 14);
    const e = estimateDelivery({ ...input, carrierName: '中通快递' }, city, { percentile: 0.5, minSamples: 5 });
    expect(e.basis.level).toBe('route_city');
    expect(e.expectedAt).toBe(shippedAt + percentile(city.map((x) => x.transitMs), 0.5));
    expect(e.basis.text).toBe('同线路 6 件中通快递 义乌→深圳 的 P50');
  });
  it('ignores samples with no usable transit time', () => {
    const bad = Array.from({ length: 20 }, () => ({ ...YIWU_SZ, transitMs: -HOUR }));
    expect(estimateDelivery(input, bad).basis.level).toBe('default');
  });
});
