// Order status shown to the clerk (tracking-domain.md §3). Pure.
import type { OrderStatus, ShipmentStatus } from '../../../shared/domain';

export { nextPollDelayMs, DEFAULT_POLL_SETTINGS, type PollSettings } from './shipmentStatus';

export interface OrderStatusInput {
  /** Raw 1688 order status (baseInfo.status), any case. */
  status1688: string | null;
  paid: boolean;
  shipmentStatuses: readonly ShipmentStatus[];
}

const PROBLEM: readonly ShipmentStatus[] = ['exception', 'failed_attempt', 'returning', 'returned'];

/**
 * Precedence: cancelled > awaiting_payment > exception > completed > delivered >
 * partially_delivered > in_transit > awaiting_shipment.
 * - Cancelled parcels (a waybill replaced by another) are ignored; an order whose parcels are
 *   all cancelled is treated as having none.
 * - `completed` needs 1688 to say the trade is done (success / confirm_goods*) AND every known
 *   parcel delivered (or none tracked, e.g. an old order with no logistics). A buyer can confirm
 *   before the carrier's last scan; until the parcels agree the order shows the parcel truth,
 *   and a parcel problem outranks it so the clerk still sees a return on a closed trade.
 * - With no parcels known yet, 1688's own word is used: waitbuyerreceive/waitbuyersign mean it
 *   was shipped (in_transit), signinsuccess means it was signed (delivered).
 */
export function deriveOrderStatus(input: OrderStatusInput): OrderStatus {
  const s = (input.status1688 ?? '').trim().toLowerCase();
  if (s === 'cancel' || s === 'terminated') return 'cancelled';
  const parcels = input.shipmentStatuses.filter((x) => x !== 'cancelled');
  if (s === 'waitbuyerpay' || (s === '' && !input.paid && parcels.length === 0)) return 'awaiting_payment';
  if (parcels.some((x) => PROBLEM.includes(x))) return 'exception';
  const delivered = parcels.filter((x) => x === 'delivered').length;
  const allDelivered = delivered === parcels.length;
  if ((s === 'success' || s.startsWith('confirm_goods')) && allDelivered) return 'completed';
  if (parcels.length === 0) {
    if (s === 'waitbuyerreceive' || s === 'waitbuyersign') return 'in_transit';
    if (s === 'signinsuccess') return 'delivered';
    return 'awaiting_shipment';
  }
  if (allDelivered) return 'delivered';
  if (delivered > 0) return 'partially_delivered';
  return 'in_transit';
}
