// Test helpers for the browser-mode server: a small fake TrackerCore (the other side of the
// boundary), a temp UI folder with a secret beside it, and a raw HTTP client that can set any
// Host header and send any request-target byte for byte.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CoreError, createTrackerEvents, type TrackerCore, type TrackerEvents } from '../../../electron/core/api/types';
import type { LogFields, Logger } from '../../../electron/core/ports';
import type { ErrorCode } from '../../../shared/contract';

export interface FakeCore extends TrackerCore {
  calls: { method: string; input: unknown }[];
  /** Listeners currently subscribed through events.on. */
  activeListeners(): number;
}

export function makeFakeCore(): FakeCore {
  const inner = createTrackerEvents();
  let active = 0;
  const events: TrackerEvents = {
    on(event, listener) {
      const off = inner.on(event, listener);
      active++;
      let done = false;
      return () => {
        if (!done) {
          done = true;
          active--;
        }
        return off();
      };
    },
    emit: (event, payload) => inner.emit(event, payload),
  };
  const calls: { method: string; input: unknown }[] = [];
  const obj = (input: unknown): Record<string, unknown> =>
    typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  return {
    calls,
    events,
    activeListeners: () => active,
    start: () => undefined,
    stop: async () => undefined,
    async handle(method, input) {
      calls.push({ method, input });
      const i = obj(input);
      switch (method) {
        case 'sync.status':
          return { state: 'idle', echo: input };
        case 'orders.get': {
          const orderId = i.orderId;
          if (typeof orderId !== 'string' || !/^\d{6,20}$/.test(orderId)) {
            throw new CoreError('invalid_input', '订单号应为 6–20 位数字', [{ path: 'orderId', message: '订单号应为 6–20 位数字' }]);
          }
          if (orderId === '000000') throw new CoreError('not_found', '找不到这个订单。');
          return { orderId, status: 'in_transit' };
        }
        case 'orders.importFile': {
          const content = i.contentBase64;
          if (typeof content !== 'string') throw new CoreError('invalid_input', '缺少文件内容');
          return { totalRows: 1, bytes: content.length };
        }
        case 'alerts.ack':
          // Rejects with whatever code the test asks for: exercises the code → status table.
          throw new CoreError(i.code as ErrorCode, `失败：${String(i.code)}`);
        case 'account.connect':
          return { connected: true, appKey: i.appKey };
        case 'sync.runNow':
          throw new Error('database exploded at /home/clerk/secret/path');
        case 'account.completeOAuth':
          if (i.state === 'good-state') return { connected: true };
          throw new CoreError('invalid_input', '授权已过期 <script>alert(1)</script>，请重新连接。');
        default:
          throw new CoreError('invalid_input', `未知的接口：${method}`);
      }
    },
  };
}

export interface CapturedLogger extends Logger {
  lines: { level: string; msg: string; fields?: LogFields }[];
}

export function captureLogger(): CapturedLogger {
  const lines: CapturedLogger['lines'] = [];
  const at = (level: string) => (msg: string, fields?: LogFields) => {
    lines.push({ level, msg, ...(fields ? { fields } : {}) });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const SECRET_CONTENT = 'TOP-SECRET-beside-the-ui-7f3a';
export const INDEX_HTML = '<!doctype html><html><head><title>1688 物流跟踪</title></head><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>';
export const APP_JS = 'console.log("tracker app");';

export interface TempUi {
  base: string;
  staticDir: string;
  secretFile: string;
  cleanup(): void;
}

/** base/renderer (the UI) and base/secret.txt beside it, plus hostile extras inside the UI folder. */
export function makeTempUi(): TempUi {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-server-'));
  const staticDir = path.join(base, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), APP_JS);
  fs.writeFileSync(path.join(staticDir, 'assets', 'style.css'), 'body{color:red}');
  fs.writeFileSync(path.join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const secretFile = path.join(base, 'secret.txt');
  fs.writeFileSync(secretFile, SECRET_CONTENT);
  fs.writeFileSync(path.join(base, 'secret'), SECRET_CONTENT);
  // A dotfile inside the UI folder and a symlink pointing out of it must not be served either.
  fs.writeFileSync(path.join(staticDir, '.env'), SECRET_CONTENT);
  fs.symlinkSync(secretFile, path.join(staticDir, 'assets', 'link.txt'));
  fs.symlinkSync(base, path.join(staticDir, 'up'));
  return { base, staticDir, secretFile, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  port: number;
  method?: string;
  /** Sent as the request-target verbatim. */
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Connect to this address (default 127.0.0.1). */
  host?: string;
}

/** One request on a fresh connection, with no header added behind our back except Host when not given. */
export function rawRequest(r: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Host: `127.0.0.1:${r.port}`, ...r.headers };
    const req = http.request(
      { host: r.host ?? '127.0.0.1', port: r.port, method: r.method ?? 'GET', path: r.path, headers, agent: false, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export function jsonHeaders(token: string): Record<string, string> {
  return { ...bearer(token), 'Content-Type': 'application/json' };
}
