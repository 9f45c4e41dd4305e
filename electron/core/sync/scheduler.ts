// Runs in: main process / headless Node.
// Decides when to sync: as soon as a parcel falls due (or discovery does), on demand, with
// backoff while the gateway is unreachable, and not at all while the account needs reconnecting.
import type { PushChannelStatus, SyncState, SyncStatus } from '../../../shared/contract';
import type { Account } from '../account';
import type { Clock, Logger } from '../ports';
import type { Store } from '../store';
import { stretchedMs, type PollStretch, type RunOptions, type SyncEngine, type SyncProgress, type SyncResult } from './syncEngine';

export interface SchedulerDeps {
  /** One engine, or every account's engines run as one (accounts/accountSync.ts). */
  engine: Pick<SyncEngine, 'runCycle' | 'abort' | 'running'>;
  store: Store;
  account: Account;
  clock: Clock;
  logger: Logger;
  discoveryIntervalMs: () => number;
  demo?: boolean;
  onProgress?: (p: SyncProgress) => void;
  onFinished?: (r: SyncResult) => void;
  /** Work to do after every cycle and on idle ticks (time-based alert rules, notification flush). */
  onTick?: (now: number) => void;
  /** While the push channel is live: the stretched poll schedule (see SyncEngineDeps.pollStretch). */
  pollStretch?: () => PollStretch | null;
  /** The push channel's state, shown next to the sync state. */
  channel?: () => PushChannelStatus;
}

const MIN_GAP_MS = 5_000;
const MAX_SLEEP_MS = 5 * 60_000;
const OFFLINE_BACKOFF_MS = [30_000, 60_000, 120_000, 300_000, 600_000];
/** When the gateway last answered: what "数据截至" (data as of) shows while offline. */
const LAST_CONTACT_KEY = 'gateway.lastContactAt';

export function createSyncScheduler(deps: SchedulerDeps) {
  const { engine, store, account, clock, logger } = deps;
  let state: SyncState = 'idle';
  let progress: SyncStatus['progress'] = null;
  let offlineSince: number | null = null;
  let offlineStreak = 0;
  let nextRunAt: number | null = null;
  let stopped = true;
  let wakeRequested = false;
  let loop: Promise<void> | null = null;
  let message: string | null = null;

  async function cycle(opts: RunOptions): Promise<SyncResult> {
    state = 'syncing';
    progress = { done: 0, total: 0, phase: 'discover' };
    try {
      const r = await engine.runCycle(opts);
      afterCycle(r);
      return r;
    } finally {
      progress = null;
    }
  }

  function afterCycle(r: SyncResult) {
    const now = clock.now();
    if (r.reachedGateway) store.syncState.set(LAST_CONTACT_KEY, now);
    if (r.unauthorized) {
      account.setNeedsReconnect(true);
      state = 'needs_reconnect';
      message = '1688 授权已失效，请重新连接账号。';
    } else if (r.offline) {
      offlineSince ??= now;
      offlineStreak++;
      state = 'offline';
      message = '无法连接 1688 开放平台，正在使用本地数据，稍后自动重试。';
    } else if (r.reachedGateway || offlineSince === null) {
      offlineSince = null;
      offlineStreak = 0;
      state = 'idle';
      message = r.errors.length ? (r.errors[0]?.message ?? null) : null;
    }
    // Else: a cycle that made no call learned nothing; the offline state and its backoff stand.
    try {
      deps.onTick?.(now);
    } catch (e) {
      logger.error('post-sync work failed', { error: String(e) });
    }
    deps.onFinished?.(r);
  }

  function computeNextRun(now: number): number {
    if (offlineSince !== null) {
      return now + (OFFLINE_BACKOFF_MS[Math.min(offlineStreak - 1, OFFLINE_BACKOFF_MS.length - 1)] ?? MAX_SLEEP_MS);
    }
    const stretch = deps.pollStretch?.() ?? null;
    const dueAt = store.shipments.nextDueAt(stretch);
    const lastDiscovery = store.syncState.get<number>('discovery.ranAt');
    const discoveryAt = lastDiscovery === undefined ? now : lastDiscovery + stretchedMs(deps.discoveryIntervalMs(), stretch?.discovery);
    const candidates = [discoveryAt, now + MAX_SLEEP_MS];
    if (dueAt !== null) candidates.push(dueAt);
    return Math.max(now + MIN_GAP_MS, Math.min(...candidates));
  }

  /** Sleeps in short steps of the clock so stop() and runNow() take effect promptly. */
  async function sleepUntil(t: number) {
    while (!stopped && !wakeRequested && clock.now() < t) {
      await clock.sleep(Math.min(1000, t - clock.now()));
    }
  }

  async function run() {
    while (!stopped) {
      wakeRequested = false;
      const now = clock.now();
      if (!(await account.hasCredentials())) {
        state = 'not_connected';
        nextRunAt = null;
        await sleepUntil(now + 60_000);
        continue;
      }
      if (account.needsReconnect()) {
        state = 'needs_reconnect';
        nextRunAt = null;
        await sleepUntil(now + 60_000);
        continue;
      }
      if (nextRunAt === null || now >= nextRunAt) {
        try {
          // While offline every cycle lists orders, so it probes the gateway even when nothing is due.
          await cycle(offlineSince !== null ? { trigger: 'schedule', discover: 'force' } : { trigger: 'schedule' });
        } catch (e) {
          logger.error('scheduled sync failed', { error: String(e) });
        }
        nextRunAt = computeNextRun(clock.now());
      }
      await sleepUntil(nextRunAt);
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    async stop() {
      stopped = true;
      await engine.abort();
      await loop;
      loop = null;
    },
    /** Syncs now (joining a cycle already under way); the loop then sleeps until the next due time. */
    async runNow(opts: RunOptions = { trigger: 'manual', discover: 'force' }): Promise<SyncResult> {
      const r = await (engine.running ?? cycle(opts));
      nextRunAt = computeNextRun(clock.now());
      wakeRequested = true;
      return r;
    },
    /** Syncs as soon as possible (after connecting an account, or adding orders). */
    wake() {
      nextRunAt = null;
      wakeRequested = true;
    },
    setProgress(p: SyncProgress) {
      progress = { done: p.done, total: p.total, phase: p.phase };
      deps.onProgress?.(p);
    },
    status(): SyncStatus {
      const last = store.syncRuns.last();
      const lastContact = store.syncState.get<number>(LAST_CONTACT_KEY) ?? store.syncRuns.lastOk()?.finished_at ?? null;
      const iso = (t: number | null | undefined) => (t ? new Date(t).toISOString() : null);
      let current: SyncState = state;
      if (current !== 'syncing' && account.needsReconnect()) current = 'needs_reconnect';
      return {
        // While the gateway is unreachable, background retries do not hide the offline state.
        state: offlineSince !== null && current === 'offline' ? 'offline' : engine.running ? 'syncing' : current,
        lastRun: last
          ? {
              startedAt: new Date(last.started_at).toISOString(),
              finishedAt: iso(last.finished_at),
              ok: last.ok === 1,
              calls: last.calls,
              errors: last.errors,
              newEvents: last.new_events,
            }
          : null,
        nextRunAt: iso(nextRunAt),
        progress,
        dataAsOf: iso(lastContact),
        offlineSince: iso(offlineSince),
        message: current === 'needs_reconnect' ? '1688 授权已失效，请重新连接账号。' : message,
        demo: deps.demo ?? false,
        ...(deps.channel ? { channel: deps.channel() } : {}),
        now: new Date(clock.now()).toISOString(),
      };
    },
  };
}

export type SyncScheduler = ReturnType<typeof createSyncScheduler>;
