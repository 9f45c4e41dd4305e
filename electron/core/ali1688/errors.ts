// Runs in: main process / headless Node. Typed failures of the 1688 gateway (1688-open-api.md §6).

export const GATEWAY_ERROR_KINDS = [
  'rate_limited',
  'unauthorized',
  'signature',
  'acl',
  'bad_request',
  'api_unsupported',
  'not_found',
  'no_permission',
  'too_old',
  'business',
  'server',
  'network',
  'timeout',
  'malformed',
] as const;
export type GatewayErrorKind = (typeof GATEWAY_ERROR_KINDS)[number];

// A truncated or garbled body is usually transient, hence malformed is retryable.
const RETRYABLE: ReadonlySet<GatewayErrorKind> = new Set(['rate_limited', 'server', 'network', 'timeout', 'malformed']);

const USER_MESSAGES: Record<GatewayErrorKind, string> = {
  rate_limited: '1688 接口调用过于频繁，已自动降速，稍后会自动重试。',
  unauthorized: '1688 授权已失效，请重新连接账号。',
  signature: '1688 拒绝了请求签名：请检查 AppSecret 是否正确。',
  acl: '应用没有调用该 1688 接口的权限：请检查 AppKey，并在 1688 开放平台控制台订阅相应的解决方案。',
  bad_request: '1688 认为请求参数有误：请检查订单号等输入是否正确。',
  api_unsupported: '1688 不支持该接口：请检查网关地址，或升级本软件。',
  not_found: '1688 暂时没有该订单的物流信息。',
  no_permission: '该订单不属于当前授权的 1688 买家账号：请确认连接的是下单账号。',
  too_old: '该订单创建已超过一年，1688 不再提供物流跟踪。',
  business: '1688 返回了业务错误。',
  server: '1688 服务器暂时出错，稍后会自动重试。',
  network: '无法连接 1688 服务器：请检查网络连接，稍后会自动重试。',
  timeout: '1688 服务器响应超时，稍后会自动重试。',
  malformed: '1688 返回了无法识别的数据，稍后会自动重试。',
};

export interface GatewayErrorInit {
  gatewayCode?: string | undefined;
  httpStatus?: number | undefined;
  userMessage?: string | undefined;
  retryable?: boolean | undefined;
  cause?: unknown;
}

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly kind: GatewayErrorKind;
  readonly gatewayCode?: string;
  readonly httpStatus?: number;
  readonly retryable: boolean;
  /** Chinese sentence a clerk can act on. */
  readonly userMessage: string;

  /** `message` is English, for logs; callers must never put a secret in it (see redactSecrets). */
  constructor(kind: GatewayErrorKind, message: string, init: GatewayErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    if (init.gatewayCode !== undefined) this.gatewayCode = init.gatewayCode;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    this.retryable = init.retryable ?? RETRYABLE.has(kind);
    this.userMessage = init.userMessage ?? USER_MESSAGES[kind];
  }
}

export function isGatewayError(e: unknown): e is GatewayError {
  return e instanceof GatewayError;
}

export function defaultUserMessage(kind: GatewayErrorKind): string {
  return USER_MESSAGES[kind];
}

/** Replaces every occurrence of each secret (length ≥ 4) with `***`. */
export function redactSecrets(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('***');
  }
  // Belt and braces for secrets echoed in form/query syntax that we were not told about.
  return out.replace(/\b((?:access_token|refresh_token|client_secret|_aop_signature|code)=)[^&\s"']+/gi, '$1***');
}

const UNAUTHORIZED_TEXT = /request need user (authorized|authenticated)|user authorization is required/i;
const NO_TRACE_TEXT = /没有物流跟踪信息/;

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function isFalse(v: unknown): boolean {
  return v === false || (typeof v === 'string' && v.trim().toLowerCase() === 'false');
}
function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

function kindForCode(code: string, text: string): GatewayErrorKind | undefined {
  switch (code) {
    case 'gw.QosAppFrequencyLimit':
      return 'rate_limited';
    case '401':
      return 'unauthorized';
    case 'gw.SignatureInvalid':
    case 'gw.SignatureMissing':
      return 'signature';
    case 'gw.APIACLDecline':
    case 'gw.AppKeyMissing':
      return 'acl';
    case 'gw.ParamMissing':
      return 'bad_request';
    case 'gw.APIUnsupported':
      return 'api_unsupported';
    case 'order.nopermission.buyer':
      return 'no_permission';
    case 'order.createtime.history':
      return 'too_old';
    case '404':
    case '500_2': // not shipped yet: no parcel, not a failure of the call
      return 'not_found';
    // OAuth errors of system.oauth2/getToken [U: shape from RFC 6749, not seen in 1688 evidence].
    case 'invalid_grant':
      return 'unauthorized';
    case 'invalid_client':
    case 'unauthorized_client':
      return 'signature';
  }
  if (UNAUTHORIZED_TEXT.test(text)) return 'unauthorized';
  if (NO_TRACE_TEXT.test(text)) return 'not_found';
  return undefined;
}

function kindForStatus(status: number): GatewayErrorKind | undefined {
  if (status >= 500) return 'server';
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'rate_limited';
  if (status === 403) return 'acl';
  if (status === 404) return 'api_unsupported';
  if (status >= 400) return 'bad_request';
  return undefined;
}

export interface RawGatewayResponse {
  httpStatus: number;
  /** Parsed JSON, or the raw text when it was not JSON. */
  body: unknown;
  /** Values to scrub from messages (app secret, tokens, OAuth code). */
  secrets?: readonly (string | null | undefined)[];
}

/**
 * Maps a raw gateway answer to a GatewayError, or null when it is not a failure.
 * Gateway errors (`error_code`), business errors (`success:false` / `errorCode`) and bare HTTP
 * statuses are all covered; an unrecognised 2xx body returns null (the schema decides then).
 */
export function classifyGatewayFailure(res: RawGatewayResponse): GatewayError | null {
  const { httpStatus } = res;
  const body = res.body !== null && typeof res.body === 'object' && !Array.isArray(res.body) ? (res.body as Record<string, unknown>) : undefined;

  let code: string | undefined;
  let text = '';
  let isBusiness = false;
  let bodySaysFailure = false;
  if (body) {
    const gwCode = str(body['error_code']);
    const oauthError = str(body['error']);
    const bizCode = str(body['errorCode']);
    const gwText = [body['error_message'], body['exception'], body['error_description']].map(str).filter(Boolean);
    const bizText = [body['errorMessage'], body['extErrorMessage']].map(str).filter(Boolean);
    text = [...gwText, ...bizText].join(' | ');
    if (gwCode || oauthError || gwText.length > 0) {
      code = gwCode ?? oauthError;
      bodySaysFailure = true;
    } else if (!isTrue(body['success']) && (isFalse(body['success']) || bizCode)) {
      code = bizCode;
      isBusiness = true;
      bodySaysFailure = true;
    }
  }
  if (!bodySaysFailure && httpStatus < 400) return null;

  const kind: GatewayErrorKind =
    kindForCode(code ?? '', text) ??
    kindForStatus(httpStatus) ??
    (isBusiness ? 'business' : 'bad_request');

  const secrets = res.secrets ?? [];
  const detail = redactSecrets(text || (typeof res.body === 'string' ? res.body.replace(/\s+/g, ' ') : ''), secrets).slice(0, 300);
  const message = `1688 ${isBusiness ? 'business' : 'gateway'} error${code ? ` ${code}` : ''} (HTTP ${httpStatus}, ${kind})${detail ? `: ${detail}` : ''}`;
  const userMessage =
    kind === 'business' ? `1688 返回了业务错误${code ? `（${code}）` : ''}${detail ? `：${detail}` : '。'}` : undefined;
  return new GatewayError(kind, message, { gatewayCode: code, httpStatus, userMessage });
}

/** A body that is not what the schema expects (HTML page, truncated JSON, wrong types). */
export function malformedError(detail: string, httpStatus?: number, cause?: unknown): GatewayError {
  return new GatewayError('malformed', `1688 response malformed: ${detail}`, { httpStatus, cause });
}
