// Chaos, short: a 40-order world synced to its end through every injected fault. Long version
// (50 cycles, heap flat, a bigger world): `npm run test:soak`.
import { describe, expect, it } from 'vitest';
import { runChaosSync } from './lib/chaosSync';
import { reportFigures } from './lib/env';

describe('sync under chaos', () => {
  it('ends equal to the gateway’s truth: no step lost or doubled, never over the cap, retries bounded, no unhandled rejection', async () => {
    const r = await runChaosSync({ orders: 40, seed: 1688, qps: 25, cycles: 12 });
    reportFigures('chaos.sync', r.figures);
    expect(r.problems).toEqual([]);
    // The faults really happened (else this proves nothing).
    expect(r.figures.injected5xx).toBeGreaterThan(0);
    expect(r.figures.qosAnswers).toBeGreaterThan(0);
    expect(r.figures.heldTimeouts).toBeGreaterThan(0);
    expect(r.figures.malformedBodies).toBeGreaterThan(0);
    expect(r.figures.unauthorized401).toBeGreaterThan(0);
    expect(r.figures.clientRefreshes).toBeGreaterThan(0);
    expect(r.figures.differencesFromTruth).toBe(0);
    expect(r.figures.doubledSteps).toBe(0);
    expect(r.figures.unhandledRejections).toBe(0);
    expect(r.figures.maxArrivalsPerSecond as number).toBeLessThanOrEqual(25);
  }, 120_000);
});
