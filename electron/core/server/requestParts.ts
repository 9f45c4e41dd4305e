// Runs in: main process / headless Node. The browser-mode bridge's request plumbing: the URL,
// the JSON body with its size limit, and how a core error becomes an HTTP status and body. No
// routing and no state: index.ts owns the server.
import type http from 'node:http';
import type { ContractError, ErrorCode } from '../../../shared/contract';
import { firstHeader } from './security';

export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 400,
  not_found: 404,
  not_connected: 409,
  needs_reconnect: 409,
  account_paused: 409,
  offline: 502,
  gateway: 502,
  storage: 507,
  internal: 500,
};

/**
 * Every error body is a ContractError. 401 and 403 carry code 'internal' (the contract has no
 * auth code, and the renderer's HTTP client maps those statuses to 'internal' itself); the status
 * tells scripts what happened, the message tells the clerk what to do.
 */
export type WireError = ContractError;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(STATUS_BY_CODE, code);
}

export function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

export interface ParsedTarget {
  rawPath: string;
  rawQuery: string;
  query: URLSearchParams;
}

/** Splits the raw request-target WITHOUT normalising it (a URL parser would resolve `..` away). */
export function parseTarget(url: string | undefined): ParsedTarget | null {
  if (!url || !url.startsWith('/')) return null;
  const hash = url.indexOf('#');
  const clean = hash >= 0 ? url.slice(0, hash) : url;
  const q = clean.indexOf('?');
  const rawPath = q >= 0 ? clean.slice(0, q) : clean;
  const rawQuery = q >= 0 ? clean.slice(q + 1) : '';
  return { rawPath, rawQuery, query: new URLSearchParams(rawQuery) };
}

/** The query string minus every `name` parameter (`token`, `code`), other parameters kept byte for byte. */
export function queryWithoutToken(rawQuery: string, name = 'token'): string {
  return rawQuery
    .split('&')
    .filter((part) => {
      if (part === '') return false;
      const key = part.split('=', 1)[0] ?? '';
      try {
        return decodeURIComponent(key.replace(/\+/g, ' ')) !== name;
      } catch {
        return true;
      }
    })
    .join('&');
}

/** A Location that can only stay on this origin. */
export function sameOriginLocation(rawPath: string, rawQuery: string): string {
  const safePath = rawPath.startsWith('/') && !rawPath.startsWith('//') && !rawPath.includes('\\') ? rawPath : '/';
  return rawQuery ? `${safePath}?${rawQuery}` : safePath;
}

export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';');
  if ((type ?? '').trim().toLowerCase() !== 'application/json') return false;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    // The body is decoded as UTF-8: announcing anything else is a client bug worth refusing.
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8') return false;
  }
  return true;
}

export type BodyResult = { kind: 'ok'; body: Buffer } | { kind: 'too_large' } | { kind: 'aborted' };

export function readBody(req: http.IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = firstHeader(req.headers['content-length']);
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit) {
    return Promise.resolve({ kind: 'too_large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'ok', body: Buffer.concat(chunks, size) });
    const onAborted = () => finish({ kind: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onAborted);
  });
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.floor((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.floor(n / 1024)} KB`;
  return `${n} 字节`;
}

export function sanitizeIssues(issues: unknown): { path: string; message: string }[] | undefined {
  if (!Array.isArray(issues)) return undefined;
  return issues
    .filter((i): i is { path: unknown; message: unknown } => typeof i === 'object' && i !== null)
    .map((i) => ({ path: String(i.path ?? ''), message: String(i.message ?? '') }));
}

export function describeError(e: unknown): Record<string, unknown> {
  if (e instanceof Error) return { error: `${e.name}: ${e.message}`, stack: e.stack };
  return { error: String(e) };
}
