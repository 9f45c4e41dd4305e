// Runs in: main process / headless Node.
// What the sync modules share: settings, results, the hooks the other services plug in, the
// engine's dependencies, and one cycle's running tally.
import type { Stage } from '../../../shared/domain';
import type { Ali1688Client } from '../ali1688/client';
import type { Clock, Logger } from '../ports';
import type { Store } from '../store';
import type { ShipmentRow, TraceStretch } from '../store/shipments';

export interface SyncSettings {
  /** Calls in flight at once (the limiter still spaces them). */
  concurrency: number;
  discoveryIntervalMs: number;
  /** Overlap of modify-time windows, so an order modified during the last run is not missed. */
  discoveryOverlapMs: number;
  pageSize: number;
  /** Look again at an order that is not shipped yet (500_2) after this long. */
  unshippedRecheckMs: number;
  /** Re-read the parcel list of an order in transit this often (a parcel may be added). */
  parcelRecheckMs: number;
  pollIntervals?: { baseMs?: number; fastMs?: number; slowMs?: number; slowestMs?: number };
  /** When 1688's parcel status (the second witness) is read again for a stuck parcel. */
  witness?: Partial<WitnessSettings>;
}

export interface WitnessSettings {
  /** A parcel waiting at a station, before pickup or after a failed attempt this long… */
  stuckAfterMs: number;
  /** …has 1688's status read again at most this often (the order's 12 h re-read covers the rest). */
  stuckRecheckMs: number;
}

export const DEFAULT_WITNESS_SETTINGS: WitnessSettings = {
  stuckAfterMs: 24 * 3600_000,
  stuckRecheckMs: 6 * 3600_000,
};

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  concurrency: 4,
  discoveryIntervalMs: 30 * 60_000,
  discoveryOverlapMs: 10 * 60_000,
  // 1688's seller twin caps pageSize at 20; paging stops on totalRecord or an empty page either way.
  pageSize: 20,
  unshippedRecheckMs: 2 * 3600_000,
  parcelRecheckMs: 12 * 3600_000,
};

export interface SyncError {
  code: string;
  message: string;
  orderId?: string;
}

export interface SyncResult {
  ok: boolean;
  orders: number;
  shipments: number;
  newEvents: number;
  calls: number;
  retries: number;
  errors: SyncError[];
  durationMs: number;
  changedOrderIds: string[];
  /** The token was rejected and could not be refreshed: sync is paused until reconnection. */
  unauthorized: boolean;
  /** The gateway stopped answering: the cycle ended on network failures with no success after them. */
  offline: boolean;
  /** At least one call was answered (the data is current as of this cycle). */
  reachedGateway: boolean;
}

export interface ShipmentWrite {
  before: ShipmentRow | undefined;
  after: ShipmentRow;
  newEvents: number;
}

/**
 * Called inside the transaction that writes each order (alerts, notification ledger, ERP outbox).
 * Trace answers share one transaction per batch of orders; an order's writes and its hook's
 * stand or fall together (a throw rolls back that order alone). A hook writes for its own order,
 * and only to the database: after a rollback it may run again for the same answer.
 */
export interface SyncHooks {
  afterOrderWrite?(orderId: string, shipments: ShipmentWrite[], now: number): void;
}

export interface SyncProgress {
  phase: 'discover' | 'details' | 'parcels' | 'traces';
  done: number;
  total: number;
}

export interface SyncEngineDeps {
  store: Store;
  client: Ali1688Client;
  clock: Clock;
  logger: Logger;
  settings?: () => Partial<SyncSettings>;
  hooks?: SyncHooks;
  classify?: (remark: string) => Stage;
  /** The deciding rule and doubt of a step's text (default: the classifier's own, classifyRemarkWithEvidence). */
  explain?: (remark: string) => { rule: string; doubtful: boolean };
  onProgress?: (p: SyncProgress) => void;
  /** While the push channel is live: how far parcel polls may stretch (null: today's schedule). */
  pollStretch?: () => PollStretch | null;
}

/**
 * The schedule while pushes arrive. Trace polls: ×factor (×byStatus[status] where given: a status
 * whose next step no push announces keeps today's interval), at most capMs, never shorter. Also
 * the scheduled parcel-list re-reads (new parcels and waybill changes are pushed) and the order-list
 * discovery (new and changed orders are pushed), each with its own bound.
 */
export interface PollStretch extends TraceStretch {
  parcelList?: { factor: number; capMs: number };
  discovery?: { factor: number; capMs: number };
}

/** An interval stretched: ×factor, at most capMs, never shorter than it was. */
export function stretchedMs(ms: number, by: { factor: number; capMs: number } | null | undefined): number {
  return by ? Math.max(ms, Math.min(ms * by.factor, by.capMs)) : ms;
}

export interface RunOptions {
  trigger?: string;
  /** Poll every unfinished parcel, ignoring next_poll_at. */
  all?: boolean;
  discover?: 'auto' | 'force' | 'skip';
}

/** One cycle's tally (a run of the engine: a full cycle or an order's refresh). */
export interface CycleContext {
  errors: SyncError[];
  changed: Set<string>;
  ordersSeen: Set<string>;
  shipmentsPolled: number;
  newEvents: number;
  unauthorized: boolean;
  successes: number;
  failures: number;
  /** Network/timeout failures since the last success. */
  networkStreak: number;
  /** Orders whose 1688 parcel status is wanted before a doubtful signing is believed. */
  witnessWanted: Set<string>;
}

/** What every sync module is built from: the engine's dependencies, resolved once. */
export interface SyncRuntime {
  deps: SyncEngineDeps;
  store: Store;
  client: Ali1688Client;
  clock: Clock;
  logger: Logger;
  classify: (remark: string) => Stage;
  explain: (remark: string) => { rule: string; doubtful: boolean };
  settings: () => SyncSettings;
  /** The app is quitting: nothing new starts. */
  aborted: () => boolean;
}
