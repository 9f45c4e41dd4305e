// Runs in: main process / headless Node. The orders table.
import type { OrderStatus } from '../../../shared/domain';
import type { OrderInfo } from '../ali1688/schemas';
import type { Db } from './database';

export type OrderSource = 'discovered' | 'manual' | 'import';

export interface OrderRow {
  id: string;
  status: OrderStatus;
  status_1688: string | null;
  seller_login_id: string | null;
  seller_company: string | null;
  seller_contact: string | null;
  buyer_login_id: string | null;
  total_fen: number | null;
  shipping_fee_fen: number | null;
  created_at: number | null;
  paid_at: number | null;
  modified_at: number | null;
  product_summary: string | null;
  source: OrderSource;
  erp_ref: string | null;
  archived: number;
  raw_json: string | null;
  detail_fetched_at: number | null;
  parcels_checked_at: number | null;
  next_parcel_check_at: number | null;
  last_error: string | null;
  last_event_at: number | null;
  last_remark: string | null;
  first_seen_at: number;
  updated_at: number;
  /** The account it was bought with (migration 5); null: not known yet. */
  account_id?: number | null;
  /** The sub-account login that placed it (subBuyerLoginId). */
  purchaser?: string | null;
}

/** 1688 order states in which a parcel may exist (or appear soon) and is worth asking about. */
export const PARCEL_BEARING_1688_STATUSES = [
  'waitsellersend',
  'waitlogisticstakein',
  'waitbuyerreceive',
  'waitbuyersign',
  'signinsuccess',
  'confirm_goods',
  'confirm_goods_but_not_fund',
  'success',
  // A cancelled or terminated order may still have a parcel (shipped, then refused and returned).
  'cancel',
  'terminated',
] as const;

/** `refreshSearch` keeps the search index in step with every write that changes searchable text. */
/** How far scheduled parcel-list re-reads stretch while pushes arrive. */
export interface ParcelListStretch {
  /** The scheduled re-read intervals (SyncSettings): only these stretch. */
  scheduledMs: readonly number[];
  factor: number;
  capMs: number;
}

export function createOrderRepo(db: Db, refreshSearch: (orderId: string) => void = () => undefined) {
  const get = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE id = ?');
  const insertFromGateway = db.prepare(`
    INSERT INTO orders (id, status, status_1688, seller_login_id, seller_company, seller_contact, buyer_login_id,
      total_fen, shipping_fee_fen, created_at, paid_at, modified_at, product_summary, source, raw_json,
      detail_fetched_at, first_seen_at, updated_at)
    VALUES (@id, @status, @status_1688, @seller_login_id, @seller_company, @seller_contact, @buyer_login_id,
      @total_fen, @shipping_fee_fen, @created_at, @paid_at, @modified_at, @product_summary, @source, @raw_json,
      @detail_fetched_at, @now, @now)`);
  const updateFromGateway = db.prepare(`
    UPDATE orders SET status_1688 = @status_1688, seller_login_id = @seller_login_id, seller_company = @seller_company,
      seller_contact = @seller_contact, buyer_login_id = @buyer_login_id, total_fen = @total_fen,
      shipping_fee_fen = @shipping_fee_fen, created_at = @created_at, paid_at = @paid_at, modified_at = @modified_at,
      product_summary = @product_summary, raw_json = @raw_json,
      detail_fetched_at = COALESCE(@detail_fetched_at, detail_fetched_at), updated_at = @now
    WHERE id = @id`);
  const insertTracked = db.prepare(`
    INSERT INTO orders (id, status, source, erp_ref, first_seen_at, updated_at, account_id)
    VALUES (?, 'awaiting_shipment', ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
  const setErpRef = db.prepare('UPDATE orders SET erp_ref = ?, updated_at = ? WHERE id = ? AND erp_ref IS NOT ?');
  const needingDetail = db.prepare<[number], { id: string }>(
    'SELECT id FROM orders WHERE detail_fetched_at IS NULL AND archived = 0 ORDER BY first_seen_at LIMIT ?',
  );
  const statusList = PARCEL_BEARING_1688_STATUSES.map((s) => `'${s}'`).join(', ');
  // An order needs its parcels (re)read when it may have parcels and was never checked, or a
  // re-check fell due: it changed at 1688 (markParcelsDue), is not shipped yet, or a parcel may be
  // missing. Also when it has since completed or been cancelled: a parcel that shipped and finished
  // while the app was closed must still be found (the re-check after that is not scheduled).
  // (Not `modified_at > parcels_checked_at`: those two come from different clocks.)
  const needingParcelCheck = db.prepare<[number, number], { id: string }>(`
    SELECT id FROM orders
    WHERE archived = 0 AND status_1688 IN (${statusList})
      AND (parcels_checked_at IS NULL OR next_parcel_check_at <= ?)
    ORDER BY COALESCE(next_parcel_check_at, 0), id LIMIT ?`);
  // While pushes arrive (new parcels, waybill changes and shipping are announced), the scheduled
  // re-reads stretch: an interval that is one of the scheduled ones (@intervals, JSON) ×@factor, at
  // most @cap. A re-read due because the order changed (markParcelsDue) is never stretched.
  const needingParcelCheckStretched = db.prepare<[{ now: number; limit: number; intervals: string; factor: number; cap: number }], { id: string }>(`
    SELECT id FROM orders
    WHERE archived = 0 AND status_1688 IN (${statusList})
      AND (parcels_checked_at IS NULL OR (next_parcel_check_at <= @now AND (
        next_parcel_check_at - parcels_checked_at NOT IN (SELECT value FROM json_each(@intervals))
        OR parcels_checked_at + MAX(next_parcel_check_at - parcels_checked_at, MIN((next_parcel_check_at - parcels_checked_at) * @factor, @cap)) <= @now)))
    ORDER BY COALESCE(next_parcel_check_at, 0), id LIMIT @limit`);
  const markParcelsDue = db.prepare('UPDATE orders SET next_parcel_check_at = ? WHERE id = ?');
  const parcelsDueBy = db.prepare(
    'UPDATE orders SET next_parcel_check_at = @at WHERE id = @id AND parcels_checked_at IS NOT NULL AND (next_parcel_check_at IS NULL OR next_parcel_check_at > @at)',
  );
  const setError = db.prepare('UPDATE orders SET last_error = ?, detail_fetched_at = COALESCE(detail_fetched_at, ?), updated_at = ? WHERE id = ?');
  const markParcelsChecked = db.prepare(
    'UPDATE orders SET parcels_checked_at = ?, next_parcel_check_at = ?, updated_at = ? WHERE id = ?',
  );
  const setDerived = db.prepare(`
    UPDATE orders SET status = @status, last_event_at = @last_event_at, last_remark = @last_remark, updated_at = @now
    WHERE id = @id AND (status IS NOT @status OR last_event_at IS NOT @last_event_at OR last_remark IS NOT @last_remark)`);
  const archive = db.prepare('UPDATE orders SET archived = ?, updated_at = ? WHERE id = ?');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM orders');

  function rowFromInfo(info: OrderInfo, now: number, withDetail: boolean) {
    return {
      id: info.orderId,
      status_1688: info.status1688 || null,
      seller_login_id: info.sellerLoginId,
      seller_company: info.sellerCompany,
      seller_contact: info.sellerContactName,
      buyer_login_id: info.buyerLoginId,
      total_fen: info.totalFen,
      shipping_fee_fen: info.shippingFeeFen,
      created_at: info.createdAt,
      paid_at: info.paidAt,
      modified_at: info.modifiedAt,
      product_summary: info.products.map((p) => p.name).filter(Boolean).join(' / ') || null,
      raw_json: JSON.stringify(info.raw ?? null),
      detail_fetched_at: withDetail ? now : null,
      now,
    };
  }

  return {
    get: (id: string): OrderRow | undefined => get.get(id),
    count: (): number => count.get()?.n ?? 0,

    /**
     * Records what the gateway said about an order. Returns whether it was new and whether the
     * 1688 status or modify time moved (which makes its parcels worth re-reading).
     */
    upsertFromGateway(info: OrderInfo, now: number, opts: { source?: OrderSource; withDetail?: boolean } = {}) {
      const existing = get.get(info.orderId);
      const row = rowFromInfo(info, now, opts.withDetail ?? false);
      if (!existing) {
        insertFromGateway.run({ ...row, status: 'awaiting_shipment', source: opts.source ?? 'discovered' });
        refreshSearch(info.orderId);
        return { created: true, changed: true };
      }
      const changed = existing.status_1688 !== row.status_1688 || existing.modified_at !== row.modified_at;
      updateFromGateway.run(row);
      if (existing.seller_company !== row.seller_company || existing.product_summary !== row.product_summary)
        refreshSearch(info.orderId);
      return { created: false, changed };
    },

    /** Tracks an order by id (added by hand or imported) until its detail is fetched. */
    /** `accountId`: the account the clerk said bought it; null: the active accounts try it in turn. */
    addTracked(id: string, source: OrderSource, erpRef: string | null, now: number, accountId: number | null = null): 'added' | 'exists' {
      const r = insertTracked.run(id, source, erpRef, now, now, accountId);
      if (r.changes === 0) {
        if (erpRef !== null && setErpRef.run(erpRef, now, id, erpRef).changes > 0) refreshSearch(id);
        return 'exists';
      }
      refreshSearch(id);
      return 'added';
    },

    needingDetail: (limit: number): string[] => needingDetail.all(limit).map((r) => r.id),
    /** Orders whose parcel list is due a (re-)read; with `stretch`, scheduled re-reads stretch (pushes arrive). */
    needingParcelCheck: (now: number, limit: number, stretch?: ParcelListStretch | null): string[] =>
      (stretch
        ? needingParcelCheckStretched.all({ now, limit, intervals: JSON.stringify(stretch.scheduledMs), factor: stretch.factor, cap: stretch.capMs })
        : needingParcelCheck.all(now, limit)
      ).map((r) => r.id),
    markParcelsChecked(id: string, now: number, nextCheckAt: number | null) {
      markParcelsChecked.run(now, nextCheckAt, now, id);
    },
    markParcelsDue(id: string, at: number) {
      markParcelsDue.run(at, id);
    },
    /** The parcels are read again by `at` at the latest (an earlier check stays). */
    parcelsDueBy(id: string, at: number) {
      parcelsDueBy.run({ at, id });
    },
    /** Records why the gateway would not describe this order (e.g. not the buyer's order). */
    setError(id: string, message: string | null, now: number) {
      setError.run(message, now, now, id);
    },
    /**
     * The gateway's permanent answer that it will not describe this order (its error kind and
     * message). Here: kept as the order's error; an account's view (accounts/scopedStore.ts)
     * first lets the other accounts try an order not tied to one yet.
     */
    unreadable(id: string, _kind: string, message: string, now: number) {
      setError.run(message, now, now, id);
    },
    /** Stores the derived status and newest step; true when anything changed. */
    setDerived(id: string, status: OrderStatus, lastEventAt: number | null, lastRemark: string | null, now: number) {
      return setDerived.run({ id, status, last_event_at: lastEventAt, last_remark: lastRemark, now }).changes > 0;
    },
    setArchived(id: string, archived: boolean, now: number): boolean {
      return archive.run(archived ? 1 : 0, now, id).changes > 0;
    },
  };
}

export type OrderRepo = ReturnType<typeof createOrderRepo>;
