// Browser-mode server: the per-run token, Host/Origin checks, fetch metadata, security headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../../electron/core/server';
import { captureLogger, makeFakeCore, makeTempUi, rawRequest, bearer, type CapturedLogger, type TempUi } from './helpers';

let ui: TempUi;
let server: BrowserServer;
let logger: CapturedLogger;

beforeAll(async () => {
  ui = makeTempUi();
  logger = captureLogger();
  server = await startBrowserServer({ core: makeFakeCore(), staticDir: ui.staticDir, logger });
});

afterAll(async () => {
  await server.close();
  ui.cleanup();
});

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; frame-src 'none'; form-action 'none'";

function expectSecurityHeaders(headers: Record<string, unknown>) {
  expect(headers['content-security-policy']).toBe(CSP);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-resource-policy']).toBe('same-origin');
}

describe('token', () => {
  it('has a 32-byte base64url token by default; the printed url carries a one-time code, never the token', () => {
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?code=[A-Za-z0-9_-]{43}$`));
    expect(server.url).not.toContain(server.token);
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('the printed link works once: the code becomes the cookie and a clean URL; the same link later opens nothing', async () => {
    const own = await startBrowserServer({ core: makeFakeCore(), staticDir: ui.staticDir });
    try {
      const path = new URL(own.url).pathname + new URL(own.url).search;
      // A HEAD (a terminal's link preview) does not use it up.
      expect((await rawRequest({ port: own.port, path, method: 'HEAD' })).headers['set-cookie']).toBeUndefined();
      const first = await rawRequest({ port: own.port, path });
      expect(first.status).toBe(302);
      expect(first.headers.location).toBe('/');
      const cookie = first.headers['set-cookie']?.[0] ?? '';
      expect(cookie).toBe(`tracker_token_${own.port}=${own.token}; HttpOnly; SameSite=Strict; Path=/`);
      const pair = cookie.split(';')[0] ?? '';
      expect((await rawRequest({ port: own.port, path: '/api/health', headers: { Cookie: pair } })).status).toBe(200);

      // From history or scrollback, in another browser: refused, with a page that says why.
      const again = await rawRequest({ port: own.port, path });
      expect(again.status).toBe(401);
      expect(again.headers['set-cookie']).toBeUndefined();
      expect(again.body).toContain('此链接只能打开一次');
      // In the browser that used it (it has the cookie): straight to the app, no new cookie.
      const reload = await rawRequest({ port: own.port, path, headers: { Cookie: pair } });
      expect(reload.status).toBe(302);
      expect(reload.headers.location).toBe('/');
      expect(reload.headers['set-cookie']).toBeUndefined();
      // A guessed code is refused like a used one.
      expect((await rawRequest({ port: own.port, path: `/?code=${'x'.repeat(43)}` })).status).toBe(401);
    } finally {
      await own.close();
    }
  });

  it('answers 401 without a token: JSON under /api, a Chinese page elsewhere', async () => {
    const api = await rawRequest({ port: server.port, path: '/api/health' });
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(api.body)).toEqual({ ok: false, error: { code: 'internal', message: '访问被拒绝：请使用启动时打印的链接打开' } });

    const page = await rawRequest({ port: server.port, path: '/' });
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('访问被拒绝：请使用启动时打印的链接打开');
    expect(page.body).not.toContain('id="root"');

    const asset = await rawRequest({ port: server.port, path: '/assets/app.js' });
    expect(asset.status).toBe(401);
    expect(asset.body).not.toContain('tracker app');
  });

  it('answers 401 to a wrong token in every place it can be given', async () => {
    const wrong = `${server.token.slice(0, -1)}${server.token.endsWith('A') ? 'B' : 'A'}`;
    for (const headers of [bearer(wrong), bearer('short'), { Cookie: `tracker_token_${server.port}=${wrong}` }, { Authorization: 'Bearer' }]) {
      const res = await rawRequest({ port: server.port, path: '/api/health', headers });
      expect(res.status).toBe(401);
    }
    const q = await rawRequest({ port: server.port, path: `/?token=${wrong}` });
    expect(q.status).toBe(401);
    expect(q.headers['set-cookie']).toBeUndefined();
  });

  it('accepts the bearer token (node fetch)', async () => {
    const res = await fetch(`${server.origin}/api/health`, { headers: bearer(server.token) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('trades /?token= for an HttpOnly SameSite=Strict cookie and a clean URL, then the cookie works', async () => {
    const res = await rawRequest({ port: server.port, path: `/?token=${server.token}` });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const cookie = res.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toBe(`tracker_token_${server.port}=${server.token}; HttpOnly; SameSite=Strict; Path=/`);
    expect(cookie).not.toMatch(/Secure/i);
    expectSecurityHeaders(res.headers);

    const pair = cookie.split(';')[0] ?? '';
    const page = await rawRequest({ port: server.port, path: '/', headers: { Cookie: `other=1; ${pair}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="root"');
    const api = await rawRequest({ port: server.port, path: '/api/health', headers: { Cookie: pair } });
    expect(api.status).toBe(200);
  });

  it('keeps the path and other query parameters when dropping the token, and never redirects off-site', async () => {
    const res = await rawRequest({ port: server.port, path: `/orders?tab=late&token=${server.token}&x=%20y` });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/orders?tab=late&x=%20y');
    const evil = await rawRequest({ port: server.port, path: `//evil.example/?token=${server.token}` });
    expect(evil.status).toBe(302);
    expect(evil.headers.location).toBe('/');
  });

  it('never logs the token', () => {
    expect(JSON.stringify(logger.lines)).not.toContain(server.token);
  });
});

describe('Host, Origin and fetch metadata', () => {
  it('accepts the three loopback Host names', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`]) {
      const res = await rawRequest({ port: server.port, path: '/api/health', headers: { Host: host, ...bearer(server.token) } });
      expect(res.status, host).toBe(200);
    }
  });

  it.each([
    ['evil.com:PORT'],
    ['127.0.0.1.nip.io:PORT'],
    ['localhost.evil.com:PORT'],
    ['127.0.0.1'],
    ['localhost'],
    ['127.0.0.1:1'],
    ['0.0.0.0:PORT'],
    [''],
  ])('refuses Host %j with 403, even with the token', async (h) => {
    const host = h.replace('PORT', String(server.port));
    const api = await rawRequest({ port: server.port, path: '/api/health', headers: { Host: host, ...bearer(server.token) } });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('禁止访问') } });
    const page = await rawRequest({ port: server.port, path: '/', headers: { Host: host, ...bearer(server.token) } });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('id="root"');
  });

  it('refuses the token link on a foreign Host (no cookie for a rebinding page)', async () => {
    const res = await rawRequest({ port: server.port, path: `/?token=${server.token}`, headers: { Host: `evil.com:${server.port}` } });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('accepts its own Origins and refuses any other', async () => {
    for (const origin of [server.origin, `http://localhost:${server.port}`, `http://[::1]:${server.port}`]) {
      const res = await rawRequest({ port: server.port, path: '/api/health', headers: { Origin: origin, ...bearer(server.token) } });
      expect(res.status, origin).toBe(200);
    }
    for (const origin of ['http://evil.com', `http://evil.com:${server.port}`, `https://127.0.0.1:${server.port}`, 'http://127.0.0.1:1', 'null']) {
      const res = await rawRequest({
        port: server.port,
        method: 'POST',
        path: '/api/sync.status',
        headers: { Origin: origin, ...bearer(server.token), 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(res.status, origin).toBe(403);
    }
  });

  it('refuses cross-site (and same-site) fetch metadata with 403', async () => {
    const base = { port: server.port, path: '/api/health' };
    expect((await rawRequest({ ...base, headers: { 'Sec-Fetch-Site': 'cross-site', ...bearer(server.token) } })).status).toBe(403);
    expect((await rawRequest({ ...base, headers: { 'Sec-Fetch-Site': 'same-site', ...bearer(server.token) } })).status).toBe(403);
    expect((await rawRequest({ ...base, headers: { 'Sec-Fetch-Site': 'same-origin', ...bearer(server.token) } })).status).toBe(200);
    expect((await rawRequest({ ...base, headers: { 'Sec-Fetch-Site': 'none', ...bearer(server.token) } })).status).toBe(200);
    const page = await rawRequest({
      port: server.port,
      path: `/?token=${server.token}`,
      headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' },
    });
    expect(page.status).toBe(403);
    expect(page.headers['set-cookie']).toBeUndefined();
  });
});

describe('security headers', () => {
  it.each([
    ['/', {}, 200],
    ['/assets/app.js', {}, 200],
    ['/api/health', {}, 200],
    ['/api/health', { noAuth: true }, 401],
    ['/missing.png', {}, 404],
    ['/../secret.txt', {}, 404],
  ] as const)('are on %s (%o → %i)', async (p, flags, status) => {
    const headers = 'noAuth' in flags ? {} : bearer(server.token);
    const res = await rawRequest({ port: server.port, path: p, headers });
    expect(res.status).toBe(status);
    expectSecurityHeaders(res.headers);
  });

  it('are on a 403 for a foreign Host too', async () => {
    const res = await rawRequest({ port: server.port, path: '/', headers: { Host: 'evil.com' } });
    expect(res.status).toBe(403);
    expectSecurityHeaders(res.headers);
  });
});
