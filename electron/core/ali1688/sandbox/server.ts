// Runs in: main process / headless Node. The sandbox gateway: a real local HTTP server speaking the
// 1688 Open API protocol (1688-open-api.md): path-routed param2 APIs with the appKey as the last
// segment, `_aop_signature` verification, access tokens with expiry and refresh, the documented
// error shapes, a QoS cap, fault injection, and a fake authorize page for the OAuth flow. Here: the
// HTTP server, routing, signature and token checks, QoS and faults; the tokens and OAuth routes
// are in ./tokens.ts, the order and logistics APIs in ./orderApis.ts.

import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { signAop } from '../signature';
import { sandboxMembers, type SandboxMember } from './members';
import { type FaultDecision, FaultInjector, type SandboxFaults, malformed, serverErrorPage } from './faults';
import { type ApiDef, orderApis } from './orderApis';
import { hash32, mulberry32, type Rng } from './prng';
import { SandboxPush, type SandboxPushControl, type SandboxPushOptions } from './pushServer';
import { GatewayError, json, type Params, type Reply } from './reply';
import { HOUR, MINUTE } from './time';
import { SandboxTokens } from './tokens';
import { type SandboxWorld, World } from './world';

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = random. */
  port?: number;
  /** Default 1688. */
  seed?: number;
  /** Default 200. */
  orders?: number;
  appKey?: string;
  appSecret?: string;
  /** WORLD clock, epoch ms; default Date.now. */
  now?: () => number;
  /** World epoch: orders are created in the 30 days before it. Default: now() at start. */
  startAt?: number;
  /** Default 10. Arrivals in a sliding 1000 ms real-time window; over it → gw.QosAppFrequencyLimit. */
  qpsCap?: number;
  /** World-clock lifetime of an access token; default 10 h. */
  accessTokenTtlMs?: number;
  /** Share of parcels on second-witness journeys (see SandboxWorldOptions); default 0. */
  witnessJourneys?: number;
  faults?: SandboxFaults;
  /** The purchasing desk's scenes (recurring and slow sellers, parcels waiting at stations now): the demo. */
  deskScenes?: boolean;
  /**
   * Answers system.oauth2/postponeToken (extends a refresh token by its lifetime). Off by
   * default: whether 1688 grants it is [U] (§5), so by default the sandbox does not know the API.
   */
  postponeToken?: boolean;
  /** Default 50. */
  pageSizeMax?: number;
  /** The push channel at ws://…/websocket (§11): fault rates, re-sends, its real-time tick. */
  push?: SandboxPushOptions;
  /** Buyer members on this AppKey, each with its own tokens and orders (./members.ts). Default 1. */
  members?: number;
}

export interface SandboxRequestLog {
  /** Real time of arrival, epoch ms. */
  at: number;
  /** e.g. `com.alibaba.trade/alibaba.trade.getBuyerOrderList`, `system.oauth2/getToken`, `oauth/authorize`. */
  api: string;
  /** 0 while unanswered (held by a timeout fault). */
  httpStatus: number;
  errorCode?: string;
  accessTokenValid: boolean;
  /** The `orderId` parameter, when the call had one (tests count calls per order). */
  orderId?: string;
}

export interface SandboxGateway {
  /** Base, e.g. http://127.0.0.1:PORT/openapi */
  url: string;
  /** The credentials issued at start (tokens change as they are refreshed). */
  credentials: { appKey: string; appSecret: string; accessToken: string; refreshToken: string };
  world: SandboxWorld;
  log: SandboxRequestLog[];
  setFaults(f: SandboxFaults): void;
  /** Each member's identity and the tokens issued to it at start (member 0's are `credentials`). */
  members: (SandboxMember & { accessToken: string; refreshToken: string })[];
  /** Revokes a member's authorisation: its access and refresh tokens all answer 401 / invalid_grant. */
  revokeMember(index: number): void;
  /** Every access token issued so far now answers 401 (refresh still works). */
  expireAccessToken(): void;
  /** Most gateway arrivals (under /openapi/) in any window of windowMs (default 1000), from the log. */
  maxArrivalsInAnyWindow(windowMs?: number): number;
  /** The push channel's URL, e.g. ws://127.0.0.1:PORT/websocket */
  pushUrl: string;
  /** The push channel: tick it after moving the clock, drop its connections, count what it sent. */
  push: SandboxPushControl;
  close(): Promise<void>;
}

class SandboxServer implements SandboxGateway {
  url = '';
  pushUrl = '';
  readonly push: SandboxPush;
  readonly credentials: { appKey: string; appSecret: string; accessToken: string; refreshToken: string };
  readonly members: (SandboxMember & { accessToken: string; refreshToken: string })[];
  readonly world: World;
  readonly log: SandboxRequestLog[] = [];
  /** Log entries of requests outside the gateway (authorize page, stray paths): not QoS arrivals. */
  private readonly offGateway = new WeakSet<SandboxRequestLog>();

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly held = new Set<ServerResponse>();
  private readonly faults: FaultInjector;
  private readonly now: () => number;
  private readonly qpsCap: number;
  private readonly ttl: number;
  private readonly pageSizeMax: number;
  private readonly arrivals: number[] = [];
  private readonly tokens: SandboxTokens;
  private readonly requestRng: Rng;
  private authorisedCalls = 0;
  private closed = false;
  private readonly apis: Record<string, ApiDef>;

  constructor(private readonly opts: SandboxOptions) {
    const seed = (opts.seed ?? 1688) >>> 0;
    this.now = opts.now ?? Date.now;
    this.world = new World({
      seed,
      orders: opts.orders ?? 200,
      startAt: opts.startAt ?? Math.floor(this.now() / MINUTE) * MINUTE,
      ...(opts.witnessJourneys ? { witnessJourneys: opts.witnessJourneys } : {}),
      ...(opts.deskScenes ? { deskScenes: true } : {}),
    });
    this.qpsCap = opts.qpsCap ?? 10;
    this.ttl = opts.accessTokenTtlMs ?? 10 * HOUR;
    this.pageSizeMax = opts.pageSizeMax ?? 50;
    this.faults = new FaultInjector(seed, opts.faults ?? {});
    this.tokens = new SandboxTokens({ now: this.now, ttl: this.ttl, credentials: () => this.credentials, members: () => this.members }, seed);
    this.requestRng = mulberry32(hash32(seed, 0x4e9));
    const accessToken = this.tokens.issueAccessToken();
    const refreshToken = this.tokens.issueRefreshToken();
    this.credentials = {
      appKey: opts.appKey ?? '8868168',
      appSecret: opts.appSecret ?? 'SandboxSecret1688',
      accessToken,
      refreshToken,
    };
    const identities = sandboxMembers(opts.members ?? 1);
    this.members = identities.map((m) =>
      m.index === 0
        ? { ...m, accessToken, refreshToken }
        : { ...m, accessToken: this.tokens.issueAccessToken(m.index), refreshToken: this.tokens.issueRefreshToken(m.index) },
    );
    this.push = new SandboxPush(this.world, () => this.credentials, this.now, seed, opts.push);
    this.apis = { ...orderApis({ world: this.world, memberCount: this.members.length, pageSizeMax: this.pageSizeMax }), ...this.push.apis(json) };
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head: Buffer) => this.push.upgrade(req, socket, head));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(): Promise<void> {
    const host = this.opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const addr = this.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    this.url = `http://${shownHost}:${port}/openapi`;
    this.pushUrl = `ws://${shownHost}:${port}/websocket`;
  }

  setFaults(f: SandboxFaults): void {
    this.faults.set(f);
  }

  expireAccessToken(): void {
    this.tokens.expireAccessTokens();
  }

  revokeMember(index: number): void {
    this.tokens.revokeMember(index);
  }

  maxArrivalsInAnyWindow(windowMs = 1000): number {
    const times = this.log.filter((e) => !this.offGateway.has(e)).map((e) => e.at);
    times.sort((a, b) => a - b);
    let best = 0;
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      while ((times[hi] as number) - (times[lo] as number) >= windowMs) lo++;
      best = Math.max(best, hi - lo + 1);
    }
    return best;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.push.close();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.held.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private requestId(): string {
    const n = () => (this.requestRng() * 0x100000000 >>> 0).toString(16).padStart(8, '0');
    return `${n()}${n()}`.slice(0, 13) + n().slice(0, 3);
  }

  private gwError(status: number, code: string, message: string): Reply {
    return json(status, { error_code: code, error_message: message, request_id: this.requestId() }, code);
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const arrival = Date.now();
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (this.closed) return;
      try {
        this.dispatch(req, res, arrival, tooBig ? null : Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        this.write(res, { status: 500, contentType: 'text/plain', body: `sandbox error: ${String(e)}` }, 0);
      }
    });
    req.on('error', () => res.destroy());
  }

  private write(res: ServerResponse, reply: Reply, delayMs: number): void {
    const send = () => {
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(reply.status, {
        'Content-Type': reply.contentType,
        'Content-Length': Buffer.byteLength(reply.body),
        ...reply.headers,
      });
      res.end(reply.body);
    };
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, delayMs);
      this.timers.add(timer);
    } else {
      send();
    }
  }

  private dispatch(req: IncomingMessage, res: ServerResponse, arrival: number, body: string | null): void {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const params: Params = {};
    url.searchParams.forEach((v, k) => (params[k] = v));
    if (body) new URLSearchParams(body).forEach((v, k) => (params[k] = v));
    const method = req.method ?? 'GET';

    if (url.pathname === '/oauth/authorize' || url.pathname === '/oauth/authorize.htm') {
      const entry: SandboxRequestLog = { at: arrival, api: 'oauth/authorize', httpStatus: 0, accessTokenValid: false };
      this.log.push(entry);
      this.offGateway.add(entry);
      const reply = this.tokens.authorize(params);
      entry.httpStatus = reply.status;
      if (reply.errorCode) entry.errorCode = reply.errorCode;
      this.write(res, reply, 0);
      return;
    }

    const segments = url.pathname.split('/').filter((s) => s.length > 0);
    if (segments[0] !== 'openapi') {
      const entry: SandboxRequestLog = { at: arrival, api: url.pathname, httpStatus: 404, accessTokenValid: false };
      this.log.push(entry);
      this.offGateway.add(entry);
      this.write(res, { status: 404, contentType: 'text/html', body: '<html><body><h1>404 Not Found</h1></body></html>' }, 0);
      return;
    }
    const [, protocol = '', version = '', ...rest] = segments;
    const apiKey = rest.length >= 2 ? `${rest[0]}/${rest[1]}` : rest.join('/');
    const entry: SandboxRequestLog = {
      at: arrival,
      api: apiKey,
      httpStatus: 0,
      accessTokenValid: this.tokens.accessValid(params.access_token),
      ...(params.orderId ? { orderId: params.orderId } : {}),
    };
    this.log.push(entry);

    // QoS: arrivals in the last 1000 ms of real time, this one included.
    this.arrivals.push(arrival);
    while (this.arrivals.length > 0 && (this.arrivals[0] as number) <= arrival - 1000) this.arrivals.shift();
    const fault: FaultDecision = this.faults.decide();
    const finish = (reply: Reply) => {
      entry.httpStatus = reply.status;
      if (reply.errorCode) entry.errorCode = reply.errorCode;
      this.write(res, reply, fault.latencyMs);
    };
    if (this.arrivals.length > this.qpsCap) {
      finish(this.gwError(400, 'gw.QosAppFrequencyLimit', 'App call exceeds limited frequency'));
      return;
    }
    if (fault.outcome === 'timeout') {
      entry.errorCode = 'fault.timeout';
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    if (fault.outcome === '5xx') {
      finish({ ...serverErrorPage(fault.variant), errorCode: 'fault.5xx' });
      return;
    }
    if (fault.outcome === 'qos') {
      finish(this.gwError(400, 'gw.QosAppFrequencyLimit', 'App call exceeds limited frequency'));
      return;
    }

    let reply: Reply;
    try {
      reply = this.gateway(method, protocol, version, rest, params, url.pathname);
    } catch (e) {
      if (e instanceof GatewayError) reply = this.gwError(e.status, e.code, e.message);
      else throw e;
    }
    if (fault.malformed && reply.status === 200) {
      reply = { ...malformed(reply.body, fault.variant), errorCode: 'fault.malformed' };
    }
    finish(reply);
  }

  // ---- gateway -------------------------------------------------------------------------------

  private gateway(method: string, protocol: string, version: string, rest: string[], params: Params, pathname: string): Reply {
    if (method !== 'POST' && method !== 'GET') {
      return { status: 405, contentType: 'text/plain', body: 'Method Not Allowed', headers: { Allow: 'GET, POST' } };
    }
    if (rest.length < 3) {
      if (rest.length === 2) throw new GatewayError(400, 'gw.AppKeyMissing', 'AppKey is missing, it must be the last segment of the url path');
      throw new GatewayError(400, 'gw.APIUnsupported', 'API is not supported');
    }
    const appKey = rest[rest.length - 1] as string;
    if (appKey !== this.credentials.appKey) {
      throw new GatewayError(400, 'gw.AppKeyNotFound', `AppKey ${appKey} is not found`);
    }
    if (rest.length !== 3 || version !== '1') throw new GatewayError(400, 'gw.APIUnsupported', 'API is not supported');
    const apiKey = `${rest[0]}/${rest[1]}`;

    if (apiKey === 'system.oauth2/getToken' && (protocol === 'param2' || protocol === 'http')) {
      return this.tokens.getToken(method, params);
    }
    if (apiKey === 'system.oauth2/postponeToken' && protocol === 'param2' && this.opts.postponeToken) {
      return this.tokens.postponeToken(method, params);
    }
    const api = protocol === 'param2' ? this.apis[apiKey] : undefined;
    if (!api) throw new GatewayError(400, 'gw.APIUnsupported', `API ${apiKey} is not supported`);

    const signature = params._aop_signature;
    if (!signature) throw new GatewayError(400, 'gw.SignatureMissing', 'Signature is missing');
    const signed: Params = { ...params };
    delete signed._aop_signature;
    const urlPath = pathname.replace(/^\/openapi\//, '');
    if (signAop(urlPath, signed, this.credentials.appSecret) !== signature) {
      throw new GatewayError(400, 'gw.SignatureInvalid', 'Signature is invalid');
    }

    if (api.token) {
      if (!this.tokens.accessValid(params.access_token)) {
        return json(401, { error_code: '401', error_message: 'Request need user authorized', request_id: this.requestId() }, '401');
      }
      this.authorisedCalls++;
      const n = this.faults.get().tokenExpiryEveryNCalls;
      if (n && n > 0 && this.authorisedCalls % n === 0) this.tokens.expireAccessTokens();
    }
    for (const name of api.required) {
      if (params[name] === undefined || params[name] === '') {
        throw new GatewayError(400, 'gw.ParamMissing', `Required argument ${name}`);
      }
    }
    const member = this.members[this.tokens.memberOf(params.access_token)] as SandboxMember;
    return api.run({ params, now: this.now(), member });
  }

}

export async function startSandboxGateway(opts: SandboxOptions = {}): Promise<SandboxGateway> {
  const s = new SandboxServer(opts);
  await s.listen();
  return s;
}
