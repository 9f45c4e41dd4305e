// Runs in: main process / headless Node. The checks every browser-mode request passes before it
// reaches a route: Host and Origin (DNS rebinding, cross-site requests), fetch metadata, and the
// per-run token (cookie or bearer), compared in constant time.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Cookies are not separated by port: two instances on 127.0.0.1 would overwrite each other's
 * cookie if it had one name. So each port has its own.
 */
export function tokenCookieName(port: number): string {
  return `tracker_token_${port}`;
}

/** Sent with every response, whatever its route or status. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; frame-src 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** A fresh per-run token: 32 random bytes, base64url (43 characters). */
export function generateToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Tokens travel in a cookie, a query string and a header: keep them to characters all three carry verbatim. */
export function isAcceptableToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{16,512}$/.test(token);
}

function digest(s: string): Buffer {
  return crypto.createHash('sha256').update(s, 'utf8').digest();
}

/**
 * Constant-time comparison. Both sides are hashed first so timingSafeEqual always sees two
 * equal-length buffers and the time taken does not depend on the candidate's length or content.
 */
export function tokenMatches(expected: string, candidate: string | undefined | null): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0) return false;
  return crypto.timingSafeEqual(digest(expected), digest(candidate));
}

/** Every value of a cookie name in a Cookie header (a browser may send the same name twice). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m?.[1] ?? null;
}

/** True when the request carries the token as a bearer header or as the HttpOnly cookie. */
export function isAuthenticated(req: IncomingMessage, token: string, port: number): boolean {
  const bearer = bearerToken(req.headers.authorization);
  if (bearer !== null) return tokenMatches(token, bearer);
  let ok = false;
  // No early exit: every candidate is compared.
  for (const value of cookieValues(req.headers.cookie, tokenCookieName(port))) ok = tokenMatches(token, value) || ok;
  return ok;
}

export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The Host values a browser sends for this server; anything else is DNS rebinding or a proxy. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([...allowedHosts(port)].map((h) => `http://${h}`));
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
