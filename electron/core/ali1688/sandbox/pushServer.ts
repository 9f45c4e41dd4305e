// Runs in: main process / headless Node. The sandbox's push channel (1688-open-api.md §11),
// written from the reference, not from the client: a WebSocket endpoint at /websocket that
// checks the CONNECT sign (MD5 of secret + appKey + pubTime), answers CONNECT_ACK, pushes the
// buyer topics as the world moves (a parcel's first step in each node, waybill changes, order
// status changes), late, duplicated and out of order at configurable rates, re-sends what is not
// confirmed (3 times), and serves the replay APIs (push.query.messageList, push.message.confirm).
// Tests and the bench move the world clock and call tick(); a real-time timer ticks too.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { BigNum, bigNum, stringifyBig } from './bigJson';
import { BUYER } from './catalog';
import { hash32, mulberry32, type Rng } from './prng';
import { formatCompact, parseCompact } from './time';
import type { World } from './world';

export interface SandboxPushFaults {
  /** Share of messages delivered late (up to lateMaxMs of world time after they happen). */
  lateRate?: number;
  lateMaxMs?: number;
  /** Share of messages sent twice. */
  duplicateRate?: number;
  /** Share of messages never pushed live (only the replay APIs have them). */
  lossRate?: number;
}

export interface SandboxPushOptions {
  faults?: SandboxPushFaults;
  /** World time after which an unconfirmed push is sent again (default 60 s), at most `resends` times (3). */
  resendAfterMs?: number;
  resends?: number;
  /** Real-time tick of the pushes (default 100 ms; 0: only tick() moves them). */
  tickMs?: number;
}

export interface SandboxPushLog {
  connects: { ok: boolean }[];
  /** Every SERVER_PUSH frame sent: msgId, topic, world time sent, world time the change happened. */
  sent: { msgId: string; topic: string; at: number; happenedAt: number; resend: boolean; orderId: string; logisticsId: string | null }[];
  confirms: string[];
  heartbeats: number;
}

export interface SandboxPushControl {
  /** Sends what is due at the world's now; returns how many frames went out. */
  tick(): number;
  /** Drops every channel connection now; with `refuse`, new ones are refused until allow(). */
  drop(opts?: { refuse?: boolean }): void;
  allow(): void;
  /** A frame of the server's choosing to every live connection (garbage tests). */
  sendRaw(text: string): void;
  setFaults(f: SandboxPushFaults): void;
  /** Connections that passed CONNECT. */
  readonly liveConnections: number;
  readonly log: SandboxPushLog;
  /** Messages not confirmed yet (what replay would list). */
  unconfirmed(): number;
}

interface Message {
  msgId: string;
  orderId: string;
  logisticsId: string | null;
  topic: string;
  happenedAt: number;
  /** World time it goes out (late ones later); Infinity: lost live. */
  deliverAt: number;
  content: string;
  data: unknown;
  sends: number;
  lastSentAt: number;
  confirmed: boolean;
  duplicate: boolean;
}

interface Conn {
  ws: WebSocket;
  live: boolean;
}

interface WorldEvent {
  at: number;
  topic: string;
  data: unknown;
  orderId: string;
  logisticsId: string | null;
}

type Reply = { status: number; contentType: string; body: string; errorCode?: string };

export const NODE_OF_STAGE: Record<string, string> = {
  info_received: 'CONSIGN',
  picked_up: 'ACCEPT',
  in_transit: 'TRANSPORT',
  out_for_delivery: 'DELIVERING',
  awaiting_pickup: 'AGENT_SIGN',
  delivered: 'SIGN',
  failed_attempt: 'FAILED',
  exception: 'FAILED',
  returning: 'FAILED',
  returned: 'FAILED',
};

const ORDER_TOPIC: Record<string, string | undefined> = {
  waitsellersend: 'ORDER_BUYER_VIEW_ORDER_PAY',
  waitbuyerreceive: 'ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS',
  success: 'ORDER_BUYER_VIEW_ORDER_SUCCESS',
  cancel: 'ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE',
};

export class SandboxPush implements SandboxPushControl {
  readonly log: SandboxPushLog = { connects: [], sent: [], confirms: [], heartbeats: 0 };
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly conns = new Set<Conn>();
  private faults: SandboxPushFaults;
  private readonly rng: Rng;
  private events: WorldEvent[] | null = null;
  private next = 0;
  private since = 0;
  private seq = 0;
  private readonly messages: Message[] = [];
  private readonly byId = new Map<string, Message>();
  private readonly byFrame = new Map<string, Message>();
  private refuse = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly world: World,
    private readonly keys: () => { appKey: string; appSecret: string },
    private readonly now: () => number,
    seed: number,
    private readonly opts: SandboxPushOptions = {},
  ) {
    this.faults = opts.faults ?? {};
    this.rng = mulberry32(hash32(seed, 0x9054));
  }

  get liveConnections(): number {
    return [...this.conns].filter((c) => c.live).length;
  }

  setFaults(f: SandboxPushFaults): void {
    this.faults = f;
  }

  unconfirmed(): number {
    this.activate();
    this.tick();
    return this.messages.filter((m) => !m.confirmed).length;
  }

  // ---- the world's events ------------------------------------------------------------------

  /** Messages start when the channel is first used: what happened before is not pushed. */
  private activate(): void {
    if (this.events) return;
    this.since = this.now();
    const events: WorldEvent[] = [];
    for (const orderId of this.world.orderIds()) {
      const i = this.world.indexOf(orderId);
      if (i === null) continue;
      const o = this.world.peek(i);
      if (o.endAt <= this.since && o.createAt <= this.since) continue;
      const orderData = (status: string, at: number) => ({
        orderId: bigNum(o.id),
        currentStatus: status,
        msgSendTime: formatCompact(at).replace(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2}).*$/, '$1-$2-$3 $4:$5:$6'),
        buyerMemberId: BUYER.memberId,
        sellerMemberId: o.detail?.seller.memberId ?? null,
      });
      for (const s of o.statuses) {
        const topic = ORDER_TOPIC[s.status];
        if (topic && s.at > this.since) events.push({ at: s.at, topic, data: orderData(s.status, s.at), orderId: o.id, logisticsId: null });
      }
      for (const p of o.parcels) {
        const items = [{ orderId: bigNum(o.id), orderEntryId: bigNum(o.detail?.items[0]?.subItemId ?? o.id) }];
        const reached = new Set<string>();
        for (const step of p.journey.steps) {
          const node = NODE_OF_STAGE[step.stage] ?? 'TRANSPORT';
          if (reached.has(node)) continue;
          reached.add(node);
          if (step.at <= this.since) continue;
          const v = p.journey.versions.filter((x) => x.at <= step.at).pop() ?? p.journey.versions[0];
          events.push({
            orderId: o.id,
            logisticsId: p.logisticsId,
            at: step.at,
            topic: 'LOGISTICS_BUYER_VIEW_TRACE',
            data: {
              OrderLogisticsTracingModel: {
                logisticsId: p.logisticsId,
                cpCode: v?.carrier ?? null,
                mailNo: v?.billNo ?? null,
                statusChanged: node,
                changeTime: formatCompact(step.at),
                orderLogsItems: items,
              },
            },
          });
        }
        for (let k = 1; k < p.journey.versions.length; k++) {
          const prev = p.journey.versions[k - 1];
          const v = p.journey.versions[k];
          if (!prev || !v || v.at <= this.since) continue;
          events.push({
            orderId: o.id,
            logisticsId: p.logisticsId,
            at: v.at,
            topic: 'LOGISTICS_MAIL_NO_CHANGE',
            data: {
              MailNoChangeModel: {
                logisticsId: p.logisticsId,
                oldCpCode: prev.carrier,
                newCpCode: v.carrier,
                oldMailNo: prev.billNo,
                newMailNo: v.billNo,
                eventTime: formatCompact(v.at),
                orderLogsItems: items,
              },
            },
          });
        }
      }
    }
    events.sort((a, b) => a.at - b.at);
    this.events = events;
  }

  /** Turns the events that happened by now into messages (late, lost, duplicated as the faults say). */
  private materialise(now: number): void {
    const events = this.events ?? [];
    while (this.next < events.length && (events[this.next] as { at: number }).at <= now) {
      const e = events[this.next++] as WorldEvent;
      // msgIds past 2^53, as bare numbers: what the tracker must read without rounding.
      const msgId = `${9_007_199_254_740_993n + BigInt(++this.seq) * 7n}`;
      const f = this.faults;
      const lost = this.rng() < (f.lossRate ?? 0);
      const late = !lost && this.rng() < (f.lateRate ?? 0) ? Math.floor(this.rng() * (f.lateMaxMs ?? 120_000)) : 0;
      const content = stringifyBig({
        msgId: new BigNum(msgId),
        gmtBorn: e.at,
        type: e.topic,
        userInfo: BUYER.memberId,
        data: e.data,
      });
      const m: Message = {
        msgId,
        orderId: e.orderId,
        logisticsId: e.logisticsId,
        topic: e.topic,
        happenedAt: e.at,
        deliverAt: lost ? Infinity : e.at + late,
        content,
        data: e.data,
        sends: 0,
        lastSentAt: 0,
        confirmed: false,
        duplicate: this.rng() < (f.duplicateRate ?? 0),
      };
      this.messages.push(m);
      this.byId.set(msgId, m);
    }
  }

  tick(): number {
    if (!this.events) return 0;
    const now = this.now();
    this.materialise(now);
    const live = [...this.conns].filter((c) => c.live);
    if (live.length === 0) return 0;
    const resendAfter = this.opts.resendAfterMs ?? 60_000;
    const maxSends = 1 + (this.opts.resends ?? 3);
    const due = this.messages
      .filter((m) => !m.confirmed && m.sends < maxSends && (m.sends === 0 ? m.deliverAt <= now : m.lastSentAt + resendAfter <= now))
      .sort((a, b) => a.deliverAt - b.deliverAt);
    let frames = 0;
    for (const m of due) {
      const copies = m.sends === 0 && m.duplicate ? 2 : 1;
      for (let k = 0; k < copies; k++) {
        const frameId = String(++this.seq);
        this.byFrame.set(frameId, m);
        const frame = stringifyBig({ content: m.content, id: bigNum(frameId), msgSource: 'REAL', pubTime: now, type: 'SERVER_PUSH' });
        // One connection gets each push (how 1688 shares pushes between clients is not documented).
        const c = live[(this.seq + k) % live.length] as Conn;
        c.ws.send(frame);
        frames++;
        this.log.sent.push({ msgId: m.msgId, topic: m.topic, at: now, happenedAt: m.happenedAt, resend: m.sends > 0, orderId: m.orderId, logisticsId: m.logisticsId });
      }
      m.sends++;
      m.lastSentAt = now;
    }
    // Forget confirmed messages' frames once they are many (long benches).
    if (this.byFrame.size > 200_000) for (const [k, m] of this.byFrame) if (m.confirmed) this.byFrame.delete(k);
    return frames;
  }

  // ---- WebSocket -----------------------------------------------------------------------------

  /** The HTTP server's `upgrade` event. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://sandbox.local').pathname;
    if (path !== '/websocket' || this.refuse) {
      socket.write('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    this.activate();
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    if (!this.timer && (this.opts.tickMs ?? 100) > 0) {
      this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 100);
      this.timer.unref();
    }
  }

  private onConnection(ws: WebSocket): void {
    const conn: Conn = { ws, live: false };
    this.conns.add(conn);
    ws.on('close', () => this.conns.delete(conn));
    ws.on('error', () => this.conns.delete(conn));
    ws.on('message', (raw) => {
      let f: Record<string, unknown>;
      try {
        f = JSON.parse(raw.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      const { appKey, appSecret } = this.keys();
      const signed = () => {
        const expected = createHash('md5').update(`${appSecret}${appKey}${String(f.content ?? '')}${String(f.pubTime)}`, 'utf8').digest('hex').toUpperCase();
        return f.appKey === appKey && typeof f.sign === 'string' && f.sign === expected;
      };
      if (f.type === 'CONNECT') {
        const ok = signed();
        this.log.connects.push({ ok });
        if (!ok) {
          ws.send(JSON.stringify({ type: 'SYSTEM', content: 'appKey或签名错误 (invalid appKey or sign)', pubTime: this.now() }));
          ws.close(4001, 'bad sign');
          return;
        }
        conn.live = true;
        ws.send(JSON.stringify({ type: 'CONNECT_ACK', pubTime: this.now() }));
        this.tick();
      } else if (f.type === 'HEARTBEAT') {
        if (signed()) this.log.heartbeats++;
      } else if (f.type === 'CONFIRM' && conn.live) {
        // relatedId is the push frame's id as a bare number: read it from the text, not a JS number.
        const related = /"relatedId"\s*:\s*"?(\d+)"?/.exec(raw.toString())?.[1];
        const m = related ? this.byFrame.get(related) : undefined;
        if (m && !m.confirmed) {
          m.confirmed = true;
          this.log.confirms.push(m.msgId);
        }
      }
    });
  }

  drop(opts: { refuse?: boolean } = {}): void {
    if (opts.refuse) this.refuse = true;
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
  }

  allow(): void {
    this.refuse = false;
  }

  sendRaw(text: string): void {
    for (const c of this.conns) if (c.live) c.ws.send(text);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.drop();
    this.wss.close();
  }

  // ---- replay APIs (§11.3) -------------------------------------------------------------------

  private unconfirmedMatching(params: Record<string, string>): Message[] {
    this.activate();
    this.materialise(this.now());
    const start = params.createStartTime ? parseCompact(params.createStartTime) : null;
    const end = params.createEndTime ? parseCompact(params.createEndTime) : null;
    return this.messages.filter(
      (m) =>
        !m.confirmed &&
        (!params.type || params.type === m.topic) &&
        (start === null || m.happenedAt >= start) &&
        (end === null || m.happenedAt <= end),
    );
  }

  /** The replay APIs, keyed like the gateway's table (signed, no access token). */
  apis(json: (status: number, value: unknown, errorCode?: string) => Reply) {
    const row = (m: Message) => ({
      msgId: new BigNum(m.msgId),
      type: m.topic,
      userInfo: BUYER.memberId,
      gmtBorn: m.happenedAt,
      data: m.data,
    });
    const size = (raw: string | undefined) => {
      const n = Number(raw ?? 20);
      return Number.isInteger(n) && n >= 20 && n <= 200 ? n : null;
    };
    return {
      'cn.alibaba.open/push.query.messageList': {
        token: false,
        required: [],
        run: ({ params }: { params: Record<string, string> }): Reply => {
          const pageSize = size(params.pageSize);
          const page = Math.max(1, Number(params.page ?? 1) || 1);
          if (pageSize === null) return json(400, { error_code: 'gw.ParamInvalid', error_message: 'pageSize must be 20-200' }, 'gw.ParamInvalid');
          const all = this.unconfirmedMatching(params);
          const datas = all.slice((page - 1) * pageSize, page * pageSize).map(row);
          return json(200, { pushMessagePage: { datas, totalCount: all.length } });
        },
      },
      'cn.alibaba.open/push.cursor.messageList': {
        token: false,
        required: [],
        run: ({ params }: { params: Record<string, string> }): Reply => {
          const quantity = size(params.quantity) ?? 20;
          const list = this.unconfirmedMatching(params).slice(0, quantity);
          for (const m of list) m.confirmed = true;
          return json(200, { pushMessageList: list.map(row) });
        },
      },
      'cn.alibaba.open/push.message.confirm': {
        token: false,
        required: ['msgIdList'],
        run: ({ params }: { params: Record<string, string> }): Reply => {
          const ids = (params.msgIdList ?? '').match(/\d+/g) ?? [];
          for (const id of ids) {
            const m = this.byId.get(id);
            if (m && !m.confirmed) {
              m.confirmed = true;
              this.log.confirms.push(m.msgId);
            }
          }
          return json(200, { isSuccess: true });
        },
      },
    };
  }
}
