import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../shared/domain';
import { judgeParcel, parseEvidence, pushWitnessOf, storedEvidence, witnessOf, type JudgeInput } from '../../../electron/core/tracking/parcelEvidence';

const H = 3_600_000;
const T = Date.UTC(2026, 9, 3, 2, 0, 0);

function input(stage: Stage | null, over: Partial<JudgeInput> = {}): JudgeInput {
  return {
    newest: stage ? { at: T, remark: `step ${stage}`, stage } : undefined,
    verdict: stage ? { rule: `rule.${stage}`, doubtful: false } : null,
    openStage: 'awaiting_pickup',
    status1688: null,
    status1688At: null,
    hasBillNo: true,
    ...over,
  };
}

describe('a parcel status with its evidence', () => {
  it('names the deciding step and the classifier rule when the text decides', () => {
    const j = judgeParcel(input('in_transit', { status1688: 'TRANSPORT', status1688At: T + H }));
    expect(j.status).toBe('in_transit');
    expect(j.evidence).toMatchObject({ by: 'text', rule: 'rule.in_transit', at: T, remark: 'step in_transit', witness: 'agrees', held: false });
  });

  it("names 1688's status when it decides: SIGN delivers a parcel whose text lags, NOGET is a failed pickup", () => {
    const signed = judgeParcel(input('in_transit', { status1688: 'SIGN', status1688At: T + H }));
    expect(signed.status).toBe('delivered');
    expect(signed.evidence).toMatchObject({ by: 'status1688', rule: 'status1688.SIGN', witness: 'contradicts' });
    const noget = judgeParcel(input('info_received', { status1688: 'NOGET', status1688At: T + H }));
    expect(noget.status).toBe('exception');
    expect(noget.evidence).toMatchObject({ by: 'status1688', rule: 'status1688.NOGET', witness: 'agrees' });
    expect(judgeParcel(input(null, { status1688: 'SIGN' })).evidence).toMatchObject({ by: 'status1688', rule: 'status1688.SIGN', at: null });
  });

  it('holds a doubtful signing until 1688 has been asked after it, then SIGN confirms it', () => {
    const doubtful = { verdict: { rule: 'delivered.station_collected', doubtful: true } };
    const before = judgeParcel(input('delivered', { ...doubtful, status1688: 'TRANSPORT', status1688At: T - H }));
    expect(before).toMatchObject({ status: 'awaiting_pickup', wantsWitness: true });
    expect(before.evidence).toMatchObject({ held: true, witness: 'unknown', doubtful: true });
    const confirmed = judgeParcel(input('delivered', { ...doubtful, status1688: 'SIGN', status1688At: T + H }));
    expect(confirmed).toMatchObject({ status: 'delivered', wantsWitness: false });
    expect(confirmed.evidence).toMatchObject({ held: false, witness: 'agrees', by: 'text', rule: 'delivered.station_collected' });
  });

  it('keeps holding a doubtful signing 1688 contradicts, and lets it stand when 1688 says nothing', () => {
    const doubtful = { verdict: { rule: 'delivered.weak', doubtful: true } };
    const contradicted = judgeParcel(input('delivered', { ...doubtful, status1688: 'TRANSPORT', status1688At: T + H }));
    expect(contradicted).toMatchObject({ status: 'awaiting_pickup', wantsWitness: false });
    expect(contradicted.evidence).toMatchObject({ held: true, witness: 'contradicts' });
    const silent = judgeParcel(input('delivered', { ...doubtful, status1688: null, status1688At: T + H }));
    expect(silent.status).toBe('delivered');
    expect(silent.evidence.witness).toBe('unknown');
  });

  it('a conclusive signing stands even against a fresh TRANSPORT, which is shown as a contradiction', () => {
    const j = judgeParcel(input('delivered', { status1688: 'TRANSPORT', status1688At: T + H }));
    expect(j.status).toBe('delivered');
    expect(j.evidence.witness).toBe('contradicts');
  });

  it('a 1688 status read before the step is stale, not a contradiction', () => {
    expect(witnessOf('delivered', 'TRANSPORT', T - H, T)).toBe('unknown');
    expect(witnessOf('delivered', 'TRANSPORT', T + H, T)).toBe('contradicts');
    expect(witnessOf('in_transit', 'NOGET', T - H, T)).toBe('contradicts');
    expect(witnessOf('in_transit', 'made-up', T + H, T)).toBe('unknown');
  });

  it('a doubtful return is held as returning', () => {
    const j = judgeParcel(input('returned', { verdict: { rule: 'returned.weak', doubtful: true }, openStage: undefined }));
    expect(j.status).toBe('returning');
  });

  describe('the node a push announced (statusChanged) is a witness, never the decider', () => {
    it('agrees when the text shows that node, contradicts when it names a node the text does not show yet', () => {
      const agrees = judgeParcel(input('out_for_delivery', { pushed: { node: 'DELIVERING', at: T } }));
      expect(agrees.evidence).toMatchObject({ push: 'DELIVERING', pushAt: T, pushWitness: 'agrees' });
      // A pushed SIGN while the re-read text is still out for delivery: shown, and the parcel is not signed.
      const signPushed = judgeParcel(input('out_for_delivery', { pushed: { node: 'sign', at: T + H } }));
      expect(signPushed.status).toBe('out_for_delivery');
      expect(signPushed.evidence).toMatchObject({ by: 'text', push: 'SIGN', pushWitness: 'contradicts' });
      expect(judgeParcel(input('failed_attempt', { pushed: { node: 'FAILED', at: T } })).evidence.pushWitness).toBe('agrees');
      expect(judgeParcel(input('awaiting_pickup', { pushed: { node: 'AGENT_SIGN', at: T } })).evidence.pushWitness).toBe('agrees');
    });

    it('a push about a time before the newest step speaks of an earlier step: unknown, not a contradiction', () => {
      expect(pushWitnessOf('out_for_delivery', 'TRANSPORT', T - H, T)).toBe('unknown');
      expect(pushWitnessOf('in_transit', 'TRANSPORT', T - H, T)).toBe('agrees');
      expect(pushWitnessOf('in_transit', 'NEW_NODE', T + H, T)).toBe('unknown');
      expect(pushWitnessOf(null, 'SIGN', T, null)).toBe('unknown');
    });

    it('a pushed SIGN does not release a doubtful signing: 1688’s parcel status still has to be read', () => {
      const doubtful = { verdict: { rule: 'delivered.station_collected', doubtful: true } };
      const j = judgeParcel(input('delivered', { ...doubtful, pushed: { node: 'SIGN', at: T } }));
      expect(j).toMatchObject({ status: 'awaiting_pickup', wantsWitness: true });
      expect(j.evidence).toMatchObject({ held: true, pushWitness: 'agrees' });
    });

    it('is stored with the parcel only when a push named it, and read back', () => {
      const row = { last_event_at: T, last_remark: 'step in_transit', last_stage: 'in_transit' as Stage, status_1688: null, status_1688_at: null };
      const none = storedEvidence(judgeParcel(input('in_transit')).evidence);
      expect(none).not.toContain('push');
      expect(parseEvidence({ ...row, evidence: none })).toMatchObject({ push: null, pushAt: null, pushWitness: 'unknown' });
      const pushed = storedEvidence(judgeParcel(input('in_transit', { pushed: { node: 'DELIVERING', at: T + H } })).evidence);
      expect(parseEvidence({ ...row, evidence: pushed })).toMatchObject({ push: 'DELIVERING', pushAt: T + H, pushWitness: 'contradicts' });
    });
  });
});
