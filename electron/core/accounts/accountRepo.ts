// Runs in: main process / headless Node. The accounts table (migration 8): what may be shown of
// each connected 1688 account. Its secrets are in the SecretStore (see ./registry.ts).
import type { Db } from '../store/database';

export const ACCOUNT_STATES = ['active', 'paused', 'needs_reconnect', 'removed'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

export interface AccountRow {
  id: number;
  name: string;
  app_key: string;
  member_id: string | null;
  login_id: string | null;
  method: 'oauth' | 'token';
  secret_prefix: string;
  access_token_expires_at: number | null;
  refresh_token_expires_at: number | null;
  last_sync_at: number | null;
  state: AccountState;
  created_at: number;
  updated_at: number;
  /** 1: a team's account whose credentials are on other desktops (migration 12; never polled here). */
  team_only: number;
  /** JSON [{member, state}]: the team members holding its credentials (team mode). */
  team_holders: string | null;
}

export type NewAccount = Pick<
  AccountRow,
  'name' | 'app_key' | 'member_id' | 'login_id' | 'method' | 'access_token_expires_at' | 'refresh_token_expires_at'
>;

export function createAccountRepo(db: Db) {
  const all = db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY id');
  const get = db.prepare<[number], AccountRow>('SELECT * FROM accounts WHERE id = ?');
  const byMember = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE member_id = ?');
  const insert = db.prepare(`
    INSERT INTO accounts (name, app_key, member_id, login_id, method, secret_prefix, access_token_expires_at,
      refresh_token_expires_at, state, created_at, updated_at)
    VALUES (@name, @app_key, @member_id, @login_id, @method, '', @access_token_expires_at, @refresh_token_expires_at,
      'active', @now, @now)`);
  const setPrefix = db.prepare('UPDATE accounts SET secret_prefix = ? WHERE id = ?');
  const rename = db.prepare('UPDATE accounts SET name = ?, updated_at = ? WHERE id = ?');
  const setState = db.prepare('UPDATE accounts SET state = ?, updated_at = ? WHERE id = ?');
  const setGrant = db.prepare(`
    UPDATE accounts SET access_token_expires_at = COALESCE(@access, access_token_expires_at),
      refresh_token_expires_at = COALESCE(@refresh, refresh_token_expires_at),
      member_id = COALESCE(member_id, @member_id), login_id = COALESCE(@login_id, login_id), updated_at = @now
    WHERE id = @id`);
  const reconnect = db.prepare(`
    UPDATE accounts SET app_key = @app_key, method = @method, login_id = COALESCE(@login_id, login_id),
      access_token_expires_at = @access_token_expires_at, refresh_token_expires_at = @refresh_token_expires_at,
      state = CASE WHEN state = 'paused' THEN 'paused' ELSE 'active' END, name = CASE WHEN state = 'removed' THEN @name ELSE name END,
      team_only = 0, updated_at = @now
    WHERE id = @id`);
  const setLastSync = db.prepare('UPDATE accounts SET last_sync_at = ?, updated_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM accounts WHERE id = ?');
  const markRemoved = db.prepare("UPDATE accounts SET state = 'removed', updated_at = ? WHERE id = ?");
  const orderCounts = db.prepare<[], { account_id: number | null; n: number }>(
    'SELECT account_id, COUNT(*) AS n FROM orders GROUP BY account_id',
  );
  const deleteOrders = db.prepare('DELETE FROM orders WHERE account_id = ?');
  const deleteSearch = db.prepare('DELETE FROM order_search WHERE rowid IN (SELECT rowid FROM orders WHERE account_id = ?)');
  const deleteNotifications = db.prepare('DELETE FROM notifications WHERE order_id IN (SELECT id FROM orders WHERE account_id = ?)');
  const deleteOutbox = db.prepare("DELETE FROM outbox WHERE account_id = ? AND state IN ('pending', 'dead')");

  return {
    all: (): AccountRow[] => all.all(),
    get: (id: number): AccountRow | undefined => get.get(id),
    byMember: (memberId: string): AccountRow | undefined => byMember.get(memberId),
    /** Inserts an account; its secrets go under `account.<id>.` in the SecretStore. */
    insert(a: NewAccount, now: number): AccountRow {
      const id = Number(insert.run({ ...a, now }).lastInsertRowid);
      setPrefix.run(`account.${id}.`, id);
      return get.get(id)!;
    },
    rename: (id: number, name: string, now: number) => rename.run(name, now, id).changes > 0,
    setState: (id: number, state: AccountState, now: number) => setState.run(state, now, id).changes > 0,
    recordGrant(id: number, g: { access: number | null; refresh: number | null; memberId: string | null; loginId: string | null }, now: number) {
      setGrant.run({ id, access: g.access, refresh: g.refresh, member_id: g.memberId, login_id: g.loginId, now });
    },
    /** New credentials for an account already known (same member): connected again. */
    reconnect(id: number, a: Omit<NewAccount, 'member_id'>, now: number) {
      reconnect.run({ ...a, id, now });
    },
    setLastSync: (id: number, at: number) => setLastSync.run(at, at, id),
    /** Orders per account id (null: orders not tied to an account yet). */
    orderCounts(): Map<number | null, number> {
      return new Map(orderCounts.all().map((r) => [r.account_id, r.n]));
    },
    /**
     * Removes an account. With `deleteData` its orders go too (parcels, steps, alerts by cascade;
     * its ledger rows and undelivered ERP events with them) and so does its row. Otherwise the
     * row stays as 'removed' and its orders stay tied to it for review, never synced again.
     * Delivered ERP events are history and always stay.
     */
    remove(id: number, deleteData: boolean, now: number): boolean {
      return db.transaction(() => {
        if (!deleteData) return markRemoved.run(now, id).changes > 0;
        deleteNotifications.run(id);
        deleteOutbox.run(id);
        deleteSearch.run(id);
        deleteOrders.run(id);
        return remove.run(id).changes > 0;
      })();
    },
  };
}

export type AccountRepo = ReturnType<typeof createAccountRepo>;

/** The team members holding a team account's credentials (`team_holders`, team mode). */
export function holdersOf(teamHolders: string | null): { member: string; state: AccountState }[] {
  if (!teamHolders) return [];
  try {
    const v = JSON.parse(teamHolders) as unknown;
    return Array.isArray(v) ? (v as { member: string; state: AccountState }[]).filter((h) => typeof h?.member === 'string') : [];
  } catch {
    return [];
  }
}
