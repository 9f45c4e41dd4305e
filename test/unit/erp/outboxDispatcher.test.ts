// The dispatcher's rules with a scripted target: what 2xx, 4xx and everything else do to a row,
// backoff through retry.ts, per-chain order under concurrency, drain, and stopping mid-attempt.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxRepo, type OutboxRepo, type OutboxRow } from '../../../electron/core/erp/outbox';
import { createErpDispatcher, parseRetryAfter, signWebhook, type DeliveryResult, type ErpDispatcher, type ErpTarget } from '../../../electron/core/erp/webhookDispatcher';
import { silentLogger } from '../../../electron/core/ports';
import { openStore, type Store } from '../../../electron/core/store';
import { backoffDelay, resolveRetryPolicy } from '../../../electron/core/sync/retry';

const O = '3712345678901234567';
let store: Store;
let outbox: OutboxRepo;
let dispatchers: ErpDispatcher[];

beforeEach(() => {
  store = openStore(':memory:');
  outbox = createOutboxRepo(store.db);
  dispatchers = [];
});
afterEach(async () => {
  for (const d of dispatchers) await d.stop();
  store.close();
});

function add(key: string, shipmentId: number | null, orderId = O) {
  outbox.insert({ key, type: shipmentId === null ? 'order.delivered' : 'shipment.delivered', orderId, shipmentId, payload: JSON.stringify({ key }), now: 0 });
}

/** A target answering from a script; records what it was asked and how many ran at once. */
function scripted(answer: (row: OutboxRow, n: number) => DeliveryResult | 'hang' | Promise<DeliveryResult>) {
  const calls: string[] = [];
  let active = 0;
  let maxActive = 0;
  const activeByChain = new Map<string, number>();
  let chainViolation = false;
  const target: ErpTarget = {
    name: 'scripted',
    async deliver(row, signal) {
      calls.push(row.idempotency_key);
      const chain = row.shipment_id === null ? `o:${row.order_id}` : `s:${row.shipment_id}`;
      active++;
      maxActive = Math.max(maxActive, active);
      activeByChain.set(chain, (activeByChain.get(chain) ?? 0) + 1);
      if ((activeByChain.get(chain) ?? 0) > 1) chainViolation = true;
      try {
        await new Promise((r) => setTimeout(r, 2));
        const a = answer(row, calls.filter((k) => k === row.idempotency_key).length);
        if (a === 'hang')
          return await new Promise<DeliveryResult>((resolve) =>
            signal.addEventListener('abort', () => resolve({ ok: false, permanent: false, error: 'aborted' }), { once: true }),
          );
        return await a;
      } finally {
        active--;
        activeByChain.set(chain, (activeByChain.get(chain) ?? 1) - 1);
      }
    },
  };
  return { target, calls, maxActive: () => maxActive, chainViolation: () => chainViolation };
}

function dispatcher(target: ErpTarget | null, over: Partial<Parameters<typeof createErpDispatcher>[0]> = {}) {
  const d = createErpDispatcher({ outbox, target: () => target, logger: silentLogger, retry: { baseMs: 5, capMs: 20 }, timeoutMs: 200, ...over });
  dispatchers.push(d);
  return d;
}

const row = (key: string) => outbox.get(key)!;

describe('ERP dispatcher', () => {
  it('2xx delivers; 4xx (not 408/429) is dead with its status and text; the rest retries until delivered', async () => {
    add('ok', 1);
    add('refused', 2);
    add('flaky', 3);
    add('slow', 4);
    const t = scripted((r, n) => {
      if (r.idempotency_key === 'refused') return { ok: false, permanent: true, status: 422, error: 'HTTP 422：订单号未知' };
      if (r.idempotency_key === 'flaky' && n <= 3) return { ok: false, permanent: false, status: n === 1 ? 503 : n === 2 ? 429 : 408, error: `HTTP ${n}` };
      if (r.idempotency_key === 'slow' && n === 1) return 'hang';
      return { ok: true, status: 204 };
    });
    const d = dispatcher(t.target, { timeoutMs: 50 });
    const r = await d.drain({ timeoutMs: 5_000 });
    expect(r).toEqual({ delivered: 3, pending: 0, failing: 0, dead: 1 });
    expect(row('ok')).toMatchObject({ state: 'delivered', attempts: 1, last_status: 204 });
    expect(row('refused')).toMatchObject({ state: 'dead', attempts: 1, last_status: 422, last_error: 'HTTP 422：订单号未知' });
    expect(row('flaky')).toMatchObject({ state: 'delivered', attempts: 4 });
    expect(row('slow')).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(t.calls.filter((k) => k === 'refused')).toHaveLength(1); // never retried by itself
  });

  it('waits a full-jitter backoff from retry.ts between attempts, and at least a Retry-After', async () => {
    add('a', 1);
    add('b', 2);
    let clock = 1_000_000;
    const t = scripted((r) =>
      r.idempotency_key === 'a'
        ? { ok: false, permanent: false, status: 503, error: 'HTTP 503' }
        : { ok: false, permanent: false, status: 429, error: 'HTTP 429', retryAfterMs: 30_000 },
    );
    const d = dispatcher(t.target, { now: () => clock, retry: { baseMs: 5_000, capMs: 3600_000 }, random: () => 0.5 });
    await d.drain({ timeoutMs: 0 }); // starts the first attempts
    await new Promise((r) => setTimeout(r, 30));
    const policy = resolveRetryPolicy({ baseMs: 5_000, capMs: 3600_000 });
    expect(row('a').next_attempt_at).toBe(clock + backoffDelay(1, policy, () => 0.5));
    expect(row('b').next_attempt_at).toBe(clock + 30_000);
    expect(row('a')).toMatchObject({ state: 'pending', attempts: 1, last_status: 503, last_error: 'HTTP 503' });
    // Not due yet: a drain does not send it again, and says so at once.
    const r = await d.drain({ timeoutMs: 1_000 });
    expect(r).toEqual({ delivered: 0, pending: 2, failing: 2, dead: 0 });
    clock += 2_500;
    await d.drain({ timeoutMs: 0 });
    await new Promise((r) => setTimeout(r, 30));
    expect(row('a').attempts).toBe(2);
    expect(row('a').next_attempt_at).toBe(clock + backoffDelay(2, policy, () => 0.5));
  });

  it('keeps order per chain with a few chains in parallel, whatever fails', async () => {
    for (let i = 0; i < 40; i++) add(`s${i % 8}-${i}`, i % 8);
    add('order-level', null);
    let flip = 0;
    const t = scripted(() => (flip++ % 3 === 0 ? { ok: false, permanent: false, status: 500, error: 'HTTP 500' } : { ok: true, status: 200 }));
    const d = dispatcher(t.target, { concurrency: 3, retry: { baseMs: 1, capMs: 4 } });
    const r = await d.drain({ timeoutMs: 10_000 });
    expect(r.pending).toBe(0);
    expect(t.maxActive()).toBeLessThanOrEqual(3);
    expect(t.maxActive()).toBeGreaterThan(1);
    expect(t.chainViolation()).toBe(false);
    const delivered = store.db.prepare("SELECT idempotency_key, shipment_id, delivered_at, id FROM outbox WHERE state = 'delivered' ORDER BY delivered_at, id").all() as {
      idempotency_key: string;
      shipment_id: number | null;
    }[];
    // Each parcel's rows were delivered in insertion order; the order-level row came last.
    for (let s = 0; s < 8; s++) {
      const keys = delivered.filter((x) => x.shipment_id === s).map((x) => x.idempotency_key);
      expect(keys).toEqual([...keys].sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1])));
    }
    const successOrder = t.calls.filter((k, i, all) => all.lastIndexOf(k) === i);
    expect(successOrder.at(-1)).toBe('order-level');
  });

  it('stop() mid-attempt leaves the row pending and untouched; the next run sends it with the same key and bytes', async () => {
    add('a', 1);
    const before = row('a');
    const hang = scripted(() => 'hang');
    const d1 = dispatcher(hang.target, { timeoutMs: 60_000 });
    d1.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(hang.calls).toEqual(['a']);
    await d1.stop();
    expect(row('a')).toEqual(before);
    const seen: OutboxRow[] = [];
    const ok: ErpTarget = { name: 'ok', deliver: async (r) => (seen.push(r), { ok: true, status: 200 }) };
    await dispatcher(ok).drain({ timeoutMs: 1_000 });
    expect(seen.map((r) => [r.idempotency_key, r.payload])).toEqual([['a', before.payload]]);
    expect(row('a').state).toBe('delivered');
  });

  it('runs in the background, wakes on new rows, and reports count changes', async () => {
    const counts: unknown[] = [];
    const ok: ErpTarget = { name: 'ok', deliver: async () => ({ ok: true, status: 200 }) };
    const d = dispatcher(ok, { onCounts: (c) => counts.push(c) });
    d.start();
    await new Promise((r) => setTimeout(r, 20));
    add('a', 1);
    d.wake();
    for (let i = 0; i < 100 && row('a').state !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(row('a').state).toBe('delivered');
    expect(counts).toContainEqual({ pending: 0, failing: 0, dead: 0 });
  });

  it('without a target nothing is sent and drain returns at once', async () => {
    add('a', 1);
    const t0 = Date.now();
    expect(await dispatcher(null).drain({ timeoutMs: 5_000 })).toEqual({ delivered: 0, pending: 1, failing: 0, dead: 0 });
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('drain stops at its deadline while the receiver hangs', async () => {
    add('a', 1);
    const d = dispatcher(scripted(() => 'hang').target, { timeoutMs: 60_000 });
    const t0 = Date.now();
    const r = await d.drain({ timeoutMs: 150 });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(r).toMatchObject({ delivered: 0, pending: 1 });
  });
});

describe('webhook signing helpers', () => {
  it('signs `timestamp.body` with HMAC-SHA256 as sha256=<hex>', () => {
    // Fixed vector: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signWebhook('secret', 1700000000, '{"a":1}')).toBe('sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686');
    expect(signWebhook('secret', 1700000000, '{"a":1}')).not.toBe(signWebhook('secret', 1700000001, '{"a":1}'));
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
