// Expected delivery time learned from this database's own history (tracking-domain.md §4, R6). Pure.
import { DAY_MS } from './businessTime';

export interface RouteKey {
  carrierCode: string | null;
  originCity: string | null;
  originProvince: string | null;
  destCity: string | null;
  destProvince: string | null;
}

export interface EstimateInput extends RouteKey {
  shippedAt: number;
  /** Display name for messages ("中通"); defaults to a known short name for the code, else the code. */
  carrierName?: string | null;
}

export interface TransitSample extends RouteKey {
  /** Shipped → delivered, in ms. */
  transitMs: number;
}

export interface EstimateOptions {
  percentile?: number;
  minSamples?: number;
  defaultDays?: number;
}

export type EstimateLevel = 'route_city' | 'route_province' | 'carrier' | 'default';

export interface DeliveryEstimate {
  expectedAt: number;
  basis: { level: EstimateLevel; samples: number; percentile: number; text: string; textEn: string };
}

/**
 * Nearest-rank percentile: the smallest value with at least p of the values at or below it,
 * i.e. sorted[ceil(p·n) − 1]. It is always an observed transit time (no interpolation between
 * two parcels), and P80 of 10 samples is the 8th fastest. NaN for no values; p is clamped to [0, 1].
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const q = Math.min(1, Math.max(0, p));
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

const CARRIER_NAMES: Record<string, string> = {
  ZTO: '中通', YTO: '圆通', STO: '申通', YUNDA: '韵达', SF: '顺丰', JD: '京东', EMS: 'EMS', JTSD: '极兔',
  DBKD: '德邦', HTKY: '百世', ZJS: '宅急送', KYE: '跨越', ANE: '安能', DNWL: '丹鸟', YZXB: '邮政',
};

// "深圳市" and "深圳", "广东省" and "广东" are the same place in 1688 addresses.
const ADMIN_SUFFIX = /(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$/;
/** A place as routes compare it ("深圳市" and "深圳" are one). Exported for the estimator's grouping. */
export const place = (s: string | null | undefined): string => (s ?? '').trim().toLowerCase().replace(ADMIN_SUFFIX, '');
const code = (s: string | null | undefined): string => (s ?? '').trim().toUpperCase();

/**
 * Falls back city route → province route → carrier → default, each level needing
 * `minSamples` deliveries of the same carrier. `samples` is 0 at the default level.
 */
export function estimateDelivery(
  input: EstimateInput,
  history: readonly TransitSample[],
  { percentile: p = 0.8, minSamples = 10, defaultDays = 5 }: EstimateOptions = {},
): DeliveryEstimate {
  const carrier = code(input.carrierCode);
  const name = input.carrierName?.trim() || CARRIER_NAMES[carrier] || carrier;
  const pl = `P${Math.round(p * 100)}`;
  const oc = place(input.originCity), dc = place(input.destCity);
  const op = place(input.originProvince), dp = place(input.destProvince);

  const mine = carrier ? history.filter((h) => code(h.carrierCode) === carrier && Number.isFinite(h.transitMs) && h.transitMs > 0) : [];
  const levels: { level: EstimateLevel; rows: TransitSample[]; text: (n: number) => string; textEn: (n: number) => string }[] = [
    {
      level: 'route_city',
      rows: oc && dc ? mine.filter((h) => place(h.originCity) === oc && place(h.destCity) === dc) : [],
      text: (n) => `同线路 ${n} 件${name} ${oc}→${dc} 的 ${pl}`,
      textEn: (n) => `${pl} of ${n} ${carrier} ${oc}→${dc} parcels`,
    },
    {
      level: 'route_province',
      rows: op && dp ? mine.filter((h) => place(h.originProvince) === op && place(h.destProvince) === dp) : [],
      text: (n) => `同省份线路 ${n} 件${name} ${op}→${dp} 的 ${pl}`,
      textEn: (n) => `${pl} of ${n} ${carrier} ${op}→${dp} parcels`,
    },
    {
      level: 'carrier',
      rows: mine,
      text: (n) => `${name}全部 ${n} 件的 ${pl}`,
      textEn: (n) => `${pl} of all ${n} ${carrier} parcels`,
    },
  ];
  for (const l of levels) {
    if (l.rows.length < Math.max(1, minSamples)) continue;
    const n = l.rows.length;
    return {
      expectedAt: input.shippedAt + percentile(l.rows.map((r) => r.transitMs), p),
      basis: { level: l.level, samples: n, percentile: p, text: l.text(n), textEn: l.textEn(n) },
    };
  }
  return {
    expectedAt: input.shippedAt + defaultDays * DAY_MS,
    basis: {
      level: 'default',
      samples: 0,
      percentile: p,
      text: `样本不足，按默认 ${defaultDays} 天`,
      textEn: `default ${defaultDays} days (not enough history)`,
    },
  };
}
