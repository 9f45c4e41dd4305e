// Runs in: main process / headless Node.
// Syncs every account side by side: one sync engine per account, each with its own gateway
// client (its own credentials) and its own view of the store (./scopedStore.ts), all clients of
// one AppKey sharing that AppKey's limiter, each in its own lane (turns taken fairly). To the
// scheduler, the handlers and the CLI this is one engine: a cycle runs every account's cycle and
// sums them up. A token refused on one account marks that account needs-reconnect and the others
// go on; only when every account is refused is the cycle `unauthorized`. An order added by id is
// tried by the active accounts in turn (scopedStore.ts, UNTIED_READER): one that does not know it
// hands it on within the same cycle.
import type { Ali1688Client, CredentialSource } from '../ali1688/client';
import { CoreError } from '../api/types';
import type { Logger } from '../ports';
import type { Store } from '../store';
import type { RateLimiter } from '../sync/rateLimiter';
import type { PushHint, RunOptions, SyncEngine, SyncResult } from '../sync/syncEngine';
import type { AccountRow } from './accountRepo';
import { IMPLICIT_ACCOUNT_ID, type AccountRegistry } from './registry';
import { scopedStore, UNTIED_READER } from './scopedStore';

export interface AccountSyncDeps {
  store: Store;
  registry: AccountRegistry;
  logger: Logger;
  now: () => number;
  /** The limiter of an AppKey (one per AppKey, created on first use). */
  limiterFor(appKey: string): RateLimiter;
  client(credentials: CredentialSource, limiter: RateLimiter): Ali1688Client;
  engine(store: Store, client: Ali1688Client): SyncEngine;
  /**
   * Team mode: whether this desktop polls the account now (it holds the account's lease).
   * Absent: every syncable account is polled (solo).
   */
  mayPoll?: (row: AccountRow | null) => boolean;
}

interface AccountEngine {
  key: string;
  engine: SyncEngine;
}

const EMPTY: SyncResult = {
  ok: true,
  orders: 0,
  shipments: 0,
  newEvents: 0,
  calls: 0,
  retries: 0,
  errors: [],
  durationMs: 0,
  changedOrderIds: [],
  unauthorized: false,
  offline: false,
  reachedGateway: false,
};

export function createAccountSync(deps: AccountSyncDeps) {
  const { store, registry, logger } = deps;
  const engines = new Map<number, AccountEngine>();
  let running: Promise<SyncResult> | null = null;
  const byId = store.db.prepare<[string], { account_id: number | null }>('SELECT account_id FROM orders WHERE id = ?');
  const readerOf = store.db.prepare<[string], { reader: number | null }>(`SELECT ${UNTIED_READER} AS reader FROM orders o WHERE o.id = ?`);
  /** Untied orders waiting for their detail that one account handed on to another. */
  const handedOn = store.db.prepare<[], { n: number }>(`
    SELECT COUNT(*) AS n FROM orders o WHERE o.account_id IS NULL AND o.detail_fetched_at IS NULL AND o.archived = 0
      AND EXISTS (SELECT 1 FROM order_account_misses m WHERE m.order_id = o.id)`);
  const missedBy = store.db.prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM order_account_misses WHERE order_id = ? AND account_id = ?');
  const forgetMisses = store.db.prepare('DELETE FROM order_account_misses WHERE order_id = ?');
  /** An untied order that an account has yet to try. */
  const stillPending = store.db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM orders o WHERE o.id = ? AND o.account_id IS NULL AND ${UNTIED_READER} IS NOT NULL`,
  );

  /**
   * The account that reads an order: its own once tied; an untied one, the account whose turn it
   * is; one not stored yet (a push about a new order), the first active account.
   */
  function ownerOf(orderId: string): number | null {
    const row = byId.get(orderId);
    if (row?.account_id != null) return row.account_id;
    if (registry.isPreset()) return IMPLICIT_ACCOUNT_ID;
    if (row) return readerOf.get(orderId)?.reader ?? null;
    return registry.liveRows().find((a) => a.state === 'active')?.id ?? null;
  }

  async function engineFor(id: number, row: AccountRow | null, credentials: CredentialSource): Promise<SyncEngine> {
    const appKey = row?.app_key ?? (await credentials.get())?.appKey ?? '';
    const key = `${appKey}/${id}`;
    const cached = engines.get(id);
    if (cached && cached.key === key) return cached.engine;
    const view = scopedStore(store, {
      accountId: id,
      // The account saved before accounts existed keeps the discovery cursor it had.
      stateKeyPrefix: row === null || row.secret_prefix === '' ? '' : `account.${id}.`,
      claimUnowned: () => true,
    });
    const engine = deps.engine(view, deps.client(credentials, deps.limiterFor(appKey).lane(String(id))));
    engines.set(id, { key, engine });
    return engine;
  }

  function afterAccount(id: number, name: string, r: SyncResult): SyncResult {
    if (r.unauthorized) {
      registry.markNeedsReconnect(id);
      logger.warn('1688 account needs reconnecting', { account: id });
    } else if (r.reachedGateway) registry.recordSync(id, deps.now());
    if (id === IMPLICIT_ACCOUNT_ID) return r;
    // An order this account does not know but another may is not an error (yet): it was handed on.
    const handed = (e: SyncResult['errors'][number]) => e.orderId !== undefined && missedBy.get(e.orderId, id)!.n > 0 && stillPending.get(e.orderId)!.n > 0;
    const errors = r.errors.filter((e) => !handed(e));
    return { ...r, ok: errors.length === 0, errors: errors.map((e) => ({ ...e, message: `[${name}] ${e.message}` })) };
  }

  function merge(results: SyncResult[]): SyncResult {
    if (results.length === 0) return { ...EMPTY };
    const sum = (f: (r: SyncResult) => number) => results.reduce((s, r) => s + f(r), 0);
    return {
      ok: results.every((r) => r.ok),
      orders: sum((r) => r.orders),
      shipments: sum((r) => r.shipments),
      newEvents: sum((r) => r.newEvents),
      calls: sum((r) => r.calls),
      retries: sum((r) => r.retries),
      errors: results.flatMap((r) => r.errors),
      durationMs: Math.max(...results.map((r) => r.durationMs)),
      changedOrderIds: [...new Set(results.flatMap((r) => r.changedOrderIds))],
      unauthorized: results.every((r) => r.unauthorized),
      offline: results.every((r) => r.offline),
      reachedGateway: results.some((r) => r.reachedGateway),
    };
  }

  /** The scheduler reads one `discovery.ranAt`: the earliest of the accounts' own. */
  function noteDiscovery() {
    const times = registry
      .liveRows()
      .filter((a) => a.state === 'active' && a.secret_prefix !== '')
      .map((a) => store.syncState.get<number>(`account.${a.id}.discovery.ranAt`));
    if (times.length === 0) return;
    if (times.some((t) => t === undefined)) store.syncState.delete('discovery.ranAt');
    else store.syncState.set('discovery.ranAt', Math.min(...(times as number[])));
  }

  async function doCycle(opts: RunOptions): Promise<SyncResult> {
    const accounts = (await registry.syncable()).filter((a) => deps.mayPoll?.(a.row) ?? true);
    const runAll = (o: RunOptions) =>
      Promise.all(
        accounts.map(async (a) => {
          const engine = await engineFor(a.id, a.row, a.credentials);
          return afterAccount(a.id, a.row?.name ?? '', await engine.runCycle(o));
        }),
      );
    const results = await runAll(opts);
    // Orders added by id that an account did not know go to the next account now, not a cycle
    // later: a short pass (no discovery; what it reads is only what is due) per account at most.
    for (let pass = 1; pass < accounts.length && handedOn.get()!.n > 0; pass++) {
      results.push(...(await runAll({ ...opts, discover: 'skip' })));
    }
    if (!registry.isPreset()) noteDiscovery();
    return merge(results);
  }

  return {
    /** Every syncable account's cycle, side by side; joins a cycle already under way. */
    runCycle(opts: RunOptions = {}): Promise<SyncResult> {
      running ??= doCycle(opts).finally(() => {
        running = null;
      });
      return running;
    },

    /**
     * One order, now, with the account it belongs to. An order not tied to an account yet is tried
     * by every active account in turn (from the first again: the clerk asked) until one reads it.
     * An order of a paused account is not read: the clerk is told the account is paused.
     */
    async refreshOrder(orderId: string): Promise<SyncResult> {
      const tied = byId.get(orderId)?.account_id;
      if (tied != null && !registry.isPreset()) {
        const row = registry.repo.get(tied);
        if (row?.state === 'paused')
          throw new CoreError(
            'account_paused',
            `账号“${row.name}”已暂停，暂停期间不读取它的订单：请先在“设置 → 1688 账号”中恢复它。` +
              `(The account “${row.name}” is paused: its orders are not read until it is resumed in Settings → 1688 accounts.)`,
          );
      }
      if (tied == null) forgetMisses.run(orderId);
      const syncable = await registry.syncable();
      const results: SyncResult[] = [];
      for (let turn = 0; turn <= syncable.length; turn++) {
        const a = syncable.find((x) => x.id === ownerOf(orderId));
        if (!a) break;
        const engine = await engineFor(a.id, a.row, a.credentials);
        results.push(afterAccount(a.id, a.row?.name ?? '', await engine.refreshOrder(orderId)));
        if (tied != null || byId.get(orderId)?.account_id != null || stillPending.get(orderId)!.n === 0) break;
      }
      if (results.length === 0)
        return { ...EMPTY, ok: false, unauthorized: true, errors: [{ code: 'unauthorized', message: '这个订单所属的 1688 账号需要重新连接。', orderId }] };
      return merge(results);
    },

    /**
     * What push messages asked for, each order by the account it belongs to (an order not known
     * yet: the account whose turn it is, see ownerOf). Accounts paused or needing reconnection skip
     * their hints: polling picks those orders up once they are back.
     */
    async refreshPushed(hints: readonly PushHint[]): Promise<SyncResult> {
      const accounts = await registry.syncable();
      const byAccount = new Map<number, PushHint[]>();
      for (const h of hints) {
        const owner = ownerOf(h.orderId);
        if (owner !== null) byAccount.set(owner, [...(byAccount.get(owner) ?? []), h]);
      }
      const results = await Promise.all(
        accounts
          .filter((a) => byAccount.has(a.id))
          .map(async (a) => {
            const engine = await engineFor(a.id, a.row, a.credentials);
            return afterAccount(a.id, a.row?.name ?? '', await engine.refreshPushed(byAccount.get(a.id)!));
          }),
      );
      return merge(results);
    },

    async abort(): Promise<void> {
      await Promise.all([...engines.values()].map((e) => e.engine.abort()));
      await running;
    },

    get running() {
      return running;
    },
  };
}

export type AccountSync = ReturnType<typeof createAccountSync>;
