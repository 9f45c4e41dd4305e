// Runs in: main process / headless Node.
// Finding orders: the buyer's order list (open orders first, then what changed since the last
// pass) and the detail of orders added by hand or imported.
import type { OrderInfo } from '../ali1688/schemas';
import type { GatewayCalls } from './gatewayCalls';
import type { OrderDerivationWriter } from './orderDerivation';
import { runPool } from './pool';
import type { CycleContext, SyncRuntime, SyncSettings } from './types';

/** 1688 order states worth tracking when first discovered: paid and shipping. */
const OPEN_1688_STATUSES = new Set(['waitsellersend', 'waitlogisticstakein', 'waitbuyerreceive', 'waitbuyersign']);
const DISCOVERY_STATUSES = ['waitsellersend', 'waitbuyerreceive'] as const;
const PERMANENT_ORDER_ERRORS = new Set(['no_permission', 'too_old', 'not_found', 'bad_request']);

export const STATE_DISCOVERY_CURSOR = 'discovery.cursor';
export const STATE_DISCOVERY_RAN_AT = 'discovery.ranAt';

export function createDiscovery(rt: SyncRuntime, calls: GatewayCalls, derivation: OrderDerivationWriter) {
  const { store, client, clock, deps } = rt;
  const { stopStarting, guarded } = calls;
  const { recomputeOrder } = derivation;

  function recordOrder(ctx: CycleContext, info: OrderInfo, now: number, opts: { withDetail?: boolean } = {}) {
    const known = store.orders.get(info.orderId);
    if (!known && !OPEN_1688_STATUSES.has(info.status1688)) return; // not an open purchase we track
    ctx.ordersSeen.add(info.orderId);
    store.transaction(() => {
      const r = store.orders.upsertFromGateway(info, now, opts);
      if (r.changed) {
        store.orders.markParcelsDue(info.orderId, now);
        if (recomputeOrder(info.orderId, now)) ctx.changed.add(info.orderId);
      }
      if (r.created) ctx.changed.add(info.orderId);
      if (opts.withDetail) store.orders.setError(info.orderId, null, now);
    });
  }

  async function discoverOrders(ctx: CycleContext, s: SyncSettings) {
    const now = clock.now();
    const cursor = store.syncState.get<number>(STATE_DISCOVERY_CURSOR);
    // First run: every open order by status. Later: everything modified since the last run
    // (any status, so orders that completed or were cancelled are seen too).
    const queries: { orderStatus?: string; modifyStartTime?: number }[] =
      cursor === undefined
        ? DISCOVERY_STATUSES.map((orderStatus) => ({ orderStatus }))
        : [{ modifyStartTime: cursor - s.discoveryOverlapMs }];
    let complete = true;
    for (const q of queries) {
      let page = 1;
      let seen = 0;
      for (;;) {
        if (stopStarting(ctx)) {
          complete = false;
          break;
        }
        deps.onProgress?.({ phase: 'discover', done: seen, total: 0 });
        const out = await guarded(ctx, undefined, () => client.getBuyerOrderList({ ...q, page, pageSize: s.pageSize }));
        if (!out.ok) {
          complete = false;
          break;
        }
        const res = out.value;
        for (const info of res.orders) recordOrder(ctx, info, clock.now());
        seen += res.orders.length;
        if (res.orders.length === 0 || seen >= res.totalRecord || page >= 10_000) break;
        page++;
      }
      if (stopStarting(ctx)) return;
    }
    // Move the cursor only after a complete pass: an interrupted one is repeated, never skipped.
    if (complete) {
      store.syncState.set(STATE_DISCOVERY_CURSOR, now);
      store.syncState.set(STATE_DISCOVERY_RAN_AT, now);
    }
  }

  async function fetchDetails(ctx: CycleContext, s: SyncSettings, ids: string[]) {
    let done = 0;
    await runPool(ids, s.concurrency, async (orderId) => {
      const out = await guarded(ctx, orderId, () => client.getOrderDetail(orderId));
      const now = clock.now();
      if (out.ok) {
        ctx.ordersSeen.add(orderId);
        recordOrder(ctx, { ...out.value, orderId }, now, { withDetail: true });
      } else if (PERMANENT_ORDER_ERRORS.has(out.error.code)) {
        // Permanent answers about this order are kept on it; transient ones retry next cycle.
        store.orders.unreadable(orderId, out.error.code, out.error.message, now);
      }
      deps.onProgress?.({ phase: 'details', done: ++done, total: ids.length });
    }, () => stopStarting(ctx));
  }

  return { recordOrder, discoverOrders, fetchDetails };
}
