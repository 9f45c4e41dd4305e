// Runs in: main process / headless Node.
// How a cycle makes its gateway calls: each one guarded (its failure recorded in the cycle's
// errors), and none started once the token is gone, the app is quitting or the gateway is down.
import { GatewayError } from '../ali1688/errors';
import type { CycleContext, SyncError, SyncRuntime } from './types';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SyncError };

export function newCycleContext(): CycleContext {
  return {
    errors: [],
    changed: new Set(),
    ordersSeen: new Set(),
    shipmentsPolled: 0,
    newEvents: 0,
    unauthorized: false,
    successes: 0,
    failures: 0,
    networkStreak: 0,
    witnessWanted: new Set(),
  };
}

export function createGatewayCalls(rt: SyncRuntime) {
  const { logger } = rt;

  /**
   * No new call starts once the token is gone, the app is quitting, or the gateway looks
   * unreachable: the first network failure (after the client's own retries) with no success in
   * the cycle yet, or three in a row after one. Otherwise an outage costs a call per due order
   * per cycle; the scheduler's backoff decides when to try again.
   */
  function stopStarting(ctx: CycleContext): boolean {
    return ctx.unauthorized || rt.aborted() || ctx.networkStreak >= (ctx.successes === 0 ? 1 : 3);
  }

  /** Runs one gateway call and records its failure in the cycle's errors. */
  async function guarded<T>(ctx: CycleContext, orderId: string | undefined, call: () => Promise<T>): Promise<Outcome<T>> {
    if (ctx.unauthorized) return { ok: false, error: { code: 'unauthorized', message: '1688 授权已失效，请重新连接账号。' } };
    try {
      const value = await call();
      ctx.successes++;
      ctx.networkStreak = 0;
      return { ok: true, value };
    } catch (e) {
      ctx.failures++;
      const err = e instanceof GatewayError ? e : null;
      const code = err?.kind ?? 'internal';
      if (code === 'unauthorized') ctx.unauthorized = true;
      if (code === 'network' || code === 'timeout') ctx.networkStreak++;
      else ctx.networkStreak = 0;
      const error: SyncError = { code, message: err?.userMessage ?? (e instanceof Error ? e.message : String(e)), ...(orderId ? { orderId } : {}) };
      ctx.errors.push(error);
      if (!err) logger.error('unexpected sync error', { error: String(e), orderId });
      return { ok: false, error };
    }
  }

  return { stopStarting, guarded };
}

export type GatewayCalls = ReturnType<typeof createGatewayCalls>;
