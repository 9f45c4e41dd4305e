// The push side on top of the sandbox rig: the real channel (ws) to the sandbox's /websocket,
// the router and replay over the rig's engine, client and SQLite file.
import type { PushMessage } from '../../electron/core/ali1688/pushSchemas';
import { realTimers, type ChannelTimers } from '../../electron/core/push/channel';
import { createPushService, type PushChannelView, type PushService, type ReplaySweep } from '../../electron/core/push/pushService';
import type { Logger } from '../../electron/core/ports';
import type { SyncResult } from '../../electron/core/sync/syncEngine';
import type { Rig } from './sandboxRig';

export interface PushRig {
  service: PushService;
  states: PushChannelView[];
  warnings: string[];
  refreshes: SyncResult[];
  needsReconnect: { value: boolean };
}

export function capturingLogger(warnings: string[]): Logger {
  const noop = () => undefined;
  return { debug: noop, info: noop, warn: (msg: string) => void warnings.push(msg), error: (msg: string) => void warnings.push(`error: ${msg}`) } as Logger;
}

export interface StartPushOptions {
  timers?: ChannelTimers;
  coalesceMs?: number;
  enabled?: boolean;
  url?: string;
  /** The replay sweep while live (default: the app's). */
  sweep?: ReplaySweep | null;
  /** Its timer (default 0: only sweepIfDue() sweeps, so a test's call counts stay its own). */
  sweepCheckMs?: number;
  /** After each committed refresh, before anything is confirmed. */
  onRefreshed?: (r: SyncResult) => void;
}

export function startPush(rig: Rig, opts: StartPushOptions = {}): PushRig {
  const states: PushChannelView[] = [];
  const warnings: string[] = [];
  const refreshes: SyncResult[] = [];
  const needsReconnect = { value: false };
  const service = createPushService({
    store: rig.store,
    client: rig.client,
    logger: capturingLogger(warnings),
    config: () => ({ enabled: opts.enabled ?? true, url: opts.url ?? rig.gw.pushUrl }),
    credentials: async () => rig.creds,
    authorizationCancelled: (memberId) => {
      // Only a cancellation for this rig's member (or one that names none) concerns it.
      if (memberId === null || memberId === 'b2b-2207316541688a') needsReconnect.value = true;
    },
    refresh: (hints) => rig.engine.refreshPushed(hints),
    onRefreshed: (r) => {
      refreshes.push(r);
      opts.onRefreshed?.(r);
    },
    onState: (s) => void states.push(s),
    timers: opts.timers ?? { ...realTimers, now: rig.clock.now },
    backoff: { baseMs: 20, capMs: 100 },
    coalesceMs: opts.coalesceMs ?? 30,
    ...(opts.sweep !== undefined ? { sweep: opts.sweep } : {}),
    sweepCheckMs: opts.sweepCheckMs ?? 0,
  });
  service.start();
  return { service, states, warnings, refreshes, needsReconnect };
}

/** Waits (real time) until `cond` holds; fails with `what` after 10 s. Not a timing assertion. */
export async function until(cond: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A SERVER_PUSH frame as 1688 writes it: ids as bare numbers, content a JSON string. */
export function pushFrame(frameId: string, msg: { msgId: string; type: string; data: unknown; gmtBorn?: number }): string {
  const content = `{"msgId":${msg.msgId},"gmtBorn":${msg.gmtBorn ?? 1},"type":${JSON.stringify(msg.type)},"userInfo":"b2b-2207316541688a","data":${JSON.stringify(msg.data).replace(/"(\d{16,})"/g, '$1')}}`;
  return `{"content":${JSON.stringify(content)},"id":${frameId},"msgSource":"REAL","pubTime":1,"type":"SERVER_PUSH"}`;
}

export function tracePushData(orderId: string, logisticsId: string, statusChanged = 'TRANSPORT') {
  return {
    OrderLogisticsTracingModel: {
      logisticsId,
      cpCode: 'ZTO',
      mailNo: '78000000000001',
      statusChanged,
      changeTime: '2026-10-01 12:00:00',
      orderLogsItems: [{ orderId, orderEntryId: orderId }],
    },
  };
}

export type { PushMessage };
