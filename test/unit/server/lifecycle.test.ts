// Browser-mode server: where it listens, its options, the event stream, and close().
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../shared/contract';
import { startBrowserServer, type BrowserServer } from '../../../electron/core/server';
import { bearer, makeFakeCore, makeTempUi, rawRequest, type FakeCore, type TempUi } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function start(extra: Partial<Parameters<typeof startBrowserServer>[0]> = {}): Promise<{ server: BrowserServer; core: FakeCore; ui: TempUi }> {
  const ui = makeTempUi();
  cleanups.push(() => ui.cleanup());
  const core = makeFakeCore();
  const server = await startBrowserServer({ core, staticDir: ui.staticDir, ...extra });
  cleanups.push(() => server.close());
  return { server, core, ui };
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function ipv6LoopbackAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(0, '::1', () => s.close(() => resolve(true)));
  });
}

interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Resolves with the text received once it satisfies `until`. */
  waitFor(until: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  ended: Promise<void>;
  destroy(): void;
}

function openSse(port: number, token: string): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/events', headers: { Host: `127.0.0.1:${port}`, Accept: 'text/event-stream', ...bearer(token) }, agent: false },
      (res) => {
        let text = '';
        const waiters: (() => void)[] = [];
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          for (const w of [...waiters]) w();
        });
        const ended = new Promise<void>((r) => {
          res.on('end', () => r());
          res.on('close', () => r());
          res.on('error', () => r());
        });
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          ended,
          destroy: () => req.destroy(),
          waitFor(until, timeoutMs = 3000) {
            return new Promise((ok, fail) => {
              const check = () => {
                if (!until(text)) return;
                clearTimeout(timer);
                waiters.splice(waiters.indexOf(check), 1);
                ok(text);
              };
              const timer = setTimeout(() => fail(new Error(`timed out; got ${JSON.stringify(text)}`)), timeoutMs);
              waiters.push(check);
              check();
            });
          },
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('listening', () => {
  it('listens on 127.0.0.1 only', async () => {
    const { server } = await start();
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect(await canConnect('127.0.0.1', server.port)).toBe(true);
    // Not on the wildcard address: neither IPv6 loopback nor any other interface answers.
    if (await ipv6LoopbackAvailable()) expect(await canConnect('::1', server.port)).toBe(false);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i): i is os.NetworkInterfaceInfo => !!i && !i.internal && i.family === 'IPv4');
    for (const i of others) expect(await canConnect(i.address, server.port), i.address).toBe(false);
  });

  it.each(['0.0.0.0', '::', 'localhost', '192.168.1.10', '127.0.0.2', ''])('refuses host %j', async (host) => {
    const ui = makeTempUi();
    cleanups.push(() => ui.cleanup());
    await expect(startBrowserServer({ core: makeFakeCore(), staticDir: ui.staticDir, host })).rejects.toThrow(/loopback/);
  });

  it('accepts ::1 when the machine has IPv6 loopback', async () => {
    if (!(await ipv6LoopbackAvailable())) return;
    const { server } = await start({ host: '::1' });
    expect(server.origin).toBe(`http://[::1]:${server.port}`);
    expect(server.url).toMatch(new RegExp(`^http://\\[::1\\]:${server.port}/\\?code=[A-Za-z0-9_-]{43}$`));
    const res = await rawRequest({ host: '::1', port: server.port, path: '/api/health', headers: { Host: `[::1]:${server.port}`, ...bearer(server.token) } });
    expect(res.status).toBe(200);
    expect(await canConnect('127.0.0.1', server.port)).toBe(false);
  });

  it('refuses weak or malformed tokens and bad limits', async () => {
    const ui = makeTempUi();
    cleanups.push(() => ui.cleanup());
    const core = makeFakeCore();
    await expect(startBrowserServer({ core, staticDir: ui.staticDir, token: 'short' })).rejects.toThrow(/token/);
    await expect(startBrowserServer({ core, staticDir: ui.staticDir, token: 'a;b=c'.repeat(5) })).rejects.toThrow(/token/);
    await expect(startBrowserServer({ core, staticDir: ui.staticDir, maxBodyBytes: 0 })).rejects.toThrow(/maxBodyBytes/);
    await expect(startBrowserServer({ core, staticDir: ui.staticDir, port: 70000 })).rejects.toThrow(/port/i);
  });

  it('uses a given token and port', async () => {
    const probe = net.createServer();
    const port = await new Promise<number>((r) => probe.listen(0, '127.0.0.1', () => r((probe.address() as net.AddressInfo).port)));
    await new Promise<void>((r) => probe.close(() => r()));
    const token = 'T'.repeat(40);
    const { server } = await start({ token, port });
    expect(server.port).toBe(port);
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?code=`));
    expect(server.url).not.toContain(token);
    expect((await rawRequest({ port, path: '/api/health', headers: bearer(token) })).status).toBe(200);
  });

  it('makes a new token for each run', async () => {
    const a = await start();
    const b = await start();
    expect(a.server.token).not.toBe(b.server.token);
    expect((await rawRequest({ port: b.server.port, path: '/api/health', headers: bearer(a.server.token) })).status).toBe(401);
  });
});

describe('GET /api/events', () => {
  it('requires the token', async () => {
    const { server } = await start();
    const res = await rawRequest({ port: server.port, path: '/api/events' });
    expect(res.status).toBe(401);
  });

  it('streams each contract event with its name and JSON, and unsubscribes when the client goes', async () => {
    const { server, core } = await start();
    const sse = await openSse(server.port, server.token);
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream');
    expect(sse.headers['cache-control']).toBe('no-cache');
    expect(sse.headers['x-accel-buffering']).toBe('no');
    expect(sse.headers['content-security-policy']).toContain("default-src 'self'");
    await eventually(() => core.activeListeners() === EVENT_NAMES.length);

    core.events.emit('sync.progress', { done: 3, total: 10, phase: '查询物流' });
    core.events.emit('sync.finished', { changedOrderIds: ['1234567890123456789'], ok: true, newEvents: 2 });
    core.events.emit('navigate', { orderId: '1234567890123456789' });
    const text = await sse.waitFor((t) => t.includes('event: navigate'));
    expect(text).toContain('event: sync.progress\ndata: {"done":3,"total":10,"phase":"查询物流"}\n\n');
    expect(text).toContain('event: sync.finished\ndata: {"changedOrderIds":["1234567890123456789"],"ok":true,"newEvents":2}\n\n');
    expect(text).toContain('event: navigate\ndata: {"orderId":"1234567890123456789"}\n\n');
    // Events arrive in order.
    expect(text.indexOf('sync.progress')).toBeLessThan(text.indexOf('sync.finished'));

    sse.destroy();
    await eventually(() => core.activeListeners() === 0);
  });

  it('keeps payloads with newlines on one data line', async () => {
    const { server, core } = await start();
    const sse = await openSse(server.port, server.token);
    await eventually(() => core.activeListeners() === EVENT_NAMES.length);
    core.events.emit('notification', { kind: 'alert', title: '异常\n第二行', body: 'a\r\nb' });
    const text = await sse.waitFor((t) => t.includes('event: notification'));
    expect(text).toContain('event: notification\ndata: {"kind":"alert","title":"异常\\n第二行","body":"a\\r\\nb"}\n\n');
    sse.destroy();
  });

  it('ends open streams promptly on close()', async () => {
    const { server, core } = await start();
    const sse = await openSse(server.port, server.token);
    await eventually(() => core.activeListeners() === EVENT_NAMES.length);
    // An idle keep-alive connection too.
    await fetch(`${server.origin}/api/health`, { headers: bearer(server.token) });
    const t0 = Date.now();
    await server.close();
    await sse.ended;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(core.activeListeners()).toBe(0);
    expect(await canConnect('127.0.0.1', server.port)).toBe(false);
    // Closing twice is harmless.
    await server.close();
  });
});
