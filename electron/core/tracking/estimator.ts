// Runs in: main process / headless Node.
// Expected delivery for each parcel, learned from this database's delivered parcels. The history
// is read once per sync cycle and grouped by carrier; each route's estimate is memoised, so an
// order's detail costs no extra query.
import type { DeliveryEstimateView } from '../../../shared/contract';
import type { Store } from '../store';
import type { ShipmentRow } from '../store/shipments';
import { estimateDelivery, type DeliveryEstimate, type TransitSample } from './deliveryEstimate';

export interface ParcelEstimate {
  expectedAt: number;
  basis: DeliveryEstimate['basis'];
}

export function createDeliveryEstimator(store: Store, defaultDays: () => number) {
  const historyQuery = store.db.prepare<[], TransitSample & { carrierCode: string }>(`
    SELECT carrier_code AS carrierCode, origin_city AS originCity, origin_province AS originProvince,
      dest_city AS destCity, dest_province AS destProvince, delivered_at - shipped_at AS transitMs
    FROM shipments
    WHERE status = 'delivered' AND carrier_code IS NOT NULL AND shipped_at IS NOT NULL AND delivered_at > shipped_at`);
  let byCarrier: Map<string, TransitSample[]> | null = null;
  const memo = new Map<string, DeliveryEstimate>();

  function history(carrier: string): TransitSample[] {
    if (!byCarrier) {
      byCarrier = new Map();
      for (const row of historyQuery.iterate()) {
        const key = row.carrierCode.toUpperCase();
        let list = byCarrier.get(key);
        if (!list) byCarrier.set(key, (list = []));
        list.push(row);
      }
    }
    return byCarrier.get(carrier.toUpperCase()) ?? [];
  }

  /** The route's transit estimate, as if shipped at time 0. */
  function routeEstimate(sh: ShipmentRow): DeliveryEstimate {
    const days = defaultDays();
    const key = [sh.carrier_code, sh.origin_city, sh.origin_province, sh.dest_city, sh.dest_province, days].join('\u0001');
    let e = memo.get(key);
    if (!e) {
      e = estimateDelivery(
        {
          carrierCode: sh.carrier_code,
          carrierName: sh.carrier_name,
          originCity: sh.origin_city,
          originProvince: sh.origin_province,
          destCity: sh.dest_city,
          destProvince: sh.dest_province,
          shippedAt: 0,
        },
        sh.carrier_code ? history(sh.carrier_code) : [],
        { defaultDays: days },
      );
      memo.set(key, e);
    }
    return e;
  }

  function estimateFor(sh: ShipmentRow): ParcelEstimate {
    const e = routeEstimate(sh);
    return { expectedAt: (sh.shipped_at ?? sh.first_seen_at) + e.expectedAt, basis: e.basis };
  }

  return {
    estimateFor,
    /** For the UI: nothing to expect once a parcel is delivered, returned or cancelled. */
    viewFor(sh: ShipmentRow): DeliveryEstimateView | null {
      if (sh.status === 'delivered' || sh.status === 'returned' || sh.status === 'cancelled') return null;
      const e = estimateFor(sh);
      return { expectedAt: new Date(e.expectedAt).toISOString(), basis: e.basis.text, basisEn: e.basis.textEn };
    },
    /** New deliveries were recorded: learn from them next time. */
    invalidate() {
      byCarrier = null;
      memo.clear();
    },
  };
}

export type DeliveryEstimator = ReturnType<typeof createDeliveryEstimator>;
