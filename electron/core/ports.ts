// Runs in: main process / headless Node. The interfaces the shells implement for the core.
// The core never reaches the OS directly; Electron, the CLI and tests each pass their own.

/** Time source. Tests drive it; production uses the system clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export type LogFields = Record<string, unknown>;

/** Structured logger. Never pass a secret in `fields`; see redactSecrets. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Logs JSON lines to stderr (stdout stays clean for machine output). */
export function stderrLogger(minLevel: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const write = (level: keyof typeof order) => (msg: string, fields?: LogFields) => {
    if (order[level] < order[minLevel]) return;
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export interface DesktopNotification {
  /** Ledger kind, e.g. 'delivered', 'alert', 'summary'. */
  kind: string;
  title: string;
  body: string;
  /** Clicking opens this order (the `navigate` event). */
  orderId?: string;
}

/** Shows desktop notifications (Electron Notification, Web Notifications, or a CLI list). */
export interface Notifier {
  notify(n: DesktopNotification): void;
}

/** OS secret storage (safeStorage in Electron, a 0600 file or env in headless mode). */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Keeps secrets in memory only: tests and env-configured CLI runs. */
export function memorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const map = new Map(Object.entries(initial));
  return {
    get: async (k) => map.get(k) ?? null,
    set: async (k, v) => {
      map.set(k, v);
    },
    delete: async (k) => {
      map.delete(k);
    },
  };
}

/**
 * A clock that runs `speed` times faster than real time from `startAt` (the demo: parcels
 * advance while you watch). Sleeping N ms of this clock takes N / speed real ms.
 */
export function acceleratedClock(startAt: number, speed: number, realNow: () => number = Date.now): Clock {
  const realStart = realNow();
  return {
    now: () => startAt + (realNow() - realStart) * speed,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / speed))),
  };
}

/**
 * A clock that stands still at `at` while sleeps take real time: the demo for screenshot tests
 * (TRACKER_DEMO_CLOCK), where the same seed at the same instant must show the same screen.
 */
export function frozenClock(at: number): Clock {
  return {
    now: () => at,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  };
}
