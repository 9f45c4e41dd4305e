// Runs in: main process / headless Node.
// Who polls each 1688 account: among the members holding its credentials, the one that holds a
// PostgreSQL advisory lock on a dedicated, unpooled connection. Winning the lock bumps the
// account's lease row (holder, token + 1, expiry); the token is the fencing token every poller
// write carries (team_fence). The lease is renewed on the same connection; when that connection
// fails or a renewal finds another holder, leadership is dropped at once and said so, and
// PostgreSQL refuses whatever the ex-leader still tries to write. A killed leader's session ends
// with its process, PostgreSQL frees the lock, and the next member to try takes over.
import pg from 'pg';
import type { Logger } from '../ports';
import type { Fence } from './pgRecord';

/** Advisory lock class for account leases: pg_try_advisory_lock(LEASE_CLASS, hashtext(account)). */
const LEASE_CLASS = 16_880;

export interface LeaseState {
  account: string;
  role: 'leader' | 'follower';
  /** Our token while we lead. */
  token: number | null;
}

export interface LeaseKeeperOptions {
  connection: pg.ClientConfig;
  member: string;
  /**
   * The accounts (1688 member ids) this desktop holds credentials for, read at every tick: an
   * account added while the member runs is led without a restart, and one removed or paused gives
   * its lease up.
   */
  accounts: () => readonly string[];
  ttlMs?: number;
  /** How often the lease is renewed and followers try for it. */
  tickMs?: number;
  logger: Logger;
  onChange?: (states: LeaseState[]) => void;
}

export function createLeaseKeeper(opts: LeaseKeeperOptions) {
  const ttlMs = opts.ttlMs ?? 15_000;
  const tickMs = opts.tickMs ?? 2_000;
  const { logger, member } = opts;
  const tokens = new Map<string, number>(); // accounts we lead → token
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let busy = false;
  let lastError: string | null = null;
  const { accounts } = opts;

  const states = (): LeaseState[] =>
    accounts().map((account) => {
      const token = tokens.get(account) ?? null;
      return { account, role: token === null ? 'follower' : 'leader', token };
    });
  const changed = () => opts.onChange?.(states());

  function dropAll(reason: string) {
    if (tokens.size > 0) {
      logger.error('team: lost the poller lease; this desktop stops writing for these accounts', {
        accounts: [...tokens.keys()],
        reason,
      });
      tokens.clear();
      changed();
    }
  }

  async function connect(): Promise<pg.Client> {
    const c = new pg.Client({ ...opts.connection, application_name: `tracker-lease:${member}`.slice(0, 63) });
    c.on('error', (e) => {
      lastError = e.message;
      if (client === c) client = null;
      dropAll(`lease connection failed: ${e.message}`);
    });
    c.on('end', () => {
      if (client === c) client = null;
      dropAll('lease connection closed');
    });
    await c.connect();
    // A half-open connection must not keep a lease alive: PostgreSQL drops an idle session's
    // lock only when it notices, so keep TCP probing short on the server side too.
    await c.query("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3");
    return c;
  }

  async function tick() {
    if (busy || stopped) return;
    busy = true;
    try {
      if (!client) {
        client = await connect();
        lastError = null;
      }
      const c = client;
      const wanted = accounts();
      // An account this desktop no longer polls (removed, paused, credentials gone): its lease is
      // given up at once, so another member takes it over without waiting for it to expire.
      for (const [account, token] of [...tokens]) {
        if (wanted.includes(account)) continue;
        await c.query('UPDATE team_leases SET expires_at = now() WHERE account = $1 AND holder = $2 AND token = $3', [account, member, token]);
        await c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_CLASS, account]).catch(() => undefined);
        tokens.delete(account);
        logger.info('team: this desktop no longer polls the account; lease given up', { account });
        changed();
      }
      for (const account of wanted) {
        const mine = tokens.get(account);
        if (mine !== undefined) {
          const r = await c.query(
            `UPDATE team_leases SET expires_at = now() + make_interval(secs => $4::double precision / 1000), renewed_at = now()
             WHERE account = $1 AND holder = $2 AND token = $3`,
            [account, member, mine, ttlMs],
          );
          if (r.rowCount === 0) {
            tokens.delete(account);
            logger.error('team: the lease was taken by another member; stopped writing', { account });
            await c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_CLASS, account]).catch(() => undefined);
            changed();
          }
          continue;
        }
        const got = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LEASE_CLASS, account]);
        if (!got.rows[0]?.ok) continue;
        const r = await c.query<{ token: string }>(
          `INSERT INTO team_leases (account, holder, token, expires_at, renewed_at)
           VALUES ($1, $2, 1, now() + make_interval(secs => $3::double precision / 1000), now())
           ON CONFLICT (account) DO UPDATE SET holder = EXCLUDED.holder, token = team_leases.token + 1,
             expires_at = EXCLUDED.expires_at, renewed_at = now()
           RETURNING token`,
          [account, member, ttlMs],
        );
        const token = Number(r.rows[0]?.token);
        tokens.set(account, token);
        logger.info('team: this desktop now polls the account', { account, token });
        changed();
      }
    } catch (e) {
      lastError = (e as Error).message;
      const c = client;
      client = null;
      dropAll(`lease connection failed: ${lastError}`);
      await c?.end().catch(() => undefined);
    } finally {
      busy = false;
    }
  }

  return {
    async start() {
      stopped = false;
      await tick();
      timer = setInterval(() => void tick(), tickMs);
    },
    /** Runs one renewal/attempt now (tests, and right after joining). */
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      const c = client;
      client = null;
      if (c) {
        // Give the leases up so another member takes over without waiting for them to expire.
        for (const [account, token] of tokens) {
          await c
            .query("UPDATE team_leases SET expires_at = now() WHERE account = $1 AND holder = $2 AND token = $3", [account, member, token])
            .catch(() => undefined);
        }
        tokens.clear();
        await c.end().catch(() => undefined);
      }
    },
    states,
    /** The fence to write with for this account, or null when another member polls it. */
    fence(account: string): Fence | null {
      const token = tokens.get(account);
      return token === undefined ? null : { account, holder: member, token };
    },
    isLeader: (account: string) => tokens.has(account),
    online: () => client !== null,
    lastError: () => lastError,
  };
}

export type LeaseKeeper = ReturnType<typeof createLeaseKeeper>;
