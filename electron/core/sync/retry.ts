// Runs in: main process / headless Node. Backoff policy shared by the 1688 client and the ERP dispatcher.

export interface RetryPolicy {
  /** Retries after the first attempt (3 → at most 4 attempts). */
  retries: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { retries: 3, baseMs: 500, capMs: 20_000 };

export function resolveRetryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const p = { ...DEFAULT_RETRY_POLICY, ...partial };
  return {
    retries: Math.max(0, Math.floor(Number.isFinite(p.retries) ? p.retries : DEFAULT_RETRY_POLICY.retries)),
    baseMs: Math.max(0, p.baseMs),
    capMs: Math.max(0, p.capMs),
  };
}

/**
 * Full-jitter exponential backoff: a uniform delay in [0, min(cap, base·2^(attempt-1))).
 * `attempt` is the 1-based number of the retry about to happen. Full jitter spreads retries of
 * many clients that failed together, which is what a rate-limited gateway needs.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  // Cap the exponent: 2^n overflows to Infinity long before it matters.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 52));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}
