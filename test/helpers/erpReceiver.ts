// A real ERP webhook receiver on 127.0.0.1 for tests: verifies the HMAC signature and the
// timestamp as the README tells ERPs to, dedupes on the idempotency key, records everything,
// and can misbehave on demand (5xx, 4xx, 408/429, hang until the client gives up, or be closed
// so connections are refused) — for a while, for some requests, or for some keys.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ReceiverMode =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Read the request, never answer (until the client disconnects or the receiver closes). */
  | { kind: 'hang' }
  /** Apply the event (record it), then never answer: the sender must re-send, and we dedupe. */
  | { kind: 'acceptThenHang' };

export const OK: ReceiverMode = { kind: 'ok' };
export const HANG: ReceiverMode = { kind: 'hang' };
export const ACCEPT_THEN_HANG: ReceiverMode = { kind: 'acceptThenHang' };
export const status = (code: number, body?: string, headers?: Record<string, string>): ReceiverMode => ({
  kind: 'status',
  status: code,
  ...(body !== undefined ? { body } : {}),
  ...(headers ? { headers } : {}),
});

export interface ReceivedRequest {
  key: string;
  type: string;
  body: string;
  /** What the receiver answered (0: hung, never answered). */
  answered: number;
  signatureOk: boolean;
  at: number;
}

export interface Delivery {
  key: string;
  type: string;
  body: string;
  payload: Record<string, unknown>;
  at: number;
}

export interface ErpReceiver {
  url: string;
  secret: string;
  /** Every request, in arrival order. */
  requests: ReceivedRequest[];
  /** Accepted requests (2xx, or applied then hung), first time per key only, in order: what the ERP applied. */
  deliveries: Delivery[];
  /** Accepted requests whose key had been accepted before (harmless, deduped). */
  duplicates: Delivery[];
  /** Requests whose signature or timestamp failed verification. */
  rejected: ReceivedRequest[];
  /** The default answer from now on. */
  setMode(mode: ReceiverMode): void;
  /** Answers for the next requests, one each, before the default applies again. */
  queue(...modes: ReceiverMode[]): void;
  /** A per-request override (e.g. refuse one key); return undefined for the normal answer. */
  setRule(rule: ((r: { key: string; type: string; payload: Record<string, unknown> }) => ReceiverMode | undefined) | null): void;
  /** Stop listening: connections are refused until open(). Open connections are cut. */
  closeForAWhile(): Promise<void>;
  /** Listen again on the same port. */
  open(): Promise<void>;
  /** Resolves when `pred` holds (polled), or rejects after `timeoutMs`. */
  waitFor(pred: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  hanging(): number;
  close(): Promise<void>;
}

const MAX_SKEW_S = 300;

export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startErpReceiver(opts: { secret?: string; port?: number } = {}): Promise<ErpReceiver> {
  const secret = opts.secret ?? 'test-erp-secret-0123456789';
  let mode: ReceiverMode = OK;
  const queued: ReceiverMode[] = [];
  let rule: Parameters<ErpReceiver['setRule']>[0] = null;
  const requests: ReceivedRequest[] = [];
  const deliveries: Delivery[] = [];
  const duplicates: Delivery[] = [];
  const rejected: ReceivedRequest[] = [];
  const seen = new Set<string>();
  const sockets = new Set<Socket>();
  const hung = new Set<http.ServerResponse>();
  let port = opts.port ?? 0;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = String(req.headers['x-tracker-idempotency-key'] ?? '');
      const type = String(req.headers['x-tracker-event'] ?? '');
      const ts = String(req.headers['x-tracker-timestamp'] ?? '');
      const sig = String(req.headers['x-tracker-signature'] ?? '');
      const fresh = /^\d+$/.test(ts) && Math.abs(Date.now() / 1000 - Number(ts)) <= MAX_SKEW_S;
      const signatureOk =
        req.method === 'POST' && req.headers['content-type'] === 'application/json' && fresh && verifySignature(secret, ts, body, sig);
      const entry: ReceivedRequest = { key, type, body, answered: 0, signatureOk, at: Date.now() };
      requests.push(entry);
      const answer = (code: number, text: string, headers: Record<string, string> = {}) => {
        entry.answered = code;
        res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
        res.end(text);
      };
      if (!signatureOk) {
        rejected.push(entry);
        return answer(401, 'bad signature or stale timestamp');
      }
      let payload: Record<string, unknown>;
      try {
        payload = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return answer(400, 'not JSON');
      }
      const m = rule?.({ key, type, payload }) ?? queued.shift() ?? mode;
      if (m.kind === 'status') return answer(m.status, m.body ?? `status ${m.status}`, m.headers);
      if (m.kind === 'ok' || m.kind === 'acceptThenHang') {
        const d: Delivery = { key, type, body, payload, at: Date.now() };
        if (seen.has(key)) duplicates.push(d);
        else {
          seen.add(key);
          deliveries.push(d);
        }
      }
      if (m.kind === 'ok') return answer(200, 'ok');
      hung.add(res);
      res.on('close', () => hung.delete(res));
    });
  };

  let server: http.Server | null = null;
  async function listen() {
    const s = http.createServer(handler);
    s.on('connection', (sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  }
  async function shut() {
    const s = server;
    server = null;
    if (!s) return;
    for (const sock of sockets) sock.destroy();
    hung.clear();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}/erp/tracker-events`;
    },
    secret,
    requests,
    deliveries,
    duplicates,
    rejected,
    setMode: (m) => {
      mode = m;
    },
    queue: (...m) => {
      queued.push(...m);
    },
    setRule: (r) => {
      rule = r;
    },
    closeForAWhile: shut,
    open: listen,
    async waitFor(pred, timeoutMs = 20_000, what = 'condition') {
      const until = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    hanging: () => hung.size,
    close: shut,
  };
}
