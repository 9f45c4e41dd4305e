// Runs in: main process / headless Node.
// Delivers the ERP outbox: the dispatcher (ordering, concurrency, retries, dead rows) and the
// webhook target (one signed POST). A row is marked delivered only after the target said so, so
// a crash mid-delivery re-sends it later with the same idempotency key and the same bytes; the
// receiver dedupes on the key.
import { createHmac } from 'node:crypto';
import type { OutboxCounts } from '../../../shared/contract';
import type { Logger } from '../ports';
import { backoffDelay, resolveRetryPolicy } from '../sync/retry';
import type { OutboxRepo, OutboxRow } from './outbox';
import type { DeliveryResult, ErpTarget } from './target';

export type { DeliveryResult, ErpTarget } from './target';

export const DEFAULT_ERP_RETRY = { baseMs: 5_000, capMs: 3600_000 } as const;
export const DEFAULT_ERP_TIMEOUT_MS = 10_000;
/** Chains sent at once (one row per chain at a time, by construction of the due query). */
export const DEFAULT_ERP_CONCURRENCY = 4;
/** The background loop looks again at least this often (settings may have changed). */
const IDLE_CHECK_MS = 60_000;

export interface DispatcherDeps {
  outbox: OutboxRepo;
  /** The current target, or null when none is configured (rows then wait, pending). */
  target: () => Promise<ErpTarget | null> | ErpTarget | null;
  logger: Logger;
  /** Real time: retries wait for the receiver, not for a simulated world. */
  now?: () => number;
  retry?: { baseMs?: number; capMs?: number };
  timeoutMs?: number;
  concurrency?: number;
  random?: () => number;
  /** Called with pending/failing/dead whenever they change. */
  onCounts?: (c: Pick<OutboxCounts, 'pending' | 'failing' | 'dead'>) => void;
}

export interface DrainResult {
  /** Rows delivered while draining. */
  delivered: number;
  pending: number;
  failing: number;
  dead: number;
}

class Shutdown extends Error {}
class AttemptTimeout extends Error {}

export function createErpDispatcher(deps: DispatcherDeps) {
  const { outbox, logger } = deps;
  const now = deps.now ?? Date.now;
  const policy = resolveRetryPolicy({ ...DEFAULT_ERP_RETRY, ...(deps.retry ?? {}) });
  const timeoutMs = deps.timeoutMs ?? DEFAULT_ERP_TIMEOUT_MS;
  const concurrency = Math.max(1, deps.concurrency ?? DEFAULT_ERP_CONCURRENCY);
  const inFlight = new Map<number, Promise<void>>();
  const waiters = new Set<() => void>();
  let shutdown = new AbortController();
  let running = false;
  let stopping = false;
  let loop: Promise<void> | null = null;
  let lastCounts = '';
  let deliveredTotal = 0;

  /** Wakes everything waiting in `pause` (new rows, a finished attempt, stop). */
  function notify() {
    for (const w of [...waiters]) w();
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      waiters.add(done);
    });
  }

  function checkCounts() {
    try {
      const c = outbox.counts();
      const key = `${c.pending}/${c.failing}/${c.dead}`;
      if (key !== lastCounts) {
        lastCounts = key;
        deps.onCounts?.(c);
      }
    } catch (e) {
      logger.error('outbox count failed', { error: String(e) });
    }
  }

  async function resolveTarget(): Promise<ErpTarget | null> {
    try {
      return await deps.target();
    } catch (e) {
      logger.error('ERP target unavailable', { error: String(e) });
      return null;
    }
  }

  /** Starts what is due, up to the concurrency; a row's chain is blocked while it is in flight. */
  function pump(target: ErpTarget): number {
    const t = now();
    const free = concurrency - inFlight.size;
    if (free <= 0 || stopping) return t;
    const rows = outbox.due(t, free + inFlight.size).filter((r) => !inFlight.has(r.id)).slice(0, free);
    for (const row of rows) {
      const p = attempt(target, row).finally(() => {
        inFlight.delete(row.id);
        notify();
      });
      inFlight.set(row.id, p);
    }
    return t;
  }

  async function attempt(target: ErpTarget, row: OutboxRow): Promise<void> {
    const ac = new AbortController();
    const stopSignal = shutdown.signal;
    const onStop = () => ac.abort(new Shutdown('stopping'));
    stopSignal.addEventListener('abort', onStop, { once: true });
    const timer = setTimeout(() => ac.abort(new AttemptTimeout('timeout')), timeoutMs);
    let result: DeliveryResult;
    try {
      result = await target.deliver(row, ac.signal);
    } catch (e) {
      result = { ok: false, permanent: false, error: e instanceof Error ? e.message : String(e) };
    } finally {
      clearTimeout(timer);
      stopSignal.removeEventListener('abort', onStop);
    }
    // Shutting down mid-attempt: leave the row exactly as it was; it is sent again next time.
    if (ac.signal.reason instanceof Shutdown && !result.ok) return;
    if (ac.signal.reason instanceof AttemptTimeout && !result.ok) {
      result = { ...result, permanent: false, error: `ERP 接口 ${Math.round(timeoutMs / 100) / 10} 秒内没有应答（超时），稍后重试。` };
    }
    try {
      record(row, result);
    } catch (e) {
      // The store is gone (shutdown) or failing: the row stays pending and is sent again.
      logger.error('outbox update failed', { error: String(e), key: row.idempotency_key });
    }
    checkCounts();
  }

  function record(row: OutboxRow, r: DeliveryResult) {
    const t = now();
    if (r.ok) {
      outbox.markDelivered(row.id, r.status ?? null, t);
      deliveredTotal++;
      return;
    }
    if (r.permanent) {
      outbox.markDead(row.id, r.status ?? null, r.error, t);
      logger.warn('ERP refused an outbox event; it waits for the clerk', { key: row.idempotency_key, status: r.status });
      return;
    }
    const attempts = row.attempts + 1;
    const delay = Math.max(backoffDelay(attempts, policy, deps.random), Math.min(r.retryAfterMs ?? 0, policy.capMs));
    outbox.markRetry(row.id, r.status ?? null, r.error, t + delay, t);
    logger.info('ERP delivery failed; will retry', { key: row.idempotency_key, attempts, status: r.status, error: r.error.slice(0, 200), retryInMs: delay });
  }

  /**
   * How long to sleep after a pump at `pumpedAt`: until the next row not due then falls due, or
   * a finished attempt wakes us. (A row that fell due since the pump gives 1 ms: pump again.)
   */
  function sleepFor(limit: number, pumpedAt: number): number {
    const next = outbox.nextDueAfter(pumpedAt);
    return next === null ? limit : Math.max(1, Math.min(limit, next - now()));
  }

  async function run() {
    while (running) {
      checkCounts();
      const target = await resolveTarget();
      if (!running) break;
      let wait = IDLE_CHECK_MS;
      if (target) {
        try {
          wait = sleepFor(IDLE_CHECK_MS, pump(target));
        } catch (e) {
          logger.error('outbox dispatch failed', { error: String(e) });
        }
      }
      await pause(wait);
    }
  }

  return {
    /** Runs in the background until stop(). */
    start() {
      if (running) return;
      running = true;
      stopping = false;
      shutdown = new AbortController();
      loop = run();
    },
    /** Stops the loop and aborts attempts in flight (their rows stay pending, untouched). */
    async stop() {
      running = false;
      stopping = true;
      shutdown.abort();
      notify();
      await loop;
      loop = null;
      await Promise.allSettled([...inFlight.values()]);
    },
    /** New rows, a re-send, a discard or new settings: look now. */
    wake() {
      notify();
    },
    /** Emits outbox.changed now if the counts moved (after a handler changed rows). */
    checkCounts,
    /**
     * Delivers what can be delivered within `timeoutMs` (waiting out retry delays that end
     * before then) and returns when nothing more is sendable in that time, or the time is up.
     * Attempts still in flight then continue (or are aborted by stop()).
     */
    async drain(opts: { timeoutMs: number }): Promise<DrainResult> {
      const deadline = now() + Math.max(0, opts.timeoutMs);
      const before = deliveredTotal;
      while (!stopping) {
        const target = await resolveTarget();
        if (!target) break;
        const pumpedAt = pump(target);
        const remaining = deadline - now();
        if (remaining <= 0) break;
        if (inFlight.size === 0) {
          // Nothing in flight after a pump: only rows waiting out a retry delay are left.
          const next = outbox.nextDueAfter(pumpedAt);
          if (next === null || next > deadline) break;
        }
        await pause(sleepFor(remaining, pumpedAt));
      }
      checkCounts();
      const c = outbox.counts();
      return { delivered: deliveredTotal - before, ...c };
    },
    /** Rows being sent right now. */
    get inFlight() {
      return inFlight.size;
    },
  };
}

export type ErpDispatcher = ReturnType<typeof createErpDispatcher>;

// ── the webhook target ──────────────────────────────────────────────────────

/** `sha256=` + hex HMAC-SHA256(secret, `${timestamp}.${body}`). */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

export interface WebhookTargetOptions {
  url: string;
  secret: string;
  /** Real time for X-Tracker-Timestamp (the receiver compares it with its own clock). */
  now?: () => number;
  fetch?: typeof fetch;
}

/** Bytes of a response body kept for the clerk (a 4xx page explains what the ERP refused). */
const BODY_KEEP = 2_000;

export function createWebhookTarget(opts: WebhookTargetOptions): ErpTarget {
  const now = opts.now ?? Date.now;
  const doFetch = opts.fetch ?? fetch;
  return {
    name: 'webhook',
    async deliver(row, signal): Promise<DeliveryResult> {
      const body = row.payload;
      const ts = Math.floor(now() / 1000);
      let res: Response;
      try {
        res = await doFetch(opts.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': '1688-tracker-erp-webhook/1',
            'X-Tracker-Event': row.type,
            'X-Tracker-Idempotency-Key': row.idempotency_key,
            'X-Tracker-Timestamp': String(ts),
            'X-Tracker-Signature': signWebhook(opts.secret, ts, body),
          },
          body,
          signal,
          // A redirect would re-send the signed body somewhere else: report it instead.
          redirect: 'manual',
        });
      } catch (e) {
        return { ok: false, permanent: false, error: networkError(e, signal) };
      }
      const status = res.status;
      if (status >= 200 && status < 300) {
        await res.body?.cancel().catch(() => undefined);
        return { ok: true, status };
      }
      const text = (await readSome(res, BODY_KEEP).catch(() => '')).trim();
      const location = status >= 300 && status < 400 ? res.headers.get('location') : null;
      const error = `HTTP ${status}${location ? ` → ${location}（请填写最终地址）` : ''}${text ? `：${text}` : ''}`;
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) return { ok: false, permanent: true, status, error };
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now());
      return { ok: false, permanent: false, status, error, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    },
  };
}

async function readSome(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

function networkError(e: unknown, signal: AbortSignal): string {
  if (signal.aborted) return '请求已中止';
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (e as { code?: string })?.code;
  return `无法连接 ERP 接口${code ? `（${code}）` : ''}：${cause?.message ?? (e instanceof Error ? e.message : String(e))}`;
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(v: string | null, nowMs: number): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - nowMs);
}
