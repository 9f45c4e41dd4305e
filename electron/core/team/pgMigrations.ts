// Runs in: main process / headless Node.
// The team's PostgreSQL schema: numbered, additive migrations, each in one transaction with its
// row in team_schema, so a crash mid-migration leaves the previous version intact. A database
// whose schema is newer than this build knows is refused before anything is written to it.
// Several members may start at once: the first takes a transaction-level advisory lock and
// migrates, the others wait for it and then find nothing to do.
//
// Shared rows are keyed by 1688's own identifiers (order id, logistics id, the step's time and
// text, the alert's subject/rule/opening time), never by a desktop's SQLite rowids, which differ
// from desktop to desktop. Times are epoch milliseconds (bigint), as in SQLite.
import type { ClientBase } from 'pg';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** Advisory lock key (pg_advisory_xact_lock) serialising migrations between members. */
const MIGRATION_LOCK = 168_800_001;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'team record, change log, leases, clerk actions',
    sql: `
-- Who is in the team. The cursor is informational (each desktop keeps its own in SQLite).
CREATE TABLE team_members (
  name         text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
  joined_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  cursor       bigint NOT NULL DEFAULT 0,
  left_at      timestamptz
);

-- The 1688 accounts the team tracks: shown facts only. Secrets stay in each desktop's SecretStore.
CREATE TABLE team_accounts (
  member_id  text PRIMARY KEY CHECK (member_id ~ '^[A-Za-z0-9_:.-]{1,64}$'),
  app_key    text NOT NULL,
  login_id   text,
  name       text NOT NULL
);

-- The team's record. data is the row as the poller last wrote it (validated on every replica).
CREATE TABLE team_orders (
  id         text PRIMARY KEY CHECK (id ~ '^[0-9]{1,30}$'),
  account    text,
  data       jsonb NOT NULL,
  -- clerk-owned fields (written only by clerk actions, last writer by server order wins)
  archived   boolean NOT NULL DEFAULT false,
  erp_ref    text
);
CREATE TABLE team_shipments (
  order_id     text NOT NULL REFERENCES team_orders (id) ON DELETE CASCADE,
  logistics_id text NOT NULL CHECK (length(logistics_id) BETWEEN 1 AND 64),
  data         jsonb NOT NULL,
  PRIMARY KEY (order_id, logistics_id)
);
CREATE TABLE team_steps (
  order_id      text NOT NULL,
  logistics_id  text NOT NULL,
  occurred_at   bigint NOT NULL,
  remark        text NOT NULL,
  stage         text NOT NULL,
  first_seen_at bigint NOT NULL,
  PRIMARY KEY (order_id, logistics_id, occurred_at, remark),
  FOREIGN KEY (order_id, logistics_id) REFERENCES team_shipments (order_id, logistics_id) ON DELETE CASCADE
);
CREATE TABLE team_alerts (
  subject      text NOT NULL,
  rule         text NOT NULL,
  opened_at    bigint NOT NULL,
  order_id     text NOT NULL REFERENCES team_orders (id) ON DELETE CASCADE,
  data         jsonb NOT NULL,
  -- clerk-owned: once acknowledged an alert stays acknowledged; the note is last writer wins
  acked_at     bigint,
  ack_note     text,
  acked_by     text,
  PRIMARY KEY (subject, rule, opened_at)
);
CREATE TABLE team_settings (
  key        text PRIMARY KEY CHECK (key ~ '^[A-Za-z0-9_.]{1,64}$'),
  value      jsonb NOT NULL,
  updated_by text NOT NULL
);

-- The change log. seq is assigned under a transaction-level advisory lock held to commit, so
-- seq order is commit order and a reader that has seen seq N never later finds a smaller one.
CREATE SEQUENCE team_change_seq;
CREATE TABLE team_changes (
  seq     bigint PRIMARY KEY,
  entity  text NOT NULL,
  data    jsonb NOT NULL,
  member  text,
  at      timestamptz NOT NULL DEFAULT now()
);

-- One lease per 1688 account: who polls it (and runs the ERP dispatcher for it). token grows
-- by one at every change of holder: the fencing token every poller write carries.
CREATE TABLE team_leases (
  account    text PRIMARY KEY,
  holder     text,
  token      bigint NOT NULL DEFAULT 0,
  expires_at timestamptz,
  renewed_at timestamptz
);

-- Refuses a write whose fencing token is not the account's current one (or whose lease ran
-- out). Called first in every poller transaction; FOR SHARE holds off a takeover until the
-- write commits, and a takeover committed first makes this raise.
CREATE FUNCTION team_fence(p_account text, p_holder text, p_token bigint) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE l team_leases%ROWTYPE;
BEGIN
  SELECT * INTO l FROM team_leases WHERE account = p_account FOR SHARE;
  IF NOT FOUND OR l.token <> p_token OR l.holder IS DISTINCT FROM p_holder OR l.expires_at <= clock_timestamp() THEN
    RAISE EXCEPTION 'stale fencing token % of % for account % (current: % held by %)',
      p_token, p_holder, p_account, l.token, l.holder USING ERRCODE = 'TK001';
  END IF;
END
$fn$;

-- Clerk actions, applied once each: the idempotency key is the desktop's, chosen when the
-- clerk acted, so a retried upload after a lost answer is recognised.
CREATE TABLE team_actions (
  idempotency_key text PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 8 AND 80),
  member          text NOT NULL,
  kind            text NOT NULL,
  payload         jsonb NOT NULL,
  acted_at        bigint NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  result          jsonb
);
`,
  },
  {
    version: 2,
    name: 'parcels received by a clerk',
    sql: `
-- 已收货 (a clerk action, like an acknowledgement): the first mark by server order stays, and who
-- made it. The parcel's other new facts (evidence, 1688 status time, first scan, problems) travel
-- in data, which the poller owns.
ALTER TABLE team_shipments ADD COLUMN received_at bigint;
ALTER TABLE team_shipments ADD COLUMN received_by text;
`,
  },
  {
    version: 3,
    name: "the team's accounts and the members holding their credentials",
    sql: `
-- Each member publishes the accounts whose credentials its own SecretStore holds: shown facts only
-- (never the AppSecret or a token). The name is the team's (last writer by server order); each
-- holder's state (active / paused / needs reconnecting) is its own.
ALTER TABLE team_accounts ADD COLUMN method text NOT NULL DEFAULT 'token' CHECK (method IN ('oauth', 'token'));
ALTER TABLE team_accounts ADD COLUMN updated_at bigint NOT NULL DEFAULT 0;
ALTER TABLE team_accounts ADD CONSTRAINT team_accounts_name_length CHECK (length(name) BETWEEN 1 AND 60);
CREATE TABLE team_account_holders (
  member_id text NOT NULL REFERENCES team_accounts (member_id) ON DELETE CASCADE,
  member    text NOT NULL CHECK (length(member) BETWEEN 1 AND 64),
  state     text NOT NULL CHECK (state IN ('active', 'paused', 'needs_reconnect', 'removed')),
  PRIMARY KEY (member_id, member)
);
`,
  },
  {
    version: 4,
    name: 'which member records each received mark for the ERP',
    sql: `
-- Exactly one ERP outbox in the team holds each clerk's 已收货: erp_by is the member that wrote it
-- there, set in PostgreSQL before (or as) it is written — by the clerk's own action when that
-- desktop polled the account and recorded it at once, otherwise claimed by the account's lease
-- holder under its fencing token (teamErp.ts), whenever it comes to hold the lease.
ALTER TABLE team_shipments ADD COLUMN erp_by text;
ALTER TABLE team_shipments ADD COLUMN erp_at timestamptz;
-- Marks from before: recorded by the rule of their time; not claimed again.
UPDATE team_shipments SET erp_by = '', erp_at = now() WHERE received_at IS NOT NULL;
CREATE INDEX team_shipments_erp_waiting ON team_shipments (order_id) WHERE received_at IS NOT NULL AND erp_by IS NULL;
`,
  },
];

export const LATEST_TEAM_SCHEMA = PG_MIGRATIONS.reduce((m, x) => Math.max(m, x.version), 0);

export class TeamSchemaTooNewError extends Error {
  readonly code = 'team_schema_too_new';
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `团队数据库由更新版本的 1688 物流跟踪创建（结构版本 ${found}），本程序只支持到版本 ${supported}。请升级程序后再加入；数据库未被改动。` +
        ` (The team database has schema ${found}, newer than this app's ${supported}. Upgrade the app; nothing was changed.)`,
    );
  }
}

async function currentVersion(c: ClientBase): Promise<number> {
  const r = await c.query<{ v: number | null }>('SELECT max(version)::int AS v FROM team_schema');
  return r.rows[0]?.v ?? 0;
}

/** Brings the team schema up to date; returns the version it is at. */
export async function migrateTeamSchema(c: ClientBase, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number> {
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  await c.query(`CREATE TABLE IF NOT EXISTS team_schema (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  // Read before locking so a too-new database is refused without waiting for anybody.
  const seen = await currentVersion(c);
  if (seen > latest) throw new TeamSchemaTooNewError(seen, latest);
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    await c.query('BEGIN');
    try {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const now = await currentVersion(c);
      if (now > latest) throw new TeamSchemaTooNewError(now, latest);
      if (now >= m.version) {
        await c.query('COMMIT');
        continue;
      }
      await c.query(m.sql);
      await c.query('INSERT INTO team_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
  return currentVersion(c);
}
