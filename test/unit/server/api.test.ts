// Browser-mode server: POST /api/<method>, the typed error mapping, body limits, the OAuth callback.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../../electron/core/server';
import {
  bearer,
  captureLogger,
  jsonHeaders,
  makeFakeCore,
  makeTempUi,
  rawRequest,
  type CapturedLogger,
  type FakeCore,
  type TempUi,
} from './helpers';

let ui: TempUi;
let server: BrowserServer;
let core: FakeCore;
let logger: CapturedLogger;

const LIMIT = 4096;
const IMPORT_LIMIT = 64 * 1024;

beforeAll(async () => {
  ui = makeTempUi();
  core = makeFakeCore();
  logger = captureLogger();
  server = await startBrowserServer({
    core,
    staticDir: ui.staticDir,
    logger,
    maxBodyBytes: LIMIT,
    maxImportBodyBytes: IMPORT_LIMIT,
  });
});

afterAll(async () => {
  await server.close();
  ui.cleanup();
});

function post(method: string, body: string | Buffer | undefined, headers?: Record<string, string>) {
  return rawRequest({
    port: server.port,
    method: 'POST',
    path: `/api/${method}`,
    headers: headers ?? jsonHeaders(server.token),
    ...(body !== undefined ? { body } : {}),
  });
}

describe('POST /api/<method>', () => {
  it('passes the parsed input to core.handle and answers { ok: true, result }', async () => {
    const res = await post('orders.get', JSON.stringify({ orderId: '1234567890123456789' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual({ ok: true, result: { orderId: '1234567890123456789', status: 'in_transit' } });
    expect(core.calls.at(-1)).toEqual({ method: 'orders.get', input: { orderId: '1234567890123456789' } });
  });

  it('works with node fetch and a charset parameter', async () => {
    const res = await fetch(`${server.origin}/api/sync.status`, {
      method: 'POST',
      headers: { ...bearer(server.token), 'Content-Type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({}),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, result: { state: 'idle', echo: {} } });
  });

  it('treats an empty body as {}', async () => {
    const res = await post('sync.status', undefined);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).result).toEqual({ state: 'idle', echo: {} });
  });

  it('answers 405 to anything but POST, for known and unknown names', async () => {
    for (const [method, p] of [
      ['GET', '/api/x'],
      ['GET', '/api/orders.list'],
      ['PUT', '/api/orders.list'],
      ['DELETE', '/api/sync.status'],
      ['POST', '/api/health'],
      ['POST', '/api/events'],
    ] as const) {
      const res = await rawRequest({ port: server.port, method, path: p, headers: bearer(server.token) });
      expect(res.status, `${method} ${p}`).toBe(405);
      expect(res.headers.allow).toBeDefined();
      expect(JSON.parse(res.body).ok).toBe(false);
    }
  });

  it('answers 404 invalid_input to a name outside the contract', async () => {
    for (const name of ['x', 'orders.drop', 'constructor', '__proto__', 'toString', 'orders.list/extra', '']) {
      const res = await post(name, '{}');
      expect(res.status, name).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('answers 415 unless the Content-Type is application/json', async () => {
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json; charset=latin1']) {
      const res = await post('sync.status', '{}', { ...bearer(server.token), 'Content-Type': ct });
      expect(res.status, ct).toBe(415);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    const none = await post('sync.status', '{}', bearer(server.token));
    expect(none.status).toBe(415);
  });

  it('answers 400 invalid_input to bad JSON, without calling the core', async () => {
    const before = core.calls.length;
    for (const body of ['{', '{"a":', 'undefined', "{'a':1}", Buffer.from([0x7b, 0xff, 0x7d])]) {
      const res = await post('sync.status', body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(core.calls.length).toBe(before);
  });

  it('answers a CoreError with its code, message, issues and the matching status', async () => {
    const bad = await post('orders.get', JSON.stringify({ orderId: 'abc' }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: '订单号应为 6–20 位数字', issues: [{ path: 'orderId', message: '订单号应为 6–20 位数字' }] },
    });
    const missing = await post('orders.get', JSON.stringify({ orderId: '000000' }));
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: { code: 'not_found', message: '找不到这个订单。' } });
  });

  it.each([
    ['invalid_input', 400],
    ['not_found', 404],
    ['not_connected', 409],
    ['needs_reconnect', 409],
    ['account_paused', 409],
    ['offline', 502],
    ['gateway', 502],
    ['storage', 507],
    ['internal', 500],
  ] as const)('maps CoreError %s to HTTP %i', async (code, status) => {
    const res = await post('alerts.ack', JSON.stringify({ code }));
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code, message: `失败：${code}` } });
  });

  it('answers a plain Error with 500 internal, no stack or detail, and logs it', async () => {
    const res = await post('sync.runNow', '{}');
    expect(res.status).toBe(500);
    const body = JSON.parse(res.body);
    expect(body).toEqual({ ok: false, error: { code: 'internal', message: '内部错误，请重试；若反复出现请联系支持。' } });
    expect(res.body).not.toMatch(/exploded|secret|at |\.ts|stack/);
    const logged = logger.lines.find((l) => l.level === 'error' && JSON.stringify(l).includes('exploded'));
    expect(logged).toBeDefined();
  });

  it('answers 413 once the body passes the limit and stays up', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(LIMIT) });
    const res = await post('sync.status', big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const next = await post('sync.status', '{}');
    expect(next.status).toBe(200);
  });

  it('answers 413 to a chunked body (no Content-Length) that grows past the limit', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/sync.status',
          headers: { ...jsonHeaders(server.token), 'Transfer-Encoding': 'chunked' },
          agent: false,
        },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write('x'.repeat(1024));
      req.end();
    });
    expect(res).toBe(413);
    expect((await post('sync.status', '{}')).status).toBe(200);
  });

  it('answers 413 to node fetch with a body far over the limit, and the next fetch works', async () => {
    const res = await fetch(`${server.origin}/api/sync.status`, {
      method: 'POST',
      headers: jsonHeaders(server.token),
      body: JSON.stringify({ pad: 'y'.repeat(LIMIT * 16) }),
    });
    expect(res.status).toBe(413);
    const next = await fetch(`${server.origin}/api/health`, { headers: bearer(server.token) });
    expect(next.status).toBe(200);
  });

  it('lets orders.importFile carry a bigger body, up to its own limit', async () => {
    const content = Buffer.alloc(LIMIT * 4, 7).toString('base64');
    const ok = await post('orders.importFile', JSON.stringify({ fileName: 'orders.xlsx', contentBase64: content }));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).result).toEqual({ totalRows: 1, bytes: content.length });
    // The same size is over the limit for any other method…
    const other = await post('sync.status', JSON.stringify({ contentBase64: content }));
    expect(other.status).toBe(413);
    // …and importFile has a limit too.
    const tooBig = await post('orders.importFile', JSON.stringify({ fileName: 'a.csv', contentBase64: 'z'.repeat(IMPORT_LIMIT + 1) }));
    expect(tooBig.status).toBe(413);
  });

  it('never logs request bodies (account.connect carries secrets)', async () => {
    const res = await post('account.connect', JSON.stringify({ appKey: 'k123', appSecret: 'APP-SECRET-9d2', accessToken: 'ACCESS-TOKEN-77' }));
    expect(res.status).toBe(200);
    await post('account.connect', '{"appSecret":"APP-SECRET-9d2"');
    const all = JSON.stringify(logger.lines);
    expect(all).not.toContain('APP-SECRET-9d2');
    expect(all).not.toContain('ACCESS-TOKEN-77');
    expect(all).not.toContain(server.token);
  });
});

describe('GET /oauth/callback', () => {
  it('requires the token', async () => {
    const res = await rawRequest({ port: server.port, path: '/oauth/callback?code=c1&state=good-state' });
    expect(res.status).toBe(401);
  });

  it('completes the OAuth flow through core.handle and says so in Chinese', async () => {
    const res = await rawRequest({
      port: server.port,
      path: '/oauth/callback?code=c%201&state=good-state',
      headers: { Cookie: `tracker_token_${server.port}=${server.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('已连接 1688 账号，可以关闭此页面。');
    expect(core.calls.at(-1)).toEqual({ method: 'account.completeOAuth', input: { code: 'c 1', state: 'good-state' } });
  });

  it('shows the core error message HTML-escaped', async () => {
    const res = await rawRequest({
      port: server.port,
      path: '/oauth/callback?code=c1&state=stale',
      headers: { Cookie: `tracker_token_${server.port}=${server.token}` },
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('授权已过期 &lt;script&gt;alert(1)&lt;/script&gt;，请重新连接。');
    expect(res.body).not.toContain('<script>');
  });

  it('answers 400 without code or state, without calling the core', async () => {
    const before = core.calls.length;
    const res = await rawRequest({ port: server.port, path: '/oauth/callback?state=x', headers: bearer(server.token) });
    expect(res.status).toBe(400);
    expect(core.calls.length).toBe(before);
  });

  it('turns the cross-site redirect from 1688 into a same-origin request without acting on it', async () => {
    const before = core.calls.length;
    const res = await rawRequest({
      port: server.port,
      path: '/oauth/callback?code=c1&state=good-state&x=<b>',
      headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' },
    });
    expect(res.status).toBe(200);
    expect(core.calls.length).toBe(before);
    expect(res.body).toContain('<meta http-equiv="refresh" content="0;url=/oauth/callback?code=c1&amp;state=good-state&amp;bounced=1">');
    expect(res.body).not.toContain('<b>');
    // The bounce happens once: a second cross-site arrival is refused, and so is a cross-site fetch.
    const again = await rawRequest({
      port: server.port,
      path: '/oauth/callback?code=c1&state=good-state&bounced=1',
      headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' },
    });
    expect(again.status).toBe(403);
    const fetchMode = await rawRequest({
      port: server.port,
      path: '/oauth/callback?code=c1&state=good-state',
      headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', Cookie: `tracker_token_${server.port}=${server.token}` },
    });
    expect(fetchMode.status).toBe(403);
    expect(core.calls.length).toBe(before);
    // The same-origin follow-up with the cookie completes it.
    const follow = await rawRequest({
      port: server.port,
      path: '/oauth/callback?code=c1&state=good-state&bounced=1',
      headers: { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'navigate', Cookie: `tracker_token_${server.port}=${server.token}` },
    });
    expect(follow.status).toBe(200);
    expect(follow.body).toContain('已连接 1688 账号');
  });
});
