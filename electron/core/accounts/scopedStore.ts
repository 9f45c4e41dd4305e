// Runs in: main process / headless Node.
// The store as one account's sync engine sees it: the orders, parcels and discovery cursor of
// that account only, and every order it writes tied to the account (and to its purchaser, the
// sub-account that placed it). The sync engine is unchanged: it is given this view instead of
// the whole store. Orders not tied to any account yet (added by id, imported) are tried by the
// active accounts in turn (UNTIED_READER): reading one ties it to the account; an account that
// answers it does not know the order hands it to the next (order_account_misses), and only when
// every active account has said so does the order keep their answers as its error.
import type { OrderInfo } from '../ali1688/schemas';
import type { Store } from '../store';
import { PARCEL_BEARING_1688_STATUSES, type OrderSource } from '../store/orders';
import type { DueParcel } from '../store/shipments';

export interface AccountScope {
  /** 0: the implicit account (credentials from outside, no row): it ties nothing and claims what is untied. */
  accountId: number;
  /** Keys of this account's sync bookkeeping start with this ('' = the keys used before accounts). */
  stateKeyPrefix: string;
  /** Whether this account takes its turn at reading untied orders. */
  claimUnowned: () => boolean;
}

/**
 * SQL: the account whose turn it is to read the untied order `o` — the active account with the
 * lowest id that has not answered that it does not know it (with no account rows: the implicit
 * account, 0). NULL when every active account has answered so.
 */
export const UNTIED_READER = `(
  CASE WHEN NOT EXISTS (SELECT 1 FROM accounts WHERE state <> 'removed') THEN 0 ELSE (
    SELECT a.id FROM accounts a WHERE a.state = 'active'
      AND NOT EXISTS (SELECT 1 FROM order_account_misses m WHERE m.order_id = o.id AND m.account_id = a.id)
    ORDER BY a.id LIMIT 1) END)`;

/** Permanent answers that say an account does not know an order: the next account tries it. */
const NOT_KNOWN = new Set(['no_permission', 'not_found']);

/** Sync bookkeeping that belongs to one account (discovery cursor and last discovery). */
const PER_ACCOUNT_STATE = new Set(['discovery.cursor', 'discovery.ranAt']);

export function scopedStore(store: Store, scope: AccountScope): Store {
  const { db } = store;
  const mine = `(o.account_id = @account OR (@claim = 1 AND o.account_id IS NULL AND ${UNTIED_READER} = @account))`;
  const tie = db.prepare('UPDATE orders SET account_id = COALESCE(account_id, NULLIF(?, 0)), purchaser = ? WHERE id = ?');
  const forgetMisses = db.prepare('DELETE FROM order_account_misses WHERE order_id = ?');
  const untied = db.prepare<[string], { id: string }>('SELECT id FROM orders WHERE id = ? AND account_id IS NULL');
  const recordMiss = db.prepare(
    'INSERT INTO order_account_misses (order_id, account_id, reason, at) VALUES (?, ?, ?, ?) ON CONFLICT (order_id, account_id) DO UPDATE SET reason = excluded.reason, at = excluded.at',
  );
  const nextReader = db.prepare<[string], { reader: number | null }>(`SELECT ${UNTIED_READER} AS reader FROM orders o WHERE o.id = ?`);
  const misses = db.prepare<[string], { name: string; reason: string }>(
    'SELECT a.name, m.reason FROM order_account_misses m JOIN accounts a ON a.id = m.account_id WHERE m.order_id = ? ORDER BY a.id',
  );

  /**
   * An untied order this account does not know: recorded, and left for the next account (no
   * error yet). Returns the order's error once no active account is left to try it, else null.
   */
  function handOn(orderId: string, message: string, now: number): { pending: true } | { pending: false; message: string } {
    recordMiss.run(orderId, scope.accountId, message, now);
    if (nextReader.get(orderId)?.reader != null) return { pending: true };
    const all = misses.all(orderId).map((m) => `[${m.name}] ${m.reason}`);
    return {
      pending: false,
      message: `所有启用的 1688 账号都读取不到这个订单，请确认订单号，或添加下单的账号。(No active 1688 account knows this order.) ${all.join('；')}`,
    };
  }
  const needingDetail = db.prepare<[{ account: number; claim: number; limit: number }], { id: string }>(
    `SELECT id FROM orders o WHERE detail_fetched_at IS NULL AND archived = 0 AND ${mine} ORDER BY first_seen_at LIMIT @limit`,
  );
  const statusList = PARCEL_BEARING_1688_STATUSES.map((s) => `'${s}'`).join(', ');
  const needingParcelCheck = db.prepare<[{ account: number; claim: number; now: number; limit: number }], { id: string }>(`
    SELECT id FROM orders o
    WHERE archived = 0 AND status_1688 IN (${statusList}) AND ${mine}
      AND (parcels_checked_at IS NULL OR next_parcel_check_at <= @now)
    ORDER BY COALESCE(next_parcel_check_at, 0), id LIMIT @limit`);
  const dueParcels = db.prepare<[{ account: number; claim: number; now: number; all: number; limit: number }], DueParcel>(`
    SELECT s.id, s.order_id FROM shipments s JOIN orders o ON o.id = s.order_id
    WHERE s.done = 0 AND (@all = 1 OR s.next_poll_at <= @now) AND ${mine}
    ORDER BY s.next_poll_at, s.id LIMIT @limit`);
  const p = () => ({ account: scope.accountId, claim: scope.claimUnowned() ? 1 : 0 });
  const stateKey = (k: string) => (PER_ACCOUNT_STATE.has(k) ? `${scope.stateKeyPrefix}${k}` : k);

  return {
    ...store,
    orders: {
      ...store.orders,
      upsertFromGateway(info: OrderInfo, now: number, opts: { source?: OrderSource; withDetail?: boolean } = {}) {
        const r = store.orders.upsertFromGateway(info, now, opts);
        tie.run(scope.accountId, info.subBuyerLoginId ?? null, info.orderId);
        forgetMisses.run(info.orderId);
        return r;
      },
      unreadable(id: string, kind: string, message: string, now: number) {
        if (scope.accountId !== 0 && NOT_KNOWN.has(kind) && untied.get(id)) {
          const r = handOn(id, message, now);
          if (r.pending) return;
          return store.orders.setError(id, r.message, now);
        }
        return store.orders.unreadable(id, kind, message, now);
      },
      needingDetail: (limit: number) => needingDetail.all({ ...p(), limit }).map((r) => r.id),
      needingParcelCheck: (now: number, limit: number) => needingParcelCheck.all({ ...p(), now, limit }).map((r) => r.id),
    },
    shipments: {
      ...store.shipments,
      dueParcels: (now: number, limit: number, all = false) => dueParcels.all({ ...p(), now, all: all ? 1 : 0, limit }),
    },
    syncState: {
      ...store.syncState,
      get: <T>(k: string) => store.syncState.get<T>(stateKey(k)),
      set: (k: string, v: unknown) => store.syncState.set(stateKey(k), v),
      delete: (k: string) => store.syncState.delete(stateKey(k)),
    },
  };
}
