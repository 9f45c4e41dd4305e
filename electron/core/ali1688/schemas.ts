// Runs in: main process / headless Node. Response bodies of the 1688 buyer APIs
// (1688-open-api.md §4, §5): lenient zod schemas and normalisers to the app's own types.
//
// Big ids: 19-digit order ids exceed 2^53. parseJsonText() rewrites every integer literal of
// 16+ digits that sits in number position into a JSON string BEFORE JSON.parse, so `id`,
// `orderId`, `skuID` … arrive as exact decimal strings and `raw` keeps them exact too.
import { z } from 'zod';
import { malformedError } from './errors';
import { parseBeijingTime, parseCompactTime, yuanToFen } from './time1688';

// ---------- normalised types ----------

export interface ProductLine {
  name: string;
  quantity: number | null;
  priceFen: number | null;
  productId: string | null;
  skuId: string | null;
}
export interface LogisticsItem {
  logisticsId: string;
  billNo: string | null;
  carrierCode: string | null;
  carrierName: string | null;
  status: string | null;
  deliveredAt: number | null;
}
export interface OrderInfo {
  orderId: string;
  status1688: string;
  createdAt: number | null;
  paidAt: number | null;
  modifiedAt: number | null;
  totalFen: number | null;
  shippingFeeFen: number | null;
  sellerLoginId: string | null;
  sellerCompany: string | null;
  sellerContactName: string | null;
  buyerLoginId: string | null;
  /** The sub-account login that placed the order (§4.1), when 1688 gives one. */
  subBuyerLoginId?: string | null;
  products: ProductLine[];
  logisticsItems: LogisticsItem[];
  raw: unknown;
}
export interface Address {
  province: string | null;
  city: string | null;
  county: string | null;
}
export interface Parcel {
  logisticsId: string;
  billNo: string | null;
  carrierCode: string | null;
  /** Without the "(ZTO)" suffix. */
  carrierName: string | null;
  status1688: string | null;
  shippedAt: number | null;
  sender: Address;
  receiver: Address;
  goods: { name: string; quantity: string | null; unit: string | null }[];
  raw: unknown;
}
export interface TraceStep {
  /** Epoch ms (UTC). */
  at: number;
  /** Verbatim carrier text: untrusted, never interpreted here. */
  remark: string;
}
export interface ParcelTrace {
  logisticsId: string | null;
  billNo: string | null;
  /** Oldest first; equal times keep the response order. */
  steps: TraceStep[];
}
export interface Carrier {
  id: string | null;
  code: string;
  name: string;
}
export interface TokenGrant {
  accessToken: string;
  refreshToken: string | null;
  accessTokenExpiresAt: number | null;
  refreshTokenExpiresAt: number | null;
  memberId: string | null;
  loginId: string | null;
}

// ---------- raw text → JSON ----------

/** Quotes integer literals of ≥16 digits outside strings so JSON.parse cannot round them. */
export function quoteBigIntegers(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  const isDigit = (c: number) => c >= 48 && c <= 57;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) {
          i++;
          break;
        } else i++;
      }
      continue;
    }
    if (c === 45 /* - */ || isDigit(c)) {
      const start = i;
      let j = c === 45 ? i + 1 : i;
      const digitsStart = j;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      const next = text[j];
      const isInteger = next !== '.' && next !== 'e' && next !== 'E';
      if (isInteger && j - digitsStart >= 16) {
        out += `${text.slice(last, start)}"${text.slice(start, j)}"`;
        last = j;
      }
      i = j;
      while (i < n && /[0-9.eE+-]/.test(text[i]!)) i++;
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Parses a gateway body with big ids kept exact; throws GatewayError('malformed') on bad JSON. */
export function parseJsonText(text: string, httpStatus?: number): unknown {
  try {
    return JSON.parse(quoteBigIntegers(text));
  } catch (e) {
    const looksHtml = /^\s*</.test(text);
    throw malformedError(looksHtml ? 'HTML instead of JSON' : `invalid JSON (${text.length} chars)`, httpStatus, e);
  }
}

// ---------- schemas ----------

export const Scalar = z.union([z.string(), z.number()]).nullish();
export const Flag = z.union([z.boolean(), z.string().regex(/^\s*(true|false)\s*$/i)]).nullish();

export const Envelope = {
  success: Flag,
  errorCode: Scalar,
  errorMessage: Scalar,
};

const TradeInfoSchema = z.looseObject({
  baseInfo: z.looseObject({
    id: Scalar,
    idOfStr: Scalar,
    status: Scalar,
    createTime: Scalar,
    modifyTime: Scalar,
    payTime: Scalar,
    totalAmount: Scalar,
    shippingFee: Scalar,
    sellerLoginId: Scalar,
    buyerLoginId: Scalar,
    subBuyerLoginId: Scalar,
    sellerContact: z.looseObject({ name: Scalar, companyName: Scalar }).nullish(),
  }),
  productItems: z
    .array(
      z.looseObject({
        name: Scalar,
        quantity: Scalar,
        price: Scalar,
        productID: Scalar,
        skuID: Scalar,
      }),
    )
    .nullish(),
  nativeLogistics: z
    .looseObject({
      logisticsItems: z
        .array(
          z.looseObject({
            logisticsCode: Scalar,
            logisticsId: Scalar,
            logisticsBillNo: Scalar,
            logisticsCompanyNo: Scalar,
            logisticsCompanyName: Scalar,
            status: Scalar,
            deliveredTime: Scalar,
          }),
        )
        .nullish(),
    })
    .nullish(),
});

export const OrderListResponseSchema = z.looseObject({
  ...Envelope,
  result: z.array(TradeInfoSchema).nullish(),
  totalRecord: Scalar,
});

export const OrderDetailResponseSchema = z.looseObject({ ...Envelope, result: TradeInfoSchema });

const AddressSchema = z.looseObject({}).nullish();

const ParcelSchema = z.looseObject({
  logisticsId: z.union([z.string().min(1), z.number()]),
  logisticsBillNo: Scalar,
  logisticsCompanyNo: Scalar,
  logisticsCompanyName: Scalar,
  status: Scalar,
  gmtSystemSend: Scalar,
  sendGoods: z.array(z.looseObject({ goodName: Scalar, quantity: Scalar, unit: Scalar })).nullish(),
  sender: AddressSchema,
  receiver: AddressSchema,
});

export const LogisticsInfosResponseSchema = z.looseObject({ ...Envelope, result: z.array(ParcelSchema).nullish() });

const TraceSchema = z.looseObject({
  logisticsId: Scalar,
  logisticsBillNo: Scalar,
  orderId: Scalar,
  logisticsSteps: z.array(z.looseObject({ acceptTime: Scalar, remark: Scalar })).nullish(),
});

export const TraceResponseSchema = z.looseObject({
  ...Envelope,
  logisticsTrace: z.array(TraceSchema).nullish(),
  // Generated SDK result classes read `result`; accept it if a gateway ever answers that way.
  result: z.array(TraceSchema).nullish(),
});

export const CarrierListResponseSchema = z.looseObject({
  ...Envelope,
  result: z.array(z.looseObject({ id: Scalar, companyName: Scalar, companyNo: Scalar })).nullish(),
});

export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: Scalar,
  expires_in: Scalar,
  refresh_token_timeout: Scalar,
  resource_owner: Scalar,
  memberId: Scalar,
});

export function parseWith<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  // Paths and zod's generic messages only: never echo values (a token body could hold secrets).
  const issues = r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw malformedError(`${what}: ${issues}`);
}

// ---------- helpers ----------

export type ScalarValue = string | number | null | undefined;

export function text(v: ScalarValue): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** An id as a decimal string; a JS number is accepted only while it is exact. */
export function idText(v: ScalarValue): string | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? String(v) : null;
  return text(v);
}

export function num(v: ScalarValue): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v.trim());
  return Number.isFinite(n) ? n : null;
}

function money(v: ScalarValue): number | null {
  return v === null || v === undefined ? null : yuanToFen(v);
}

export function time(v: ScalarValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : null;
  return parseCompactTime(v) ?? parseBeijingTime(v);
}

const NAME_SUFFIX_RE = /^(.*?)\s*[(（]\s*([A-Za-z0-9_-]{1,20})\s*[)）]\s*$/;

/** "中通快递(ZTO)" → "中通快递". */
export function stripCarrierSuffix(name: string | null): string | null {
  if (name === null) return null;
  const m = NAME_SUFFIX_RE.exec(name);
  return m && m[1] ? m[1] : name;
}

/** `logisticsCompanyNo`, else the "(CODE)" suffix of the name. */
export function carrierCode(code: ScalarValue, name: ScalarValue): string | null {
  const explicit = text(code);
  if (explicit) return explicit;
  const n = text(name);
  const m = n ? NAME_SUFFIX_RE.exec(n) : null;
  return m?.[2] ? m[2].toUpperCase() : null;
}

function field(obj: unknown, key: string): ScalarValue {
  if (obj === null || typeof obj !== 'object') return null;
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' || typeof v === 'number' ? v : null;
}

function address(obj: unknown, prefix: 'sender' | 'receiver'): Address {
  return {
    province: text(field(obj, `${prefix}Province`)),
    city: text(field(obj, `${prefix}City`)),
    county: text(field(obj, `${prefix}County`)),
  };
}

// ---------- normalisers ----------

type TradeInfo = z.infer<typeof TradeInfoSchema>;

function toOrderInfo(t: TradeInfo): OrderInfo {
  const b = t.baseInfo;
  const orderId = idText(b.idOfStr) ?? idText(b.id);
  if (orderId === null) throw malformedError('order without a usable id (idOfStr/id)');
  return {
    orderId,
    status1688: text(b.status) ?? '',
    createdAt: time(b.createTime),
    paidAt: time(b.payTime),
    modifiedAt: time(b.modifyTime),
    totalFen: money(b.totalAmount),
    shippingFeeFen: money(b.shippingFee),
    sellerLoginId: text(b.sellerLoginId),
    sellerCompany: text(b.sellerContact?.companyName),
    sellerContactName: text(b.sellerContact?.name),
    buyerLoginId: text(b.buyerLoginId),
    subBuyerLoginId: text(b.subBuyerLoginId),
    products: (t.productItems ?? []).map((p) => ({
      name: text(p.name) ?? '',
      quantity: num(p.quantity),
      priceFen: money(p.price),
      productId: idText(p.productID),
      skuId: idText(p.skuID),
    })),
    logisticsItems: (t.nativeLogistics?.logisticsItems ?? []).flatMap((l) => {
      // type 2 ("no logistics needed") items carry no logistics id: nothing to track.
      const logisticsId = text(l.logisticsCode) ?? text(l.logisticsId);
      if (logisticsId === null) return [];
      return [
        {
          logisticsId,
          billNo: text(l.logisticsBillNo),
          carrierCode: carrierCode(l.logisticsCompanyNo, l.logisticsCompanyName),
          carrierName: stripCarrierSuffix(text(l.logisticsCompanyName)),
          status: text(l.status),
          deliveredAt: time(l.deliveredTime),
        },
      ];
    }),
    raw: t,
  };
}

export function normaliseOrderList(body: unknown): { orders: OrderInfo[]; totalRecord: number } {
  const r = parseWith(OrderListResponseSchema, body, 'getBuyerOrderList');
  const orders = (r.result ?? []).map(toOrderInfo);
  const total = num(r.totalRecord);
  return { orders, totalRecord: total !== null && total >= 0 ? Math.trunc(total) : orders.length };
}

export function normaliseOrderDetail(body: unknown): OrderInfo {
  return toOrderInfo(parseWith(OrderDetailResponseSchema, body, 'get.buyerView').result);
}

export function normaliseLogisticsInfos(body: unknown): Parcel[] {
  const r = parseWith(LogisticsInfosResponseSchema, body, 'getLogisticsInfos');
  return (r.result ?? []).map((p) => ({
    logisticsId: String(p.logisticsId).trim(),
    billNo: text(p.logisticsBillNo),
    carrierCode: carrierCode(p.logisticsCompanyNo, p.logisticsCompanyName),
    carrierName: stripCarrierSuffix(text(p.logisticsCompanyName)),
    status1688: text(p.status),
    shippedAt: time(p.gmtSystemSend),
    sender: address(p.sender, 'sender'),
    receiver: address(p.receiver, 'receiver'),
    goods: (p.sendGoods ?? []).map((g) => ({
      name: text(g.goodName) ?? '',
      quantity: text(g.quantity),
      unit: text(g.unit),
    })),
    raw: p,
  }));
}

/** Steps with an unparseable acceptTime are dropped and counted in `droppedSteps`. */
export function normaliseTrace(body: unknown): { traces: ParcelTrace[]; droppedSteps: number } {
  const r = parseWith(TraceResponseSchema, body, 'getLogisticsTraceInfo');
  let droppedSteps = 0;
  const traces = (r.logisticsTrace ?? r.result ?? []).map((t) => {
    const steps: (TraceStep & { i: number })[] = [];
    (t.logisticsSteps ?? []).forEach((s, i) => {
      const at = parseBeijingTime(text(s.acceptTime)) ?? parseCompactTime(text(s.acceptTime));
      if (at === null) droppedSteps++;
      else steps.push({ at, remark: s.remark === null || s.remark === undefined ? '' : String(s.remark), i });
    });
    steps.sort((a, b) => a.at - b.at || a.i - b.i);
    return {
      logisticsId: text(t.logisticsId),
      billNo: text(t.logisticsBillNo),
      steps: steps.map(({ at, remark }) => ({ at, remark })),
    };
  });
  return { traces, droppedSteps };
}

export function normaliseCarriers(body: unknown): Carrier[] {
  const r = parseWith(CarrierListResponseSchema, body, 'OpQueryLogisticCompanyList');
  return (r.result ?? []).flatMap((c) => {
    const code = carrierCode(c.companyNo, c.companyName);
    if (code === null) return [];
    return [{ id: idText(c.id), code, name: stripCarrierSuffix(text(c.companyName)) ?? code }];
  });
}

/** system/currentTime: a bare compact-time string (also tolerates `{result: …}` and epoch ms). */
export function normaliseCurrentTime(body: unknown): number {
  const v = body !== null && typeof body === 'object' && 'result' in body ? (body as { result: unknown }).result : body;
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  if (typeof v === 'string') {
    const t = parseCompactTime(v) ?? parseBeijingTime(v) ?? (/^\d{13}$/.test(v.trim()) ? Number(v.trim()) : null);
    if (t !== null) return t;
  }
  throw malformedError('currentTime: not a time');
}

/** getToken answer → TokenGrant; `now` anchors the relative `expires_in`. */
export function normaliseTokenGrant(body: unknown, now: number): TokenGrant {
  const r = parseWith(TokenResponseSchema, body, 'getToken');
  const expiresIn = num(r.expires_in);
  return {
    accessToken: r.access_token,
    refreshToken: text(r.refresh_token),
    accessTokenExpiresAt: expiresIn !== null && expiresIn > 0 ? now + expiresIn * 1000 : null,
    refreshTokenExpiresAt: time(r.refresh_token_timeout),
    memberId: idText(r.memberId),
    loginId: text(r.resource_owner),
  };
}
