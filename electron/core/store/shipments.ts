// Runs in: main process / headless Node. The shipments (parcels) and trace_events tables.
import type { ShipmentStatus, Stage } from '../../../shared/domain';
import type { Parcel } from '../ali1688/schemas';
import type { Db } from './database';

export interface ShipmentRow {
  id: number;
  order_id: string;
  logistics_id: string;
  bill_no: string | null;
  previous_bill_no: string | null;
  carrier_code: string | null;
  carrier_name: string | null;
  status: ShipmentStatus;
  status_1688: string | null;
  origin_province: string | null;
  origin_city: string | null;
  dest_province: string | null;
  dest_city: string | null;
  shipped_at: number | null;
  last_event_at: number | null;
  last_remark: string | null;
  last_stage: Stage | null;
  event_count: number;
  delivered_at: number | null;
  status_changed_at: number | null;
  next_poll_at: number | null;
  done: number;
  last_polled_at: number | null;
  poll_failures: number;
  last_error: string | null;
  raw_json: string | null;
  first_seen_at: number;
  updated_at: number;
}

export interface TraceEventRow {
  shipment_id: number;
  occurred_at: number;
  remark: string;
  stage: Stage;
  first_seen_at: number;
}

export interface ParcelUpsert {
  id: number;
  created: boolean;
  /** The waybill number changed (R8); the old one is kept in previous_bill_no. */
  billNoChanged: boolean;
  statusChanged1688: boolean;
}

export function createShipmentRepo(db: Db, refreshSearch: (orderId: string) => void = () => undefined) {
  const byKey = db.prepare<[string, string], ShipmentRow>(
    'SELECT * FROM shipments WHERE order_id = ? AND logistics_id = ?',
  );
  const byId = db.prepare<[number], ShipmentRow>('SELECT * FROM shipments WHERE id = ?');
  const byOrder = db.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE order_id = ? ORDER BY id');
  const insert = db.prepare(`
    INSERT INTO shipments (order_id, logistics_id, bill_no, carrier_code, carrier_name, status, status_1688,
      origin_province, origin_city, dest_province, dest_city, shipped_at, raw_json, next_poll_at,
      status_changed_at, first_seen_at, updated_at)
    VALUES (@order_id, @logistics_id, @bill_no, @carrier_code, @carrier_name, @status, @status_1688,
      @origin_province, @origin_city, @dest_province, @dest_city, @shipped_at, @raw_json, @now, @now, @now, @now)`);
  const update = db.prepare(`
    UPDATE shipments SET bill_no = @bill_no, previous_bill_no = @previous_bill_no, carrier_code = @carrier_code,
      carrier_name = @carrier_name, status_1688 = @status_1688, origin_province = @origin_province,
      origin_city = @origin_city, dest_province = @dest_province, dest_city = @dest_city,
      shipped_at = @shipped_at, raw_json = @raw_json, updated_at = @now
    WHERE id = @id`);
  // A changed waybill or 1688 status makes the parcel due again even if it looked finished.
  const wake = db.prepare('UPDATE shipments SET done = 0, next_poll_at = ? WHERE id = ?');
  const due = db.prepare<[number, number], ShipmentRow>(
    'SELECT * FROM shipments WHERE done = 0 AND next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?',
  );
  const allOpen = db.prepare<[number], ShipmentRow>(
    'SELECT * FROM shipments WHERE done = 0 ORDER BY next_poll_at, id LIMIT ?',
  );
  const nextDueAt = db.prepare<[], { t: number | null }>(
    'SELECT MIN(next_poll_at) AS t FROM shipments WHERE done = 0',
  );
  const applyPoll = db.prepare(`
    UPDATE shipments SET status = @status, last_event_at = @last_event_at, last_remark = @last_remark,
      last_stage = @last_stage, event_count = @event_count, delivered_at = @delivered_at,
      status_changed_at = CASE WHEN status IS NOT @status THEN @now ELSE status_changed_at END,
      next_poll_at = @next_poll_at, done = @done, last_polled_at = @now, poll_failures = 0, last_error = NULL,
      updated_at = @now
    WHERE id = @id`);
  const recordFailure = db.prepare(`
    UPDATE shipments SET poll_failures = poll_failures + 1, last_error = @error, next_poll_at = @next_poll_at,
      last_polled_at = @now, updated_at = @now WHERE id = @id`);
  const insertEvent = db.prepare(
    'INSERT OR IGNORE INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, ?, ?, ?)',
  );
  const events = db.prepare<[number], TraceEventRow>(
    'SELECT * FROM trace_events WHERE shipment_id = ? ORDER BY occurred_at, first_seen_at',
  );
  const eventCount = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM trace_events WHERE shipment_id = ?');

  return {
    get: (id: number): ShipmentRow | undefined => byId.get(id),
    byKey: (orderId: string, logisticsId: string): ShipmentRow | undefined => byKey.get(orderId, logisticsId),
    byOrder: (orderId: string): ShipmentRow[] => byOrder.all(orderId),

    /** Records a parcel as getLogisticsInfos described it. New parcels are due at once. */
    upsertParcel(orderId: string, p: Parcel, now: number): ParcelUpsert {
      const existing = byKey.get(orderId, p.logisticsId);
      const fields = {
        bill_no: p.billNo,
        carrier_code: p.carrierCode,
        carrier_name: p.carrierName,
        status_1688: p.status1688,
        origin_province: p.sender.province,
        origin_city: p.sender.city,
        dest_province: p.receiver.province,
        dest_city: p.receiver.city,
        shipped_at: p.shippedAt,
        raw_json: JSON.stringify(p.raw ?? null),
        now,
      };
      if (!existing) {
        const r = insert.run({
          ...fields,
          order_id: orderId,
          logistics_id: p.logisticsId,
          status: p.billNo ? 'not_found' : 'info_received',
        });
        refreshSearch(orderId);
        return { id: Number(r.lastInsertRowid), created: true, billNoChanged: false, statusChanged1688: true };
      }
      const billNoChanged = existing.bill_no !== null && p.billNo !== null && existing.bill_no !== p.billNo;
      const statusChanged1688 = existing.status_1688 !== p.status1688;
      update.run({
        ...fields,
        id: existing.id,
        bill_no: p.billNo ?? existing.bill_no,
        previous_bill_no: billNoChanged ? existing.bill_no : existing.previous_bill_no,
      });
      if (existing.bill_no !== (p.billNo ?? existing.bill_no) || existing.carrier_name !== p.carrierName) refreshSearch(orderId);
      if (billNoChanged || (statusChanged1688 && existing.done === 1 && p.status1688 !== 'SIGN')) {
        wake.run(now, existing.id);
      }
      return { id: existing.id, created: false, billNoChanged, statusChanged1688 };
    },

    /** Shipments whose poll is due (or every unfinished one with `all`), oldest due first. */
    due(now: number, limit: number, all = false): ShipmentRow[] {
      return all ? allOpen.all(limit) : due.all(now, limit);
    },
    nextDueAt: (): number | null => nextDueAt.get()?.t ?? null,

    /** Stores one step; false when the (shipment, time, text) key was already there. */
    insertEvent(shipmentId: number, at: number, remark: string, stage: Stage, now: number): boolean {
      return insertEvent.run(shipmentId, at, remark, stage, now).changes > 0;
    },
    events: (shipmentId: number): TraceEventRow[] => events.all(shipmentId),
    eventCount: (shipmentId: number): number => eventCount.get(shipmentId)?.n ?? 0,

    applyPoll(u: {
      id: number;
      status: ShipmentStatus;
      last_event_at: number | null;
      last_remark: string | null;
      last_stage: Stage | null;
      event_count: number;
      delivered_at: number | null;
      next_poll_at: number | null;
      done: boolean;
      now: number;
    }) {
      applyPoll.run({ ...u, done: u.done ? 1 : 0 });
    },
    recordFailure(id: number, error: string, nextPollAt: number, now: number) {
      recordFailure.run({ id, error, next_poll_at: nextPollAt, now });
    },
  };
}

export type ShipmentRepo = ReturnType<typeof createShipmentRepo>;
