// Runs in: main process / headless Node.
// The shapes the SQL write-back shares with the outbox and its dispatcher (erp/outbox.ts,
// erp/target.ts). They are declared here structurally, not imported, so this folder builds on
// its own; test/unit/erp/sqlWritebackTarget.test.ts proves a SQL target IS an ErpTarget and
// that the event types are the contract's OutboxEventType, so a drift fails the typecheck.

/** The ERP events (tracking-domain.md §6), one SQL template each. */
export const SQL_EVENT_TYPES = [
  'shipment.delivered',
  'shipment.exception',
  'shipment.returned',
  'order.delivered',
  'shipment.status_changed',
  'shipment.received',
] as const;
export type SqlEventType = (typeof SQL_EVENT_TYPES)[number];

export const SQL_DIALECTS = ['postgres', 'mysql', 'mssql'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export const DIALECT_LABELS: Record<SqlDialect, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
  mssql: 'SQL Server',
};

/**
 * What the SQL target reads from an outbox row. The payload is the authority (it carries the
 * idempotency key and the order id too), so any row shape with these fields can be delivered:
 * erp/outbox.ts's OutboxRow (snake_case columns) and the brief's camelCase row both fit.
 */
export interface SqlOutboxRow {
  id: number;
  type: string;
  /** JSON: { type, version: 1, idempotencyKey, occurredAt, order, shipment, event } (see payload.ts). */
  payload: string;
}

export type SqlDeliveryResult =
  | { ok: true }
  | {
      ok: false;
      /** True: retrying cannot help (the database refused this statement); the row goes dead. */
      permanent: boolean;
      status?: number;
      /** Clerk-readable Chinese summary + the database's own message (≤ 500 characters). */
      error: string;
    };

/** The dispatcher's view of a target (erp/target.ts ErpTarget). */
export interface ErpTargetLike {
  name: string;
  deliver(row: SqlOutboxRow, signal: AbortSignal): Promise<SqlDeliveryResult>;
}
