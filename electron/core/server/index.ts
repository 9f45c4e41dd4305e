// Runs in: main process / headless Node. The browser-mode bridge: serves the contract over HTTP
// (POST /api/<method>), its events over Server-Sent Events (GET /api/events), the OAuth callback,
// and the built UI, on loopback only. Every request is checked for Host/Origin/fetch metadata and
// for the per-run token. It adds transport, never behaviour: every call goes to core.handle.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { EVENT_NAMES, isContractError, isMethodName, type ErrorCode } from '../../../shared/contract';
import type { TrackerCore } from '../api/types';
import { silentLogger, type Logger } from '../ports';
import {
  ACCESS_DENIED_MESSAGE,
  USED_LINK_MESSAGE,
  FORBIDDEN_MESSAGE,
  INTERNAL_MESSAGE,
  NOT_FOUND_MESSAGE,
  OAUTH_DONE_MESSAGE,
  messagePage,
  oauthBouncePage,
} from './pages';
import {
  SECURITY_HEADERS,
  allowedHosts,
  allowedOrigins,
  firstHeader,
  generateToken,
  isAcceptableToken,
  isAuthenticated,
  tokenCookie,
  tokenMatches,
} from './security';
import {
  STATUS_BY_CODE,
  describeError,
  formatBytes,
  isErrorCode,
  isJsonContentType,
  parseTarget,
  positiveInt,
  queryWithoutToken,
  readBody,
  sameOriginLocation,
  sanitizeIssues,
  type WireError,
} from './requestParts';
import { serveStatic } from './static';

export interface BrowserServerOptions {
  core: TrackerCore;
  /** Loopback only: '127.0.0.1' (default) or '::1'. Anything else is refused. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built UI (dist/renderer). */
  staticDir: string;
  /** Default: 32 random bytes, base64url. Must be 16–512 characters of [A-Za-z0-9_-]. */
  token?: string;
  logger?: Logger;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** Default 32 MiB; only for POST /api/orders.importFile. */
  maxImportBodyBytes?: number;
  /** Reserved: the OAuth callback always goes through core.handle('account.completeOAuth'). */
  onOAuthCallback?: never;
}

export interface BrowserServer {
  /**
   * http://127.0.0.1:PORT/?code=… — the link to print. The code works once: opening it sets the
   * cookie and redirects to a clean URL, so the link left in scrollback or history opens nothing.
   */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_IMPORT_BODY_BYTES = 32 * 1024 * 1024;
const SSE_PING_MS = 15_000;
/** A stream whose client stopped reading is dropped once this much is queued (it reconnects). */
const SSE_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** After a 413 the rest of the body is discarded for at most this long, then the socket is closed. */
const OVERSIZE_DRAIN_MS = 2_000;
/** close() waits this long for in-flight requests before cutting their sockets. */
const CLOSE_GRACE_MS = 1_500;
const IMPORT_METHOD = 'orders.importFile';
const OAUTH_CALLBACK_PATH = '/oauth/callback';
const OAUTH_BOUNCE_PARAM = 'bounced';

export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const host = opts.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '::1') {
    throw new Error(`Browser mode listens on loopback only ('127.0.0.1' or '::1'); refusing host '${host}'.`);
  }
  const requestedPort = opts.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new Error(`Invalid port: ${String(opts.port)}`);
  }
  const token = opts.token ?? generateToken();
  /** The printed link's one-time code; null once it has been exchanged for the cookie. */
  let loginCode: string | null = generateToken();
  // The token is never echoed in errors or logs.
  if (!isAcceptableToken(token)) throw new Error('token must be 16–512 characters of A–Z, a–z, 0–9, - and _');
  const maxBodyBytes = positiveInt(opts.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes');
  const maxImportBodyBytes = positiveInt(opts.maxImportBodyBytes, DEFAULT_MAX_IMPORT_BODY_BYTES, 'maxImportBodyBytes');
  const logger = opts.logger ?? silentLogger;
  const core = opts.core;

  let staticRoot = path.resolve(opts.staticDir);
  try {
    staticRoot = await fs.promises.realpath(staticRoot);
    if (!(await fs.promises.stat(staticRoot)).isDirectory()) logger.warn('UI folder is not a directory', { staticDir: staticRoot });
  } catch {
    logger.warn('UI folder not found; pages will answer 404 until it is built', { staticDir: staticRoot });
  }

  const sseStreams = new Set<http.ServerResponse>();
  let port = 0;
  let hosts = new Set<string>();
  let origins = new Set<string>();
  let closing: Promise<void> | null = null;

  const wantsJson = (rawPath: string) => rawPath === '/api' || rawPath.startsWith('/api/');

  function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  }

  function sendError(res: http.ServerResponse, status: number, error: WireError, headers: Record<string, string> = {}): void {
    sendJson(res, status, { ok: false, error }, headers);
  }

  function sendHtml(res: http.ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': String(Buffer.byteLength(html)),
      ...headers,
    });
    res.end(html);
  }

  /** 401/403/404/405 in the shape the caller understands: JSON under /api, a page elsewhere. */
  function refuse(res: http.ServerResponse, rawPath: string, status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
    if (wantsJson(rawPath)) sendError(res, status, { code, message }, headers);
    else sendHtml(res, status, messagePage(message), headers);
  }

  function replyWithCoreError(res: http.ServerResponse, method: string, e: unknown): void {
    if (isContractError(e) && isErrorCode(e.code)) {
      const issues = sanitizeIssues((e as { issues?: unknown }).issues);
      logger.debug('api call rejected', { method, code: e.code });
      sendError(res, STATUS_BY_CODE[e.code], { code: e.code, message: e.message, ...(issues ? { issues } : {}) });
      return;
    }
    logger.error('api call failed unexpectedly', { method, ...describeError(e) });
    sendError(res, 500, { code: 'internal', message: INTERNAL_MESSAGE });
  }

  async function handleApiCall(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (!isMethodName(name)) {
      sendError(res, 404, { code: 'invalid_input', message: `未知的接口：${name.slice(0, 100)}` });
      return;
    }
    if (!isJsonContentType(firstHeader(req.headers['content-type']))) {
      sendError(res, 415, { code: 'invalid_input', message: '请求的 Content-Type 必须是 application/json。' });
      return;
    }
    const limit = name === IMPORT_METHOD ? maxImportBodyBytes : maxBodyBytes;
    const body = await readBody(req, limit);
    if (body.kind === 'aborted') {
      res.destroy();
      return;
    }
    if (body.kind === 'too_large') {
      refuseOversizedBody(req, res, limit);
      return;
    }
    let input: unknown = {};
    if (body.body.length > 0) {
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(body.body);
        input = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        sendError(res, 400, { code: 'invalid_input', message: '请求内容不是有效的 JSON。' });
        return;
      }
    }
    let result: unknown;
    try {
      result = await core.handle(name, input);
    } catch (e) {
      replyWithCoreError(res, name, e);
      return;
    }
    let text: string;
    try {
      text = JSON.stringify({ ok: true, result: result === undefined ? null : result });
    } catch (e) {
      logger.error('api result is not JSON', { method: name, ...describeError(e) });
      sendError(res, 500, { code: 'internal', message: INTERNAL_MESSAGE });
      return;
    }
    if (res.destroyed) return;
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  /**
   * 413 as soon as the limit is passed: nothing more is buffered, the rest of the body is
   * discarded so the client can read the answer, and the socket is closed after a short drain.
   */
  function refuseOversizedBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
    const socket = req.socket;
    let drained = 0;
    const cut = setTimeout(() => socket.destroy(), OVERSIZE_DRAIN_MS);
    cut.unref();
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      // A client that keeps streaming far past the limit is not being polite either.
      if (drained > limit * 2) socket.destroy();
    });
    req.on('end', () => clearTimeout(cut));
    socket.once('close', () => clearTimeout(cut));
    req.resume();
    sendError(
      res,
      413,
      { code: 'invalid_input', message: `请求内容过大（上限 ${formatBytes(limit)}）。` },
      { Connection: 'close' },
    );
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
    });
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    sseStreams.add(res);
    const write = (chunk: string) => {
      if (res.writableEnded || res.destroyed) return;
      res.write(chunk);
      if (res.writableLength > SSE_MAX_BUFFERED_BYTES) {
        logger.warn('event stream client is not reading; dropping the stream');
        res.destroy();
      }
    };
    const unsubscribes = EVENT_NAMES.map((event) =>
      core.events.on(event, (payload) => {
        let data: string;
        try {
          data = JSON.stringify(payload ?? null);
        } catch (e) {
          logger.error('event payload is not JSON', { event, ...describeError(e) });
          return;
        }
        write(`event: ${event}\ndata: ${data}\n\n`);
      }),
    );
    const ping = setInterval(() => write(': ping\n\n'), SSE_PING_MS);
    ping.unref();
    let cleaned = false;
    const cleanup = () => {
      if (cleaned) return;
      cleaned = true;
      clearInterval(ping);
      for (const off of unsubscribes) off();
      sseStreams.delete(res);
    };
    res.on('close', cleanup);
    req.on('close', cleanup);
    // Sends the headers now so the browser's EventSource opens at once.
    write(': connected\n\n');
  }

  async function handleOAuthCallback(res: http.ServerResponse, query: URLSearchParams): Promise<void> {
    const code = query.get('code');
    const state = query.get('state');
    if (!code || !state) {
      const denied = query.get('error');
      sendHtml(res, 400, messagePage(denied ? '1688 授权未完成，请回到应用重新连接。' : '缺少授权参数（code 或 state），请回到应用重新连接。'));
      return;
    }
    try {
      await core.handle('account.completeOAuth', { code, state });
    } catch (e) {
      if (isContractError(e) && isErrorCode(e.code)) {
        logger.debug('oauth callback rejected', { code: e.code });
        sendHtml(res, STATUS_BY_CODE[e.code], messagePage(e.message));
      } else {
        logger.error('oauth callback failed unexpectedly', describeError(e));
        sendHtml(res, 500, messagePage(INTERNAL_MESSAGE));
      }
      return;
    }
    sendHtml(res, 200, messagePage(OAUTH_DONE_MESSAGE));
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const method = req.method ?? 'GET';
    const target = parseTarget(req.url);
    if (!target) {
      sendHtml(res, 400, messagePage('请求地址无效。'));
      return;
    }
    const { rawPath, rawQuery, query } = target;

    // DNS rebinding: a page on evil.com resolving to 127.0.0.1 still says Host: evil.com.
    const hostHeader = (firstHeader(req.headers.host) ?? '').toLowerCase();
    if (!hosts.has(hostHeader)) {
      refuse(res, rawPath, 403, 'internal', FORBIDDEN_MESSAGE);
      return;
    }
    const origin = firstHeader(req.headers.origin);
    if (origin !== undefined && !origins.has(origin.toLowerCase())) {
      refuse(res, rawPath, 403, 'internal', FORBIDDEN_MESSAGE);
      return;
    }
    // Fetch metadata: this UI only ever talks to itself ('same-origin') or is opened by the user ('none').
    const site = (firstHeader(req.headers['sec-fetch-site']) ?? '').toLowerCase();
    if (site === 'cross-site' || site === 'same-site') {
      const isOAuthNavigation =
        rawPath === OAUTH_CALLBACK_PATH &&
        method === 'GET' &&
        (firstHeader(req.headers['sec-fetch-mode']) ?? '').toLowerCase() === 'navigate' &&
        !query.has(OAUTH_BOUNCE_PARAM) &&
        !query.has('token');
      if (!isOAuthNavigation) {
        refuse(res, rawPath, 403, 'internal', FORBIDDEN_MESSAGE);
        return;
      }
      // Nothing happens here: the page re-requests the callback from this origin, with the cookie.
      const bounce = new URLSearchParams();
      for (const key of ['code', 'state', 'error']) {
        const v = query.get(key);
        if (v !== null) bounce.set(key, v);
      }
      bounce.set(OAUTH_BOUNCE_PARAM, '1');
      sendHtml(res, 200, oauthBouncePage(`${OAUTH_CALLBACK_PATH}?${bounce.toString()}`));
      return;
    }

    // The printed link: its one-time code is traded once for the HttpOnly cookie, then the address
    // bar is cleaned. Opening it again (history, scrollback) with the cookie just goes to the app;
    // without the cookie it is refused, whoever opens it.
    if (method === 'GET' && rawPath === '/' && query.has('code')) {
      const fresh = loginCode !== null && tokenMatches(loginCode, query.get('code'));
      if (!fresh && !isAuthenticated(req, token, port)) {
        refuse(res, rawPath, 401, 'internal', USED_LINK_MESSAGE);
        return;
      }
      if (fresh) loginCode = null;
      res.writeHead(302, {
        Location: sameOriginLocation(rawPath, queryWithoutToken(rawQuery, 'code')),
        ...(fresh ? { 'Set-Cookie': tokenCookie(token, port) } : {}),
        'Cache-Control': 'no-store',
        'Content-Length': '0',
      });
      res.end();
      return;
    }

    // The token in the query (scripts that hold it; never printed): the same trade, reusable.
    if ((method === 'GET' || method === 'HEAD') && query.has('token')) {
      if (!tokenMatches(token, query.get('token'))) {
        refuse(res, rawPath, 401, 'internal', ACCESS_DENIED_MESSAGE);
        return;
      }
      res.writeHead(302, {
        Location: sameOriginLocation(rawPath, queryWithoutToken(rawQuery)),
        'Set-Cookie': tokenCookie(token, port),
        'Cache-Control': 'no-store',
        'Content-Length': '0',
      });
      res.end();
      return;
    }

    if (!isAuthenticated(req, token, port)) {
      refuse(res, rawPath, 401, 'internal', ACCESS_DENIED_MESSAGE);
      return;
    }

    if (rawPath === '/api/events' || rawPath === '/api/health') {
      if (method !== 'GET') {
        sendError(res, 405, { code: 'invalid_input', message: '此接口只接受 GET 请求。' }, { Allow: 'GET' });
        return;
      }
      if (rawPath === '/api/health') sendJson(res, 200, { ok: true });
      else handleEvents(req, res);
      return;
    }
    if (wantsJson(rawPath)) {
      if (method !== 'POST') {
        sendError(res, 405, { code: 'invalid_input', message: '接口只接受 POST 请求。' }, { Allow: 'POST' });
        return;
      }
      await handleApiCall(req, res, rawPath.slice('/api/'.length));
      return;
    }
    if (rawPath === OAUTH_CALLBACK_PATH) {
      if (method !== 'GET') {
        refuse(res, rawPath, 405, 'invalid_input', '此页面只接受 GET 请求。', { Allow: 'GET' });
        return;
      }
      await handleOAuthCallback(res, query);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      refuse(res, rawPath, 405, 'invalid_input', '此页面只接受 GET 请求。', { Allow: 'GET, HEAD' });
      return;
    }
    const served = await serveStatic(req, res, rawPath, { root: staticRoot });
    if (served !== 'served') sendHtml(res, 404, messagePage(NOT_FOUND_MESSAGE));
  }

  const server = http.createServer((req, res) => {
    const started = Date.now();
    res.on('finish', () => {
      // The path only: queries may hold the token or an OAuth code. Bodies are never logged.
      const p = (req.url ?? '').split('?', 1)[0] ?? '';
      logger.debug('http', { method: req.method, path: p.slice(0, 200), status: res.statusCode, ms: Date.now() - started });
    });
    route(req, res).catch((e: unknown) => {
      logger.error('browser server request failed', describeError(e));
      if (!res.headersSent) sendError(res, 500, { code: 'internal', message: INTERNAL_MESSAGE });
      else res.destroy();
    });
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
    logger.debug('http client error', { error: (err as Error).message });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen({ host, port: requestedPort, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (e) => logger.error('browser server error', describeError(e)));

  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(port);
  origins = allowedOrigins(port);
  const origin = host === '::1' ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`;
  logger.info('browser mode listening', { origin });

  function close(): Promise<void> {
    if (closing) return closing;
    closing = new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const res of sseStreams) res.end();
      sseStreams.clear();
      // Keep-alive sockets that become idle after an answer in flight are closed as they free up;
      // whatever is still busy after the grace period is cut.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      server.once('close', () => {
        clearInterval(sweep);
        clearTimeout(force);
      });
      server.closeIdleConnections();
    });
    return closing;
  }

  return { url: `${origin}/?code=${loginCode}`, origin, port, token, close };
}
