// The second-witness journeys of the sandbox world: new phrasings and 1688 statuses that move
// while the text lags, deterministic by seed, and absent unless asked for.
import { describe, expect, it } from 'vitest';
import { WITNESS_JOURNEY_KINDS, createSandboxWorld, type ParcelStatus1688 } from '../../../electron/core/ali1688/sandbox';
import type { ParcelTruth } from '../../../electron/core/ali1688/sandbox/world';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 15, 4, 0, 0);

function parcelsAt(world: ReturnType<typeof createSandboxWorld>, t: number): ParcelTruth[] {
  return world.truthAt(t).flatMap((o) => o.parcels);
}

describe('second-witness journeys', () => {
  const world = createSandboxWorld({ seed: 9, orders: 400, startAt: START, witnessJourneys: 0.5 });
  const end = world.finishedAt();
  const all = parcelsAt(world, end);
  const ofKind = (k: string) => all.filter((p) => p.journeyKind === k);

  it('leave a world made without them exactly as it was, and are the same for a seed', () => {
    const plain = createSandboxWorld({ seed: 9, orders: 400, startAt: START });
    const zero = createSandboxWorld({ seed: 9, orders: 400, startAt: START, witnessJourneys: 0 });
    expect(JSON.stringify(zero.truthAt(START + 2 * DAY))).toBe(JSON.stringify(plain.truthAt(START + 2 * DAY)));
    const again = createSandboxWorld({ seed: 9, orders: 400, startAt: START, witnessJourneys: 0.5 });
    expect(JSON.stringify(again.truthAt(end))).toBe(JSON.stringify(world.truthAt(end)));
    for (const k of WITNESS_JOURNEY_KINDS) expect(ofKind(k).length, k).toBeGreaterThan(0);
  });

  it('station pickups by code: collected is delivered and signed; waiting stays awaiting pickup', () => {
    for (const p of ofKind('station_code_collected')) {
      expect(p.steps.at(-1)).toMatchObject({ stage: 'delivered' });
      expect(p.steps.some((s) => s.stage === 'awaiting_pickup' && /取件码/.test(s.remark))).toBe(true);
      expect(p.status1688).toBe('SIGN');
    }
    for (const p of ofKind('station_code_waiting')) expect(p.steps.at(-1)?.stage).toBe('awaiting_pickup');
  });

  it('a failed signing is a failed attempt, not a delivery; refused parcels end signed back by the sender', () => {
    for (const p of ofKind('failed_signing')) {
      const failed = p.steps.find((s) => s.stage === 'failed_attempt');
      expect(failed?.remark).toMatch(/失败签收|签收失败|派送不成功/);
      expect(p.steps.at(-1)?.stage).toBe('delivered');
    }
    for (const p of ofKind('refused_signed_back')) {
      expect(p.steps.at(-1)).toMatchObject({ stage: 'returned' });
      expect(p.steps.at(-1)?.remark).toMatch(/寄件人/);
      expect(p.status1688).toBe<ParcelStatus1688>('SIGN');
    }
  });

  it("1688's status moves while the text lags: NOGET after a label only, SIGN before (or without) a signing line", () => {
    for (const p of ofKind('noget_waybill')) {
      expect(p.status1688).toBe('NOGET');
      expect(p.steps.every((s) => s.stage === 'info_received')).toBe(true);
    }
    const lagging = ofKind('sign_text_lags');
    for (const p of lagging) expect(p.status1688).toBe('SIGN');
    expect(lagging.some((p) => p.steps.at(-1)?.stage === 'out_for_delivery')).toBe(true);
  });
});
