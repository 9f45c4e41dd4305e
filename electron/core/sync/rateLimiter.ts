// Runs in: main process / headless Node. The one limiter every 1688 gateway request goes through.
// It limits the REAL request rate, so it uses real time (not the domain Clock) unless a test
// injects `now`/`sleep`.

export interface RateLimiterStats {
  started: number;
  currentQps: number;
  /** Epoch ms (of `now`) until which starts are paused, or null when not paused. */
  pausedUntil: number | null;
  inFlight: number;
  queued: number;
}

export interface RateLimiter {
  /**
   * Runs `fn` when a slot is free and the spacing allows: FIFO within a lane, lanes in turn.
   * Lanes are the accounts sharing one AppKey: each start goes to the next lane with work, so a
   * big account cannot starve a small one. The default lane is ''.
   */
  run<T>(fn: () => Promise<T>, lane?: string): Promise<T>;
  /** This limiter seen by one account: every call it runs queues in `lane`. Same budget, same back-off. */
  lane(name: string): RateLimiter;
  /** The gateway answered gw.QosAppFrequencyLimit: pause all starts and slow down. */
  reportRateLimited(): void;
  /** Changes the target rate (clamped to (0, 10]). */
  setQps(qps: number): void;
  stats(): RateLimiterStats;
}

export interface RateLimiterOptions {
  qps?: number;
  maxInFlight?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** First pause after a QoS answer. */
  pauseMs?: number;
  maxPauseMs?: number;
  /** A report within this long after the previous pause ended doubles the pause. */
  escalationWindowMs?: number;
  /** Every this much quiet, the rate climbs back by `recoveryFraction` of the target. */
  recoveryStepMs?: number;
  recoveryFraction?: number;
  minQps?: number;
  /**
   * The highest rate that may be set. The app never goes above MAX_QPS; only tests and
   * benchmarks against the local sandbox gateway raise it, to run big worlds quickly.
   */
  ceilingQps?: number;
}

export const MAX_QPS = 10;
/**
 * Admission margin: the n = ⌊qps⌋ starts of any window are spread over at least 1000 ms × this.
 * A request may reach the gateway later than it started (event-loop stalls, network jitter),
 * which squeezes arrivals together: 6% lets any arrival be up to ~60 ms later than the one n
 * before it without n+1 landing in one second. (A per-start spacing with this margin lost a
 * further 3–5% of the budget to timer lateness that it never caught up; the window does.)
 */
export const WINDOW_SLACK = 1.06;
/** No two starts closer than this share of the average gap: the window is caught up smoothly, not in bursts. */
export const MIN_GAP_SHARE = 0.85;
/** Waking this much later than planned means the event loop was blocked, not a timer's usual lateness. */
export const STALL_MS = 50;

function clampQps(q: number, ceiling: number): number {
  if (!Number.isFinite(q) || q <= 0) throw new RangeError(`qps must be > 0, got ${q}`);
  return Math.min(q, ceiling);
}

const monotonicNow = () => performance.timeOrigin + performance.now();
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export function createRateLimiter(opts: RateLimiterOptions = {}): RateLimiter {
  const now = opts.now ?? monotonicNow;
  const sleep = opts.sleep ?? realSleep;
  const maxInFlight = Math.max(1, Math.floor(opts.maxInFlight ?? 4));
  const basePause = opts.pauseMs ?? 1_000;
  const maxPause = opts.maxPauseMs ?? 30_000;
  const escalationWindow = opts.escalationWindowMs ?? 30_000;
  const stepMs = opts.recoveryStepMs ?? 10_000;
  const stepFraction = opts.recoveryFraction ?? 0.1;
  const minQps = opts.minQps ?? 0.5;

  const ceiling = opts.ceilingQps ?? MAX_QPS;
  let targetQps = clampQps(opts.qps ?? 5, ceiling);
  let currentQps = targetQps;
  let recoveryFrom = 0; // time from which quiet is counted towards recovery
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let lastPause = 0;
  /** The latest start times, oldest first (at most ⌊qps⌋ of them are needed). */
  const recentStarts: number[] = [];
  const lastStart = () => recentStarts[recentStarts.length - 1] ?? Number.NEGATIVE_INFINITY;
  let started = 0;
  let inFlight = 0;
  let pumping = false;
  /** Waiting starts per lane, FIFO within each; lanes in the order they first queued. */
  const lanes = new Map<string, (() => void)[]>();
  let queued = 0;
  let lastLane: string | null = null;

  /** The next start: from the first lane after the one served last that has work (round-robin). */
  function takeNext(): () => void {
    const keys = [...lanes.keys()];
    const from = lastLane === null ? 0 : keys.indexOf(lastLane) + 1;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[(from + i) % keys.length] as string;
      const q = lanes.get(k) as (() => void)[];
      if (q.length === 0) continue;
      lastLane = k;
      queued--;
      return q.shift() as () => void;
    }
    throw new Error('rate limiter: nothing queued');
  }

  /** Applies the stepwise recovery earned since `recoveryFrom` and returns the rate in force. */
  function effectiveQps(t: number): number {
    if (currentQps >= targetQps) return (currentQps = targetQps);
    if (t <= recoveryFrom) return currentQps;
    const steps = Math.floor((t - recoveryFrom) / stepMs);
    if (steps > 0) {
      currentQps = Math.min(targetQps, currentQps + steps * stepFraction * targetQps);
      recoveryFrom += steps * stepMs;
    }
    return currentQps;
  }

  /**
   * Sliding-window admission: the start n = ⌊q⌋ places back must be at least n/q seconds
   * (× WINDOW_SLACK) ago, so any second holds at most n starts while a start that woke late is
   * made up by the next ones; and no gap is shorter than MIN_GAP_SHARE of the average.
   */
  function earliestStart(q: number): number {
    const n = Math.max(1, Math.floor(q));
    const nBack = recentStarts.length >= n ? (recentStarts[recentStarts.length - n] as number) : Number.NEGATIVE_INFINITY;
    return Math.max(nBack + ((n * 1000) / q) * WINDOW_SLACK, lastStart() + (1000 / q) * MIN_GAP_SHARE);
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queued > 0 && inFlight < maxInFlight) {
        const t = now();
        const earliest = Math.max(earliestStart(effectiveQps(t)), pausedUntil);
        if (t < earliest) {
          // Re-checked after waking: a pause or a rate change may have arrived meanwhile.
          await sleep(earliest - t);
          const stalled = now() - earliest;
          // Woke far too late: the event loop was blocked, and the request started last may
          // have been held with it and only now be on the wire. Count it as starting now.
          if (stalled > STALL_MS && recentStarts.length > 0 && t - lastStart() < 1000 / effectiveQps(t)) {
            recentStarts[recentStarts.length - 1] = now();
          }
          continue;
        }
        recentStarts.push(t);
        if (recentStarts.length > Math.max(1, Math.floor(ceiling))) recentStarts.shift();
        started++;
        inFlight++;
        takeNext()();
      }
    } finally {
      pumping = false;
    }
  }

  const limiter: RateLimiter = {
    run<T>(fn: () => Promise<T>, lane = ''): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        let q = lanes.get(lane);
        if (!q) lanes.set(lane, (q = []));
        queued++;
        q.push(() => {
          Promise.resolve()
            .then(fn)
            .then(resolve, reject)
            .finally(() => {
              inFlight--;
              void pump();
            });
        });
        void pump();
      });
    },

    reportRateLimited(): void {
      const t = now();
      // Requests already in flight when the pause began report too; one episode = one report.
      if (t < pausedUntil) return;
      // Measured from the end of the last pause, so a 30 s pause can be followed by another.
      // A lone QoS answer is usually jitter (a request that arrived late next to one on time):
      // a short pause and 10% less. Another one soon after means the cap really is lower than
      // the rate: the pause doubles and the rate halves.
      const escalating = t - pausedUntil <= escalationWindow;
      lastPause = escalating ? Math.min(lastPause * 2, maxPause) : basePause;
      pausedUntil = t + lastPause;
      currentQps = Math.min(targetQps, Math.max(minQps, effectiveQps(t) * (escalating ? 0.5 : 0.9)));
      recoveryFrom = pausedUntil;
    },

    setQps(qps: number): void {
      const q = clampQps(qps, ceiling);
      const wasFull = currentQps >= targetQps;
      targetQps = q;
      if (wasFull || currentQps > q) currentQps = q;
      void pump();
    },

    stats(): RateLimiterStats {
      const t = now();
      return {
        started,
        currentQps: effectiveQps(t),
        pausedUntil: t < pausedUntil ? pausedUntil : null,
        inFlight,
        queued,
      };
    },

    lane(name: string): RateLimiter {
      const view: RateLimiter = {
        run: (fn, lane = name) => limiter.run(fn, lane),
        lane: (other) => limiter.lane(other),
        reportRateLimited: () => limiter.reportRateLimited(),
        setQps: (q) => limiter.setQps(q),
        stats: () => limiter.stats(),
      };
      return view;
    },
  };
  return limiter;
}
