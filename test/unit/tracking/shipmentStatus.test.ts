import { describe, it, expect } from 'vitest';
import type { Stage } from '../../../shared/domain';
import { deriveShipmentStatus, newestStep, nextPollDelayMs, DEFAULT_POLL_SETTINGS } from '../../../electron/core/tracking/shipmentStatus';
import { nextPollDelayMs as reExported } from '../../../electron/core/tracking/orderStatus';

const step = (at: number, stage: Stage) => ({ at, stage });
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('deriveShipmentStatus', () => {
  it('uses the newest step by event time, not array order', () => {
    const steps = [step(300, 'out_for_delivery'), step(100, 'picked_up'), step(200, 'in_transit')];
    expect(deriveShipmentStatus({ steps, status1688: 'TRANSPORT', hasBillNo: true })).toBe('out_for_delivery');
  });
  it('on equal times keeps the later step in the array', () => {
    const steps = [step(100, 'in_transit'), step(100, 'out_for_delivery')];
    expect(deriveShipmentStatus({ steps, status1688: null, hasBillNo: true })).toBe('out_for_delivery');
    expect(newestStep([step(1, 'picked_up'), step(1, 'in_transit')])?.stage).toBe('in_transit');
    expect(newestStep([])).toBeUndefined();
  });
  it('no steps: not_found with a waybill, info_received without', () => {
    expect(deriveShipmentStatus({ steps: [], status1688: 'ACCEPT', hasBillNo: true })).toBe('not_found');
    expect(deriveShipmentStatus({ steps: [], status1688: null, hasBillNo: false })).toBe('info_received');
  });
  it('SIGN → delivered, even with no steps', () => {
    expect(deriveShipmentStatus({ steps: [step(1, 'out_for_delivery')], status1688: 'SIGN', hasBillNo: true })).toBe('delivered');
    expect(deriveShipmentStatus({ steps: [], status1688: 'sign', hasBillNo: true })).toBe('delivered');
  });
  it('SIGN on a return leg is returned, never delivered', () => {
    expect(deriveShipmentStatus({ steps: [step(1, 'returned')], status1688: 'SIGN', hasBillNo: true })).toBe('returned');
    expect(deriveShipmentStatus({ steps: [step(1, 'returning')], status1688: 'SIGN', hasBillNo: true })).toBe('returned');
  });
  it('CANCEL → cancelled, NOGET → exception', () => {
    expect(deriveShipmentStatus({ steps: [step(1, 'in_transit')], status1688: 'CANCEL', hasBillNo: true })).toBe('cancelled');
    expect(deriveShipmentStatus({ steps: [], status1688: 'NOGET', hasBillNo: true })).toBe('exception');
  });
  it('UNSIGN → failed_attempt unless the newest step is past it', () => {
    expect(deriveShipmentStatus({ steps: [step(1, 'out_for_delivery')], status1688: 'UNSIGN', hasBillNo: true })).toBe('failed_attempt');
    expect(deriveShipmentStatus({ steps: [], status1688: 'UNSIGN', hasBillNo: true })).toBe('failed_attempt');
    for (const stage of ['delivered', 'awaiting_pickup', 'returning', 'returned', 'exception'] as const) {
      expect(deriveShipmentStatus({ steps: [step(1, 'failed_attempt'), step(2, stage)], status1688: 'UNSIGN', hasBillNo: true })).toBe(stage);
    }
  });
  it('unknown 1688 statuses keep the step stage', () => {
    expect(deriveShipmentStatus({ steps: [step(1, 'picked_up')], status1688: 'SOMETHING_NEW', hasBillNo: true })).toBe('picked_up');
  });
});

describe('nextPollDelayMs', () => {
  it('stops for terminal statuses', () => {
    for (const s of ['delivered', 'returned', 'cancelled'] as const) expect(nextPollDelayMs(s, 0)).toBeNull();
  });
  it('30 min by default, 10 min out for delivery', () => {
    expect(nextPollDelayMs('in_transit', 0)).toBe(30 * MIN);
    expect(nextPollDelayMs('not_found', 5 * HOUR)).toBe(30 * MIN);
    expect(nextPollDelayMs('out_for_delivery', HOUR)).toBe(10 * MIN);
  });
  it('slows down at 24 h and 72 h unchanged (strictly more than)', () => {
    expect(nextPollDelayMs('in_transit', 24 * HOUR)).toBe(30 * MIN);
    expect(nextPollDelayMs('in_transit', 24 * HOUR + 1)).toBe(2 * HOUR);
    expect(nextPollDelayMs('in_transit', 72 * HOUR)).toBe(2 * HOUR);
    expect(nextPollDelayMs('in_transit', 72 * HOUR + 1)).toBe(6 * HOUR);
    expect(nextPollDelayMs('out_for_delivery', 25 * HOUR)).toBe(2 * HOUR);
  });
  it('is settings-overridable; undefined settings keep the defaults', () => {
    expect(nextPollDelayMs('in_transit', 0, { baseMs: 15 * MIN })).toBe(15 * MIN);
    expect(nextPollDelayMs('out_for_delivery', 0, { fastMs: 5 * MIN })).toBe(5 * MIN);
    expect(nextPollDelayMs('in_transit', 30 * HOUR, { slowMs: HOUR })).toBe(HOUR);
    expect(nextPollDelayMs('in_transit', 100 * HOUR, { slowestMs: 12 * HOUR })).toBe(12 * HOUR);
    expect(nextPollDelayMs('in_transit', 0, { baseMs: undefined })).toBe(DEFAULT_POLL_SETTINGS.baseMs);
  });
  it('is re-exported from orderStatus', () => {
    expect(reExported).toBe(nextPollDelayMs);
  });
});
