// Lists of the contract's values the UI iterates over. Imported from shared/views, never from
// shared/contract at runtime: that module builds the zod schemas, and importing any value from it
// puts zod (~180 kB of source) into the bundle every window parses at start. views.ts has no zod.
export { ORDER_TABS, OUTBOX_EVENT_TYPES, SQL_DIALECT_NAMES } from '../../shared/views';
