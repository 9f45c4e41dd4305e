// Canonical parcel status (tracking-domain.md §2) and the adaptive poll interval (DESIGN §4).
import type { ShipmentStatus, Stage } from '../../../shared/domain';
import { isTerminalShipmentStatus } from '../../../shared/domain';

export interface TraceStepStage {
  at: number;
  stage: Stage;
}

export interface ShipmentStatusInput {
  steps: readonly TraceStepStage[];
  /** Raw 1688 parcel status (WAITACCEPT, ACCEPT, TRANSPORT, SIGN, UNSIGN, NOGET, CANCEL, or unknown). */
  status1688: string | null;
  hasBillNo: boolean;
}

/** Newest step by event time; on equal times the later one in the array wins. */
export function newestStep<T extends { at: number }>(steps: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const s of steps) if (best === undefined || s.at >= best.at) best = s;
  return best;
}

// A failed attempt is behind these: a stale UNSIGN must not pull the parcel back.
const PAST_FAILED_ATTEMPT: readonly Stage[] = ['awaiting_pickup', 'delivered', 'exception', 'returning', 'returned'];

/**
 * Stage of the newest step, then the 1688 overrides:
 * - CANCEL → cancelled.
 * - SIGN → delivered, except on a return leg: when the newest step is `returning`/`returned`, the
 *   signature is the sender's, so the parcel is `returned` (a false delivery is the worst error).
 * - NOGET → exception (pickup failed).
 * - UNSIGN → failed_attempt, unless the newest step is already past a failed attempt
 *   (awaiting_pickup, delivered, exception, returning, returned): we cannot tell when 1688 set
 *   UNSIGN, but a carrier step that has moved beyond it is newer evidence.
 * No steps: with a waybill → not_found; without → info_received (the overrides still apply).
 */
export function deriveShipmentStatus(input: ShipmentStatusInput): ShipmentStatus {
  const newest = newestStep(input.steps);
  const base: ShipmentStatus = newest ? newest.stage : input.hasBillNo ? 'not_found' : 'info_received';
  switch ((input.status1688 ?? '').trim().toUpperCase()) {
    case 'CANCEL':
      return 'cancelled';
    case 'SIGN':
      return base === 'returning' || base === 'returned' ? 'returned' : 'delivered';
    case 'NOGET':
      return 'exception';
    case 'UNSIGN':
      return newest && PAST_FAILED_ATTEMPT.includes(newest.stage) ? newest.stage : 'failed_attempt';
    default:
      return base;
  }
}

export interface PollSettings {
  /** Normal interval (30 min). */
  baseMs: number;
  /** Out for delivery (10 min). */
  fastMs: number;
  /** Unchanged for more than slowAfterMs (2 h). */
  slowMs: number;
  /** Unchanged for more than slowestAfterMs (6 h). */
  slowestMs: number;
  slowAfterMs: number;
  slowestAfterMs: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
export const DEFAULT_POLL_SETTINGS: PollSettings = {
  baseMs: 30 * MIN,
  fastMs: 10 * MIN,
  slowMs: 2 * HOUR,
  slowestMs: 6 * HOUR,
  slowAfterMs: 24 * HOUR,
  slowestAfterMs: 72 * HOUR,
};

/**
 * Delay until the next trace poll, or null when polling stops (delivered/returned/cancelled).
 * Out for delivery polls fast, but only while it is fresh: one stuck for more than a day is a
 * stall (R3), and polling it every 10 min would waste the rate limit.
 */
export function nextPollDelayMs(
  status: ShipmentStatus,
  msSinceLastChange: number,
  settings: Partial<PollSettings> = {},
): number | null {
  if (isTerminalShipmentStatus(status)) return null;
  const s = { ...DEFAULT_POLL_SETTINGS };
  // An explicit `undefined` (an unset setting) must not erase a default.
  for (const k of Object.keys(s) as (keyof PollSettings)[]) {
    const v = settings[k];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) s[k] = v;
  }
  if (msSinceLastChange > s.slowestAfterMs) return s.slowestMs;
  if (msSinceLastChange > s.slowAfterMs) return s.slowMs;
  return status === 'out_for_delivery' ? s.fastMs : s.baseMs;
}
