// Runs in: Vitest (node). app:// serving: path traversal is refused, files come with the CSP.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_CSP, resolveAppUrl, serveAppRequest } from '../../../electron/appProtocol';

const base = mkdtempSync(path.join(tmpdir(), 'app-protocol-'));
const root = path.join(base, 'renderer');
mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>1688</title>');
writeFileSync(path.join(root, 'assets', 'main-abc.js'), 'console.log(1)');
writeFileSync(path.join(root, 'assets', 'a b.css'), 'body{}');
// A secret next to the renderer dir that traversal would reach.
writeFileSync(path.join(base, 'secret.txt'), 'TOP-SECRET');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const TRAVERSAL = [
  'app://renderer/../../etc/passwd',
  'app://renderer/../secret.txt',
  'app://renderer/assets/../../secret.txt',
  'app://renderer/%2e%2e/secret.txt',
  'app://renderer/%2E%2E/%2E%2E/etc/passwd',
  'app://renderer/%2e%2e%2fsecret.txt',
  'app://renderer/assets%2f..%2f..%2fsecret.txt',
  'app://renderer/..%2fsecret.txt',
  'app://renderer/.%2e/secret.txt',
  'app://renderer/..%5csecret.txt',
  'app://renderer/..%5C..%5Cwindows%5Cwin.ini',
  'app://renderer/assets\\..\\..\\secret.txt',
  'app://renderer/index.html%00.js',
  'app://renderer/%00',
  'app://renderer/%2fetc%2fpasswd',
  'app://renderer//etc/passwd',
  'app://renderer/C:/Windows/win.ini',
  'app://renderer/c%3a/Windows/win.ini',
  'app://renderer/%E0%A4%A', // malformed escape
  'app://renderer/./index.html',
  'app://evil/index.html',
  'app://renderer.evil/index.html',
  'app://renderer:80/index.html',
  'app://user@renderer/index.html',
  'file:///etc/passwd',
  'https://renderer/index.html',
  '/etc/passwd',
  '',
];

describe('resolveAppUrl', () => {
  it.each(TRAVERSAL)('refuses %j', (url) => {
    expect(resolveAppUrl(url, root)).toBeNull();
  });

  it('maps ordinary URLs to files inside the root', () => {
    expect(resolveAppUrl('app://renderer/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppUrl('app://renderer', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppUrl('app://renderer/index.html?x=1#y', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppUrl('app://renderer/assets/main-abc.js', root)).toBe(path.join(root, 'assets', 'main-abc.js'));
    expect(resolveAppUrl('app://renderer/assets/a%20b.css', root)).toBe(path.join(root, 'assets', 'a b.css'));
    expect(resolveAppUrl('app://renderer/orders/3712345678901234567', root)).toBe(path.join(root, 'orders', '3712345678901234567'));
  });

  it('never returns a path outside the root', () => {
    for (const url of TRAVERSAL) {
      const r = resolveAppUrl(url, root);
      if (r !== null) expect(r.startsWith(root + path.sep)).toBe(true);
    }
  });
});

describe('serveAppRequest', () => {
  it('serves a file with its type and the CSP', async () => {
    const res = await serveAppRequest({ url: 'app://renderer/assets/main-abc.js', method: 'GET' }, root);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('the CSP is the one the design asks for', () => {
    expect(APP_CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; frame-src 'none'; form-action 'none'",
    );
  });

  it.each(TRAVERSAL.filter((u) => u.startsWith('app://renderer/')))('404 for %j, and never the secret', async (url) => {
    const res = await serveAppRequest({ url }, root);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await res.text()).not.toContain('TOP-SECRET');
  });

  it('404 for a missing asset, index.html for a client-side route', async () => {
    expect((await serveAppRequest({ url: 'app://renderer/assets/missing.js' }, root)).status).toBe(404);
    const route = await serveAppRequest({ url: 'app://renderer/orders/3712345678901234567' }, root);
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('refuses methods other than GET/HEAD', async () => {
    expect((await serveAppRequest({ url: 'app://renderer/index.html', method: 'POST' }, root)).status).toBe(405);
  });
});
