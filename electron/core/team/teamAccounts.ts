// Runs in: main process / headless Node.
// The team's 1688 accounts. Each member publishes the accounts whose credentials its own
// SecretStore holds — shown facts only: the account's id in the team (its 1688 member id), name,
// login, AppKey, method, and this member's state for it (active / paused / needs reconnecting).
// Never a secret: the AppSecret and the tokens stay in the owning desktop's SecretStore.
// Every desktop keeps the team's accounts in its own `accounts` table: one it holds credentials
// for keeps its row (the team's name wins, last writer by the server's order); one it has no
// credentials for gets a row marked `team_only` (SQLite migration 12), listed with the members
// that hold its credentials, never polled here, never leased here.
import type { Pool } from 'pg';
import type { Store } from '../store';
import { appendChanges, inTransaction } from './pgRecord';
import type { TeamChange } from './teamChanges';

export type TeamAccountChange = TeamChange & { entity: 'account' };
type Holder = TeamAccountChange['holders'][number];

/** What one desktop publishes of an account it holds (never a secret). */
interface Published {
  id: string;
  name: string;
  appKey: string;
  loginId: string | null;
  method: 'oauth' | 'token';
  state: Holder['state'];
}

const PUBLISHED_KEY = 'team.accountsPublished';

/** This desktop's own accounts (credentials here) as the team shows them. */
function ownAccounts(store: Store): Published[] {
  return store.db
    .prepare<[], { member_id: string; name: string; app_key: string; login_id: string | null; method: 'oauth' | 'token'; state: Holder['state'] }>(
      'SELECT member_id, name, app_key, login_id, method, state FROM accounts WHERE team_only = 0 AND member_id IS NOT NULL ORDER BY member_id',
    )
    .all()
    .map((a) => ({ id: a.member_id, name: a.name, appKey: a.app_key, loginId: a.login_id, method: a.method, state: a.state }));
}

/**
 * Publishes this desktop's accounts when they differ from what it last published (a new account,
 * a rename, a pause, a token needing reconnection, a removal): one transaction, one change per
 * account carrying every member that holds it. Returns how many accounts were published.
 */
export async function publishAccounts(pool: Pool, store: Store, member: string): Promise<number> {
  const mine = ownAccounts(store);
  const last = store.syncState.get<Record<string, Published>>(PUBLISHED_KEY) ?? {};
  const now = Object.fromEntries(mine.map((a) => [a.id, a]));
  const changed = mine.filter((a) => JSON.stringify(last[a.id]) !== JSON.stringify(a));
  const dropped = Object.keys(last).filter((id) => !now[id]);
  if (changed.length === 0 && dropped.length === 0) return 0;
  await inTransaction(pool, async (c) => {
    const out: TeamChange[] = [];
    const holdersOf = async (id: string): Promise<Holder[]> =>
      (
        await c.query<Holder>('SELECT member, state FROM team_account_holders WHERE member_id = $1 ORDER BY member', [id])
      ).rows;
    for (const a of changed) {
      await c.query(
        `INSERT INTO team_accounts (member_id, app_key, login_id, name, method, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (member_id) DO UPDATE SET app_key = EXCLUDED.app_key, login_id = COALESCE(EXCLUDED.login_id, team_accounts.login_id),
           name = EXCLUDED.name, method = EXCLUDED.method, updated_at = EXCLUDED.updated_at`,
        [a.id, a.appKey, a.loginId, a.name, a.method, Date.now()],
      );
      await c.query(
        `INSERT INTO team_account_holders (member_id, member, state) VALUES ($1, $2, $3)
         ON CONFLICT (member_id, member) DO UPDATE SET state = EXCLUDED.state`,
        [a.id, member, a.state],
      );
      out.push({ entity: 'account', id: a.id, name: a.name, appKey: a.appKey, loginId: a.loginId, method: a.method, holders: await holdersOf(a.id) });
    }
    for (const id of dropped) {
      await c.query('DELETE FROM team_account_holders WHERE member_id = $1 AND member = $2', [id, member]);
      const r = await c.query<{ name: string; app_key: string; login_id: string | null; method: 'oauth' | 'token' }>(
        'SELECT name, app_key, login_id, method FROM team_accounts WHERE member_id = $1',
        [id],
      );
      const t = r.rows[0];
      if (t) out.push({ entity: 'account', id, name: t.name, appKey: t.app_key, loginId: t.login_id, method: t.method, holders: await holdersOf(id) });
    }
    await appendChanges(c, member, out);
  });
  store.syncState.set(PUBLISHED_KEY, now);
  return changed.length + dropped.length;
}

/** Forgets what was published (leaving the team): a later join publishes everything again. */
export function forgetPublishedAccounts(store: Store) {
  store.syncState.delete(PUBLISHED_KEY);
}

/**
 * Applies an account from the change log (inside the page's transaction). Returns the member id
 * when a team-only row was created, so its orders can be tied to it.
 */
export function createAccountApplier(store: Store) {
  const db = store.db;
  const local = db.prepare<[string], { id: number; name: string; team_only: number }>('SELECT id, name, team_only FROM accounts WHERE member_id = ?');
  const insert = db.prepare(`
    INSERT INTO accounts (name, app_key, member_id, login_id, method, secret_prefix, state, team_only, team_holders, created_at, updated_at)
    VALUES (@name, @app_key, @member_id, @login_id, @method, '', 'active', 1, @holders, @now, @now)`);
  const setPrefix = db.prepare("UPDATE accounts SET secret_prefix = 'account.' || id || '.' WHERE id = ?");
  const updateTeamOnly = db.prepare(
    'UPDATE accounts SET name = @name, app_key = @app_key, login_id = COALESCE(@login_id, login_id), method = @method, team_holders = @holders, updated_at = @now WHERE id = @id',
  );
  const updateOwn = db.prepare('UPDATE accounts SET name = @name, team_holders = @holders, updated_at = @now WHERE id = @id');

  return (ch: TeamAccountChange): string | null => {
    const now = Date.now();
    const holders = JSON.stringify(ch.holders);
    const row = local.get(ch.id);
    const base = { name: ch.name, app_key: ch.appKey, login_id: ch.loginId, method: ch.method, holders, now };
    if (!row) {
      const id = Number(insert.run({ ...base, member_id: ch.id }).lastInsertRowid);
      setPrefix.run(id);
      return ch.id;
    }
    if (row.team_only === 1) {
      updateTeamOnly.run({ ...base, id: row.id });
      return null;
    }
    // An account this desktop holds: the team's name, unless its own rename is not published yet.
    const published = store.syncState.get<Record<string, Published>>(PUBLISHED_KEY)?.[ch.id];
    const mineWaiting = published !== undefined && published.name !== row.name;
    updateOwn.run({ id: row.id, name: mineWaiting ? row.name : ch.name, holders, now });
    if (published && !mineWaiting && published.name !== ch.name)
      store.syncState.set(PUBLISHED_KEY, { ...store.syncState.get<Record<string, Published>>(PUBLISHED_KEY), [ch.id]: { ...published, name: ch.name } });
    return null;
  };
}

/**
 * Ties the replica's orders to team-only accounts created since the last call (orders that came
 * down the log before their account did). Reads the team's order→account map for those accounts.
 */
export async function linkTeamOnlyOrders(pool: Pool, store: Store, memberIds: readonly string[]): Promise<number> {
  if (memberIds.length === 0) return 0;
  const r = await pool.query<{ id: string; account: string }>('SELECT id, account FROM team_orders WHERE account = ANY($1)', [[...memberIds]]);
  const idOf = store.db.prepare<[string], { id: number }>('SELECT id FROM accounts WHERE member_id = ?');
  const link = store.db.prepare('UPDATE orders SET account_id = ? WHERE id = ? AND account_id IS NULL');
  let n = 0;
  store.db.exec('CREATE TEMP TABLE IF NOT EXISTS team_quiet (on_ INTEGER)');
  store.transaction(() => {
    store.db.exec('INSERT INTO temp.team_quiet VALUES (1)');
    try {
      for (const o of r.rows) {
        const a = idOf.get(o.account);
        if (a) n += link.run(a.id, o.id).changes;
      }
    } finally {
      store.db.exec('DELETE FROM temp.team_quiet');
    }
  });
  return n;
}
