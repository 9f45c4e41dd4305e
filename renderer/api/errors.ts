// Every failure the UI shows is a ContractError whose message is written for the clerk.
// Anything else (a bug, an Error from a library) becomes a generic sentence: never a stack.
import type { ContractError, ErrorCode } from '../../shared/contract';
import { i18n } from '../i18n';

const CODES: readonly ErrorCode[] = [
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

export function looksLikeContractError(e: unknown): e is ContractError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ContractError).code === 'string' &&
    typeof (e as ContractError).message === 'string'
  );
}

export function toContractError(e: unknown): ContractError {
  if (looksLikeContractError(e) && CODES.includes(e.code) && !(e instanceof Error)) return e;
  if (looksLikeContractError(e) && CODES.includes(e.code)) {
    // An Error carrying a contract code (e.g. re-thrown by a preload): keep code and message only.
    const out: ContractError = { code: e.code, message: e.message };
    if (Array.isArray(e.issues)) out.issues = e.issues;
    return out;
  }
  return { code: 'internal', message: i18n.t('common.unexpected') };
}

/** The sentence to show for a failure. */
export function errorMessage(e: unknown): string {
  return toContractError(e).message;
}
