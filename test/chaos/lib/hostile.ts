// Hostile input: generators and property runners shared by the short tests and the soak.
// - every contract method through core.handle with arbitrary values and near-misses of its schema
//   (each key wrong in turn, huge strings, prototype-pollution keys): only typed CoreErrors;
// - every gateway body normaliser with arbitrary and mutated real bodies: a value or a
//   GatewayError of kind 'malformed'/'business', never another exception.
import fc from 'fast-check';
import { z } from 'zod';
import { classifyGatewayFailure, GatewayError } from '../../../electron/core/ali1688/errors';
import { stringifyBig } from '../../../electron/core/ali1688/sandbox/bigJson';
import { formatCompact } from '../../../electron/core/ali1688/sandbox/time';
import { companyList, logisticsInfos, tradeInfo, traces } from '../../../electron/core/ali1688/sandbox/views';
import { World } from '../../../electron/core/ali1688/sandbox/world';
import {
  normaliseCarriers,
  normaliseCurrentTime,
  normaliseLogisticsInfos,
  normaliseOrderDetail,
  normaliseOrderList,
  normaliseTokenGrant,
  normaliseTrace,
  parseJsonText,
} from '../../../electron/core/ali1688/schemas';
import { isContractError, METHOD_NAMES, methods, SQL_DIALECT_NAMES, type ErrorCode, type MethodName } from '../../../shared/contract';

/** The contract's error codes as a runtime list; the check below fails to compile if one is missing. */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'not_connected',
  'needs_reconnect',
  'account_paused',
  'gateway',
  'offline',
  'storage',
  'internal',
] as const satisfies readonly ErrorCode[];
type MissingCode = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const everyCodeListed: [MissingCode] extends [never] ? true : never = true;
void everyCodeListed;

const ORDER_ID = '3712345678901234567';

/** A valid input per method: the starting point of the near-misses. */
export const VALID_INPUTS: Partial<Record<MethodName, Record<string, unknown>>> = {
  'orders.list': { tab: 'in_transit', search: '义乌', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 50, includeArchived: false },
  'orders.get': { orderId: ORDER_ID },
  'orders.add': { ids: [ORDER_ID, '3712345678901234568'] },
  'orders.importFile': { fileName: 'orders.csv', contentBase64: Buffer.from(`订单号,ERP单号\n${ORDER_ID},PO-1\n`).toString('base64') },
  'orders.archive': { orderId: ORDER_ID, archived: true },
  'shipments.refresh': { orderId: ORDER_ID },
  'alerts.list': { state: 'open', offset: 0, limit: 20 },
  'alerts.ack': { alertId: 1, note: '已联系卖家' },
  'settings.update': { language: 'zh-CN', qps: 4, quietHours: { enabled: true, start: '22:00', end: '08:00' } },
  'account.connect': { appKey: 'app-key_1', appSecret: 'not-the-secret', accessToken: 'not-a-token', refreshToken: 'nope' },
  'account.startOAuth': { appKey: 'app-key_1', appSecret: 'not-the-secret', redirectUri: 'http://127.0.0.1:9/oauth/callback' },
  'account.completeOAuth': { code: 'c0de', state: 'st4te' },
  'export.file': { format: 'csv', tab: 'all', from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
  'outbox.list': { state: 'pending', offset: 0, limit: 10 },
  'outbox.resend': { idempotencyKey: 'shipment.delivered:1:2' },
  'outbox.discard': { idempotencyKey: 'shipment.delivered:1:2' },
  'erp.sqlPreview': { dialect: SQL_DIALECT_NAMES[0], template: 'INSERT INTO t (a) VALUES (:order.orderId)', eventType: 'shipment.delivered' },
};

/** Keys of a method's input object, through optional/default wrappers. */
export function inputKeys(schema: z.ZodType): string[] {
  let cur: unknown = schema;
  for (let i = 0; i < 8 && cur; i++) {
    if (cur instanceof z.ZodObject) return Object.keys(cur.shape as Record<string, unknown>);
    cur = (cur as { def?: { innerType?: unknown } }).def?.innerType;
  }
  return [];
}

const HUGE = 'x'.repeat(1_000_000);
const POLLUTE_PROTO = JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown;
const POLLUTE_CTOR = { constructor: { prototype: { polluted: 'yes' } } };

/** Values no caller should send: wrong types, edges, injections, pollution attempts. */
export const HOSTILE_CONSTANTS: unknown[] = [
  HUGE,
  '\u202e'.repeat(10_000),
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  "' OR 1=1; DROP TABLE orders; --",
  '"',
  '*',
  'NEAR(a b)',
  'a" OR "b',
  '\u0000',
  '\ud800',
  '\ufeff',
  '__proto__',
  'constructor',
  'toString',
  '=cmd|\' /C calc\'!A0',
  '９'.repeat(19),
  ` ${ORDER_ID} `,
  `${ORDER_ID}\n${ORDER_ID}`,
  '9'.repeat(400),
  '',
  ' ',
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -1,
  2 ** 53,
  1e308,
  0.5,
  [],
  {},
  null,
  undefined,
  true,
  [HUGE],
  Array.from({ length: 20_000 }, () => ORDER_ID),
  POLLUTE_PROTO,
  POLLUTE_CTOR,
  Object.create(null) as object,
  new Date(0),
  /x/,
  () => 1,
  Symbol('s'),
  10n,
];

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 2,
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
);

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', 'extra'];

/** Sets an OWN property, even for "__proto__" (as JSON.parse does). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown) {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** One input for `method`: anything at all, or its valid input with keys broken, dropped or added. */
export function inputFor(method: string): fc.Arbitrary<unknown> {
  const valid = VALID_INPUTS[method as MethodName] ?? {};
  const keys = [...new Set([...Object.keys(valid), ...(method in methods ? inputKeys(methods[method as MethodName]) : [])])];
  const nearMiss = fc
    .record({
      broken: keys.length ? fc.subarray(keys) : fc.constant([] as string[]),
      dropped: keys.length ? fc.subarray(keys, { maxLength: Math.min(2, keys.length) }) : fc.constant([] as string[]),
      values: fc.array(hostileValue, { minLength: keys.length + 2, maxLength: keys.length + 2 }),
      extra: fc.array(fc.tuple(fc.constantFrom(...POLLUTION_KEYS), hostileValue), { maxLength: 2 }),
    })
    .map(({ broken, dropped, values, extra }) => {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(valid)) if (!dropped.includes(k)) setOwn(o, k, valid[k]);
      broken.forEach((k, i) => setOwn(o, k, values[i]));
      for (const [k, v] of extra) setOwn(o, k, v);
      return o;
    });
  return fc.oneof({ weight: 1, arbitrary: hostileValue }, { weight: 4, arbitrary: nearMiss }, { weight: 1, arbitrary: fc.constant(valid) });
}

export const methodName: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...METHOD_NAMES) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'orders.list ', 'ORDERS.LIST', '', '../sync.status', 'orders.list\u0000'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

export interface ContractFuzzStats {
  calls: number;
  resolved: number;
  byCode: Record<string, number>;
  internal: { method: string; message: string }[];
  problems: string[];
}

export function newStats(): ContractFuzzStats {
  return { calls: 0, resolved: 0, byCode: {}, internal: [], problems: [] };
}

const polluted = () => ({} as Record<string, unknown>).polluted !== undefined || Object.keys(Object.prototype).length > 0;

/**
 * One call checked: it resolves to plain JSON, or rejects with a contract error whose code is
 * in the list and whose message is a clerk's sentence (no stack). Pollution is checked after.
 */
export async function checkedCall(handle: (m: string, i: unknown) => Promise<unknown>, method: string, input: unknown, stats: ContractFuzzStats): Promise<boolean> {
  stats.calls++;
  let ok = true;
  try {
    const out = await handle(method, input);
    stats.resolved++;
    try {
      JSON.stringify(out);
    } catch (e) {
      stats.problems.push(`${method}: result is not JSON (${String(e)})`);
      ok = false;
    }
  } catch (e) {
    if (!isContractError(e) || !(ERROR_CODES as readonly string[]).includes(e.code)) {
      stats.problems.push(`${method}: rejected with a non-contract error: ${String(e).slice(0, 200)}`);
      ok = false;
    } else {
      stats.byCode[e.code] = (stats.byCode[e.code] ?? 0) + 1;
      if (e.code === 'internal') stats.internal.push({ method, message: e.message });
      if (!e.message || /\n\s+at /.test(e.message)) {
        stats.problems.push(`${method}: error message is empty or a stack trace`);
        ok = false;
      }
    }
  }
  if (polluted()) {
    stats.problems.push(`${method}: Object.prototype was polluted`);
    for (const k of Object.keys(Object.prototype)) delete (Object.prototype as Record<string, unknown>)[k];
    ok = false;
  }
  return ok;
}

// ---------- gateway bodies ----------

export type Normaliser = (body: unknown) => unknown;

export const NORMALISERS: Record<string, Normaliser> = {
  normaliseOrderList,
  normaliseOrderDetail,
  normaliseLogisticsInfos,
  normaliseTrace,
  normaliseCarriers,
  normaliseCurrentTime,
  normaliseTokenGrant: (b) => normaliseTokenGrant(b, Date.UTC(2026, 9, 1)),
  classifyGatewayFailure: (b) => classifyGatewayFailure({ httpStatus: 200, body: b, secrets: ['SECRET-9'] }),
};

/** Real bodies of each API, as the sandbox gateway sends them, parsed as the client parses them. */
export function realBodies(): Record<string, unknown[]> {
  const startAt = Date.UTC(2026, 9, 1, 4);
  const world = new World({ seed: 99, orders: 30, startAt });
  const t = startAt + 3 * 24 * 3600_000;
  const parse = (v: unknown) => parseJsonText(stringifyBig(v));
  const orders = Array.from({ length: 30 }, (_, i) => world.order(i)).filter((o) => o.createAt <= t);
  const shipped = orders.filter((o) => logisticsInfos(o, t).length > 0);
  return {
    normaliseOrderList: [parse({ result: orders.slice(0, 10).map((o) => tradeInfo(world, o, t, false)), totalRecord: orders.length, success: true })],
    normaliseOrderDetail: orders.slice(0, 3).map((o) => parse({ result: tradeInfo(world, o, t, true), success: 'true' })),
    normaliseLogisticsInfos: shipped.slice(0, 3).map((o) => parse({ success: true, result: logisticsInfos(o, t) })),
    normaliseTrace: shipped.slice(0, 3).map((o) => parse({ success: true, logisticsTrace: traces(o, t) })),
    normaliseCarriers: [parse({ success: true, result: companyList() })],
    normaliseCurrentTime: [parse(formatCompact(t))],
    normaliseTokenGrant: [parse({ access_token: 'a-token', refresh_token: 'r-token', expires_in: '36000', resource_owner: 'buyer', memberId: 'b2b-1' })],
    classifyGatewayFailure: [
      parse({ error_code: 'gw.QosAppFrequencyLimit', error_message: 'App call exceeds limited frequency' }),
      parse({ success: false, errorCode: '500_2', errorMessage: '该订单未发货' }),
    ],
  };
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Every path to a value inside `v` (plain objects and arrays). */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (isPlain(v) && out.length < 5_000) {
    for (const [k, x] of Object.entries(v)) paths(x, [...prefix, Array.isArray(v) ? Number(k) : k], out);
  }
  return out;
}

function setPath(root: unknown, path: (string | number)[], value: unknown, del: boolean): unknown {
  if (path.length === 0) return value;
  const clone = structuredClone(root) as Record<string | number, unknown>;
  let cur: unknown = clone;
  for (const k of path.slice(0, -1)) cur = isPlain(cur) ? (cur as Record<string | number, unknown>)[k] : undefined;
  if (!isPlain(cur)) return clone;
  const last = path[path.length - 1]!;
  const target = cur as Record<string | number, unknown>;
  if (del) delete target[last];
  else target[last] = value;
  return clone;
}

const bodyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileValue.filter((v) => typeof v !== 'function' && typeof v !== 'symbol'),
  fc.constantFrom('', '0', '-1', '9'.repeat(30), '2026-13-45 25:61:61', '20261301250000000+0800', 'NaN', 'true', 'false', ' true ', '1e999'),
  fc.double(),
  fc.integer(),
);

/** A real body with a few values replaced or removed at random places. */
export function mutatedBody(bases: unknown[]): fc.Arbitrary<unknown> {
  return fc
    .record({
      base: fc.constantFrom(...bases),
      edits: fc.array(fc.record({ at: fc.nat(), del: fc.boolean(), value: bodyValue }), { minLength: 1, maxLength: 4 }),
    })
    .map(({ base, edits }) => {
      let body = base;
      for (const e of edits) {
        const all = paths(body);
        body = setPath(body, all[e.at % all.length]!, e.value, e.del);
      }
      return body;
    });
}

export interface NormaliserStats {
  inputs: number;
  values: number;
  malformed: number;
  business: number;
  problems: string[];
}

/** Either a value or GatewayError('malformed' | 'business'); anything else is a problem. */
export function checkNormaliser(name: string, fn: Normaliser, body: unknown, stats: NormaliserStats): boolean {
  stats.inputs++;
  try {
    fn(body);
    stats.values++;
    return true;
  } catch (e) {
    if (e instanceof GatewayError && (e.kind === 'malformed' || e.kind === 'business')) {
      if (e.kind === 'malformed') stats.malformed++;
      else stats.business++;
      return true;
    }
    stats.problems.push(`${name}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 300));
    return false;
  }
}

// ---------- runners (short tests and soak alike) ----------

export interface FuzzRun {
  figures: Record<string, number | string>;
  problems: string[];
}

/**
 * Every contract method `perMethod` times, plus names outside the contract, against a real core
 * (a sandbox gateway behind it, so calls that pass validation really go out).
 */
export async function runContractFuzz(o: { perMethod: number; seed: number; handle: (m: string, i: unknown) => Promise<unknown> }): Promise<FuzzRun & { stats: ContractFuzzStats }> {
  const stats = newStats();
  for (const m of METHOD_NAMES) {
    await fc.assert(
      fc.asyncProperty(inputFor(m), (input) => checkedCall(o.handle, m, input, stats)),
      { numRuns: o.perMethod, seed: o.seed },
    );
  }
  await fc.assert(
    fc.asyncProperty(methodName, hostileValue, (m, input) => checkedCall(o.handle, m, input, stats)),
    { numRuns: Math.max(100, o.perMethod * 2), seed: o.seed + 1 },
  );
  const problems = [...stats.problems, ...stats.internal.map((i) => `${i.method}: internal error "${i.message}"`)];
  return {
    stats,
    problems,
    figures: {
      methods: METHOD_NAMES.length,
      calls: stats.calls,
      resolved: stats.resolved,
      ...Object.fromEntries(Object.entries(stats.byCode).map(([k, v]) => [`code_${k}`, v])),
    },
  };
}

/** Every normaliser with `runs` arbitrary and `runs` mutated real bodies; the text layer too. */
export function runNormaliserFuzz(o: { runs: number; seed: number }): FuzzRun {
  const bodies = realBodies();
  const stats: NormaliserStats = { inputs: 0, values: 0, malformed: 0, business: 0, problems: [] };
  for (const [name, fn] of Object.entries(NORMALISERS)) {
    for (const b of bodies[name] ?? []) checkNormaliser(name, fn, b, stats);
    fc.assert(fc.property(hostileValue, (b) => checkNormaliser(name, fn, b, stats)), { numRuns: o.runs, seed: o.seed });
    fc.assert(fc.property(mutatedBody(bodies[name] ?? [{}]), (b) => checkNormaliser(name, fn, b, stats)), { numRuns: o.runs, seed: o.seed + 1 });
  }
  const texts = Object.values(bodies)
    .flat()
    .map((b) => JSON.stringify(b));
  const textStats: NormaliserStats = { inputs: 0, values: 0, malformed: 0, business: 0, problems: [] };
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.tuple(fc.constantFrom(...texts), fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
        fc.constantFrom('1'.repeat(5000), `{"a":${'9'.repeat(400)}}`, '['.repeat(10_000), '<html>busy</html>', '\ufeff{}'),
      ),
      (text) => checkNormaliser('parseJsonText', (t) => parseJsonText(t as string), text, textStats),
    ),
    { numRuns: o.runs * 2, seed: o.seed + 2 },
  );
  return {
    problems: [...stats.problems, ...textStats.problems],
    figures: {
      normalisers: Object.keys(NORMALISERS).length,
      bodies: stats.inputs,
      normalised: stats.values,
      malformed: stats.malformed,
      business: stats.business,
      texts: textStats.inputs,
      textsMalformed: textStats.malformed,
    },
  };
}
