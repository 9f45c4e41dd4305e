// Runs in: main process / headless Node.
// One desktop (or `tracker serve`) as a member of the team: keeps its SQLite replica up to date
// from the change log (LISTEN/NOTIFY wakes it, a slow poll is the fallback), sends what its
// poller wrote for the accounts it leads (fenced), and uploads the clerk's queued actions.
// Everything here tolerates PostgreSQL being away: the desktop keeps working from its replica,
// actions wait in SQLite, and the loops catch up when the server is back.
import crypto from 'node:crypto';
import pg from 'pg';
import type { TeamStatusView } from '../../../shared/contract';
import type { Clock, Logger } from '../ports';
import type { Store } from '../store';
import { createLeaseKeeper, type LeaseKeeper } from './lease';
import { migrateTeamSchema } from './pgMigrations';
import { applyClerkActions, CHANGES_CHANNEL, FencedError, uploadMissing, writePollerBatch, type ClerkAction, type QueuedAction } from './pgRecord';
import { createReplica, installCapture, removeCapture } from './replica';
import type { TeamChange } from './teamChanges';
import { linkTeamOnlyOrders, publishAccounts } from './teamAccounts';
import { claimReceived, receivedAwaitingErp } from './teamErp';

/** syncState key: this desktop has read the team's log to its end once (its first download is done). */
export const CAUGHT_UP_KEY = 'team.caughtUp';
/** syncState key: team-only accounts whose earlier orders are still to be tied to them. */
const LINK_KEY = 'team.linkAccounts';

export interface TeamMemberOptions {
  store: Store;
  connection: pg.ClientConfig;
  member: string;
  /** 1688 member ids of the accounts whose credentials this desktop holds (read again at every lease tick). */
  accounts: readonly string[] | (() => readonly string[]);
  logger: Logger;
  clock: Clock;
  pageSize?: number;
  /** Fallback poll of the change log when no notification arrives. */
  pollMs?: number;
  /** How often captured writes and queued actions are sent. */
  pushMs?: number;
  leaseTtlMs?: number;
  leaseTickMs?: number;
  onChange?: () => void;
  /**
   * After a pull applied at least one page; `history` while this desktop's first read of the log
   * to its end is not done (its first download on joining), whose signings are not news (see
   * teamNotices). The first member of an empty team finds the log empty: its news is news.
   */
  onPulled?: (history: boolean) => void;
  /** A received mark this desktop claimed for its ERP outbox (teamErp.ts), inside a transaction. */
  onReceived?: (r: { orderId: string; logisticsId: string; receivedAt: number; account: string | null }) => void;
  bulkSteps?: number;
  firstDownloadMinChanges?: number;
}

/** What `tracker team status --json` prints and the team.status method answers. */
export type TeamStatus = TeamStatusView;

export function createTeamMember(opts: TeamMemberOptions) {
  const { store, member, logger, clock } = opts;
  const ownAccounts = typeof opts.accounts === 'function' ? opts.accounts : () => opts.accounts as readonly string[];
  const pageSize = opts.pageSize ?? 2_000;
  // The ERP hears each received mark once per team: claimed in PostgreSQL by the leader of the
  // parcel's account, whenever it leads (teamErp.ts: sweepReceived below, after each pull and on
  // gaining a lease), not when the mark happens to be pulled.
  const replica = createReplica(store, { bulkSteps: opts.bulkSteps, firstDownloadMinChanges: opts.firstDownloadMinChanges });
  const pool = new pg.Pool({ ...opts.connection, max: 3, application_name: `tracker:${member}`.slice(0, 63), connectionTimeoutMillis: 5_000 });
  pool.on('error', (e) => logger.warn('team: idle connection failed', { error: e.message }));
  const lease: LeaseKeeper = createLeaseKeeper({
    connection: { ...opts.connection, connectionTimeoutMillis: 5_000 },
    member,
    accounts: ownAccounts,
    ttlMs: opts.leaseTtlMs,
    tickMs: opts.leaseTickMs,
    logger,
    onChange: () => {
      noteLeases();
      opts.onChange?.();
    },
  });
  let listener: pg.Client | null = null;
  let timers: NodeJS.Timeout[] = [];
  let online = false;
  let head = 0;
  let oldestUnappliedAt: number | null = null;
  let pulling: Promise<void> | null = null;
  let pushing: Promise<void> | null = null;
  let stopped = true;
  const leaseView = new Map<string, { holder: string | null; token: number }>();

  const pendingActions = store.db.prepare<[number], { key: string; acted_at: number; action: string }>(
    'SELECT key, acted_at, action FROM team_actions WHERE tries >= 0 ORDER BY rowid LIMIT ?',
  );
  const markSent = store.db.prepare('UPDATE team_actions SET tries = -1, last_error = NULL WHERE key = ?');
  const markTry = store.db.prepare('UPDATE team_actions SET tries = tries + 1, last_error = ? WHERE key = ?');
  const countPending = store.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM team_actions');
  const insertAction = store.db.prepare('INSERT INTO team_actions (key, acted_at, action) VALUES (?, ?, ?)');

  function setOnline(v: boolean, why?: string) {
    if (online !== v) {
      online = v;
      if (v) logger.info('team: connected to the team database');
      else logger.warn('team: the team database is unreachable; working from this desktop’s copy', { error: why });
      opts.onChange?.();
    }
  }

  async function listen() {
    if (listener || stopped) return;
    const c = new pg.Client({ ...opts.connection, connectionTimeoutMillis: 5_000 });
    c.on('notification', (n) => {
      head = Math.max(head, Number(n.payload) || 0);
      void pull();
    });
    c.on('error', () => {
      if (listener === c) listener = null;
    });
    c.on('end', () => {
      if (listener === c) listener = null;
    });
    await c.connect();
    await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    listener = c;
  }

  /** Pulls and applies every page after the cursor. */
  function pull(): Promise<void> {
    if (pulling) return pulling;
    pulling = (async () => {
      try {
        if (!registered) await register();
        await listen().catch(() => undefined);
        // History: this desktop's own first download of the team's log (joining an existing
        // team), until one pull has read to the end. The first member of an empty team reads an
        // empty log, so everything after it is news.
        const history = replica.cursor() === 0 && store.syncState.get<boolean>(CAUGHT_UP_KEY) !== true;
        let applied = false;
        let caughtUp = false;
        let bulk = false;
        const t0 = clock.now();
        const page = (after: number) =>
          // (the time as epoch ms: a number for the driver, not a Date parsed for every row)
          pool.query<{ seq: string; data: unknown; at: number }>(
            'SELECT seq, data, (extract(epoch FROM at) * 1000)::float8 AS at FROM team_changes WHERE seq > $1 ORDER BY seq LIMIT $2',
            [after, pageSize],
          );
        try {
          const last = await pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM team_changes');
          setOnline(true);
          bulk = replica.startFirstDownload(Number(last.rows[0]?.seq ?? 0) - replica.cursor());
          if (bulk) logger.info('team: first download: indexes set aside until it is done');
          let next = page(replica.cursor());
          for (;;) {
            const r = await next;
            setOnline(true);
            if (r.rows.length === 0) {
              oldestUnappliedAt = null;
              if (history) store.syncState.set(CAUGHT_UP_KEY, true);
              caughtUp = true;
              break;
            }
            // The next page is read while this one is written (PostgreSQL works meanwhile).
            const full = r.rows.length === pageSize;
            if (full) {
              next = page(Number(r.rows[r.rows.length - 1]!.seq));
              next.catch(() => undefined); // (awaited on the next turn; a failure there is handled then)
            }
            oldestUnappliedAt = r.rows[0]!.at;
            const res = replica.applyPage(r.rows.map((x) => ({ seq: Number(x.seq), data: x.data })));
            if (res.teamOnlyAccounts.length > 0)
              store.syncState.set(LINK_KEY, [...new Set([...(store.syncState.get<string[]>(LINK_KEY) ?? []), ...res.teamOnlyAccounts])]);
            head = Math.max(head, res.cursor);
            for (const x of res.rejected) logger.error('team: a change from the team was refused', x);
            applied = true;
            opts.onChange?.();
            if (!full) {
              oldestUnappliedAt = null;
              if (history) store.syncState.set(CAUGHT_UP_KEY, true);
              caughtUp = true;
              break;
            }
          }
        } finally {
          const t1 = clock.now();
          replica.finishFirstDownload(caughtUp);
          if (bulk) logger.info('team: first download: indexes and searches rebuilt', { caughtUp, pagesMs: t1 - t0, rebuildMs: clock.now() - t1 });
          if (applied) opts.onPulled?.(history);
        }
        if (leading.size > 0) await sweepReceived();
        const link = store.syncState.get<string[]>(LINK_KEY) ?? [];
        if (link.length > 0) {
          await linkTeamOnlyOrders(pool, store, link);
          store.syncState.delete(LINK_KEY);
          opts.onChange?.();
        }
      } catch (e) {
        setOnline(false, (e as Error).message);
      }
      replica.settle();
    })().finally(() => {
      // (in .finally, not a finally block: a body that never awaits would clear it before it is set)
      pulling = null;
    });
    return pulling;
  }

  // ------------------------------------------------------------------ received marks → ERP
  let leading = new Set<string>();
  /** Accounts just taken over: their own recent claims are checked again (a crash may have lost one). */
  const recheck = new Set<string>();
  const hasMark = store.db.prepare<[string, string], { n: number }>(
    'SELECT 1 AS n FROM shipments WHERE order_id = ? AND logistics_id = ? AND received_at IS NOT NULL',
  );
  let sweeping: Promise<void> | null = null;
  let sweepAgain = false;

  function noteLeases() {
    const now = new Set(lease.states().filter((x) => x.role === 'leader').map((x) => x.account));
    const gained = [...now].filter((a) => !leading.has(a));
    leading = now;
    if (gained.length === 0 || stopped) return;
    gained.forEach((a) => recheck.add(a));
    void sweepReceived();
  }

  async function sweepOnce() {
    if (!opts.onReceived) return;
    for (const account of ownAccounts()) {
      const fence = lease.fence(account);
      if (!fence) continue;
      const again = recheck.has(account);
      const since = again ? new Date(clock.now() - 86_400_000) : null;
      // Only marks this replica holds (the parcel and its mark came down): written here at once.
      const waiting = (await receivedAwaitingErp(pool, account, member, since)).filter((m) => hasMark.get(m.orderId, m.logisticsId));
      recheck.delete(account);
      if (waiting.length === 0) continue;
      const claimed = await claimReceived(pool, fence, waiting);
      store.transaction(() => claimed.forEach((m) => opts.onReceived!({ ...m, account })));
    }
  }

  /** Claims and records the received marks of the accounts this desktop leads (serialised). */
  function sweepReceived(): Promise<void> {
    if (sweeping) {
      sweepAgain = true;
      return sweeping;
    }
    sweeping = (async () => {
      do {
        sweepAgain = false;
        try {
          await sweepOnce();
        } catch (e) {
          if (e instanceof FencedError) await lease.tick();
          else logger.warn('team: recording received marks for the ERP failed; retried after the next pull', { error: (e as Error).message });
        }
      } while (sweepAgain && !stopped);
    })().finally(() => {
      sweeping = null;
    });
    return sweeping;
  }

  let accountsRefused = '';

  /** Sends what this desktop's poller wrote (fenced) and the clerk's queued actions. */
  function push(): Promise<void> {
    if (pushing) return pushing;
    pushing = (async () => {
      try {
        // The accounts this desktop holds, before the rows that belong to them.
        // (a refusal — say a name PostgreSQL rejects — never holds up the rows themselves)
        if (registered)
          await publishAccounts(pool, store, member).catch((e: Error & { code?: string }) => {
            if (!e.code || /^(08|57P)/.test(e.code) || !/^[0-9A-Z]{5}$/.test(e.code)) throw e;
            if (e.message !== accountsRefused) logger.error('team: the team database refused this desktop’s accounts', { error: e.message });
            accountsRefused = e.message;
          });
        for (;;) {
          const { byAccount, keys } = replica.collect();
          if (keys.length === 0) break;
          let kept = 0;
          for (const [account, group] of byAccount) {
            const fence = account === null ? null : lease.fence(account);
            if (!fence) {
              // Not ours to send when another member polls the account (a follower's clerk
              // changes travel as actions). While nobody holds it (this desktop lost the lease
              // to an outage), keep them: they go up if this desktop polls it again.
              if (account !== null && !leaseView.has(account)) await refreshLeaseView();
              const holder = account === null ? null : (leaseView.get(account)?.holder ?? null);
              if (account !== null && (holder === null || holder === member)) {
                kept += group.keys.length;
                continue;
              }
              replica.forget(group.keys);
              continue;
            }
            try {
              await writePollerBatch(pool, fence, group.changes);
              replica.forget(group.keys);
            } catch (e) {
              if (!(e instanceof FencedError)) throw e;
              logger.error('team: fenced: this desktop is no longer the poller; its write was refused', { account, error: e.message });
              await lease.tick();
              kept += group.keys.length;
            }
          }
          if (keys.length < 5_000 || kept > 0) break;
        }
        const queued = pendingActions.all(200);
        if (queued.length > 0) {
          const actions: QueuedAction[] = queued.map((q) => ({ key: q.key, actedAt: q.acted_at, action: JSON.parse(q.action) as ClerkAction }));
          try {
            const done = await applyClerkActions(pool, member, actions);
            store.transaction(() => done.forEach((k) => markSent.run(k)));
          } catch (e) {
            store.transaction(() => queued.forEach((q) => markTry.run((e as Error).message.slice(0, 300), q.key)));
            throw e;
          }
        }
        setOnline(true);
      } catch (e) {
        setOnline(false, (e as Error).message);
      }
    })().finally(() => {
      pushing = null;
    });
    return pushing;
  }

  /** Brings the team schema up to date and records this member. */
  let registered = false;
  async function register() {
    const c = await pool.connect();
    const onError = () => undefined;
    c.on('error', onError);
    try {
      await migrateTeamSchema(c);
      await c.query(`INSERT INTO team_members (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET last_seen_at = now(), left_at = NULL`, [
        member,
      ]);
      registered = true;
    } finally {
      c.off('error', onError);
      c.release();
    }
  }

  const teamOnly = store.db.prepare<[], { member_id: string }>('SELECT member_id FROM accounts WHERE team_only = 1 AND member_id IS NOT NULL ORDER BY id');
  /** This desktop's accounts, then the team's it has no credentials for (it follows them). */
  const knownAccounts = () => [...new Set([...ownAccounts(), ...teamOnly.all().map((r) => r.member_id)])];

  async function refreshLeaseView() {
    const r = await pool.query<{ account: string; holder: string | null; token: string; live: boolean }>(
      'SELECT account, holder, token, expires_at > now() AS live FROM team_leases WHERE account = ANY($1)',
      [knownAccounts()],
    );
    leaseView.clear();
    for (const x of r.rows) leaseView.set(x.account, { holder: x.live ? x.holder : null, token: Number(x.token) });
  }

  return {
    replica,
    lease,
    pool,
    /** Migrates the team schema, registers this member, starts the loops. */
    async start() {
      stopped = false;
      // PostgreSQL away at start: the desktop works from its replica; registering is retried by pull().
      await register().then(
        () => setOnline(true),
        (e: Error) => setOnline(false, e.message),
      );
      installCapture(store.db);
      await lease.start();
      await pull();
      const every = (ms: number, fn: () => unknown) => timers.push(setInterval(() => void fn(), ms));
      every(opts.pollMs ?? 5_000, pull);
      every(opts.pushMs ?? 250, push);
      every(10_000, () =>
        pool.query('UPDATE team_members SET last_seen_at = now(), cursor = $2 WHERE name = $1', [member, replica.cursor()]).catch(() => undefined),
      );
    },
    /** Connects without taking part (no lease, no loops): `tracker team status` beside a running member. */
    async connectOnly(o: { register?: boolean } = {}) {
      stopped = true;
      if (o.register) await register();
      await pool.query('SELECT 1 FROM team_schema LIMIT 1').then(
        () => setOnline(true),
        (e: Error) => setOnline(false, e.message),
      );
    },
    async stop() {
      const passive = stopped;
      stopped = true;
      if (passive) {
        await pool.end().catch(() => undefined);
        return;
      }
      timers.forEach(clearInterval);
      timers = [];
      await pushing;
      await push().catch(() => undefined);
      await pulling;
      await sweeping;
      await lease.stop();
      removeCapture(store.db);
      await listener?.end().catch(() => undefined);
      listener = null;
      await pool.end().catch(() => undefined);
    },
    pull,
    push,
    /**
     * Records a clerk action: applied locally by the caller in the same transaction (`local`),
     * queued with a fresh idempotency key, sent when the team database is reachable.
     */
    act(action: ClerkAction, local: () => void = () => undefined): string {
      const key = `${member.slice(0, 20)}:${crypto.randomUUID()}`;
      store.transaction(() => {
        local();
        insertAction.run(key, clock.now(), JSON.stringify(action));
      });
      void push();
      return key;
    },
    /** Uploads what this desktop has that the team does not (joining with a solo database). */
    async uploadExisting(batch = 500): Promise<number> {
      const ids = store.db.prepare<[], { id: string }>('SELECT id FROM orders ORDER BY id').all().map((r) => r.id);
      const shipsOf = store.db.prepare<[string], { id: number }>('SELECT id FROM shipments WHERE order_id = ?');
      const stepsOf = store.db.prepare<[number], { occurred_at: number; remark: string }>('SELECT occurred_at, remark FROM trace_events WHERE shipment_id = ?');
      const alertsOf = store.db.prepare<[string], { id: number }>('SELECT id FROM alerts WHERE order_id = ?');
      const mark = store.db.prepare('INSERT OR IGNORE INTO team_dirty VALUES (?, ?)');
      let sent = 0;
      for (let i = 0; i < ids.length; i += batch) {
        const slice = ids.slice(i, i + batch);
        // Reuse the capture path: mark the rows, collect them, upload without overwriting.
        store.transaction(() => {
          for (const id of slice) {
            mark.run('order', id);
            for (const s of shipsOf.all(id)) {
              mark.run('shipment', String(s.id));
              for (const st of stepsOf.all(s.id)) mark.run('step', JSON.stringify([s.id, st.occurred_at, st.remark]));
            }
            for (const a of alertsOf.all(id)) mark.run('alert', String(a.id));
          }
        });
        for (;;) {
          const { byAccount, keys } = replica.collect();
          if (keys.length === 0) break;
          const all: TeamChange[] = [...byAccount.values()].flatMap((g) => g.changes);
          await uploadMissing(pool, member, all);
          replica.forget(keys);
          sent += all.length;
        }
      }
      return sent;
    },
    async status(): Promise<TeamStatus> {
      try {
        await refreshLeaseView();
        const h = await pool.query<{ s: string | null }>("SELECT last_value::text AS s FROM team_change_seq WHERE is_called");
        head = Math.max(head, Number(h.rows[0]?.s ?? 0));
        setOnline(true);
      } catch (e) {
        setOnline(false, (e as Error).message);
      }
      const cursor = replica.cursor();
      return {
        member,
        accounts: knownAccounts().map((id) => {
          const f = lease.fence(id);
          const v = leaseView.get(id);
          // (another process of this member — a running `tracker serve` — counts as this member)
          const leads = f !== null || v?.holder === member;
          return { id, role: leads ? 'leader' : 'follower', leaseHolder: f ? member : (v?.holder ?? null), fencingToken: f ? f.token : (v?.token ?? null) };
        }),
        cursor,
        lagMs: cursor >= head ? 0 : oldestUnappliedAt === null ? 0 : Math.max(0, Date.now() - oldestUnappliedAt),
        pendingOps: countPending.get()?.n ?? 0,
        online,
      };
    },
    isOnline: () => online,
  };
}

export type TeamMember = ReturnType<typeof createTeamMember>;
