// Runs in: Vitest (node). The URL rules, as tables of friendly and hostile inputs.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTHORIZE_URL,
  isAllowedExternalUrl,
  isAppUrl,
  isOAuthAuthorizeUrl,
  isOAuthNavigationAllowed,
  matchesRedirectUri,
  parseOAuthCallback,
  redirectUriOf,
  shellEnv,
} from '../../../electron/urlPolicy';

const ALLOWED_EXTERNAL = [
  'https://1688.com',
  'https://www.1688.com/',
  'https://trade.1688.com/order/new/buyer_order_detail.htm?orderId=3712345678901234567',
  'https://detail.1688.com/offer/123.html#top',
  'https://TRADE.1688.COM/x', // hosts are case-insensitive
  'https://a.b.c.1688.com/path',
];

const HOSTILE_EXTERNAL = [
  'https://1688.com.evil.com/',
  'https://evil.com/1688.com',
  'https://evil.com/?u=https://trade.1688.com',
  'https://evil1688.com/',
  'https://x1688.com/',
  'https://1688.co/',
  'https://1688.com.cn/',
  'https://trade.1688.com@evil.com/',
  'https://user:pass@trade.1688.com/',
  'https://trade.1688.com:8443/',
  'http://trade.1688.com/', // not https
  'javascript:alert(1)//https://trade.1688.com',
  'JaVaScRiPt:alert(document.domain)',
  'file:///etc/passwd',
  'file://trade.1688.com/etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'ftp://trade.1688.com/',
  'smb://trade.1688.com/share',
  'ms-msdt:/id PCWDiagnostic',
  'app://renderer/index.html',
  'https://trade.1688.com\n@evil.com/', // the parser would strip the newline
  'https://trade.1688.com\t.evil.com/',
  'https://trade.1688.com\\@evil.com/',
  'https://evil.com\\.1688.com/',
  ' https://trade.1688.com/',
  'https://.1688.com/',
  'https://trade.1688.com./', // trailing-dot FQDN: not the host we listed
  'https://xn--1688-.com/',
  '//trade.1688.com/',
  '/relative/path',
  '',
  'https://' + 'a'.repeat(5000) + '.1688.com/',
];

describe('isAllowedExternalUrl', () => {
  it.each(ALLOWED_EXTERNAL)('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });
  it.each(HOSTILE_EXTERNAL)('refuses %j', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
  it('refuses non-strings', () => {
    for (const v of [null, undefined, 42, {}, ['https://trade.1688.com/']]) expect(isAllowedExternalUrl(v)).toBe(false);
  });
  it('has a table of at least 20 hostile URLs', () => {
    expect(HOSTILE_EXTERNAL.length).toBeGreaterThanOrEqual(20);
  });
});

describe('isAppUrl', () => {
  it.each(['app://renderer/index.html', 'app://renderer/', 'app://renderer/orders/123?tab=all#x'])(
    'accepts %s',
    (url) => expect(isAppUrl(url)).toBe(true),
  );
  it.each([
    'app://evil/index.html',
    'app://renderer.evil.com/',
    'app://renderer@evil/',
    'app://x@renderer/',
    'app://renderer:8080/',
    'https://renderer/',
    'file:///app/renderer/index.html',
    'http://127.0.0.1:5173/',
    'javascript:location="app://renderer/"',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    '',
  ])('refuses %j', (url) => expect(isAppUrl(url)).toBe(false));
});

describe('isOAuthAuthorizeUrl', () => {
  const authorize = `${DEFAULT_AUTHORIZE_URL}?client_id=1&site=1688&redirect_uri=https%3A%2F%2Fexample.com%2Fcb&state=s`;
  it('accepts the 1688 authorize page with any query', () => {
    expect(isOAuthAuthorizeUrl(authorize, DEFAULT_AUTHORIZE_URL)).toBe(true);
  });
  it('accepts the demo sandbox on the loopback over http', () => {
    const demo = 'http://127.0.0.1:41234/oauth/authorize';
    expect(isOAuthAuthorizeUrl(`${demo}?client_id=x&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&state=s`, demo)).toBe(true);
  });
  it.each([
    'https://auth.1688.com/oauth/authorize.evil',
    'https://auth.1688.com/other',
    'https://auth.1688.com.evil.com/oauth/authorize',
    'https://evil.com/oauth/authorize',
    'http://auth.1688.com/oauth/authorize', // downgrade
    'https://x@auth.1688.com/oauth/authorize',
    'https://auth.1688.com:444/oauth/authorize',
    'https://trade.1688.com/oauth/authorize',
    'javascript:alert(1)',
  ])('refuses %j', (url) => expect(isOAuthAuthorizeUrl(url, DEFAULT_AUTHORIZE_URL)).toBe(false));
  it('refuses a plain-http authorize page that is not on the loopback, even if configured', () => {
    expect(isOAuthAuthorizeUrl('http://auth.example.com/oauth/authorize', 'http://auth.example.com/oauth/authorize')).toBe(false);
  });
  it('refuses another loopback port than the configured sandbox', () => {
    expect(isOAuthAuthorizeUrl('http://127.0.0.1:9999/oauth/authorize', 'http://127.0.0.1:41234/oauth/authorize')).toBe(false);
  });
});

describe('OAuth window navigation and callback', () => {
  it('lets the login flow move across https hosts, never to file:/javascript:/plain http', () => {
    expect(isOAuthNavigationAllowed('https://login.taobao.com/member/login.jhtml', DEFAULT_AUTHORIZE_URL)).toBe(true);
    expect(isOAuthNavigationAllowed('https://passport.alibaba.com/mini_login.htm', DEFAULT_AUTHORIZE_URL)).toBe(true);
    // Only the sign-in hosts: not any https site, not a name that merely contains one.
    for (const other of ['https://evil.com/login', 'https://1688.com.evil.com/', 'https://evil-taobao.com/', 'https://login.1688.com:8443/', 'https://u@login.1688.com/'])
      expect(isOAuthNavigationAllowed(other, DEFAULT_AUTHORIZE_URL), other).toBe(false);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'http://login.1688.com/', 'data:text/html,x', 'app://renderer/'])
      expect(isOAuthNavigationAllowed(bad, DEFAULT_AUTHORIZE_URL)).toBe(false);
    expect(isOAuthNavigationAllowed('http://127.0.0.1:5000/oauth/login', 'http://127.0.0.1:5000/oauth/authorize')).toBe(true);
    expect(isOAuthNavigationAllowed('http://127.0.0.1:5001/x', 'http://127.0.0.1:5000/oauth/authorize')).toBe(false);
  });
  it('reads redirect_uri from the authorize URL', () => {
    expect(redirectUriOf('https://auth.1688.com/oauth/authorize?redirect_uri=https%3A%2F%2Fexample.com%2Fcb')).toBe('https://example.com/cb');
    expect(redirectUriOf('https://auth.1688.com/oauth/authorize')).toBeNull();
    expect(redirectUriOf('https://auth.1688.com/oauth/authorize?redirect_uri=not%20a%20url')).toBeNull();
  });
  it('matches the redirect URI by parts, not by string prefix', () => {
    const r = 'https://example.com/cb';
    expect(matchesRedirectUri('https://example.com/cb?code=1&state=2', r)).toBe(true);
    expect(matchesRedirectUri('https://example.com/cb.evil?code=1', r)).toBe(false);
    expect(matchesRedirectUri('https://example.com/cb/more?code=1', r)).toBe(false);
    expect(matchesRedirectUri('https://example.com.evil.com/cb?code=1', r)).toBe(false);
    expect(matchesRedirectUri('http://example.com/cb?code=1', r)).toBe(false);
    expect(matchesRedirectUri('https://u@example.com/cb?code=1', r)).toBe(false);
  });
  it('extracts code and state, or the provider error', () => {
    expect(parseOAuthCallback('https://example.com/cb?code=abc&state=xyz')).toEqual({ code: 'abc', state: 'xyz' });
    expect(parseOAuthCallback('https://example.com/cb?error=access_denied&state=xyz')).toEqual({ error: 'access_denied' });
    expect(parseOAuthCallback('https://example.com/cb?code=abc')).toEqual({ error: 'missing_code' });
  });
});

describe('shellEnv (the developer variables a packaged app ignores)', () => {
  const env = {
    TRACKER_GATEWAY_URL: 'http://192.168.1.5:8080/openapi',
    TRACKER_AUTHORIZE_URL: 'http://127.0.0.1:9/oauth/authorize',
    TRACKER_NATIVE_DIR: '/tmp/other',
    TRACKER_DATA_DIR: '/data',
  };
  it('unpackaged (npm start, tests): the environment as it is', () => {
    expect(shellEnv(env, false)).toBe(env);
  });
  it('packaged: plain-http gateway and authorize URLs and the native folder are dropped; the data folder stays', () => {
    expect(shellEnv(env, true)).toEqual({ TRACKER_DATA_DIR: '/data' });
  });
  it('packaged: https URLs are kept (a company proxy of the gateway)', () => {
    const https = { TRACKER_GATEWAY_URL: 'https://gw.example.cn/openapi', TRACKER_AUTHORIZE_URL: 'https://auth.1688.com/oauth/authorize' };
    expect(shellEnv(https, true)).toEqual(https);
    expect(shellEnv({ TRACKER_GATEWAY_URL: 'https://u:p@gw.example.cn/' }, true)).toEqual({});
  });
});
