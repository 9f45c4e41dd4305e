// Runs in: main process / headless Node.
// Numbered, additive migrations. Each runs in one transaction together with the bump of
// PRAGMA user_version, so a crash mid-migration leaves the previous version intact.
// Never edit a shipped migration: add the next one.
//
// Times are INTEGER epoch milliseconds (UTC) in the database; the contract turns them into
// ISO-8601 strings. 1688 ids are TEXT. Money is INTEGER fen.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'orders, shipments, trace events, sync bookkeeping',
    sql: `
CREATE TABLE orders (
  id                    TEXT PRIMARY KEY,
  status                TEXT NOT NULL,
  status_1688           TEXT,
  seller_login_id       TEXT,
  seller_company        TEXT,
  seller_contact        TEXT,
  buyer_login_id        TEXT,
  total_fen             INTEGER,
  shipping_fee_fen      INTEGER,
  created_at            INTEGER,
  paid_at               INTEGER,
  modified_at           INTEGER,
  product_summary       TEXT,
  source                TEXT NOT NULL CHECK (source IN ('discovered', 'manual', 'import')),
  erp_ref               TEXT,
  archived              INTEGER NOT NULL DEFAULT 0,
  raw_json              TEXT,
  detail_fetched_at     INTEGER,
  parcels_checked_at    INTEGER,
  next_parcel_check_at  INTEGER,
  last_error            TEXT,
  last_event_at         INTEGER,
  last_remark           TEXT,
  first_seen_at         INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL
) STRICT;
CREATE INDEX orders_status ON orders (archived, status, updated_at DESC);
CREATE INDEX orders_updated ON orders (archived, updated_at DESC);
CREATE INDEX orders_created ON orders (archived, created_at DESC);
CREATE INDEX orders_last_event ON orders (archived, last_event_at DESC);
CREATE INDEX orders_parcel_check ON orders (next_parcel_check_at);

CREATE TABLE shipments (
  id                INTEGER PRIMARY KEY,
  order_id          TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  logistics_id      TEXT NOT NULL,
  bill_no           TEXT,
  previous_bill_no  TEXT,
  carrier_code      TEXT,
  carrier_name      TEXT,
  status            TEXT NOT NULL,
  status_1688       TEXT,
  origin_province   TEXT,
  origin_city       TEXT,
  dest_province     TEXT,
  dest_city         TEXT,
  shipped_at        INTEGER,
  last_event_at     INTEGER,
  last_remark       TEXT,
  last_stage        TEXT,
  event_count       INTEGER NOT NULL DEFAULT 0,
  delivered_at      INTEGER,
  status_changed_at INTEGER,
  next_poll_at      INTEGER,
  done              INTEGER NOT NULL DEFAULT 0,
  last_polled_at    INTEGER,
  poll_failures     INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT,
  raw_json          TEXT,
  first_seen_at     INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  UNIQUE (order_id, logistics_id)
) STRICT;
CREATE INDEX shipments_due ON shipments (done, next_poll_at);
CREATE INDEX shipments_bill_no ON shipments (bill_no);
CREATE INDEX shipments_status ON shipments (status);

-- The (shipment, time, text) dedupe key is the primary key: one B-tree, clustered by parcel.
CREATE TABLE trace_events (
  shipment_id   INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  occurred_at   INTEGER NOT NULL,
  remark        TEXT NOT NULL,
  stage         TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  PRIMARY KEY (shipment_id, occurred_at, remark)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_runs (
  id               INTEGER PRIMARY KEY,
  started_at       INTEGER NOT NULL,
  finished_at      INTEGER,
  trigger          TEXT NOT NULL,
  ok               INTEGER,
  calls            INTEGER NOT NULL DEFAULT 0,
  retries          INTEGER NOT NULL DEFAULT 0,
  errors           INTEGER NOT NULL DEFAULT 0,
  orders_seen      INTEGER NOT NULL DEFAULT 0,
  shipments_polled INTEGER NOT NULL DEFAULT 0,
  new_events       INTEGER NOT NULL DEFAULT 0,
  error_json       TEXT
) STRICT;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE carriers (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  company_id TEXT,
  updated_at INTEGER NOT NULL
) STRICT;

-- Substring search over order id, seller, products, waybills and ERP reference (rowid = orders.rowid).
CREATE VIRTUAL TABLE order_search USING fts5 (text, tokenize = 'trigram');
`,
  },
  {
    version: 2,
    name: 'alerts and the notification ledger',
    sql: `
CREATE TABLE alerts (
  id          INTEGER PRIMARY KEY,
  rule        TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('warning', 'alert')),
  order_id    TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  shipment_id INTEGER REFERENCES shipments (id) ON DELETE CASCADE,
  subject     TEXT NOT NULL,
  message     TEXT NOT NULL,
  message_en  TEXT NOT NULL,
  opened_at   INTEGER NOT NULL,
  resolved_at INTEGER,
  acked_at    INTEGER,
  ack_note    TEXT,
  updated_at  INTEGER NOT NULL
) STRICT;
-- At most one open alert per (subject, rule).
CREATE UNIQUE INDEX alerts_one_open ON alerts (subject, rule) WHERE resolved_at IS NULL;
CREATE INDEX alerts_order ON alerts (order_id, resolved_at);
CREATE INDEX alerts_open ON alerts (resolved_at, severity, opened_at);

-- What was notified, so a signing is announced once across restarts, re-syncs and re-imports.
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  order_id   TEXT,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  shown_at   INTEGER,
  summarized INTEGER NOT NULL DEFAULT 0,
  UNIQUE (kind, subject)
) STRICT;
CREATE INDEX notifications_pending ON notifications (shown_at);
`,
  },
  {
    version: 3,
    name: 'ERP outbox',
    sql: `
-- Events for the ERP, written in the same transaction as the change that caused them. The
-- idempotency key is derived from the change, so a replay, a retried crash or a re-import
-- hits the UNIQUE constraint instead of adding a second row. No foreign keys: the outbox is
-- history and must outlive whatever it describes.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  type            TEXT NOT NULL,
  order_id        TEXT NOT NULL,
  shipment_id     INTEGER,
  payload         TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead', 'discarded')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  last_status     INTEGER,
  created_at      INTEGER NOT NULL,
  delivered_at    INTEGER,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
-- Delivery order is per shipment (and per order for order-level events): "is an older row of
-- this chain still undelivered?" is one probe of these.
CREATE INDEX outbox_shipment ON outbox (shipment_id, id);
CREATE INDEX outbox_order ON outbox (order_id, id);
`,
  },
  {
    version: 4,
    name: 'indexes the orders list pages by',
    sql: `
-- The orders list sorts by "col DESC, rowid DESC" or "col ASC NULLS LAST, rowid ASC". A page is
-- found from an index alone (the page's rowids first, then its rows), never from a pass over the
-- table or a sort of the whole list:
-- - one index per sort column, walked in that order, holding the archived flag, and for the two
--   columns that change with every change of status (updated_at, last_event_at) the status too;
-- - one index by status holding every sort column, for a status tab: its orders, sorted.
-- SQLite rewrites every index holding a column an UPDATE sets, so the status is kept out of the
-- indexes a change of status would not otherwise touch, and the status index replaces
-- orders_status, which every such change rewrote already.
-- Replaces the (archived, col DESC) indexes: their rowids run against the column, so every tie
-- took a sort of whole rows, and they cannot serve the view with archived orders.
DROP INDEX orders_updated;
DROP INDEX orders_created;
DROP INDEX orders_last_event;
DROP INDEX orders_status;
CREATE INDEX orders_by_updated ON orders (updated_at, status, archived);
CREATE INDEX orders_by_last_event ON orders (last_event_at, status, archived);
CREATE INDEX orders_by_created ON orders (created_at, archived);
CREATE INDEX orders_by_seller ON orders (seller_company, archived);
CREATE INDEX orders_by_id ON orders (id, archived);
CREATE INDEX orders_by_status ON orders (status, archived, updated_at, last_event_at, created_at, seller_company, id);
-- The parcel-based tabs (out for delivery, awaiting pickup, returned) and their counts: the
-- orders with a parcel in a state, from the index alone. Replaces shipments (status).
DROP INDEX shipments_status;
CREATE INDEX shipments_by_status ON shipments (status, order_id);
-- What the delivery estimate learns from, read without the table. Partial: only delivered
-- parcels are in it, so a poll of a parcel on its way never writes to it.
CREATE INDEX shipments_delivered ON shipments (carrier_code, origin_city, origin_province, dest_city, dest_province, shipped_at, delivered_at)
  WHERE status = 'delivered';
`,
  },
  {
    version: 5,
    name: 'keeps why each parcel has its status',
    sql: `
-- The evidence of the parcel's status (JSON: deciding step, rule, 1688's status and whether it
-- agrees; see tracking/parcelEvidence.ts), written when it changes. And when 1688's parcel status
-- was last read, so a doubtful signing waits for a read made after it.
ALTER TABLE shipments ADD COLUMN evidence TEXT;
ALTER TABLE shipments ADD COLUMN status_1688_at INTEGER;
UPDATE shipments SET status_1688_at = updated_at WHERE status_1688 IS NOT NULL;
`,
  },
  {
    version: 6,
    name: 'parcels received by the clerk, search inside trace steps, problem steps',
    sql: `
-- 已收货: the clerk marked the parcel received (the goods are in hand). NULL until then.
ALTER TABLE shipments ADD COLUMN received_at INTEGER;
-- The desk's pages read parcels and orders from these indexes alone (a table row costs ~100 index
-- entries). Their keys change only with a parcel's status, waybill, delivery or receipt, and an
-- order's status: not with a poll that brings nothing new.
-- Arrivals: parcels on their way by status, not received, with what their estimate needs.
CREATE INDEX shipments_by_status_received ON shipments (status, received_at, order_id, logistics_id, bill_no,
  carrier_code, carrier_name, origin_city, origin_province, dest_city, dest_province, shipped_at, first_seen_at);
-- The in-transit book and the suppliers' scorecard: an order's parcels and their facts.
CREATE INDEX shipments_by_order_facts ON shipments (order_id, status, received_at, bill_no, shipped_at, delivered_at,
  status_1688, carrier_code, carrier_name, origin_city, origin_province, dest_city, dest_province, first_seen_at);
-- The scorecard's orders by creation time, and the book's open orders with their value (partial:
-- only open live orders, and no orders-list query can use it, so the list's plans are unchanged).
CREATE INDEX orders_by_created_seller ON orders (created_at, status, seller_company, seller_login_id, paid_at, id);
CREATE INDEX orders_book ON orders (status, seller_company, seller_login_id, total_fen, paid_at, created_at, id)
  WHERE status IN ('awaiting_shipment', 'in_transit', 'partially_delivered', 'exception') AND archived = 0;

-- Substring search inside every trace step. One FTS row per step, kept in sync by triggers (the
-- trace writer only inserts steps). Each step's text is indexed with a newline after it, so every
-- two-character piece of a remark begins a trigram: a two-character search ("破损") is answered
-- from the index too, as the OR of the indexed trigrams that begin with it (trace_search_terms).
CREATE VIRTUAL TABLE trace_search USING fts5 (remark, shipment_id UNINDEXED, occurred_at UNINDEXED, tokenize = 'trigram');
CREATE VIRTUAL TABLE trace_search_terms USING fts5vocab (trace_search, 'row');
CREATE TRIGGER trace_events_search_insert AFTER INSERT ON trace_events BEGIN
  INSERT INTO trace_search (remark, shipment_id, occurred_at) VALUES (new.remark || char(10), new.shipment_id, new.occurred_at);
END;
CREATE TRIGGER trace_events_search_delete AFTER DELETE ON trace_events BEGIN
  DELETE FROM trace_search WHERE rowid IN (
    SELECT rowid FROM trace_search WHERE trace_search MATCH '"' || replace(old.remark || char(10), '"', '""') || '"'
      AND shipment_id = old.shipment_id AND occurred_at = old.occurred_at);
END;
INSERT INTO trace_search (remark, shipment_id, occurred_at)
  SELECT remark || char(10), shipment_id, occurred_at FROM trace_events ORDER BY first_seen_at, shipment_id, occurred_at;

-- The suppliers' scorecard: which parcels had a problem step, and when, from a small index.
CREATE INDEX trace_events_problems ON trace_events (shipment_id, occurred_at)
  WHERE stage IN ('exception', 'failed_attempt', 'returning', 'returned');
`,
  },
  {
    version: 7,
    name: 'push messages (the channel and its replay)',
    sql: `
-- One row per 1688 push message seen (channel or replay): the msgId dedupes re-sends and
-- replays, handled_at says that what the push led to is committed (then it may be confirmed).
-- A push is a hint, never data of record: the order, parcel and node it named are kept for the
-- log and as a witness of the parcel's status, nothing else reads them as facts.
CREATE TABLE push_messages (
  msg_id         TEXT PRIMARY KEY,
  topic          TEXT NOT NULL,
  order_id       TEXT,
  logistics_id   TEXT,
  status_changed TEXT,
  born_at        INTEGER,
  received_at    INTEGER NOT NULL,
  handled_at     INTEGER,
  confirmed_at   INTEGER
) STRICT;
CREATE INDEX push_messages_unhandled ON push_messages (received_at) WHERE handled_at IS NULL;
CREATE INDEX push_messages_parcel ON push_messages (logistics_id, born_at) WHERE logistics_id IS NOT NULL;
`,
  },
  {
    version: 8,
    name: '1688 accounts; every order tied to its account and purchaser',
    sql: `
-- One row per connected 1688 account. Secrets never live here: they are in the SecretStore under
-- keys starting with secret_prefix ('' = the keys the single account used before this table).
CREATE TABLE accounts (
  id                        INTEGER PRIMARY KEY,
  name                      TEXT NOT NULL,
  app_key                   TEXT NOT NULL,
  member_id                 TEXT,
  login_id                  TEXT,
  method                    TEXT NOT NULL CHECK (method IN ('oauth', 'token')),
  secret_prefix             TEXT NOT NULL,
  access_token_expires_at   INTEGER,
  refresh_token_expires_at  INTEGER,
  last_sync_at              INTEGER,
  -- removed: its secrets are gone and it no longer syncs; the row stays while orders kept for review point to it.
  state                     TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'needs_reconnect', 'removed')),
  created_at                INTEGER NOT NULL,
  updated_at                INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX accounts_member ON accounts (member_id) WHERE member_id IS NOT NULL;

-- The account an order was bought with (NULL: not known yet, e.g. added by id before its first
-- read) and the sub-account that placed it (subBuyerLoginId, when 1688 gives one).
ALTER TABLE orders ADD COLUMN account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE orders ADD COLUMN purchaser TEXT;
CREATE INDEX orders_by_account ON orders (account_id, purchaser);
-- The outbox is history without foreign keys: it keeps the account id even after a removal.
-- Each event takes its order's account when it is written (in the same transaction).
ALTER TABLE outbox ADD COLUMN account_id INTEGER;
CREATE TRIGGER outbox_account AFTER INSERT ON outbox WHEN NEW.account_id IS NULL BEGIN
  UPDATE outbox SET account_id = (SELECT account_id FROM orders WHERE id = NEW.order_id) WHERE id = NEW.id;
END;

-- The account saved before this version (its facts were a JSON value in sync_state) becomes the
-- first row; its secrets stay under their old keys (secret_prefix ''), so nothing is re-entered.
INSERT INTO accounts (name, app_key, member_id, login_id, method, secret_prefix, access_token_expires_at,
  refresh_token_expires_at, last_sync_at, state, created_at, updated_at)
SELECT COALESCE(json_extract(value, '$.loginId'), '1688 账号'), json_extract(value, '$.appKey'),
  json_extract(value, '$.memberId'), json_extract(value, '$.loginId'), COALESCE(json_extract(value, '$.method'), 'token'), '',
  json_extract(value, '$.accessTokenExpiresAt'), json_extract(value, '$.refreshTokenExpiresAt'),
  (SELECT MAX(finished_at) FROM sync_runs WHERE ok = 1),
  CASE WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'account.needsReconnect') THEN 'needs_reconnect' ELSE 'active' END,
  CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
FROM sync_state WHERE key = 'account.meta' AND json_extract(value, '$.appKey') IS NOT NULL;
UPDATE orders SET account_id = (SELECT id FROM accounts) WHERE EXISTS (SELECT 1 FROM accounts);
UPDATE outbox SET account_id = (SELECT id FROM accounts) WHERE EXISTS (SELECT 1 FROM accounts);
DELETE FROM sync_state WHERE key IN ('account.meta', 'account.needsReconnect') AND EXISTS (SELECT 1 FROM accounts);
`,
  },
  {
    version: 9,
    name: 'team mode: rows to send to the team, clerk actions waiting for it',
    sql: `
-- Team mode (electron/core/team/). What this desktop changed and the team has not stored yet:
-- written by temporary triggers in the same transaction as the change, emptied once PostgreSQL
-- committed it. k is the row's local key (order id, shipment id, alert id, or a step's
-- [shipment id, time, text] as JSON).
CREATE TABLE team_dirty (
  entity TEXT NOT NULL CHECK (entity IN ('order', 'shipment', 'step', 'alert')),
  k      TEXT NOT NULL,
  PRIMARY KEY (entity, k)
) STRICT, WITHOUT ROWID;
-- Clerk actions done here (already applied locally), waiting to be applied in the team's
-- database; the key is the idempotency key PostgreSQL dedupes on.
CREATE TABLE team_actions (
  key       TEXT PRIMARY KEY,
  acted_at  INTEGER NOT NULL,
  action    TEXT NOT NULL,
  tries     INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
) STRICT;
`,
  },
  {
    version: 10,
    name: "a parcel's first scan and problems on its row (the scorecard without its steps)",
    sql: `
-- The suppliers' scorecard per parcel, kept on the parcel's row as its steps are written (the
-- trace writer only inserts steps; triggers keep these as the search's triggers keep trace_search):
-- first_scan_at: its first step that is a scan (any stage but info_received);
-- problems: bits 1 exception, 2 failed attempt, 4 returning/returned; last_problem_at: the newest.
ALTER TABLE shipments ADD COLUMN first_scan_at INTEGER;
ALTER TABLE shipments ADD COLUMN problems INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shipments ADD COLUMN last_problem_at INTEGER;
CREATE TRIGGER trace_events_first_scan AFTER INSERT ON trace_events WHEN new.stage <> 'info_received' BEGIN
  UPDATE shipments SET first_scan_at = new.occurred_at
    WHERE id = new.shipment_id AND (first_scan_at IS NULL OR first_scan_at > new.occurred_at);
END;
CREATE TRIGGER trace_events_problem AFTER INSERT ON trace_events
  WHEN new.stage IN ('exception', 'failed_attempt', 'returning', 'returned') BEGIN
  UPDATE shipments SET
    problems = problems | CASE new.stage WHEN 'exception' THEN 1 WHEN 'failed_attempt' THEN 2 ELSE 4 END,
    last_problem_at = MAX(COALESCE(last_problem_at, new.occurred_at), new.occurred_at)
    WHERE id = new.shipment_id;
END;
-- The backfill from the steps already stored.
UPDATE shipments SET
  first_scan_at = (SELECT MIN(e.occurred_at) FROM trace_events e WHERE e.shipment_id = shipments.id AND e.stage <> 'info_received'),
  problems = COALESCE((SELECT SUM(DISTINCT CASE e.stage WHEN 'exception' THEN 1 WHEN 'failed_attempt' THEN 2 ELSE 4 END)
    FROM trace_events e WHERE e.shipment_id = shipments.id AND e.stage IN ('exception', 'failed_attempt', 'returning', 'returned')), 0),
  last_problem_at = (SELECT MAX(e.occurred_at) FROM trace_events e
    WHERE e.shipment_id = shipments.id AND e.stage IN ('exception', 'failed_attempt', 'returning', 'returned'));
-- The scorecard's parcels of an order with their facts, from this index alone. Its new keys
-- change only with a parcel's first scan and problem steps (rare), not with every step.
CREATE INDEX shipments_by_order_scorecard ON shipments (order_id, status, shipped_at, delivered_at, status_1688,
  carrier_code, carrier_name, origin_city, origin_province, dest_city, dest_province, first_seen_at,
  first_scan_at, problems, last_problem_at);
`,
  },
  {
    version: 11,
    name: 'the accounts that do not know an order added by id',
    sql: `
-- An order added by id (or imported) is not tied to an account until one reads it. The active
-- accounts try it in turn (lowest id first); one that answers it does not know the order (not its
-- buyer's, not found) is recorded here and the next one tries. When every active account has
-- answered so, the order keeps their answers as its error. Gone with the order.
CREATE TABLE order_account_misses (
  order_id   TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL,
  reason     TEXT NOT NULL,
  at         INTEGER NOT NULL,
  PRIMARY KEY (order_id, account_id)
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 12,
    name: "the team's accounts this desktop has no credentials for",
    sql: `
-- Team mode (electron/core/team/teamAccounts.ts): the team's 1688 accounts come down the change
-- log. team_only = 1: a row for an account whose credentials are on other members' desktops
-- (never polled or leased here, no secrets here); team_holders: the members holding them, as
-- JSON [{member, state}], from the team (NULL when solo).
ALTER TABLE accounts ADD COLUMN team_only INTEGER NOT NULL DEFAULT 0 CHECK (team_only IN (0, 1));
ALTER TABLE accounts ADD COLUMN team_holders TEXT;
`,
  },
  {
    version: 13,
    name: 'trace search filled once per sync batch',
    sql: `
-- A sync batch (electron/core/store/traceSearch.ts, deferSearch) adds its new steps to the trace
-- search once, set-wise, before it commits, instead of one FTS5 insert per step from a trigger
-- (~20 µs each, 4/5 of a step's write). While trace_search_batch holds its row (only ever inside
-- the batch's transaction), a new step goes to trace_search_pending, a plain table, instead; the
-- batch moves those rows into trace_search and empties both tables in the same transaction, so a
-- crash or a rollback leaves none of it behind. Outside a batch nothing changes. Additive: the
-- search trigger of migration 6 only gains its WHEN.
CREATE TABLE trace_search_batch (open INTEGER PRIMARY KEY CHECK (open = 1)) STRICT;
CREATE TABLE trace_search_pending (
  shipment_id INTEGER NOT NULL,
  occurred_at INTEGER NOT NULL,
  remark      TEXT NOT NULL
) STRICT;
DROP TRIGGER trace_events_search_insert;
CREATE TRIGGER trace_events_search_insert AFTER INSERT ON trace_events
  WHEN NOT EXISTS (SELECT 1 FROM trace_search_batch) BEGIN
  INSERT INTO trace_search (remark, shipment_id, occurred_at) VALUES (new.remark || char(10), new.shipment_id, new.occurred_at);
END;
CREATE TRIGGER trace_events_search_defer AFTER INSERT ON trace_events
  WHEN EXISTS (SELECT 1 FROM trace_search_batch) BEGIN
  INSERT INTO trace_search_pending (shipment_id, occurred_at, remark) VALUES (new.shipment_id, new.occurred_at, new.remark);
END;
CREATE TRIGGER trace_events_search_defer_delete AFTER DELETE ON trace_events
  WHEN EXISTS (SELECT 1 FROM trace_search_batch) BEGIN
  DELETE FROM trace_search_pending WHERE shipment_id = old.shipment_id AND occurred_at = old.occurred_at AND remark = old.remark;
END;
`,
  },
  {
    version: 14,
    name: "orders_by_id carries the seller",
    sql: `
-- The desk's arrivals list each parcel out for delivery or waiting with its order's seller
-- (store/arrivalsQueries.ts): ~5,600 order lookups at 100,000 orders. With the seller in the index
-- they are answered from it, without reading each order's row (B3 arrivals' first call after a
-- change: about a quarter less). Same name and leading columns, so the tab counts that name it
-- (INDEXED BY orders_by_id) are unchanged.
DROP INDEX orders_by_id;
CREATE INDEX orders_by_id ON orders (id, archived, seller_company, seller_login_id);
`,
  },
  {
    version: 15,
    name: 'arrivals read from small partial indexes',
    sql: `
-- The desk's arrivals (store/arrivalsQueries.ts) list every parcel out for delivery or waiting at a
-- station, not yet received (~5,600 at 100,000 orders), with its last step, when its stage began
-- and, for a waiting parcel, that stage's texts. Read from the table and every step of each parcel,
-- that was most of the first call after a change (B3). These partial indexes hold only those rows:
-- the parcels' lines (keys change with their status, receipt or newest step, and only for parcels
-- in these two states), and the steps of these two stages (a parcel's stage start is one seek; a
-- waiting parcel's texts are read without its other steps). Additive; nothing else reads them.
-- At 100,000 orders (1M steps) they take ~17 MB (an index on trace_events holds each step's key,
-- its text included) and ~0.6 s to build once; a poll of a parcel out for delivery or waiting
-- rewrites its shipments_arriving entry (~5 µs).
CREATE INDEX shipments_arriving ON shipments (status, received_at, order_id, logistics_id, bill_no, carrier_name,
  last_remark, last_event_at, status_changed_at)
  WHERE (status = 'out_for_delivery' OR status = 'awaiting_pickup') AND received_at IS NULL;
CREATE INDEX trace_events_out_for_delivery ON trace_events (shipment_id, occurred_at) WHERE stage = 'out_for_delivery';
CREATE INDEX trace_events_awaiting_pickup ON trace_events (shipment_id, occurred_at, remark) WHERE stage = 'awaiting_pickup';
`,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
