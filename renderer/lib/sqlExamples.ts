// SQL write-back help for Settings: the :names a template may use, and an idempotent example
// per dialect and event type (shown as the template's placeholder). The core checks templates
// when they are saved; these lists only help the clerk write them.
import type { OutboxEventType, SqlDialectName } from '../../shared/contract';

/** Every :name a template may use, in the order Settings lists them. */
export const SQL_PARAM_NAMES = [
  'idempotencyKey',
  'type',
  'occurredAt',
  'orderId',
  'erpRef',
  'orderStatus',
  'orderStatus1688',
  'seller',
  'logisticsId',
  'billNo',
  'carrierCode',
  'carrierName',
  'shipmentStatus',
  'shipmentStatus1688',
  'deliveredAt',
  'remark',
  'eventAt',
  'stage',
] as const;
export type SqlParamName = (typeof SQL_PARAM_NAMES)[number];

const LOG_COLUMNS = '(idempotency_key, event_type, order_id, erp_ref, bill_no, status, remark, event_at)';
const LOG_VALUES = '(:idempotencyKey, :type, :orderId, :erpRef, :billNo, :shipmentStatus, :remark, :eventAt)';

/** An event-log INSERT that ignores a second delivery of the same event. */
const logInsert: Record<SqlDialectName, string> = {
  postgres: `INSERT INTO tracker_event_log ${LOG_COLUMNS}\nVALUES ${LOG_VALUES}\nON CONFLICT (idempotency_key) DO NOTHING`,
  mysql: `INSERT INTO tracker_event_log ${LOG_COLUMNS}\nVALUES ${LOG_VALUES}\nON DUPLICATE KEY UPDATE idempotency_key = idempotency_key`,
  mssql:
    'IF NOT EXISTS (SELECT 1 FROM dbo.tracker_event_log WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = :idempotencyKey)\n' +
    `  INSERT INTO dbo.tracker_event_log ${LOG_COLUMNS}\n  VALUES ${LOG_VALUES};`,
};

/** Idempotent examples: an UPDATE that only moves a row forward, or a keyed INSERT. */
export const SQL_EXAMPLES: Record<SqlDialectName, Record<OutboxEventType, string>> = {
  postgres: {
    'shipment.delivered':
      'UPDATE purchase_order SET received_at = :deliveredAt, logistics_no = :billNo\n WHERE po_no = :erpRef AND received_at IS NULL',
    'shipment.exception': logInsert.postgres,
    'shipment.returned': logInsert.postgres,
    'order.delivered':
      "UPDATE purchase_order SET status = 'received', received_at = COALESCE(received_at, :occurredAt::timestamptz)\n WHERE po_no = :erpRef AND status IS DISTINCT FROM 'received'",
    'shipment.status_changed': logInsert.postgres,
    'shipment.received': logInsert.postgres,
  },
  mysql: {
    'shipment.delivered':
      'UPDATE purchase_order SET received_at = :deliveredAt, logistics_no = :billNo\n WHERE po_no = :erpRef AND received_at IS NULL',
    'shipment.exception': logInsert.mysql,
    'shipment.returned': logInsert.mysql,
    'order.delivered':
      "UPDATE purchase_order SET status = 'received', received_at = COALESCE(received_at, :occurredAt)\n WHERE po_no = :erpRef AND NOT (status <=> 'received')",
    'shipment.status_changed': logInsert.mysql,
    'shipment.received': logInsert.mysql,
  },
  mssql: {
    'shipment.delivered':
      'UPDATE dbo.purchase_order SET received_at = :deliveredAt, logistics_no = :billNo\n WHERE po_no = :erpRef AND received_at IS NULL;',
    'shipment.exception': logInsert.mssql,
    'shipment.returned': logInsert.mssql,
    'order.delivered':
      "UPDATE dbo.purchase_order SET status = N'received', received_at = COALESCE(received_at, :occurredAt)\n WHERE po_no = :erpRef AND (status IS NULL OR status <> N'received');",
    'shipment.status_changed': logInsert.mssql,
    'shipment.received': logInsert.mssql,
  },
};

/** What a connection string looks like, per dialect (the password field's placeholder). */
export const SQL_CONNECTION_EXAMPLES: Record<SqlDialectName, string> = {
  postgres: 'postgres://user:password@host:5432/erp',
  mysql: 'mysql://user:password@host:3306/erp',
  mssql: 'Server=host,1433;Database=erp;User Id=user;Password=…;Encrypt=true',
};
