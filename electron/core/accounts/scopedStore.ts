// Runs in: main process / headless Node.
// The store as one account's sync engine sees it: the orders, parcels and discovery cursor of
// that account only, and every order it writes tied to the account (and to its purchaser, the
// sub-account that placed it). The sync engine is unchanged: it is given this view instead of
// the whole store. Orders not tied to any account yet (added by id, imported) are read by the
// account that `claimUnowned` (the first active one); reading them ties them to it.
import type { OrderInfo } from '../ali1688/schemas';
import type { Store } from '../store';
import { PARCEL_BEARING_1688_STATUSES, type OrderSource } from '../store/orders';
import type { DueParcel } from '../store/shipments';

export interface AccountScope {
  /** 0: the implicit account (credentials from outside, no row): it ties nothing and claims what is untied. */
  accountId: number;
  /** Keys of this account's sync bookkeeping start with this ('' = the keys used before accounts). */
  stateKeyPrefix: string;
  claimUnowned: () => boolean;
}

/** Sync bookkeeping that belongs to one account (discovery cursor and last discovery). */
const PER_ACCOUNT_STATE = new Set(['discovery.cursor', 'discovery.ranAt']);

export function scopedStore(store: Store, scope: AccountScope): Store {
  const { db } = store;
  const mine = '(o.account_id = @account OR (@claim = 1 AND o.account_id IS NULL))';
  const tie = db.prepare('UPDATE orders SET account_id = COALESCE(account_id, NULLIF(?, 0)), purchaser = ? WHERE id = ?');
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
        return r;
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
