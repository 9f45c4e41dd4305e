// Runs in: main process / headless Node.
// Reading an order's parcels (getLogisticsInfos, one call per order) and scheduling the next read.
// The answer carries 1688's own status of each parcel (the second witness): every open parcel's
// status is judged again with it at once, not at its next trace poll.
import type { GatewayCalls } from './gatewayCalls';
import type { OrderDerivationWriter } from './orderDerivation';
import { runPool } from './pool';
import type { TraceWriter } from './traceWriter';
import type { CycleContext, SyncRuntime, SyncSettings } from './types';

const FINISHED_1688_STATUSES = new Set(['success', 'cancel', 'terminated']);

export function createParcelRefresh(rt: SyncRuntime, calls: GatewayCalls, derivation: OrderDerivationWriter, writer: TraceWriter) {
  const { store, client, clock, deps } = rt;
  const { stopStarting, guarded } = calls;
  const { recomputeOrder } = derivation;

  async function readParcels(ctx: CycleContext, s: SyncSettings, ids: string[]) {
    let done = 0;
    await runPool(ids, s.concurrency, async (orderId) => {
      const out = await guarded(ctx, orderId, () => client.getLogisticsInfos(orderId));
      deps.onProgress?.({ phase: 'parcels', done: ++done, total: ids.length });
      if (!out.ok) return;
      const parcels = out.value;
      const now = clock.now();
      const order = store.orders.get(orderId);
      store.transaction(() => {
        for (const p of parcels) store.shipments.upsertParcel(orderId, p, now);
        // A finished order is read once more (above) and then left alone.
        const finished = FINISHED_1688_STATUSES.has(order?.status_1688 ?? '');
        const recheck = parcels.length === 0 || order?.status_1688 === 'waitsellersend' ? s.unshippedRecheckMs : s.parcelRecheckMs;
        store.orders.markParcelsChecked(orderId, now, finished ? null : now + recheck);
        if (writer.rederive(orderId, now, s)) ctx.changed.add(orderId);
        if (recomputeOrder(orderId, now)) ctx.changed.add(orderId);
      });
    }, () => stopStarting(ctx));
  }

  return { readParcels };
}
