// ERP outbox events in the clerk's words: the event type ("包裹签收") and the error text.
import { useTranslation } from 'react-i18next';
import type { OutboxEventType, OutboxRowView } from '../../shared/contract';
import { OUTBOX_EVENT_TYPES } from '../lib/contractLists';
import { safeText } from '../lib/safeText';

const TYPE_KEYS = {
  'shipment.delivered': 'shipmentDelivered',
  'shipment.exception': 'shipmentException',
  'shipment.returned': 'shipmentReturned',
  'order.delivered': 'orderDelivered',
  'shipment.status_changed': 'shipmentStatusChanged',
  'shipment.received': 'shipmentReceived',
} as const satisfies Record<OutboxEventType, string>;

/** The event type in words ("包裹签收"). */
export function useEventTypeLabel(): (type: OutboxEventType) => string {
  const { t } = useTranslation();
  return (type) => t(`erp.types.${TYPE_KEYS[type]}`);
}

/** The event type an idempotency key belongs to (its prefix), if it is one. */
export function typeOfKey(key: string): OutboxEventType | null {
  const prefix = key.split(':', 1)[0] ?? '';
  return (OUTBOX_EVENT_TYPES as readonly string[]).includes(prefix) ? (prefix as OutboxEventType) : null;
}

/** The error text, without a leading "HTTP 422：" when the status is shown next to it. Plain text. */
export function errorText(row: Pick<OutboxRowView, 'lastError' | 'lastStatus'>): string {
  const text = safeText(row.lastError).trim();
  if (row.lastStatus === null) return text;
  const prefix = `HTTP ${row.lastStatus}`;
  return text.startsWith(prefix) ? text.slice(prefix.length).replace(/^\s*[：:]\s*/, '') : text;
}
