// Runs in: main process and the preload (bundled into both). The wire format of our one IPC
// channel. Type-only imports from the contract, so the preload bundle does not pull in zod.
import type { ContractError, ErrorCode } from '../shared/contract';

/** renderer → main: ipcRenderer.invoke(INVOKE_CHANNEL, method, input) */
export const INVOKE_CHANNEL = 'tracker:invoke';
/** main → renderer: webContents.send(EVENT_CHANNEL, eventName, payload) */
export const EVENT_CHANNEL = 'tracker:event';

/**
 * What the invoke handler resolves with. Electron keeps only an Error's message across IPC
 * (code and issues would be lost), so failures travel as data and the preload rejects with them.
 */
export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: ContractError };

const ERROR_CODES: readonly ErrorCode[] = [
  'invalid_input',
  'not_found',
  'not_connected',
  'needs_reconnect',
  'account_paused',
  'gateway',
  'offline',
  'storage',
  'internal',
];

export const INTERNAL_ERROR_MESSAGE = '内部错误，请重试；若反复出现请查看日志。(Internal error)';

function isIssue(x: unknown): x is { path: string; message: string } {
  return typeof x === 'object' && x !== null && typeof (x as { path: unknown }).path === 'string' &&
    typeof (x as { message: unknown }).message === 'string';
}

/** Copies a ContractError-shaped value into a plain object (no prototype, no stack), or null. */
export function plainContractError(e: unknown): ContractError | null {
  if (typeof e !== 'object' || e === null) return null;
  const { code, message, issues } = e as { code?: unknown; message?: unknown; issues?: unknown };
  if (typeof code !== 'string' || !(ERROR_CODES as readonly string[]).includes(code) || typeof message !== 'string') return null;
  const out: ContractError = { code: code as ErrorCode, message };
  if (Array.isArray(issues)) out.issues = issues.filter(isIssue).map((i) => ({ path: i.path, message: i.message }));
  return out;
}

/** Any rejection → a ContractError; unknown errors become 'internal' without leaking their text. */
export function toContractError(e: unknown): ContractError {
  return plainContractError(e) ?? { code: 'internal', message: INTERNAL_ERROR_MESSAGE };
}

export function isEnvelope(x: unknown): x is IpcEnvelope {
  if (typeof x !== 'object' || x === null) return false;
  const ok = (x as { ok?: unknown }).ok;
  return ok === true || (ok === false && plainContractError((x as { error?: unknown }).error) !== null);
}
