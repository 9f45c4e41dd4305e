// Runs in: main process / headless Node. Serves the built UI (dist/renderer) to the browser mode.
// Path handling is deliberately narrow: the raw path is decoded exactly once and anything that
// could step outside staticDir (dot segments, encoded or double-encoded dots, backslashes, NUL,
// empty segments, drive letters, symlinks pointing out) is refused with 404 before the disk is touched.
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The request path as a list of safe segments, or null when it is hostile or malformed.
 * `rawPath` is the request-target up to '?', still percent-encoded.
 */
export function safeSegments(rawPath: string): string[] | null {
  if (!rawPath.startsWith('/')) return null;
  if (rawPath.includes('\\')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  // Decoded once only: a '%' left over means double encoding (%252e…), never a real asset name.
  if (decoded.includes('%') || decoded.includes('\\')) return null;
  // NUL and other control characters, and ':' (drive letters, alternate data streams), have no
  // place in asset names.
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x3a) return null;
  }
  if (decoded === '/') return [];
  const segments = decoded.slice(1).split('/');
  // A trailing slash is allowed ("/assets/"), other empty segments ("//etc") are not.
  if (segments[segments.length - 1] === '') segments.pop();
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || s.startsWith('.')) return null;
  }
  return segments;
}

export interface StaticOptions {
  /** The real (symlink-resolved) absolute path of the UI folder. */
  root: string;
}

export type StaticResult = 'served' | 'not_found' | 'bad_path';

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

interface OpenFile {
  fd: fs.promises.FileHandle;
  size: number;
  real: string;
}

/** The file, null when there is none, or 'outside' when the path (or a symlink on it) leads out of root. */
async function openFileInside(root: string, relSegments: string[]): Promise<OpenFile | 'outside' | null> {
  const joined = path.resolve(root, ...relSegments);
  if (!isInside(root, joined)) return 'outside';
  let real: string;
  try {
    real = await fs.promises.realpath(joined);
  } catch {
    return null;
  }
  // A symlink inside the build pointing elsewhere must not expose that elsewhere.
  if (!isInside(root, real)) return 'outside';
  let fd: fs.promises.FileHandle | null = null;
  try {
    fd = await fs.promises.open(real, fs.constants.O_RDONLY);
    const st = await fd.stat();
    if (!st.isFile()) {
      await fd.close();
      return null;
    }
    return { fd, size: st.size, real };
  } catch {
    await fd?.close().catch(() => undefined);
    return null;
  }
}

function cacheControlFor(segments: string[], isIndex: boolean): string {
  if (isIndex) return 'no-cache';
  // Vite puts content-hashed bundles under /assets/: their names change when their bytes do.
  if (segments[0] === 'assets' && segments.length > 1) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

async function send(
  req: IncomingMessage,
  res: ServerResponse,
  file: OpenFile,
  cacheControl: string,
): Promise<void> {
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file.real),
    'Content-Length': String(file.size),
    'Cache-Control': cacheControl,
  });
  if (req.method === 'HEAD' || file.size === 0) {
    await file.fd.close();
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = file.fd.createReadStream({ autoClose: true });
    const done = () => resolve();
    stream.on('error', () => {
      res.destroy();
      done();
    });
    res.on('close', () => {
      stream.destroy();
      done();
    });
    stream.pipe(res);
  });
}

/**
 * Serves a GET/HEAD for a file of the UI. Paths without an extension that are not files fall back
 * to index.html (the UI routes with the hash anyway); a missing file with an extension is 404.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  opts: StaticOptions,
): Promise<StaticResult> {
  const segments = safeSegments(rawPath);
  if (segments === null) return 'bad_path';
  const last = segments[segments.length - 1];
  const isRoot = segments.length === 0;
  if (!isRoot) {
    const file = await openFileInside(opts.root, segments);
    if (file === 'outside') return 'bad_path';
    if (file) {
      const isIndex = segments.length === 1 && last === 'index.html';
      await send(req, res, file, cacheControlFor(segments, isIndex));
      return 'served';
    }
    if (last !== undefined && path.extname(last) !== '') return 'not_found';
  }
  const index = await openFileInside(opts.root, ['index.html']);
  if (index === null || index === 'outside') return 'not_found';
  await send(req, res, index, 'no-cache');
  return 'served';
}
