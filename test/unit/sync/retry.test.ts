import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, backoffDelay, resolveRetryPolicy } from '../../../electron/core/sync/retry';

const almostOne = () => 0.999999;

describe('backoffDelay', () => {
  const policy = { retries: 3, baseMs: 500, capMs: 20_000 };
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(a, policy, almostOne))).toEqual([
      499, 999, 1999, 3999, 7999, 15_999, 19_999, 19_999,
    ]);
  });
  it('is full jitter: anywhere from 0 to the ceiling', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(1000);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(2, policy);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(1000);
      seen.add(d);
    }
    expect(seen.size).toBeGreaterThan(50);
  });
  it('survives silly inputs', () => {
    expect(backoffDelay(0, policy, almostOne)).toBe(499);
    expect(backoffDelay(10_000, policy, almostOne)).toBe(19_999);
    expect(backoffDelay(2, policy, () => 7)).toBe(1000);
    expect(backoffDelay(2, policy, () => -1)).toBe(0);
  });
});

describe('resolveRetryPolicy', () => {
  it('defaults to 3 retries, 500 ms base, 20 s cap', () => {
    expect(resolveRetryPolicy()).toEqual({ retries: 3, baseMs: 500, capMs: 20_000 });
    expect(DEFAULT_RETRY_POLICY).toEqual({ retries: 3, baseMs: 500, capMs: 20_000 });
  });
  it('merges and sanitises a partial policy', () => {
    expect(resolveRetryPolicy({ retries: 1.7, baseMs: 10 })).toEqual({ retries: 1, baseMs: 10, capMs: 20_000 });
    expect(resolveRetryPolicy({ retries: -2 }).retries).toBe(0);
  });
});
