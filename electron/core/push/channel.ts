// Runs in: main process / headless Node.
// The 1688 push channel (1688-open-api.md §11.1): one WebSocket to message.1688.com, CONNECT with
// the MD5-signed frame, live from CONNECT_ACK, HEARTBEAT every 30 s, reconnect with jittered
// backoff, CONFIRM a push only when the router says what it led to is committed. Frames that
// are not what the protocol says (bad JSON, unknown types, huge, unreadable ids) are logged and
// dropped: nothing a server sends can crash the app. Timers and the socket are injected.
import { createHash, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { normalisePushMessage, PushFrameSchema, type PushMessage } from '../ali1688/pushSchemas';
import { quoteBigIntegers } from '../ali1688/schemas';
import type { Logger } from '../ports';

export const DEFAULT_PUSH_URL = 'ws://message.1688.com/websocket';

/** off: switched off or no account; connecting: no CONNECT_ACK yet; live: pushes arrive; down: waiting to reconnect. */
export type ChannelState = 'off' | 'connecting' | 'live' | 'down';

export interface ChannelStatus {
  state: ChannelState;
  /** When the channel entered this state (the channel's clock, epoch ms). */
  since: number;
  /** Why it is down, in Chinese (what the server or the socket said), else null. */
  message: string | null;
  /** Frames dropped as unreadable since start. */
  garbage: number;
}

/** `sign` of CONNECT and HEARTBEAT: upper-case hex MD5 of secret + appKey + content + pubTime (§11.1). */
export function pushSign(appSecret: string, appKey: string, pubTime: number, content = ''): string {
  return createHash('md5').update(`${appSecret}${appKey}${content}${pubTime}`, 'utf8').digest('hex').toUpperCase();
}

/** What the router needs to confirm one push: the frame's id (kept as digits) and time. */
export interface ReceivedPush {
  frameId: string | null;
  pubTime: number | null;
  msgSource: string | null;
  receivedAt: number;
}

/** The socket as the channel uses it (a `ws` WebSocket; tests may pass their own). */
export interface ChannelSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping?(): void;
  on(event: 'open', cb: () => void): unknown;
  on(event: 'message', cb: (data: WebSocket.RawData, isBinary: boolean) => void): unknown;
  on(event: 'close', cb: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', cb: (e: Error) => void): unknown;
  on(event: 'pong', cb: () => void): unknown;
}

export interface ChannelTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** [0, 1): the backoff's jitter. */
  random(): number;
}

export const realTimers: ChannelTimers = {
  now: Date.now,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  random: Math.random,
};

export interface PushChannelOptions {
  url: string;
  /** The app's key and secret; null while no account is connected (the channel stays off). */
  credentials: () => Promise<{ appKey: string; appSecret: string } | null>;
  logger: Logger;
  /** A readable push. The router calls `confirm(push)` once what it led to is committed. */
  onPush: (m: PushMessage, push: ReceivedPush) => void;
  /** Every change of state (the status bar, the poll schedule, replay after a gap). */
  onState?: (s: ChannelStatus) => void;
  timers?: ChannelTimers;
  open?: (url: string) => ChannelSocket;
  heartbeatMs?: number;
  /** No CONNECT_ACK within this: the socket is dropped and opened again. */
  ackTimeoutMs?: number;
  backoff?: { baseMs?: number; capMs?: number };
  /** Frames above this are dropped unread (the socket refuses far bigger ones). */
  maxFrameBytes?: number;
}

const MAX_PAYLOAD = 4 * 1024 * 1024;

export function createPushChannel(opts: PushChannelOptions) {
  const timers = opts.timers ?? realTimers;
  const { logger } = opts;
  const heartbeatMs = opts.heartbeatMs ?? 30_000;
  const ackTimeoutMs = opts.ackTimeoutMs ?? 15_000;
  const baseMs = opts.backoff?.baseMs ?? 2_000;
  const capMs = opts.backoff?.capMs ?? 120_000;
  const maxFrameBytes = opts.maxFrameBytes ?? 512 * 1024;
  const open =
    opts.open ??
    ((url: string) => new WebSocket(url, { headers: { client_version: '1' }, maxPayload: MAX_PAYLOAD, handshakeTimeout: 15_000 }));

  let status: ChannelStatus = { state: 'off', since: timers.now(), message: null, garbage: 0 };
  let socket: ChannelSocket | null = null;
  let keys: { appKey: string; appSecret: string } | null = null;
  let running = false;
  let attempt = 0;
  let timer: unknown = null;
  let awaitingPong = false;
  /** Bumped on every new socket: events of an old socket are ignored. */
  let generation = 0;

  function setState(state: ChannelState, message: string | null = null) {
    if (status.state === state && status.message === message) return;
    status = { ...status, state, since: timers.now(), message };
    try {
      opts.onState?.({ ...status });
    } catch (e) {
      logger.error('push channel state listener failed', { error: String(e) });
    }
  }

  function schedule(fn: () => void, ms: number) {
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  }

  function garbage(why: string, detail?: Record<string, unknown>) {
    status = { ...status, garbage: status.garbage + 1 };
    logger.warn(`push channel: ${why}`, detail);
  }

  function send(frame: string): boolean {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    try {
      socket.send(frame);
      return true;
    } catch (e) {
      logger.warn('push channel: send failed', { error: String(e) });
      return false;
    }
  }

  function signedFrame(type: 'CONNECT' | 'HEARTBEAT'): string {
    const k = keys as { appKey: string; appSecret: string };
    const pubTime = timers.now();
    return JSON.stringify({ appKey: k.appKey, costInIsv: 0, pubTime, sign: pushSign(k.appSecret, k.appKey, pubTime), type });
  }

  async function connect() {
    if (!running) return;
    keys = await opts.credentials().catch(() => null);
    if (!running) return;
    if (!keys) {
      setState('off', '尚未连接 1688 账号');
      return;
    }
    const gen = ++generation;
    setState('connecting', status.message);
    let s: ChannelSocket;
    try {
      s = open(opts.url);
    } catch (e) {
      retryLater(`无法打开消息通道：${String(e).slice(0, 200)}`);
      return;
    }
    socket = s;
    const mine = () => gen === generation;
    s.on('open', () => {
      if (!mine()) return;
      send(signedFrame('CONNECT'));
      schedule(() => {
        if (mine() && status.state !== 'live') drop('等待 CONNECT_ACK 超时');
      }, ackTimeoutMs);
    });
    s.on('message', (data, isBinary) => {
      if (mine()) onFrame(data, isBinary);
    });
    s.on('pong', () => {
      awaitingPong = false;
    });
    s.on('error', (e) => {
      if (mine()) logger.warn('push channel: socket error', { error: String(e).slice(0, 300) });
    });
    s.on('close', (code) => {
      if (mine()) retryLater(status.message && status.state !== 'live' ? status.message : `消息通道已断开（${code}）`);
    });
  }

  /** Closes the socket (if any) and reconnects after a jittered backoff. */
  function drop(message: string) {
    const s = socket;
    generation++;
    socket = null;
    try {
      s?.terminate();
    } catch {
      // already gone
    }
    retryLater(message);
  }

  function retryLater(message: string) {
    socket = null;
    generation++;
    if (!running) return;
    attempt++;
    // Full jitter: many clients dropped together do not come back together.
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 20));
    const delay = Math.max(250, Math.floor(timers.random() * ceiling));
    setState('down', message);
    schedule(() => void connect(), delay);
  }

  function heartbeat() {
    if (!running || status.state !== 'live') return;
    if (awaitingPong) {
      drop('心跳无响应');
      return;
    }
    send(signedFrame('HEARTBEAT'));
    if (socket?.ping) {
      awaitingPong = true;
      try {
        socket.ping();
      } catch {
        awaitingPong = false;
      }
    }
    schedule(heartbeat, heartbeatMs);
  }

  function onFrame(data: WebSocket.RawData, isBinary: boolean) {
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer | ArrayBuffer).byteLength;
    if (size > maxFrameBytes) return garbage('frame too large, dropped', { bytes: size });
    if (isBinary) return garbage('binary frame, dropped', { bytes: size });
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(quoteBigIntegers(text));
    } catch {
      return garbage('frame is not JSON, dropped', { bytes: size });
    }
    const parsed = PushFrameSchema.safeParse(raw);
    if (!parsed.success) return garbage('frame is not an object of the protocol, dropped');
    const frame = parsed.data;
    switch (frame.type) {
      case 'CONNECT_ACK':
        attempt = 0;
        awaitingPong = false;
        setState('live');
        schedule(heartbeat, heartbeatMs);
        return;
      case 'SERVER_PUSH': {
        const m = normalisePushMessage(frame.content ?? null);
        if (!m) return garbage('push without a readable message, dropped', { id: String(frame.id ?? '').slice(0, 40) });
        const pubTime = typeof frame.pubTime === 'number' ? frame.pubTime : Number(frame.pubTime);
        const push: ReceivedPush = {
          frameId: frame.id === null || frame.id === undefined ? null : String(frame.id).slice(0, 40),
          pubTime: Number.isFinite(pubTime) ? pubTime : null,
          msgSource: typeof frame.msgSource === 'string' ? frame.msgSource.slice(0, 16) : null,
          receivedAt: timers.now(),
        };
        try {
          opts.onPush(m, push);
        } catch (e) {
          logger.error('push handler failed', { error: String(e), topic: m.topic });
        }
        return;
      }
      case 'SYSTEM': {
        const said = String(frame.content ?? '').slice(0, 300);
        logger.warn('push channel: SYSTEM frame', { content: said });
        if (status.state !== 'live') setState(status.state, `1688 消息通道：${said}`);
        return;
      }
      case 'CLOSE':
        return;
      default:
        return garbage('frame of unknown type, dropped', { type: String(frame.type ?? '').slice(0, 40) });
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      attempt = 0;
      void connect();
    },
    stop() {
      running = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      const s = socket;
      generation++;
      socket = null;
      try {
        s?.close(1000, 'bye');
      } catch {
        // already closed
      }
      setState('off');
    },
    /** CONFIRM one push (§11.1), after what it led to is committed. False when the socket is gone (1688 re-sends it). */
    confirm(push: ReceivedPush, costMs = 0): boolean {
      if (!keys || status.state !== 'live') return false;
      const related = push.frameId === null ? 'null' : /^\d{1,30}$/.test(push.frameId) ? push.frameId : JSON.stringify(push.frameId);
      const frame =
        `{"appKey":${JSON.stringify(keys.appKey)},"costInIsv":${Math.max(0, Math.round(costMs))},` +
        `"id":"${randomUUID().replace(/-/g, '')}","msgSource":${JSON.stringify(push.msgSource)},"pubTime":${timers.now()},` +
        `"relatedId":${related},"relatedMsgTime":${push.pubTime ?? 'null'},"type":"CONFIRM"}`;
      return send(frame);
    },
    status: (): ChannelStatus => ({ ...status }),
    /** True while pushes arrive: the poll schedule may stretch. */
    get live() {
      return status.state === 'live';
    },
  };
}

export type PushChannel = ReturnType<typeof createPushChannel>;
