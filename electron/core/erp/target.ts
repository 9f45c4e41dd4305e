// Runs in: main process / headless Node.
// Where outbox rows go. The dispatcher owns ordering, retries and dead rows; a target only
// tries ONE delivery and says how it went. The webhook is one target; a SQL write-back can be
// another without touching the dispatcher.
import type { OutboxRow } from './outbox';

export type DeliveryResult =
  | { ok: true; status?: number }
  | {
      ok: false;
      /** True: retrying cannot help (the receiver refused this row); the row goes dead. */
      permanent: boolean;
      status?: number;
      /** Clerk-readable; stored (500 chars at most) and shown in the outbox list. */
      error: string;
      /** The receiver asked for this pause (Retry-After); the dispatcher waits at least this long. */
      retryAfterMs?: number;
    };

export interface ErpTarget {
  /** Short name shown to the clerk and in logs, e.g. 'webhook'. */
  name: string;
  /**
   * One attempt. Must resolve (not reject) for every outcome it understands; a rejection is
   * treated as a transient failure. `signal` aborts on the per-attempt timeout and on shutdown.
   */
  deliver(row: OutboxRow, signal: AbortSignal): Promise<DeliveryResult>;
}
