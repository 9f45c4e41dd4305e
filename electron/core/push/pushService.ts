// Runs in: main process / headless Node.
// The push side of sync, wired: the channel (when switched on and an account is connected), the
// router (what a push does), replay after every gap (start-up, reconnect: push.query.messageList,
// store first, push.message.confirm after), and the poll stretch the scheduler reads while the
// channel is live. Polling stays the safety net: the moment the channel drops, the schedule is
// today's again and the scheduler is woken.
import type { Ali1688Client } from '../ali1688/client';
import type { Logger } from '../ports';
import type { Store } from '../store';
import type { PollStretch, PushHint, SyncResult } from '../sync/syncEngine';
import { createPushChannel, realTimers, type ChannelSocket, type ChannelStatus, type ChannelTimers } from './channel';
import { createPushRouter } from './pushRouter';
import { createPushStore } from './pushStore';

/**
 * The schedule while pushes arrive. A push comes at the FIRST arrival of a parcel in each node
 * (§11.2: CONSIGN, ACCEPT, TRANSPORT, DELIVERING, AGENT_SIGN, SIGN, FAILED), and the replay sweep
 * (below) brings a late or lost one within its interval, so a parcel's poll stretches only where
 * a push can announce its next step that matters:
 * - no problem yet: ×4, at most 5¾ h, in transit (scans between hubs are not pushed; they wait for
 *   the stretched poll); ×12 (so 5¾ h, 2 h out for delivery) where the next step can only be a new
 *   node, which is pushed: no scan yet, picked up (next: in transit), out for delivery for the
 *   first time (next: signed, at a station, or a first failure), waiting at a station (next: signed).
 * - once it has had a failed attempt, an exception or a return (the FAILED node is reached), a
 *   second attempt, a second failure or the return's steps are not pushed: today's interval.
 * Scheduled parcel-list re-reads (R8) stretch ×36 up to 72 h (a new parcel's first node, a
 * shipment and a waybill change are pushed; the re-read stays as the bound for a topic the
 * console does not send) and the order-list discovery ×4 up to 2 h (orders paid, shipped, closed
 * are pushed; a push for an order the tracker does not know starts tracking it).
 */
export const PUSH_POLL_STRETCH: PollStretch = {
  factor: 4,
  // Under today's longest interval (6 h, a parcel unchanged for 3 days): a stretched poll is never
  // the latest way a step is found, so no step waits longer than today's schedule would let it.
  capMs: 5.75 * 3600_000,
  // The next step can only be a new node, which is pushed.
  byStatus: { not_found: 12, info_received: 12, picked_up: 12, out_for_delivery: 12, awaiting_pickup: 12 },
  afterProblem: 1,
  parcelList: { factor: 36, capMs: 72 * 3600_000 },
  discovery: { factor: 4, capMs: 2 * 3600_000 },
};
/** Replay pages per gap, each one query and one confirm: a bound on what a replay may cost. */
const REPLAY_MAX_PAGES = 20;
const REPLAY_PAGE_SIZE = 100;

/**
 * The replay sweep while the channel is live. A push can be late or lost (§11), but 1688 keeps
 * every unconfirmed message for replay from its birth (gmtBorn), so one `push.query.messageList`
 * call every `everyMs` finds what the channel did not bring, whatever the number of parcels: a
 * late or lost push then waits at most `everyMs`, at a cost per app, not per parcel. A sweep that
 * fails is tried again `retryMs` later. Messages a sweep finds go through the same router as the
 * channel's (deduplicated by msgId, stored before they are confirmed).
 */
export interface ReplaySweep {
  everyMs: number;
  retryMs: number;
}
export const PUSH_REPLAY_SWEEP: ReplaySweep = { everyMs: 150_000, retryMs: 15_000 };
/** How often the service looks whether a sweep is due (real time). */
const SWEEP_CHECK_MS = 5_000;

export interface PushServiceDeps {
  store: Store;
  client: Ali1688Client;
  logger: Logger;
  /** Whether the channel should run and where it connects (read on start and reconfigure). */
  config: () => { enabled: boolean; url: string };
  credentials: () => Promise<{ appKey: string; appSecret: string; accessToken: string } | null>;
  authorizationCancelled: (memberId: string | null) => void;
  refresh: (hints: PushHint[]) => Promise<SyncResult>;
  onRefreshed?: (r: SyncResult) => void;
  /** Channel state changes (the status bar); `dropped` when it stopped being live. */
  onState?: (s: PushChannelView, dropped: boolean) => void;
  timers?: ChannelTimers;
  open?: (url: string) => ChannelSocket;
  heartbeatMs?: number;
  backoff?: { baseMs?: number; capMs?: number };
  coalesceMs?: number;
  stretch?: PollStretch;
  /** The replay sweep while live (default PUSH_REPLAY_SWEEP; null: none). */
  sweep?: ReplaySweep | null;
  /** How often a timer looks whether a sweep is due (default 5 s; 0: only sweepIfDue() does). */
  sweepCheckMs?: number;
}

export interface PushChannelView extends ChannelStatus {
  enabled: boolean;
  url: string;
}

export function createPushService(deps: PushServiceDeps) {
  const { logger } = deps;
  const timers = deps.timers ?? realTimers;
  const pushes = createPushStore(deps.store.db);
  const router = createPushRouter({
    store: deps.store,
    pushes,
    logger,
    timers,
    refresh: deps.refresh,
    authorizationCancelled: deps.authorizationCancelled,
    onRefreshed: deps.onRefreshed,
    ...(deps.coalesceMs !== undefined ? { coalesceMs: deps.coalesceMs } : {}),
  });
  let channel: ReturnType<typeof createPushChannel> | null = null;
  let current = { enabled: false, url: '' };
  let replaying: Promise<boolean> | null = null;
  const sweep = deps.sweep === undefined ? PUSH_REPLAY_SWEEP : deps.sweep;
  /** When the next replay sweep is due (world clock); set by every replay that ends. */
  let sweepDueAt = Infinity;
  let sweepTimer: unknown = null;
  const sweeps = { runs: 0, failed: 0, found: 0 };
  let lastState: ChannelStatus = { state: 'off', since: timers.now(), message: null, garbage: 0 };

  function build(url: string) {
    return createPushChannel({
      url,
      logger,
      timers,
      ...(deps.open ? { open: deps.open } : {}),
      ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}),
      ...(deps.backoff ? { backoff: deps.backoff } : {}),
      credentials: async () => {
        const c = await deps.credentials();
        return c && c.appKey && c.appSecret && c.accessToken ? { appKey: c.appKey, appSecret: c.appSecret } : null;
      },
      onPush: (m, push) => {
        const ch = channel;
        router.receive(m, () => ch?.confirm(push, timers.now() - push.receivedAt));
      },
      onState: (s) => {
        const wasLive = lastState.state === 'live';
        lastState = s;
        // Every (re)connection follows a gap: what was pushed meanwhile is replayed.
        if (s.state === 'live' && !wasLive) void replay();
        deps.onState?.(view(), wasLive && s.state !== 'live');
      },
    });
  }

  function view(): PushChannelView {
    return { ...(channel?.status() ?? lastState), enabled: current.enabled, url: current.url };
  }

  /**
   * Missed messages, oldest first: stored (their refresh committed) before they are confirmed.
   * True when 1688 was asked and answered (the list read, what was handled confirmed).
   */
  async function replay(): Promise<boolean> {
    if (replaying) return replaying;
    replaying = (async () => {
      router.requeuePending();
      await router.flush();
      for (let i = 0; i < REPLAY_MAX_PAGES; i++) {
        let page: Awaited<ReturnType<Ali1688Client['queryPushMessages']>>;
        try {
          page = await deps.client.queryPushMessages({ page: 1, pageSize: REPLAY_PAGE_SIZE });
        } catch (e) {
          logger.warn('push replay: listing missed messages failed', { error: String(e).slice(0, 300) });
          return false;
        }
        if (page.messages.length === 0) return true;
        for (const m of page.messages) router.receive(m);
        await router.flush();
        const handled = page.messages.filter((m) => pushes.isHandled(m.msgId)).map((m) => m.msgId);
        // Nothing could be stored (offline, token gone): confirm nothing, polling covers it.
        if (handled.length === 0) return false;
        try {
          if (await deps.client.confirmPushMessages(handled)) pushes.markConfirmed(handled, timers.now());
        } catch (e) {
          logger.warn('push replay: confirming failed', { error: String(e).slice(0, 300) });
          return false;
        }
        // Confirming changes what page 1 holds: ask again from page 1 until it is empty.
        if (handled.length < page.messages.length) return false;
      }
      return true;
    })().then(
      (ok) => {
        // Every replay, the one after a gap too, counts as a sweep: the next is due a full interval later.
        if (sweep) sweepDueAt = timers.now() + (ok ? sweep.everyMs : sweep.retryMs);
        return ok;
      },
    ).finally(() => {
      replaying = null;
    });
    return replaying;
  }

  /** While live: a replay sweep if one is due (the timer calls this; a bench on a virtual clock too). */
  async function sweepIfDue(): Promise<void> {
    if (!sweep || !channel?.live || replaying || timers.now() < sweepDueAt) return;
    const before = router.stats().received;
    sweeps.runs++;
    const ok = await replay();
    if (!ok) sweeps.failed++;
    sweeps.found += router.stats().received - before;
  }

  function armSweepTimer() {
    const every = deps.sweepCheckMs ?? SWEEP_CHECK_MS;
    if (!sweep || every <= 0 || sweepTimer !== null) return;
    sweepTimer = timers.setTimeout(() => {
      sweepTimer = null;
      void sweepIfDue().finally(() => {
        if (channel) armSweepTimer();
      });
    }, every);
  }

  function disarmSweepTimer() {
    if (sweepTimer !== null) timers.clearTimeout(sweepTimer);
    sweepTimer = null;
  }

  return {
    router,
    pushes,
    start() {
      pushes.prune(timers.now());
      this.reconfigure();
    },
    /** Applies the settings (switch, URL) and a connected or disconnected account. */
    reconfigure() {
      const next = deps.config();
      const same = next.enabled === current.enabled && next.url === current.url;
      if (same && channel) {
        // Same settings: an account connected since may let a stopped channel start.
        if (channel.status().state === 'off' && next.enabled) channel.start();
        return;
      }
      channel?.stop();
      channel = null;
      disarmSweepTimer();
      current = next;
      if (next.enabled && next.url) {
        channel = build(next.url);
        channel.start();
        armSweepTimer();
      } else {
        lastState = { state: 'off', since: timers.now(), message: null, garbage: lastState.garbage };
        deps.onState?.(view(), false);
      }
    },
    /** The stretched schedule while pushes arrive, else null (today's schedule). */
    pollStretch(): PollStretch | null {
      return channel?.live ? (deps.stretch ?? PUSH_POLL_STRETCH) : null;
    },
    status: view,
    replay,
    sweepIfDue,
    /** Replay sweeps while live: run, failed (tried again soon), messages they brought. */
    sweepStats: () => ({ ...sweeps }),
    /** Settles once the replay after the latest gap (started when the channel went live) is done. */
    replayed: async (): Promise<void> => {
      await replaying;
    },
    async stop() {
      disarmSweepTimer();
      channel?.stop();
      channel = null;
      router.stop();
      await replaying;
      await router.draining;
    },
  };
}

export type PushService = ReturnType<typeof createPushService>;
