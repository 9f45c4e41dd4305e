// Lists of the contract's values the UI iterates over. Kept here rather than imported from
// shared/contract at runtime: that module builds the zod schemas, and importing any value from it
// put zod (~180 kB of source) into the bundle every window parses at start, for two arrays. The
// type checks below fail if the contract's lists change (members or order).
import type { OUTBOX_EVENT_TYPES as CONTRACT_OUTBOX_EVENT_TYPES, SQL_DIALECT_NAMES as CONTRACT_SQL_DIALECT_NAMES } from '../../shared/contract';

export const OUTBOX_EVENT_TYPES = [
  'shipment.delivered',
  'shipment.exception',
  'shipment.returned',
  'order.delivered',
  'shipment.status_changed',
  'shipment.received',
] as const satisfies typeof CONTRACT_OUTBOX_EVENT_TYPES;

export const SQL_DIALECT_NAMES = ['postgres', 'mysql', 'mssql'] as const satisfies typeof CONTRACT_SQL_DIALECT_NAMES;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameOutboxTypes: Same<typeof OUTBOX_EVENT_TYPES, typeof CONTRACT_OUTBOX_EVENT_TYPES> = true;
const _sameDialects: Same<typeof SQL_DIALECT_NAMES, typeof CONTRACT_SQL_DIALECT_NAMES> = true;
void _sameOutboxTypes;
void _sameDialects;
