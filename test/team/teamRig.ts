// Test rig for team mode: a desktop = a real SQLite file + a team member over a real PostgreSQL.
// "Poller writes" go through the store's own tables exactly as the sync engine's transaction
// leaves them (order, parcel, steps, alert), so the capture triggers see what they see in the app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../electron/core/store';
import { silentLogger, stderrLogger, systemClock } from '../../electron/core/ports';
import { createTeamMember, type TeamMember, type TeamMemberOptions } from '../../electron/core/team/member';

export interface Desk {
  name: string;
  store: Store;
  member: TeamMember;
  dir: string;
}

export function openDeskStore(dir: string, accounts: readonly string[]): Store {
  fs.mkdirSync(dir, { recursive: true });
  const store = openStore(path.join(dir, 'tracker.db'));
  const ins = store.db.prepare(
    `INSERT OR IGNORE INTO accounts (name, app_key, member_id, method, secret_prefix, created_at, updated_at)
     VALUES (?, 'sandbox-app', ?, 'token', ?, 0, 0)`,
  );
  for (const a of accounts) ins.run(`账号 ${a}`, a, `acct.${a}.`);
  return store;
}

export function openDesk(
  url: string,
  name: string,
  accounts: readonly string[],
  opts: {
    dir?: string;
    onReceived?: TeamMemberOptions['onReceived'];
    bulkSteps?: number;
    firstDownloadMinChanges?: number;
    /** The accounts the member polls, read at every lease tick (default: `accounts`, fixed). */
    liveAccounts?: () => readonly string[];
  } = {},
): Desk {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), `team-${name}-`));
  const store = openDeskStore(dir, accounts);
  const member = createTeamMember({
    store,
    connection: { connectionString: url },
    member: name,
    accounts: opts.liveAccounts ?? accounts,
    logger: process.env.TEAM_DEBUG ? stderrLogger('debug') : silentLogger,
    clock: systemClock,
    pollMs: 500,
    pushMs: 100,
    leaseTtlMs: 6_000,
    leaseTickMs: 500,
    onReceived: opts.onReceived,
    bulkSteps: opts.bulkSteps,
    firstDownloadMinChanges: opts.firstDownloadMinChanges,
  });
  return { name, store, member, dir };
}

const accountIdOf = (store: Store, member: string) =>
  (store.db.prepare('SELECT id FROM accounts WHERE member_id = ?').get(member) as { id: number }).id;

/** What one sync transaction writes for a new parcel step: order, parcel, step (and optionally an alert). */
export function pollerWrites(store: Store, account: string, orderId: string, step: number, at = 1_700_000_000_000) {
  const now = at + step * 60_000;
  store.transaction(() => {
    store.db
      .prepare(
        `INSERT INTO orders (id, status, source, first_seen_at, updated_at, account_id, seller_company, status_1688)
         VALUES (?, 'in_transit', 'discovered', ?, ?, ?, '义乌小商品', 'waitbuyerreceive')
         ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, last_remark = ?`,
      )
      .run(orderId, now, now, accountIdOf(store, account), `第 ${step} 步`);
    store.db
      .prepare(
        `INSERT INTO shipments (order_id, logistics_id, status, first_seen_at, updated_at, event_count, bill_no)
         VALUES (?, ?, 'in_transit', ?, ?, 0, ?) ON CONFLICT (order_id, logistics_id) DO UPDATE SET event_count = event_count + 1, updated_at = excluded.updated_at`,
      )
      .run(orderId, `LP${orderId}`, now, now, `YT${orderId}`);
    const sid = (store.db.prepare('SELECT id FROM shipments WHERE order_id = ?').get(orderId) as { id: number }).id;
    store.db
      .prepare(`INSERT OR IGNORE INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, ?, 'in_transit', ?)`)
      .run(sid, now, `【杭州】快件已发往 第${step}站`, now);
  });
}

const ALERTS = {
  stalled: { severity: 'warning', message: '包裹 48 小时无更新', messageEn: 'No update for 48 h' },
  returned: { severity: 'alert', message: '包裹被退回', messageEn: 'Returned' },
} as const;

export function openAlert(store: Store, orderId: string, openedAt: number, rule: keyof typeof ALERTS = 'stalled') {
  const sid = (store.db.prepare('SELECT id FROM shipments WHERE order_id = ?').get(orderId) as { id: number }).id;
  const a = ALERTS[rule];
  store.db
    .prepare(
      `INSERT INTO alerts (rule, severity, order_id, shipment_id, subject, message, message_en, opened_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(rule, a.severity, orderId, sid, `s:${sid}`, a.message, a.messageEn, openedAt, openedAt);
}

export async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops each desk's member and closes its SQLite (those that were opened). */
export async function stopDesks(desks: readonly (Desk | undefined)[]) {
  for (const d of desks) {
    await d?.member.stop();
    d?.store.close();
  }
}

/** One short-lived PostgreSQL connection for a test's own look at the team database. */
export async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
