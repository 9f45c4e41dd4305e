// Runs in: main process / headless Node.
// An order's derived fields (its status, its newest parcel step) from its 1688 status, payment
// and parcels; written only when they change.
import type { OrderDerivation, ShipmentRow } from '../store/shipments';
import type { Store } from '../store';
import { deriveOrderStatus } from '../tracking/orderStatus';

export function createOrderDerivation(store: Store) {
  /** Re-derives the order's status and newest step from its parcels. True when it changed. */
  function recomputeOrder(orderId: string, now: number): boolean {
    const order = store.orders.get(orderId);
    if (!order) return false;
    const { status, newest } = derivedOfOrder(order, store.shipments.byOrder(orderId));
    return store.orders.setDerived(orderId, status, newest?.last_event_at ?? null, newest?.last_remark ?? null, now);
  }

  /**
   * recomputeOrder for the trace writer, which has read the order's few fields it needs and has
   * its parcels as they now stand: writes only when something differs (as setDerived's own
   * condition would).
   */
  function recomputeDerived(orderId: string, order: OrderDerivation, now: number, parcels: readonly ShipmentRow[]): boolean {
    const { status, newest } = derivedOfOrder(order, parcels);
    const lastEventAt = newest?.last_event_at ?? null;
    const lastRemark = newest?.last_remark ?? null;
    if (order.status === status && order.last_event_at === lastEventAt && order.last_remark === lastRemark) return false;
    return store.orders.setDerived(orderId, status, lastEventAt, lastRemark, now);
  }

  return { recomputeOrder, recomputeDerived };
}

export type OrderDerivationWriter = ReturnType<typeof createOrderDerivation>;

/** An order's status and newest parcel step, from its 1688 status, payment and parcels. */
function derivedOfOrder(order: { status_1688: string | null; paid_at: number | null }, parcels: readonly ShipmentRow[]) {
  const status = deriveOrderStatus({
    status1688: order.status_1688,
    paid: order.paid_at !== null,
    shipmentStatuses: parcels.map((sh) => sh.status),
  });
  const newest = parcels.reduce<ShipmentRow | undefined>(
    (a, sh) => (sh.last_event_at !== null && (!a || (a.last_event_at ?? 0) < sh.last_event_at) ? sh : a),
    undefined,
  );
  return { status, newest };
}
