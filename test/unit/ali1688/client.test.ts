import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createAli1688Client,
  type Ali1688ClientOptions,
  type CallInfo,
  type CredentialSource,
  type Credentials,
} from '../../../electron/core/ali1688/client';
import { GatewayError } from '../../../electron/core/ali1688/errors';
import type { TokenGrant } from '../../../electron/core/ali1688/schemas';
import type { Logger } from '../../../electron/core/ports';
import { createRateLimiter, type RateLimiter } from '../../../electron/core/sync/rateLimiter';

const APP_KEY = '7654321';
const SECRET = 'SECRET-app-5f3a9c';
const TOKEN = 'TOKEN-old-8d2e1b';
const NEW_TOKEN = 'TOKEN-new-77aa01';
const REFRESH = 'REFRESH-tok-c0ffee';
const ID = '3712345678901234567';

interface Seen {
  method: string;
  path: string;
  contentType: string;
  rawBody: string;
  form: Record<string, string>;
  /** Signature recomputed server-side, independently of signature.ts. */
  signatureOk: boolean;
}
type Reply = { status?: number; body: string | object } | 'hang';
type Handler = (req: Seen, n: number) => Reply | Promise<Reply>;

/** Server-side signature check: urlPath + sorted key+value strings, HMAC-SHA1 upper hex. */
function verify(path: string, form: Record<string, string>, secret: string): boolean {
  const urlPath = path.replace(/^\/openapi\//, '');
  const pieces = Object.entries(form)
    .filter(([k]) => k !== '_aop_signature')
    .map(([k, v]) => k + v)
    .sort();
  const expected = createHmac('sha1', secret).update(urlPath + pieces.join(''), 'utf8').digest('hex').toUpperCase();
  return form['_aop_signature'] === expected;
}

let server: Server | null = null;
afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((r) => server!.close(r));
  server = null;
});

async function startGateway(handler: Handler): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const form = Object.fromEntries(new URLSearchParams(rawBody));
      const path = decodeURIComponent(req.url ?? '');
      const s: Seen = {
        method: req.method ?? '',
        path,
        contentType: String(req.headers['content-type']),
        rawBody,
        form,
        signatureOk: verify(path, form, SECRET),
      };
      seen.push(s);
      const reply = await handler(s, seen.length);
      if (reply === 'hang') return;
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}/openapi`, seen };
}

function memoryCredentials(init: Partial<Credentials> = {}) {
  let creds: Credentials = { appKey: APP_KEY, appSecret: SECRET, accessToken: TOKEN, refreshToken: REFRESH, ...init };
  const saved: TokenGrant[] = [];
  const source: CredentialSource = {
    get: async () => ({ ...creds }),
    saveTokens: async (g) => {
      saved.push(g);
      creds = { ...creds, accessToken: g.accessToken, refreshToken: g.refreshToken ?? creds.refreshToken };
    },
  };
  return { source, saved };
}

function capturingLogger() {
  const lines: string[] = [];
  const log = (level: string) => (msg: string, fields?: object) => void lines.push(JSON.stringify({ level, msg, ...fields }));
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

function makeClient(base: string, extra: Partial<Ali1688ClientOptions> = {}) {
  const creds = extra.credentials ? { source: extra.credentials, saved: [] as TokenGrant[] } : memoryCredentials();
  const { logger, lines } = capturingLogger();
  const calls: CallInfo[] = [];
  const client = createAli1688Client({
    gatewayUrl: base,
    credentials: creds.source,
    limiter: createRateLimiter({ qps: 10, maxInFlight: 4 }),
    logger,
    retry: { baseMs: 5, capMs: 20 },
    onCall: (c) => calls.push(c),
    ...extra,
  });
  return { client, saved: creds.saved, lines, calls };
}

async function rejection(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    return e as GatewayError;
  }
  throw new Error('expected a rejection');
}

const DETAIL_BODY = `{"success":"true","result":{"baseInfo":{"id":${ID},"idOfStr":"${ID}","status":"waitbuyerreceive","totalAmount":128.5},
  "nativeLogistics":{"logisticsItems":[{"logisticsCode":"LP1","logisticsCompanyName":"中通快递(ZTO)"}]}}}`;

const unauthorized = { status: 401, body: { error_code: '401', error_message: 'Request need user authorized' } };
const isTokenPath = (s: Seen) => s.path.includes('system.oauth2/getToken');

describe('ali1688 client over real HTTP', () => {
  it('POSTs a signed form to param2/1/{namespace}/{api}/{appKey}', async () => {
    const { base, seen } = await startGateway(() => ({ body: DETAIL_BODY }));
    const before = Date.now();
    const { client } = makeClient(base);
    const order = await client.getOrderDetail(ID);
    expect(order.orderId).toBe(ID);
    expect(order.logisticsItems[0]).toMatchObject({ logisticsId: 'LP1', carrierCode: 'ZTO', carrierName: '中通快递' });

    expect(seen).toHaveLength(1);
    const s = seen[0]!;
    expect(s.method).toBe('POST');
    expect(s.path).toBe(`/openapi/param2/1/com.alibaba.trade/alibaba.trade.get.buyerView/${APP_KEY}`);
    expect(s.contentType).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    expect(Object.keys(s.form).sort()).toEqual(
      ['_aop_signature', '_aop_timestamp', 'access_token', 'includeFields', 'orderId', 'webSite'].sort(),
    );
    expect(s.form).toMatchObject({ orderId: ID, webSite: '1688', includeFields: 'NativeLogistics', access_token: TOKEN });
    expect(Number(s.form['_aop_timestamp'])).toBeGreaterThanOrEqual(before);
    expect(Number(s.form['_aop_timestamp'])).toBeLessThanOrEqual(Date.now());
    expect(s.signatureOk).toBe(true);
    expect(s.rawBody).toContain(`orderId=${ID}`);
  });

  it('does not send empty params, formats times in Beijing time, signs Chinese values', async () => {
    const { base, seen } = await startGateway(() => ({ body: { result: [], totalRecord: 0 } }));
    const { client } = makeClient(base);
    await client.getBuyerOrderList({ page: 1, pageSize: 20, orderStatus: '' });
    await client.getBuyerOrderList({
      page: 2,
      pageSize: 50,
      orderStatus: 'waitbuyerreceive',
      modifyStartTime: Date.parse('2024-06-12T01:30:11.000Z'),
    });
    expect(Object.keys(seen[0]!.form).sort()).toEqual(['_aop_signature', '_aop_timestamp', 'access_token', 'page', 'pageSize']);
    expect(seen[0]!.form).toMatchObject({ page: '1', pageSize: '20' });
    expect(seen[1]!.form).toMatchObject({ page: '2', orderStatus: 'waitbuyerreceive', modifyStartTime: '20240612093011000+0800' });
    expect(seen.every((s) => s.signatureOk)).toBe(true);
  });

  it('rejects a malformed order id before calling', async () => {
    const { base, seen } = await startGateway(() => ({ body: DETAIL_BODY }));
    const { client } = makeClient(base);
    expect((await rejection(client.getOrderDetail('37123e4'))).kind).toBe('bad_request');
    expect(seen).toHaveLength(0);
  });

  it('getLogisticsInfos: 500_2 (not shipped) is [] in one request', async () => {
    const { base, seen } = await startGateway(() => ({ body: { success: false, errorCode: '500_2', errorMessage: '订单未发货' } }));
    const { client } = makeClient(base);
    await expect(client.getLogisticsInfos(ID)).resolves.toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe(`/openapi/param2/1/com.alibaba.logistics/alibaba.trade.getLogisticsInfos.buyerView/${APP_KEY}`);
    expect(seen[0]!.form).toMatchObject({ orderId: ID, webSite: '1688' });
    expect(seen[0]!.form['fields']).toBeUndefined();
    expect(client.stats().errors).toBe(0);
  });

  it('getLogisticsTraceInfo: 404 and "没有物流跟踪信息" are []; logisticsId is sent when given', async () => {
    const replies: Reply[] = [
      { body: { success: false, errorCode: '404', errorMessage: 'no trace' } },
      { body: { success: 'false', errorMessage: '该订单没有物流跟踪信息' } },
      {
        body: `{"success":true,"logisticsTrace":[{"logisticsId":"LP1","orderId":${ID},"logisticsSteps":[
          {"acceptTime":"2024-06-14 03:40:57","remark":"b"},{"acceptTime":"2024-06-13 18:02:11","remark":"a"},{"acceptTime":"??","remark":"x"}]}]}`,
      },
    ];
    const { base, seen } = await startGateway((_s, n) => replies[n - 1]!);
    const { client } = makeClient(base);
    await expect(client.getLogisticsTraceInfo(ID)).resolves.toEqual([]);
    await expect(client.getLogisticsTraceInfo(ID, 'LP1')).resolves.toEqual([]);
    const traces = await client.getLogisticsTraceInfo(ID, 'LP1');
    expect(traces[0]!.steps.map((s) => s.remark)).toEqual(['a', 'b']);
    expect(seen).toHaveLength(3);
    expect(seen[0]!.form['logisticsId']).toBeUndefined();
    expect(seen[1]!.form['logisticsId']).toBe('LP1');
    expect(client.stats().droppedSteps).toBe(1);
  });

  it('retries a 503 and then succeeds', async () => {
    const { base, seen } = await startGateway((_s, n) =>
      n === 1 ? { status: 503, body: '<html>Service Unavailable</html>' } : { body: { success: true, result: [] } },
    );
    const { client, calls } = makeClient(base);
    await expect(client.listLogisticsCompanies()).resolves.toEqual([]);
    expect(seen).toHaveLength(2);
    expect(client.stats()).toMatchObject({ calls: 2, retries: 1, errors: 0 });
    expect(calls.map((c) => [c.attempt, c.ok, c.errorKind])).toEqual([
      [1, false, 'server'],
      [2, true, undefined],
    ]);
  });

  it('gives up after 3 retries (4 requests) on persistent 5xx', async () => {
    const { base, seen } = await startGateway(() => ({ status: 502, body: 'bad gateway' }));
    const { client } = makeClient(base);
    const e = await rejection(client.listLogisticsCompanies());
    expect(e.kind).toBe('server');
    expect(seen).toHaveLength(4);
    expect(client.stats()).toMatchObject({ calls: 4, retries: 3, errors: 1 });
  });

  it('a 200 HTML body is malformed (retried, then surfaced)', async () => {
    const { base, seen } = await startGateway(() => ({ body: '<html>login</html>' }));
    const { client } = makeClient(base, { retry: { retries: 1, baseMs: 1, capMs: 1 } });
    expect((await rejection(client.getLogisticsInfos(ID))).kind).toBe('malformed');
    expect(seen).toHaveLength(2);
  });

  it('never retries gw.SignatureInvalid', async () => {
    const { base, seen } = await startGateway(() => ({
      status: 400,
      body: { error_code: 'gw.SignatureInvalid', error_message: 'Invalid signature', request_id: 'x' },
    }));
    const { client } = makeClient(base);
    const e = await rejection(client.getOrderDetail(ID));
    expect(e).toMatchObject({ kind: 'signature', gatewayCode: 'gw.SignatureInvalid', httpStatus: 400, retryable: false });
    expect(e.userMessage).toBe('1688 拒绝了请求签名：请检查 AppSecret 是否正确。');
    expect(seen).toHaveLength(1);
  });

  it('QoS: reports to the limiter and retries', async () => {
    const { base, seen } = await startGateway((_s, n) =>
      n === 1
        ? { status: 400, body: { error_code: 'gw.QosAppFrequencyLimit', error_message: 'App call exceeds limited frequency' } }
        : { body: { success: true, result: [] } },
    );
    const inner = createRateLimiter({ qps: 10, pauseMs: 150 });
    let reports = 0;
    const limiter: RateLimiter = { ...inner, reportRateLimited: () => (reports++, inner.reportRateLimited()) };
    const { client } = makeClient(base, { limiter });
    const t0 = Date.now();
    await client.listLogisticsCompanies();
    expect(reports).toBe(1);
    expect(seen).toHaveLength(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140); // the retry waited out the limiter's pause
    // A lone QoS answer: 10% slower (a second one soon after would halve it).
    expect(inner.stats().currentQps).toBe(9);
  });

  it('401 whose refresh fails for a passing reason (5xx after retries): a server error, not a reconnect', async () => {
    const { base, seen } = await startGateway((s) => (isTokenPath(s) ? { status: 502, body: { message: 'bad gateway' } } : unauthorized));
    const { client, saved } = makeClient(base);
    await expect(client.getOrderDetail(ID)).rejects.toMatchObject({ kind: 'server' });
    expect(seen.filter(isTokenPath).length).toBeGreaterThan(1); // the refresh itself was retried
    expect(saved).toHaveLength(0);
  });

  it('401 → exactly one refresh (unsigned, param2 path), then the retry succeeds with the new token', async () => {
    const { base, seen } = await startGateway((s) => {
      if (isTokenPath(s)) return { body: { access_token: NEW_TOKEN, expires_in: '36000', resource_owner: 'buyer1' } };
      return s.form['access_token'] === NEW_TOKEN ? { body: DETAIL_BODY } : unauthorized;
    });
    const { client, saved } = makeClient(base);
    await expect(client.getOrderDetail(ID)).resolves.toMatchObject({ orderId: ID });

    expect(seen.map((s) => (isTokenPath(s) ? 'token' : s.form['access_token']))).toEqual([TOKEN, 'token', NEW_TOKEN]);
    const refresh = seen[1]!;
    expect(refresh.path).toBe(`/openapi/param2/1/system.oauth2/getToken/${APP_KEY}`);
    expect(refresh.form).toEqual({ grant_type: 'refresh_token', client_id: APP_KEY, client_secret: SECRET, refresh_token: REFRESH });
    expect(seen[2]!.signatureOk).toBe(true);
    // No new refresh_token came back: the old one is kept.
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ accessToken: NEW_TOKEN, refreshToken: REFRESH, loginId: 'buyer1' });
    expect(client.stats()).toMatchObject({ refreshes: 1, errors: 0 });
  });

  it('two concurrent 401s share one refresh', async () => {
    let held: (() => void)[] = [];
    const { base, seen } = await startGateway(async (s) => {
      if (isTokenPath(s)) return { body: { access_token: NEW_TOKEN, refresh_token: 'REFRESH-new-1', expires_in: 36000 } };
      if (s.form['access_token'] === NEW_TOKEN) return { body: DETAIL_BODY };
      // Hold the first old-token answer until the second request has arrived too.
      if (held.length === 0) {
        await new Promise<void>((r) => {
          held.push(r);
          setTimeout(r, 2000);
        });
      } else {
        held.forEach((r) => r());
        held = [];
      }
      return unauthorized;
    });
    const { client, saved } = makeClient(base);
    const [a, b] = await Promise.all([client.getOrderDetail(ID), client.getOrderDetail(ID)]);
    expect(a.orderId).toBe(ID);
    expect(b.orderId).toBe(ID);
    expect(seen.filter(isTokenPath)).toHaveLength(1);
    expect(seen.filter((s) => !isTokenPath(s)).map((s) => s.form['access_token'])).toEqual([TOKEN, TOKEN, NEW_TOKEN, NEW_TOKEN]);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.refreshToken).toBe('REFRESH-new-1');
    expect(client.stats().refreshes).toBe(1);
  });

  it('still 401 after the refresh → unauthorized, one refresh only', async () => {
    const { base, seen } = await startGateway((s) =>
      isTokenPath(s) ? { body: { access_token: NEW_TOKEN, expires_in: '36000' } } : unauthorized,
    );
    const { client } = makeClient(base);
    const e = await rejection(client.getLogisticsInfos(ID));
    expect(e.kind).toBe('unauthorized');
    expect(e.userMessage).toBe('1688 授权已失效，请重新连接账号。');
    expect(seen.filter(isTokenPath)).toHaveLength(1);
    expect(seen).toHaveLength(3);
  });

  it('a failed refresh → unauthorized without retrying the call', async () => {
    const { base, seen } = await startGateway((s) =>
      isTokenPath(s) ? { status: 401, body: { error: 'invalid_grant', error_description: 'refresh token expired' } } : unauthorized,
    );
    const { client, saved } = makeClient(base);
    expect((await rejection(client.getOrderDetail(ID))).kind).toBe('unauthorized');
    expect(seen).toHaveLength(2);
    expect(saved).toHaveLength(0);
  });

  it('no access token → unauthorized without any request', async () => {
    const { base, seen } = await startGateway(() => ({ body: DETAIL_BODY }));
    const { source } = memoryCredentials({ accessToken: '', refreshToken: null });
    const { client } = makeClient(base, { credentials: source });
    expect((await rejection(client.getOrderDetail(ID))).kind).toBe('unauthorized');
    expect(seen).toHaveLength(0);
  });

  it('timeout → kind timeout after 4 attempts', async () => {
    const { base, seen } = await startGateway(() => 'hang');
    const { client, calls } = makeClient(base, { timeoutMs: 100 });
    const e = await rejection(client.listLogisticsCompanies());
    expect(e).toMatchObject({ kind: 'timeout', retryable: true });
    expect(seen).toHaveLength(4);
    expect(calls.map((c) => c.errorKind)).toEqual(['timeout', 'timeout', 'timeout', 'timeout']);
  });

  it('network failure → kind network', async () => {
    const { base } = await startGateway(() => ({ body: {} }));
    server!.closeAllConnections();
    await new Promise((r) => server!.close(r));
    server = null;
    const { client } = makeClient(base, { retry: { retries: 1, baseMs: 1, capMs: 1 } });
    const e = await rejection(client.listLogisticsCompanies());
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/ECONNREFUSED/);
  });

  it('keeps secrets out of error messages and logs', async () => {
    const echo = `secret=${SECRET} token=${TOKEN} refresh=${REFRESH}`;
    const { base } = await startGateway((s) =>
      isTokenPath(s)
        ? { status: 400, body: { error: 'invalid_request', error_description: echo } }
        : s.path.includes('get.buyerView')
          ? { status: 401, body: { error_code: '401', error_message: echo } }
          : { status: 400, body: { error_code: 'gw.APIACLDecline', error_message: echo, exception: s.rawBody } },
    );
    const { client, lines } = makeClient(base, { logger: undefined });
    const { logger, lines: logLines } = capturingLogger();
    const c2 = createAli1688Client({
      gatewayUrl: base,
      credentials: memoryCredentials().source,
      limiter: createRateLimiter({ qps: 10 }),
      logger,
      retry: { baseMs: 1, capMs: 1 },
    });
    const errors = [
      await rejection(c2.getOrderDetail(ID)),
      await rejection(c2.listLogisticsCompanies()),
      await rejection(c2.refreshAccessToken()),
      await rejection(client.exchangeCode({ code: 'CODE-abc-123', redirectUri: 'http://127.0.0.1/cb' })),
    ];
    expect(errors.map((e) => e.kind)).toEqual(['unauthorized', 'acl', 'bad_request', 'bad_request']);
    const everything = [...errors.flatMap((e) => [e.message, e.userMessage, String(e.stack)]), ...logLines, ...lines].join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of [SECRET, TOKEN, REFRESH, 'CODE-abc-123']) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/_aop_signature=[0-9A-F]{40}/);
  });

  it('currentTime is signed, works without a token, and reads the bare string', async () => {
    const { base, seen } = await startGateway(() => ({ body: '"20260101120000123+0800"' }));
    const { source } = memoryCredentials({ accessToken: '', refreshToken: null });
    const { client } = makeClient(base, { credentials: source });
    await expect(client.currentTime()).resolves.toBe(Date.parse('2026-01-01T04:00:00.123Z'));
    expect(seen[0]!.path).toBe(`/openapi/param2/1/system/currentTime/${APP_KEY}`);
    expect(Object.keys(seen[0]!.form).sort()).toEqual(['_aop_signature', '_aop_timestamp']);
    expect(seen[0]!.signatureOk).toBe(true);
  });

  it('exchangeCode posts the authorization_code grant to http/1 and saves the grant', async () => {
    const { base, seen } = await startGateway(() => ({
      body: {
        access_token: NEW_TOKEN,
        refresh_token: 'REFRESH-new-2',
        expires_in: '36000',
        refresh_token_timeout: '20250612093011000+0800',
        resource_owner: 'buyer1',
        memberId: 'b2b-220',
      },
    }));
    const { client, saved } = makeClient(base);
    const grant = await client.exchangeCode({ code: 'CODE-1', redirectUri: 'https://example.com/cb?x=1&y=中' });
    expect(grant).toMatchObject({ accessToken: NEW_TOKEN, refreshToken: 'REFRESH-new-2', memberId: 'b2b-220', loginId: 'buyer1' });
    expect(grant.refreshTokenExpiresAt).toBe(Date.parse('2025-06-12T01:30:11Z'));
    expect(seen[0]!.path).toBe(`/openapi/http/1/system.oauth2/getToken/${APP_KEY}`);
    expect(seen[0]!.form).toEqual({
      grant_type: 'authorization_code',
      need_refresh_token: 'true',
      client_id: APP_KEY,
      client_secret: SECRET,
      redirect_uri: 'https://example.com/cb?x=1&y=中',
      code: 'CODE-1',
    });
    expect(saved).toEqual([grant]);
  });

  it('every attempt goes through the limiter', async () => {
    const { base } = await startGateway((_s, n) => (n < 3 ? { status: 500, body: 'x' } : { body: { success: true, result: [] } }));
    const inner = createRateLimiter({ qps: 10 });
    let runs = 0;
    const limiter: RateLimiter = { ...inner, run: (fn) => (runs++, inner.run(fn)) };
    const { client } = makeClient(base, { limiter });
    await client.listLogisticsCompanies();
    expect(runs).toBe(3);
    expect(inner.stats().started).toBe(3);
  });
});
