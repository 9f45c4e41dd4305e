// Browser-mode server: the built UI, content types, caching, and path traversal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../../electron/core/server';
import { safeSegments } from '../../../electron/core/server/static';
import { APP_JS, INDEX_HTML, SECRET_CONTENT, bearer, makeFakeCore, makeTempUi, rawRequest, type TempUi } from './helpers';

let ui: TempUi;
let server: BrowserServer;

beforeAll(async () => {
  ui = makeTempUi();
  server = await startBrowserServer({ core: makeFakeCore(), staticDir: ui.staticDir });
});

afterAll(async () => {
  await server.close();
  ui.cleanup();
});

const get = (p: string, method = 'GET') => rawRequest({ port: server.port, method, path: p, headers: bearer(server.token) });

describe('static files', () => {
  it('serves index.html at / with no-cache', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX_HTML);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect((await get('/index.html')).headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets with a long cache and the right content types', async () => {
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.body).toBe(APP_JS);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-length']).toBe(String(Buffer.byteLength(APP_JS)));
    expect((await get('/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await get('/favicon.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD with headers only', async () => {
    const res = await get('/assets/app.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(APP_JS)));
  });

  it('falls back to index.html for paths without an extension, and 404s missing files with one', async () => {
    for (const p of ['/orders', '/orders/123', '/settings/', '/assets']) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      expect(res.body, p).toBe(INDEX_HTML);
    }
    for (const p of ['/missing.js', '/assets/missing.css', '/nope.png']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.body).not.toBe(INDEX_HTML);
    }
  });

  it('answers 405 to other methods on pages', async () => {
    const res = await get('/', 'POST');
    expect(res.status).toBe(405);
  });
});

describe('path traversal', () => {
  const hostile = [
    '/../secret.txt',
    '/../secret',
    '/assets/../../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/.%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/%2e%2e%5csecret.txt',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/%2F..%2F..%2Fsecret.txt',
    '/index.html%00.js',
    '/%00',
    '/..%00/secret.txt',
    '/..%c0%afsecret.txt',
    '/%e0%80%ae%e0%80%ae/secret.txt',
    '/C:/Windows/win.ini',
    '/C:%5cWindows%5cwin.ini',
    '/.env',
    '/%2eenv',
    '/assets/link.txt',
    '/up/secret.txt',
    '/up/secret',
    '/assets/./app.js/../../../secret.txt',
    '/%',
    '/%zz',
  ];

  it('has at least ten hostile paths', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(10);
  });

  it.each(hostile)('refuses %s without leaking a file outside the UI folder', async (p) => {
    const res = await get(p);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain(SECRET_CONTENT);
    expect(res.body).not.toContain('root:');
  });

  it('refuses the absolute path of the secret file', async () => {
    const res = await get(encodeURI(ui.secretFile));
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain(SECRET_CONTENT);
  });

  it('refuses an absolute-form request-target', async () => {
    const res = await get(`http://127.0.0.1:${server.port}/../secret.txt`);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain(SECRET_CONTENT);
  });

  it('decodes once and keeps ordinary names', () => {
    expect(safeSegments('/')).toEqual([]);
    expect(safeSegments('/assets/app-%41b.js')).toEqual(['assets', 'app-Ab.js']);
    expect(safeSegments('/a/b/')).toEqual(['a', 'b']);
    expect(safeSegments('/%252e%252e')).toBeNull();
    expect(safeSegments('relative')).toBeNull();
  });
});
