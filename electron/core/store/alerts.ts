// Runs in: main process / headless Node. The alerts table and the notification ledger.
import type { AlertRule, AlertSeverity } from '../../../shared/contract';
import type { Db } from './database';

export interface AlertRow {
  id: number;
  rule: AlertRule;
  severity: AlertSeverity;
  order_id: string;
  shipment_id: number | null;
  subject: string;
  message: string;
  message_en: string;
  opened_at: number;
  resolved_at: number | null;
  acked_at: number | null;
  ack_note: string | null;
  updated_at: number;
  // joined from shipments
  logistics_id: string | null;
  bill_no: string | null;
  last_remark: string | null;
}

export interface OpenAlertInput {
  subject: string;
  rule: AlertRule;
  severity: AlertSeverity;
  orderId: string;
  shipmentId: number | null;
  message: string;
  messageEn: string;
}

export type AlertChange = 'opened' | 'escalated' | 'updated' | 'unchanged';

const SELECT_ALERT = `SELECT a.*, s.logistics_id, s.bill_no, s.last_remark
  FROM alerts a LEFT JOIN shipments s ON s.id = a.shipment_id`;

export function alertSubject(orderId: string, shipmentId: number | null): string {
  return shipmentId === null ? `o:${orderId}` : `s:${shipmentId}`;
}

export function createAlertRepo(db: Db) {
  const findOpen = db.prepare<[string, string], AlertRow>(
    `${SELECT_ALERT} WHERE a.subject = ? AND a.rule = ? AND a.resolved_at IS NULL`,
  );
  const insert = db.prepare(`
    INSERT INTO alerts (rule, severity, order_id, shipment_id, subject, message, message_en, opened_at, updated_at)
    VALUES (@rule, @severity, @orderId, @shipmentId, @subject, @message, @messageEn, @now, @now)`);
  const update = db.prepare(
    'UPDATE alerts SET severity = @severity, message = @message, message_en = @messageEn, updated_at = @now WHERE id = @id',
  );
  const resolve = db.prepare('UPDATE alerts SET resolved_at = ?, updated_at = ? WHERE id = ?');
  const openForSubject = db.prepare<[string], AlertRow>(`${SELECT_ALERT} WHERE a.subject = ? AND a.resolved_at IS NULL`);
  const byId = db.prepare<[number], AlertRow>(`${SELECT_ALERT} WHERE a.id = ?`);
  const byOrder = db.prepare<[string], AlertRow>(
    `${SELECT_ALERT} WHERE a.order_id = ? AND a.resolved_at IS NULL ORDER BY a.severity = 'alert' DESC, a.opened_at DESC`,
  );
  const listOpen = db.prepare<[number, number], AlertRow>(
    `${SELECT_ALERT} WHERE a.resolved_at IS NULL ORDER BY a.severity = 'alert' DESC, a.rule, a.opened_at DESC LIMIT ? OFFSET ?`,
  );
  const listResolved = db.prepare<[number, number], AlertRow>(
    `${SELECT_ALERT} WHERE a.resolved_at IS NOT NULL ORDER BY a.resolved_at DESC LIMIT ? OFFSET ?`,
  );
  const counts = db.prepare<[], { open: number; alert: number; warning: number; resolved: number }>(`
    SELECT COALESCE(SUM(resolved_at IS NULL), 0) AS open,
      COALESCE(SUM(resolved_at IS NULL AND severity = 'alert'), 0) AS alert,
      COALESCE(SUM(resolved_at IS NULL AND severity = 'warning'), 0) AS warning,
      COALESCE(SUM(resolved_at IS NOT NULL), 0) AS resolved
    FROM alerts`);
  const ack = db.prepare('UPDATE alerts SET acked_at = ?, ack_note = ?, updated_at = ? WHERE id = ?');

  return {
    /** Opens the alert, or updates the open one (at most one open per subject and rule). */
    open(a: OpenAlertInput, now: number): { id: number; change: AlertChange } {
      const existing = findOpen.get(a.subject, a.rule);
      if (!existing) {
        const id = Number(insert.run({ ...a, now }).lastInsertRowid);
        return { id, change: 'opened' };
      }
      if (existing.severity === a.severity && existing.message === a.message) return { id: existing.id, change: 'unchanged' };
      update.run({ id: existing.id, severity: a.severity, message: a.message, messageEn: a.messageEn, now });
      const escalated = existing.severity === 'warning' && a.severity === 'alert';
      return { id: existing.id, change: escalated ? 'escalated' : 'updated' };
    },
    /** Resolves the open alert of this subject and rule; true when there was one. */
    resolve(subject: string, rule: AlertRule, now: number): boolean {
      const existing = findOpen.get(subject, rule);
      if (!existing) return false;
      resolve.run(now, now, existing.id);
      return true;
    },
    openForSubject: (subject: string): AlertRow[] => openForSubject.all(subject),
    get: (id: number): AlertRow | undefined => byId.get(id),
    openForOrder: (orderId: string): AlertRow[] => byOrder.all(orderId),
    list: (state: 'open' | 'resolved', limit: number, offset: number): AlertRow[] =>
      state === 'open' ? listOpen.all(limit, offset) : listResolved.all(limit, offset),
    counts: () => counts.get() ?? { open: 0, alert: 0, warning: 0, resolved: 0 },
    ack(id: number, note: string, now: number): boolean {
      return ack.run(now, note, now, id).changes > 0;
    },
  };
}

export type AlertRepo = ReturnType<typeof createAlertRepo>;

export interface NotificationRow {
  id: number;
  kind: string;
  subject: string;
  order_id: string | null;
  title: string;
  body: string;
  created_at: number;
  shown_at: number | null;
  summarized: number;
}

export function createNotificationLedger(db: Db) {
  const insert = db.prepare(`
    INSERT INTO notifications (kind, subject, order_id, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (kind, subject) DO NOTHING`);
  const pending = db.prepare<[], NotificationRow>('SELECT * FROM notifications WHERE shown_at IS NULL ORDER BY id');
  const markShown = db.prepare('UPDATE notifications SET shown_at = ?, summarized = ? WHERE id = ? AND shown_at IS NULL');
  const list = db.prepare<[number], NotificationRow>('SELECT * FROM notifications ORDER BY id DESC LIMIT ?');
  return {
    /**
     * Records that (kind, subject) is to be notified. False when the ledger already has it: that
     * is what makes a signing notified once across restarts, re-syncs and re-imports.
     */
    record(kind: string, subject: string, orderId: string | null, title: string, body: string, now: number): boolean {
      return insert.run(kind, subject, orderId, title, body, now).changes > 0;
    },
    /** Records (kind, subject) as already dealt with, without showing it (old news on first sync). */
    recordSilently(kind: string, subject: string, orderId: string | null, title: string, body: string, now: number): boolean {
      const r = insert.run(kind, subject, orderId, title, body, now);
      if (r.changes > 0) markShown.run(now, 0, Number(r.lastInsertRowid));
      return r.changes > 0;
    },
    pending: (): NotificationRow[] => pending.all(),
    markShown(ids: number[], now: number, summarized: boolean) {
      db.transaction(() => ids.forEach((id) => markShown.run(now, summarized ? 1 : 0, id)))();
    },
    list: (limit = 1000): NotificationRow[] => list.all(limit),
  };
}

export type NotificationLedger = ReturnType<typeof createNotificationLedger>;
