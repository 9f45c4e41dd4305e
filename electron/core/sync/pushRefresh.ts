// Runs in: main process / headless Node.
// What a batch of push hints costs: ONE call per order, chosen by what the push named (the
// order's detail, its parcel list, or its trace), through the cycle's guarded calls and hence
// the one limiter; and further calls only where 1688's own answer, not the push, says something
// changed (a new order, a changed status, a new parcel or waybill). A forged or replayed push
// therefore costs at most one rate-limited call.
import type { DueParcel } from '../store/shipments';
import type { CycleContext, SyncRuntime, SyncSettings } from './types';

/** What the pushes for one order asked for (coalesced: ten pushes, one hint). */
export interface PushHint {
  orderId: string;
  /** ORDER_BUYER_VIEW_*: the order's status changed. */
  order: boolean;
  /** LOGISTICS_MAIL_NO_CHANGE: the parcel list or a waybill changed (R8). */
  parcels: boolean;
  /** LOGISTICS_BUYER_VIEW_TRACE: a parcel reached a node. */
  trace: boolean;
  /** The parcels the pushes named. */
  logisticsIds: string[];
}

interface Steps {
  fetchDetails(ctx: CycleContext, s: SyncSettings, ids: string[]): Promise<void>;
  readParcels(ctx: CycleContext, s: SyncSettings, ids: string[]): Promise<void>;
  pollTraces(ctx: CycleContext, s: SyncSettings, due: readonly DueParcel[]): Promise<void>;
  stopStarting(ctx: CycleContext): boolean;
}

export function createPushRefresh(rt: SyncRuntime, steps: Steps) {
  const { store, clock } = rt;

  async function refreshHinted(ctx: CycleContext, s: SyncSettings, hints: readonly PushHint[]) {
    const details: string[] = [];
    const parcels: string[] = [];
    const traces: string[] = [];
    for (const h of hints) {
      if (h.trace && (!store.orders.get(h.orderId) || h.order)) traces.push(h.orderId);
      const order = store.orders.get(h.orderId);
      if (!order || h.order) {
        details.push(h.orderId);
        continue;
      }
      const known = new Set(store.shipments.byOrder(h.orderId).map((sh) => sh.logistics_id));
      if (h.parcels || h.logisticsIds.some((id) => !known.has(id))) parcels.push(h.orderId);
      else if (h.trace) traces.push(h.orderId);
    }
    const go = () => !steps.stopStarting(ctx);
    // The one call each order's push asked for.
    if (details.length) await steps.fetchDetails(ctx, s, details);
    if (go() && parcels.length) await steps.readParcels(ctx, s, parcels);
    // What 1688 said changed: an order new or changed (its parcels fall due), then any parcel new
    // or re-woken (its trace falls due).
    const now = clock.now();
    const dueParcelRead = new Set(store.orders.needingParcelCheck(now, 100_000));
    const followParcels = details.filter((id) => dueParcelRead.has(id));
    if (go() && followParcels.length) await steps.readParcels(ctx, s, followParcels);
    const due: DueParcel[] = [];
    const later = clock.now();
    const traced = new Set(traces);
    for (const id of new Set([...traces, ...details, ...parcels])) {
      for (const sh of store.shipments.byOrder(id)) {
        if (sh.done !== 0) continue;
        // A parcel the push named is read now; others of a re-read order only when due or new.
        if (traced.has(id) || sh.last_polled_at === null || (sh.next_poll_at ?? Infinity) <= later) due.push(sh);
      }
    }
    if (go() && due.length) await steps.pollTraces(ctx, s, due);
  }

  return { refreshHinted };
}
