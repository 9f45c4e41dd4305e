// Runs in: main process / headless Node. The sandbox gateway's tokens and OAuth routes: each
// member's access and refresh tokens (with expiry), getToken (authorization_code, refresh_token),
// postponeToken where enabled, and the fake authorize page that hands out codes. Tokens come from
// a seeded generator, so a seed gives the same tokens on every run.
import type { SandboxMember } from './members';
import { hash32, mulberry32, type Rng } from './prng';
import { json, type Params, type Reply } from './reply';
import { DAY, MINUTE, formatCompact } from './time';

const REFRESH_TOKEN_TTL = 180 * DAY;
const CODE_TTL_REAL_MS = 2 * MINUTE;

/** What the tokens read of the gateway. */
export interface TokenHost {
  now: () => number;
  /** Access token lifetime, ms. */
  ttl: number;
  credentials: () => { appKey: string; appSecret: string };
  members: () => readonly SandboxMember[];
}

export class SandboxTokens {
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Map<string, number>();
  /** Which member each access or refresh token was issued to. */
  private readonly tokenMember = new Map<string, number>();
  private readonly codes = new Map<string, { expiresAtReal: number; redirectUri: string; member: number }>();
  private readonly tokenRng: Rng;

  constructor(
    private readonly host: TokenHost,
    seed: number,
  ) {
    this.tokenRng = mulberry32(hash32(seed, 0x70c3e));
  }

  private uuid(): string {
    const hex = () => (this.tokenRng() * 0x100000000 >>> 0).toString(16).padStart(8, '0');
    const h = hex() + hex() + hex() + hex();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }

  issueAccessToken(member = 0): string {
    const token = this.uuid();
    this.accessTokens.set(token, this.host.now() + this.host.ttl);
    this.tokenMember.set(token, member);
    return token;
  }

  issueRefreshToken(member = 0): string {
    const token = this.uuid();
    this.refreshTokens.set(token, this.host.now() + REFRESH_TOKEN_TTL);
    this.tokenMember.set(token, member);
    return token;
  }

  accessValid(token: string | undefined): boolean {
    if (!token) return false;
    const exp = this.accessTokens.get(token);
    return exp !== undefined && this.host.now() < exp;
  }

  /** The member a token was issued to (the first member for an unknown one). */
  memberOf(token: string | undefined): number {
    return this.tokenMember.get(token ?? '') ?? 0;
  }

  /** Every access token issued so far now answers 401 (refresh still works). */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** A member's access and refresh tokens all stop working. */
  revokeMember(index: number): void {
    for (const [token, member] of this.tokenMember) {
      if (member !== index) continue;
      this.accessTokens.delete(token);
      this.refreshTokens.delete(token);
    }
  }

  // ---- OAuth ---------------------------------------------------------------------------------

  private oauthError(error: string, description: string, status = 400): Reply {
    return json(status, { error, error_description: description }, error);
  }

  getToken(method: string, params: Params): Reply {
    if (method !== 'POST') return this.oauthError('invalid_request', 'getToken must be called with POST');
    const grant = params.grant_type;
    if (!grant) return this.oauthError('invalid_request', 'grant_type is missing');
    if (params.client_id !== this.host.credentials().appKey) return this.oauthError('invalid_client', 'client_id is invalid', 401);
    if (params.client_secret !== this.host.credentials().appSecret) return this.oauthError('invalid_client', 'client_secret is invalid', 401);
    const owner = (k: number) => {
      const m = this.host.members()[k] as SandboxMember;
      return { resource_owner: m.loginId, memberId: m.memberId, aliId: m.aliId };
    };
    const expiresIn = String(Math.round(this.host.ttl / 1000));
    if (grant === 'refresh_token') {
      const rt = params.refresh_token ?? params.refreshToken;
      if (!rt) return this.oauthError('invalid_request', 'refresh_token is missing');
      const exp = this.refreshTokens.get(rt);
      if (exp === undefined || this.host.now() >= exp) return this.oauthError('invalid_grant', 'refresh_token is invalid or expired');
      const k = this.tokenMember.get(rt) ?? 0;
      return json(200, { access_token: this.issueAccessToken(k), refresh_token_timeout: formatCompact(exp), ...owner(k), expires_in: expiresIn });
    }
    if (grant === 'authorization_code') {
      const code = params.code;
      if (!code) return this.oauthError('invalid_request', 'code is missing');
      const c = this.codes.get(code);
      this.codes.delete(code);
      if (!c || Date.now() >= c.expiresAtReal) return this.oauthError('invalid_grant', 'code is invalid or expired');
      if (params.redirect_uri && params.redirect_uri !== c.redirectUri) {
        return this.oauthError('invalid_grant', 'redirect_uri does not match');
      }
      const refreshToken = this.issueRefreshToken(c.member);
      return json(200, {
        access_token: this.issueAccessToken(c.member),
        refresh_token: refreshToken,
        refresh_token_timeout: formatCompact(this.refreshTokens.get(refreshToken) as number),
        ...owner(c.member),
        expires_in: expiresIn,
      });
    }
    return this.oauthError('unsupported_grant_type', `grant_type ${grant} is not supported`);
  }

  postponeToken(method: string, params: Params): Reply {
    if (method !== 'POST') return this.oauthError('invalid_request', 'postponeToken must be called with POST');
    if (params.client_id !== this.host.credentials().appKey) return this.oauthError('invalid_client', 'client_id is invalid', 401);
    if (params.client_secret !== this.host.credentials().appSecret) return this.oauthError('invalid_client', 'client_secret is invalid', 401);
    const rt = params.refresh_token ?? '';
    const exp = this.refreshTokens.get(rt);
    if (exp === undefined || this.host.now() >= exp) return this.oauthError('invalid_grant', 'refresh_token is invalid or expired');
    const k = this.tokenMember.get(rt) ?? 0;
    const extended = this.host.now() + REFRESH_TOKEN_TTL;
    this.refreshTokens.set(rt, extended);
    const m = this.host.members()[k] as SandboxMember;
    return json(200, {
      access_token: this.issueAccessToken(k),
      refresh_token: rt,
      refresh_token_timeout: formatCompact(extended),
      resource_owner: m.loginId,
      memberId: m.memberId,
      aliId: m.aliId,
      expires_in: String(Math.round(this.host.ttl / 1000)),
    });
  }

  authorize(params: Params): Reply {
    const page = (status: number, text: string, code: string): Reply => ({
      status,
      contentType: 'text/html;charset=UTF-8',
      body: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>授权失败</title></head><body><p>${text}</p></body></html>`,
      errorCode: code,
    });
    if (params.client_id !== this.host.credentials().appKey) return page(400, 'client_id 无效', 'invalid_client');
    const redirect = params.redirect_uri;
    let target: URL;
    try {
      target = new URL(redirect ?? '');
    } catch {
      return page(400, 'redirect_uri 无效', 'invalid_request');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return page(400, 'redirect_uri 无效', 'invalid_request');
    const now = Date.now();
    for (const [k, v] of this.codes) if (v.expiresAtReal <= now) this.codes.delete(k);
    const code = this.uuid().replace(/-/g, '');
    // `member` (sandbox only) says which member signs in; the first by default.
    const member = Number(params.member ?? 0);
    this.codes.set(code, {
      expiresAtReal: now + CODE_TTL_REAL_MS,
      redirectUri: redirect as string,
      member: Number.isInteger(member) && member >= 0 && member < this.host.members().length ? member : 0,
    });
    target.searchParams.set('code', code);
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    return { status: 302, contentType: 'text/plain', body: '', headers: { Location: target.toString() } };
  }
}
