// Runs in: main process (pure; no Electron import, so every rule is unit-testable in Node).
// The URL rules the windows enforce: what may load in our windows, what may leave for the
// system browser, and which URL is the 1688 OAuth authorize page.

/** Our renderer lives at app://renderer/… (see appProtocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const DEFAULT_AUTHORIZE_URL = 'https://auth.1688.com/oauth/authorize';

/** Hostnames shell.openExternal may open: 1688.com and its subdomains, nothing that merely contains it. */
const HOST_1688 = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*1688\.com$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_URL_LENGTH = 4096;

/**
 * Parses an untrusted URL string, refusing anything the WHATWG parser would silently "fix":
 * control characters and whitespace (tabs/newlines are stripped by the parser, which hides
 * tricks like `https://trade.1688.com\n@evil.com`), backslashes, and absurd lengths.
 */
export function parseUntrustedUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(raw)) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** True for https links to 1688.com or a subdomain: the only links the app hands to the system browser. */
export function isAllowedExternalUrl(raw: unknown): boolean {
  const u = parseUntrustedUrl(raw);
  if (!u) return false;
  if (u.protocol !== 'https:') return false;
  // Userinfo is how `https://trade.1688.com@evil.com` hides its real host; refuse any.
  if (u.username !== '' || u.password !== '') return false;
  // A non-default port is not a 1688 page a clerk would follow.
  if (u.port !== '') return false;
  return HOST_1688.test(u.hostname);
}

/** True for a URL inside our renderer (app://renderer/…); the only place our windows may navigate. */
export function isAppUrl(raw: unknown): boolean {
  const u = parseUntrustedUrl(raw);
  if (!u) return false;
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

function isLoopback(u: URL): boolean {
  return LOOPBACK_HOSTS.has(u.hostname);
}

/**
 * True when `raw` is the OAuth authorize page `authorizeUrl` names (same scheme, host, port and
 * path; the query differs per request). https only, except the demo sandbox on the loopback.
 */
export function isOAuthAuthorizeUrl(raw: unknown, authorizeUrl: string): boolean {
  const u = parseUntrustedUrl(raw);
  const expected = parseUntrustedUrl(authorizeUrl);
  if (!u || !expected) return false;
  if (u.username !== '' || u.password !== '') return false;
  const secure = u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u));
  if (!secure) return false;
  return u.protocol === expected.protocol && u.host === expected.host && u.pathname === expected.pathname;
}

/**
 * The sign-in hosts the 1688 login moves across (1688 → Taobao/Alibaba passport, their captcha
 * frames on alicdn.com), each with its subdomains; nothing that merely contains the name.
 */
const SIGN_IN_DOMAINS = ['1688.com', 'taobao.com', 'alibaba.com', 'alicdn.com'];

function isSignInHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return SIGN_IN_DOMAINS.some((d) => host === d || (host.endsWith(`.${d}`) && /^[a-z0-9.-]+$/.test(host)));
}

/**
 * Where the OAuth child window (and its frames) may go: https pages of the 1688/Taobao/Alibaba
 * sign-in hosts, plus the authorize page's own origin (the demo sandbox serves it over http on
 * the loopback). Never another site, and never file:, javascript:, data: etc.
 */
export function isOAuthNavigationAllowed(raw: unknown, authorizeUrl: string): boolean {
  const u = parseUntrustedUrl(raw);
  if (!u) return false;
  if (u.username !== '' || u.password !== '') return false;
  const expected = parseUntrustedUrl(authorizeUrl);
  if (expected && u.origin === expected.origin && (u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u)))) return true;
  return u.protocol === 'https:' && u.port === '' && isSignInHost(u.hostname);
}

/** Developer variables a packaged app must not obey as given: they would point it at another server. */
const URL_VARIABLES = ['TRACKER_GATEWAY_URL', 'TRACKER_AUTHORIZE_URL'] as const;

/**
 * The environment the desktop app runs with. Unpackaged (`npm start`, the tests) it is the
 * process's own. A packaged app keeps TRACKER_GATEWAY_URL / TRACKER_AUTHORIZE_URL only when they
 * are https (never plain http, which anyone on the network could answer), and drops
 * TRACKER_NATIVE_DIR (it would load native code from elsewhere).
 */
export function shellEnv(env: NodeJS.ProcessEnv, packaged: boolean): NodeJS.ProcessEnv {
  if (!packaged) return env;
  const out: NodeJS.ProcessEnv = { ...env };
  delete out.TRACKER_NATIVE_DIR;
  for (const name of URL_VARIABLES) {
    const value = out[name];
    if (value === undefined) continue;
    const u = parseUntrustedUrl(value);
    if (!u || u.protocol !== 'https:' || u.username !== '' || u.password !== '') delete out[name];
  }
  return out;
}

/** The redirect_uri the authorize URL carries: where 1688 sends the browser back with ?code=&state=. */
export function redirectUriOf(authorizeUrl: string): string | null {
  const u = parseUntrustedUrl(authorizeUrl);
  const r = u?.searchParams.get('redirect_uri');
  return r && parseUntrustedUrl(r) ? r : null;
}

/**
 * True when `raw` is the redirect URI (same scheme, host, port and path). Compared parsed, not
 * as a string prefix, so `https://example.com/cb.evil` does not match `https://example.com/cb`.
 */
export function matchesRedirectUri(raw: unknown, redirectUri: string): boolean {
  const u = parseUntrustedUrl(raw);
  const r = parseUntrustedUrl(redirectUri);
  if (!u || !r) return false;
  return u.protocol === r.protocol && u.host === r.host && u.pathname === r.pathname && u.username === '' && u.password === '';
}

export type OAuthCallback = { code: string; state: string } | { error: string };

/** Reads `code` and `state` (or the provider's `error`) from the redirect the authorize page made. */
export function parseOAuthCallback(raw: string): OAuthCallback {
  const u = parseUntrustedUrl(raw);
  if (!u) return { error: 'invalid_redirect' };
  const error = u.searchParams.get('error');
  if (error) return { error };
  const code = u.searchParams.get('code');
  const state = u.searchParams.get('state');
  if (!code || !state) return { error: 'missing_code' };
  return { code, state };
}
