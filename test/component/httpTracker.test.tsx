import { describe, expect, it, vi } from 'vitest';
import { createHttpTracker, OFFLINE_ERROR } from '../../renderer/api/httpTracker';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

class FakeEventSource {
  static last: FakeEventSource | null = null;
  listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(
    public url: string,
    public init?: EventSourceInit,
  ) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, cb: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), cb]);
  }
  fire(type: string, data: string) {
    for (const cb of this.listeners.get(type) ?? []) cb(new MessageEvent(type, { data }));
  }
  close() {}
}

describe('httpTracker (browser mode wire protocol)', () => {
  it('POSTs the input as JSON to /api/<method> and resolves with result', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { ok: true, result: { state: 'idle' } }));
    const api = createHttpTracker({ fetch: fetch as unknown as typeof globalThis.fetch });
    await expect(api.invoke('sync.status')).resolves.toEqual({ state: 'idle' });
    await api.invoke('orders.get', { orderId: '3712345678901234567' });
    expect(fetch).toHaveBeenNthCalledWith(1, '/api/sync.status', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect((fetch.mock.calls[1] as unknown as [string, RequestInit])[1].body).toBe('{"orderId":"3712345678901234567"}');
  });

  it('rejects with the server’s ContractError', async () => {
    const error = { code: 'invalid_input', message: '订单号应为 6–20 位数字', issues: [{ path: 'orderId', message: 'x' }] };
    const fetch = vi.fn(async () => jsonResponse(400, { ok: false, error }));
    const api = createHttpTracker({ fetch: fetch as unknown as typeof globalThis.fetch });
    await expect(api.invoke('orders.get', { orderId: '1' })).rejects.toEqual(error);
  });

  it('a network failure rejects with code offline; a garbled answer with a clear internal error', async () => {
    const down = createHttpTracker({ fetch: (async () => { throw new TypeError('Failed to fetch'); }) as typeof globalThis.fetch });
    await expect(down.invoke('sync.status')).rejects.toEqual(OFFLINE_ERROR);
    expect(OFFLINE_ERROR.message.startsWith('无法连接到本地服务')).toBe(true);
    const garbled = createHttpTracker({ fetch: (async () => new Response('<html>', { status: 502 })) as typeof globalThis.fetch });
    await expect(garbled.invoke('sync.status')).rejects.toMatchObject({ code: 'internal' });
  });

  it('events arrive as named SSE events from /api/events; unsubscribe stops them', () => {
    const api = createHttpTracker({ EventSource: FakeEventSource as unknown as typeof EventSource });
    const got: unknown[] = [];
    const off = api.on('sync.finished', (p) => got.push(p));
    expect(FakeEventSource.last!.url).toBe('/api/events');
    FakeEventSource.last!.fire('sync.finished', '{"changedOrderIds":["1"],"ok":true,"newEvents":1}');
    FakeEventSource.last!.fire('sync.finished', 'not json');
    off();
    FakeEventSource.last!.fire('sync.finished', '{"changedOrderIds":[],"ok":true,"newEvents":0}');
    expect(got).toEqual([{ changedOrderIds: ['1'], ok: true, newEvents: 1 }]);
  });
});
