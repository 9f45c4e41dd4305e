// Runs in: main process (pure Node; no Electron import, so it is unit-testable).
// Serves the built renderer (dist/renderer/**) on app://renderer/… . A custom standard scheme
// gives the UI a real origin (unlike file://) and lets us attach the CSP to every response.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { APP_HOST, APP_SCHEME } from './urlPolicy';

/** The renderer's Content-Security-Policy: only our own code; inline styles for antd's CSS-in-JS. */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "form-action 'none'",
].join('; ');

const PREFIX = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Maps an app:// URL to a file under `rootDir`, or null (→ 404) for anything that could leave
 * it: `..` (literal or %2e-encoded), backslashes (%5c), NUL, encoded slashes, drive letters,
 * another host. Checks the raw string as well as the parsed URL, because the URL parser folds
 * `..` away and we want such a request refused, not silently rewritten.
 */
export function resolveAppUrl(url: string, rootDir: string): string | null {
  if (typeof url !== 'string' || url.length > 4096) return null;
  if (url.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return null;
  const rawRest = url.slice(PREFIX.length);
  if (rawRest !== '' && !/^[/?#]/.test(rawRest)) return null; // app://renderer.evil/…, app://renderer:80/…
  const rawPath = rawRest.split(/[?#]/, 1)[0] ?? '';
  // Normalise the encodings an attacker would use, then look for what must never appear.
  const loose = rawPath.toLowerCase().replace(/%2e/g, '.').replace(/%2f/g, '/').replace(/%5c/g, '\\');
  if (loose.includes('\\') || loose.includes('\0') || loose.includes('%00')) return null;
  if (loose.split('/').some((seg) => seg === '..' || seg === '.')) return null;

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password) return null;

  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null; // malformed %-escapes
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.startsWith('//')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  for (const seg of segments) {
    if (seg === '..' || seg === '.' || /^[a-zA-Z]:/.test(seg)) return null; // C:\… on Windows
  }
  if (segments.length === 0) segments.push('index.html');

  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  // The final word: whatever the checks above missed, the file must be inside the root.
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  if (file === root) return null;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() } });
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

/**
 * The protocol.handle('app', …) handler. GET/HEAD only; every response carries the CSP.
 * A path without an extension that is not a file gets index.html, so the renderer's
 * client-side routes (deep links to an order) survive a reload.
 */
export async function serveAppRequest(
  request: { url: string; method?: string },
  rootDir: string,
  readFile: ReadFile = (f) => fs.readFile(f),
): Promise<Response> {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    return new Response('Method not allowed', { status: 405, headers: securityHeaders() });
  }
  const file = resolveAppUrl(request.url, rootDir);
  if (!file) return notFound();
  const candidates = path.extname(file) === '' ? [file, path.join(path.resolve(rootDir), 'index.html')] : [file];
  for (const candidate of candidates) {
    let body: Uint8Array;
    try {
      body = await readFile(candidate);
    } catch {
      continue; // ENOENT, EISDIR, …: try the next candidate, then 404
    }
    const headers = { 'Content-Type': contentTypeFor(candidate), 'Cache-Control': 'no-cache', ...securityHeaders() };
    return new Response(method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers });
  }
  return notFound();
}
