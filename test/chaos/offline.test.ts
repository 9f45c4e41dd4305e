// Offline, short: an hour of fake time with the gateway unreachable. Soak: a whole day.
import { describe, expect, it } from 'vitest';
import { reportFigures } from './lib/env';
import { runOffline } from './lib/offline';

describe('gateway unreachable for an hour', () => {
  it('answers from the cache, says offline since when, backs off without a storm, and resumes by itself', async () => {
    const r = await runOffline({ orders: 20, seed: 31, outageMs: 3600_000 });
    reportFigures('offline.hour', r.figures);
    expect(r.problems).toEqual([]);
    expect(r.figures.stateAfter).toBe('idle');
    expect(r.figures.offlineCycles as number).toBeGreaterThanOrEqual(4);
    // 30 s, 1, 2, 5, 10, 10 … min: an hour holds about nine tries, not hundreds.
    expect(r.figures.offlineCycles as number).toBeLessThanOrEqual(12);
  }, 120_000);
});
