// Runs in: main process / headless Node. The one HTTP client for the 1688 AOP gateway
// (1688-open-api.md §1, §2, §4–§6): signed form POSTs, rate limiting, retries, token refresh.
import { silentLogger, type Logger } from '../ports';
import type { RateLimiter } from '../sync/rateLimiter';
import { backoffDelay, resolveRetryPolicy, type RetryPolicy } from '../sync/retry';
import { GatewayError, classifyGatewayFailure, redactSecrets } from './errors';
import {
  normaliseCarriers,
  normaliseCurrentTime,
  normaliseLogisticsInfos,
  normaliseOrderDetail,
  normaliseOrderList,
  normaliseTokenGrant,
  normaliseTrace,
  parseJsonText,
  type Carrier,
  type OrderInfo,
  type Parcel,
  type ParcelTrace,
  type TokenGrant,
} from './schemas';
import { normalisePushConfirm, normalisePushMessagePage, type PushMessage } from './pushSchemas';
import { apiUrlPath, signAop } from './signature';
import { formatCompactTime } from './time1688';

export interface Credentials {
  appKey: string;
  appSecret: string;
  /** '' when the account is not connected yet (exchangeCode still works). */
  accessToken: string;
  refreshToken: string | null;
}

export interface CredentialSource {
  get(): Promise<Credentials | null>;
  /** A null `refreshTokenExpiresAt` means "unknown": keep the stored one. */
  saveTokens(grant: TokenGrant): Promise<void>;
}

export interface CallInfo {
  api: string;
  attempt: number;
  ok: boolean;
  errorKind?: string;
  durationMs: number;
}

export interface Ali1688ClientOptions {
  /** Base ending in /openapi, e.g. https://gw.open.1688.com/openapi */
  gatewayUrl: string;
  credentials: CredentialSource;
  limiter: RateLimiter;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Per attempt, body included. Default 20000. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onCall?: (c: CallInfo) => void;
  userAgent?: string;
  /** Wall clock for `_aop_timestamp` and token expiry. Default Date.now. */
  now?: () => number;
  /** `fields` of getLogisticsInfos; not sent by default, the doc's value is [U] (§4.3). */
  logisticsFields?: string;
}

export interface OrderListQuery {
  page: number;
  pageSize: number;
  orderStatus?: string;
  modifyStartTime?: number;
  modifyEndTime?: number;
  createStartTime?: number;
  createEndTime?: number;
}

export interface PushMessageQuery {
  page: number;
  /** 20–200. */
  pageSize: number;
  createStartTime?: number;
  createEndTime?: number;
  type?: string;
}

export interface Ali1688ClientStats {
  /** HTTP requests sent (every attempt, token calls included). */
  calls: number;
  retries: number;
  /** Successful token refreshes. */
  refreshes: number;
  /** Method calls that ended in an error. */
  errors: number;
  /** Trace steps dropped for an unparseable acceptTime. */
  droppedSteps: number;
}

export interface Ali1688Client {
  getBuyerOrderList(q: OrderListQuery): Promise<{ orders: OrderInfo[]; totalRecord: number }>;
  getOrderDetail(orderId: string): Promise<OrderInfo>;
  /** [] while the order is not shipped (500_2). */
  getLogisticsInfos(orderId: string): Promise<Parcel[]>;
  /** [] when 1688 has no trace (404, "没有物流跟踪信息"). */
  getLogisticsTraceInfo(orderId: string, logisticsId?: string): Promise<ParcelTrace[]>;
  listLogisticsCompanies(): Promise<Carrier[]>;
  /** Server time, epoch ms. Works before OAuth: proves key, secret and signing. */
  currentTime(): Promise<number>;
  refreshAccessToken(): Promise<TokenGrant>;
  /**
   * system.oauth2/postponeToken (§5, rules [U]): asks 1688 to extend the refresh token; the
   * extended grant is saved. A gateway that refuses or does not know it throws its GatewayError.
   */
  postponeToken(): Promise<TokenGrant>;
  /** Unconfirmed push messages (§11.3 push.query.messageList); confirming changes later pages. */
  queryPushMessages(q: PushMessageQuery): Promise<{ messages: PushMessage[]; totalCount: number }>;
  /** push.message.confirm: 1688 stops re-sending and listing these. */
  confirmPushMessages(msgIds: readonly string[]): Promise<boolean>;
  exchangeCode(args: { code: string; redirectUri: string; appKey?: string; appSecret?: string }): Promise<TokenGrant>;
  stats(): Ali1688ClientStats;
}

export const APIS = {
  orderList: ['com.alibaba.trade', 'alibaba.trade.getBuyerOrderList'],
  orderDetail: ['com.alibaba.trade', 'alibaba.trade.get.buyerView'],
  logisticsInfos: ['com.alibaba.logistics', 'alibaba.trade.getLogisticsInfos.buyerView'],
  logisticsTrace: ['com.alibaba.logistics', 'alibaba.trade.getLogisticsTraceInfo.buyerView'],
  carriers: ['com.alibaba.logistics', 'alibaba.logistics.OpQueryLogisticCompanyList'],
  currentTime: ['system', 'currentTime'],
  pushQuery: ['cn.alibaba.open', 'push.query.messageList'],
  pushConfirm: ['cn.alibaba.open', 'push.message.confirm'],
} as const;

export type ParamValue = string | number | boolean | bigint | readonly unknown[] | object | null | undefined;

/**
 * Business params → the exact strings sent (and signed). Empty values are dropped, booleans
 * become "true"/"false", arrays/objects JSON. Unsafe integers are refused: a 19-digit id must
 * be passed as a string.
 */
export function encodeParams(params: Record<string, ParamValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(params)) {
    let s: string;
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') s = v;
    else if (typeof v === 'boolean') s = v ? 'true' : 'false';
    else if (typeof v === 'bigint') s = v.toString();
    else if (typeof v === 'number') {
      if (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v))) {
        throw new TypeError(`param ${key}: ${v} cannot be sent exactly; pass a string`);
      }
      s = String(v);
    } else {
      if (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0) continue;
      s = JSON.stringify(v);
    }
    if (s !== '') out[key] = s;
  }
  return out;
}

const ORDER_ID_RE = /^\d{6,20}$/;

function checkOrderId(orderId: string): string {
  const id = String(orderId).trim();
  if (!ORDER_ID_RE.test(id)) {
    throw new GatewayError('bad_request', 'orderId is not a 1688 order id (6–20 digits)', {
      userMessage: '订单号格式不正确：1688 订单号应为一串数字。',
    });
  }
  return id;
}

function describeNetworkError(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const msg = e instanceof Error ? e.message : String(e);
  return code ? `${msg} (${code})` : msg;
}

const notConnected = () =>
  new GatewayError('unauthorized', 'no 1688 access token configured', {
    userMessage: '尚未连接 1688 账号，请先连接账号。',
  });

export function createAli1688Client(opts: Ali1688ClientOptions): Ali1688Client {
  const gateway = opts.gatewayUrl.replace(/\/+$/, '');
  const fetchImpl = opts.fetch ?? fetch;
  const logger = opts.logger ?? silentLogger;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const policy = resolveRetryPolicy(opts.retry);
  const now = opts.now ?? Date.now;
  const userAgent = opts.userAgent ?? '1688-tracker/0.1';
  const { credentials, limiter } = opts;
  const counters: Ali1688ClientStats = { calls: 0, retries: 0, refreshes: 0, errors: 0, droppedSteps: 0 };
  let refreshInFlight: Promise<TokenGrant> | null = null;

  /** One HTTP attempt through the limiter; resolves to the parsed body or throws GatewayError. */
  function postForm(
    urlPath: string,
    form: Record<string, string>,
    label: string,
    secrets: readonly (string | null)[],
    allowText = false,
  ): Promise<unknown> {
    return limiter.run(async () => {
      counters.calls++;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      let status: number;
      let text: string;
      try {
        const res = await fetchImpl(`${gateway}/${urlPath}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
            accept: 'application/json',
            'user-agent': userAgent,
          },
          body: new URLSearchParams(form).toString(),
          signal: controller.signal,
        });
        status = res.status;
        text = await res.text();
      } catch (e) {
        if (controller.signal.aborted) {
          throw new GatewayError('timeout', `${label}: no complete answer within ${timeoutMs} ms`);
        }
        throw new GatewayError('network', redactSecrets(`${label}: ${describeNetworkError(e)}`, secrets));
      } finally {
        clearTimeout(timer);
      }
      let body: unknown;
      let parseError: unknown = null;
      try {
        body = parseJsonText(text, status);
      } catch (e) {
        parseError = e;
        body = text;
      }
      const failure = classifyGatewayFailure({ httpStatus: status, body, secrets });
      if (failure) throw failure;
      if (parseError !== null && !allowText) throw parseError;
      return body;
    });
  }

  function report(api: string, attempt: number, started: number, err?: GatewayError): void {
    const info: CallInfo = { api, attempt, ok: !err, durationMs: Math.max(0, now() - started) };
    if (err) info.errorKind = err.kind;
    // Names, counts and kinds only: never params, tokens or signatures.
    logger.debug('1688 call', { ...info, httpStatus: err?.httpStatus, gatewayCode: err?.gatewayCode });
    opts.onCall?.(info);
  }

  /**
   * Runs `once` with the retry policy. `on401` gets one chance per call to repair
   * an unauthorized answer (token refresh); it returns true to try again.
   */
  async function withRetries<T>(
    label: string,
    once: () => Promise<T>,
    o: { retries: number; on401?: () => Promise<boolean>; benign?: (e: GatewayError) => boolean },
  ): Promise<T | null> {
    let attempt = 0;
    let retriesUsed = 0;
    let repaired = false;
    for (;;) {
      attempt++;
      const started = now();
      try {
        const result = await once();
        report(label, attempt, started);
        return result;
      } catch (e) {
        const err =
          e instanceof GatewayError ? e : new GatewayError('network', `${label}: ${describeNetworkError(e)}`, { cause: e });
        if (o.benign?.(err)) {
          report(label, attempt, started);
          return null;
        }
        report(label, attempt, started, err);
        if (err.kind === 'unauthorized' && o.on401 && !repaired) {
          repaired = true;
          if (await o.on401()) continue;
        }
        if (err.retryable && retriesUsed < o.retries) {
          retriesUsed++;
          counters.retries++;
          // The retried start also waits in the limiter, so a QoS pause always applies on top.
          if (err.kind === 'rate_limited') limiter.reportRateLimited();
          await new Promise((r) => setTimeout(r, backoffDelay(retriesUsed, policy)));
          continue;
        }
        counters.errors++;
        throw err;
      }
    }
  }

  async function requireCredentials(needToken: boolean): Promise<Credentials> {
    const creds = await credentials.get();
    if (!creds || !creds.appKey || !creds.appSecret) throw notConnected();
    if (needToken && !creds.accessToken) throw notConnected();
    return creds;
  }

  /** A signed business call; null when `benign` matched (e.g. 500_2). */
  async function callApi(
    api: readonly [string, string],
    params: Record<string, ParamValue>,
    o: { needToken?: boolean; allowText?: boolean; benign?: (e: GatewayError) => boolean } = {},
  ): Promise<unknown> {
    const [namespace, name] = api;
    const label = `${namespace}:${name}`;
    const needToken = o.needToken ?? true;
    const business = encodeParams(params);
    let usedToken = '';
    const once = async () => {
      const creds = await requireCredentials(needToken);
      usedToken = creds.accessToken;
      const urlPath = apiUrlPath(namespace, name, encodeURIComponent(creds.appKey));
      const form: Record<string, string> = { ...business, _aop_timestamp: String(now()) };
      if (creds.accessToken) form['access_token'] = creds.accessToken;
      form['_aop_signature'] = signAop(urlPath, form, creds.appSecret);
      return postForm(urlPath, form, label, [creds.appSecret, creds.accessToken, creds.refreshToken], o.allowText);
    };
    const on401 = async (): Promise<boolean> => {
      if (!needToken) return false;
      const current = await credentials.get();
      // Another call already refreshed while this one was in flight: just retry.
      if (current?.accessToken && current.accessToken !== usedToken) return true;
      try {
        await refreshShared();
        return true;
      } catch (e) {
        logger.warn('1688 token refresh failed', { api: label, errorKind: e instanceof GatewayError ? e.kind : 'unknown' });
        // A refresh that failed for a passing reason (5xx, timeout, QoS, garbled body — already
        // retried) says nothing about the refresh token: fail this call with that reason, so it
        // is tried again later, instead of asking the clerk to reconnect.
        if (e instanceof GatewayError && e.retryable) throw e;
        return false;
      }
    };
    return withRetries(label, once, { retries: policy.retries, on401, benign: o.benign });
  }

  async function tokenCall(
    protocol: 'http' | 'param2',
    appKey: string,
    form: Record<string, string>,
    secrets: readonly (string | null)[],
    retries: number,
  ): Promise<TokenGrant> {
    const urlPath = `${protocol}/1/system.oauth2/getToken/${encodeURIComponent(appKey)}`;
    const label = 'system.oauth2:getToken';
    // Not signed (§2): client_secret authenticates.
    const body = await withRetries(label, () => postForm(urlPath, form, label, secrets), { retries });
    return normaliseTokenGrant(body, now());
  }

  async function doRefresh(): Promise<TokenGrant> {
    const creds = await credentials.get();
    if (!creds?.appKey || !creds.appSecret || !creds.refreshToken) {
      throw new GatewayError('unauthorized', 'no refresh token stored; the user must reconnect');
    }
    const grant = await tokenCall(
      'param2',
      creds.appKey,
      {
        grant_type: 'refresh_token',
        client_id: creds.appKey,
        client_secret: creds.appSecret,
        refresh_token: creds.refreshToken,
      },
      [creds.appSecret, creds.accessToken, creds.refreshToken],
      policy.retries,
    );
    // Whether refresh returns a new refresh_token is [U] (§5): keep the old one if not.
    const merged: TokenGrant = grant.refreshToken ? grant : { ...grant, refreshToken: creds.refreshToken };
    await credentials.saveTokens(merged);
    counters.refreshes++;
    logger.info('1688 access token refreshed', { expiresAt: merged.accessTokenExpiresAt });
    return merged;
  }

  /** Concurrent callers share one refresh. */
  function refreshShared(): Promise<TokenGrant> {
    refreshInFlight ??= doRefresh().finally(() => {
      refreshInFlight = null;
    });
    return refreshInFlight;
  }

  const isNotFound = (e: GatewayError) => e.kind === 'not_found';

  return {
    async getBuyerOrderList(q) {
      const t = (ms: number | undefined) => (ms === undefined ? undefined : formatCompactTime(ms));
      const body = await callApi(APIS.orderList, {
        page: q.page,
        pageSize: q.pageSize,
        orderStatus: q.orderStatus,
        modifyStartTime: t(q.modifyStartTime),
        modifyEndTime: t(q.modifyEndTime),
        createStartTime: t(q.createStartTime),
        createEndTime: t(q.createEndTime),
      });
      return normaliseOrderList(body);
    },

    async getOrderDetail(orderId) {
      const body = await callApi(APIS.orderDetail, {
        webSite: '1688',
        orderId: checkOrderId(orderId),
        includeFields: 'NativeLogistics',
      });
      return normaliseOrderDetail(body);
    },

    async getLogisticsInfos(orderId) {
      const body = await callApi(
        APIS.logisticsInfos,
        { orderId: checkOrderId(orderId), webSite: '1688', fields: opts.logisticsFields },
        { benign: isNotFound },
      );
      return body === null ? [] : normaliseLogisticsInfos(body);
    },

    async getLogisticsTraceInfo(orderId, logisticsId) {
      const body = await callApi(
        APIS.logisticsTrace,
        { orderId: checkOrderId(orderId), webSite: '1688', logisticsId },
        { benign: isNotFound },
      );
      if (body === null) return [];
      const { traces, droppedSteps } = normaliseTrace(body);
      if (droppedSteps > 0) {
        counters.droppedSteps += droppedSteps;
        logger.warn('1688 trace steps with unparseable acceptTime dropped', { droppedSteps });
      }
      return traces;
    },

    async listLogisticsCompanies() {
      return normaliseCarriers(await callApi(APIS.carriers, {}));
    },

    async currentTime() {
      return normaliseCurrentTime(await callApi(APIS.currentTime, {}, { needToken: false, allowText: true }));
    },

    refreshAccessToken: refreshShared,

    async postponeToken() {
      const creds = await credentials.get();
      if (!creds?.appKey || !creds.appSecret || !creds.refreshToken) {
        throw new GatewayError('unauthorized', 'no refresh token stored; the user must reconnect');
      }
      const label = 'system.oauth2:postponeToken';
      const urlPath = `param2/1/system.oauth2/postponeToken/${encodeURIComponent(creds.appKey)}`;
      const form = { client_id: creds.appKey, client_secret: creds.appSecret, refresh_token: creds.refreshToken, access_token: creds.accessToken };
      // Not signed (§2), like getToken: client_secret authenticates.
      const body = await withRetries(label, () => postForm(urlPath, form, label, [creds.appSecret, creds.accessToken, creds.refreshToken]), {
        retries: policy.retries,
      });
      const grant = normaliseTokenGrant(body, now());
      const merged: TokenGrant = grant.refreshToken ? grant : { ...grant, refreshToken: creds.refreshToken };
      await credentials.saveTokens(merged);
      logger.info('1688 refresh token postponed', { refreshExpiresAt: merged.refreshTokenExpiresAt });
      return merged;
    },

    async queryPushMessages(q) {
      const t = (ms: number | undefined) => (ms === undefined ? undefined : formatCompactTime(ms));
      // "无需授权 · 需要签名" (§11.3): signed, no access token needed.
      const body = await callApi(
        APIS.pushQuery,
        {
          page: q.page,
          pageSize: Math.min(200, Math.max(20, q.pageSize)),
          createStartTime: t(q.createStartTime),
          createEndTime: t(q.createEndTime),
          type: q.type,
        },
        { needToken: false },
      );
      const { messages, totalCount, dropped } = normalisePushMessagePage(body);
      if (dropped > 0) logger.warn('1688 push replay rows without msgId or topic dropped', { dropped });
      return { messages, totalCount };
    },

    async confirmPushMessages(msgIds) {
      if (msgIds.length === 0) return true;
      // Ids are digit strings: sent as bare numbers, exactly as 1688 wrote them.
      const list = `[${msgIds.map((id) => (/^\d{1,30}$/.test(id) ? id : JSON.stringify(id))).join(',')}]`;
      return normalisePushConfirm(await callApi(APIS.pushConfirm, { msgIdList: list }, { needToken: false }));
    },

    async exchangeCode({ code, redirectUri, appKey, appSecret }) {
      const stored = await credentials.get();
      const key = appKey || stored?.appKey;
      const secret = appSecret || stored?.appSecret;
      if (!key || !secret) throw notConnected();
      // The code is single-use: a retry after a lost answer would only fail, so no retries.
      const grant = await tokenCall(
        'http',
        key,
        {
          grant_type: 'authorization_code',
          need_refresh_token: 'true',
          client_id: key,
          client_secret: secret,
          redirect_uri: redirectUri,
          code,
        },
        [secret, code, stored?.appSecret ?? null, stored?.accessToken ?? null, stored?.refreshToken ?? null],
        0,
      );
      await credentials.saveTokens(grant);
      return grant;
    },

    stats: () => ({ ...counters }),
  };
}
