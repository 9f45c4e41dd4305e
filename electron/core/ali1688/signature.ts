// Runs in: main process / headless Node.
// The 1688 AOP `_aop_signature` (1688-open-api.md §2): HMAC-SHA1 with the app secret over
// urlPath + the sorted concatenated key+value strings, upper-case hex.
import { createHmac } from 'node:crypto';

/**
 * Builds the string to sign. The SDKs sort the CONCATENATED `key+value` strings, not the keys:
 * the two differ when one key is a prefix of another (TV5).
 */
export function signatureMessage(urlPath: string, params: Record<string, string>): string {
  const pieces = Object.entries(params)
    .filter(([k]) => k !== '_aop_signature')
    .map(([k, v]) => k + v);
  // Code-unit order, as Java's String.compareTo and Python's sorted() do.
  pieces.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return urlPath + pieces.join('');
}

/** `_aop_signature` for the given urlPath (e.g. `param2/1/system/currentTime/1000000`). */
export function signAop(urlPath: string, params: Record<string, string>, appSecret: string): string {
  return createHmac('sha1', Buffer.from(appSecret, 'utf8'))
    .update(Buffer.from(signatureMessage(urlPath, params), 'utf8'))
    .digest('hex')
    .toUpperCase();
}

/** The urlPath of a business API: `param2/1/{namespace}/{apiName}/{appKey}`. */
export function apiUrlPath(namespace: string, apiName: string, appKey: string, protocol = 'param2'): string {
  return `${protocol}/1/${namespace}/${apiName}/${appKey}`;
}
