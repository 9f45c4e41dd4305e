// Runs in: main process / headless Node.
// What every shell (Electron IPC, the browser-mode HTTP server, the CLI) holds: one core that
// answers contract methods and emits contract events. Shells add transport, never behaviour.
import type { ContractError, ErrorCode, EventName, EventPayloads } from '../../../shared/contract';

export interface TrackerEvents {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
}

export interface TrackerCore {
  /**
   * Validates `input` against the method's schema, runs its handler, and resolves with a plain
   * JSON result. Rejects ONLY with a CoreError (a typed, clerk-readable error), never a crash.
   * An unknown method name rejects with code 'invalid_input'.
   */
  handle(method: string, input: unknown): Promise<unknown>;
  events: TrackerEvents;
  /** Starts the background sync scheduler. */
  start(): void;
  /** Stops the scheduler, waits for the running cycle to reach a safe point, closes the database. */
  stop(): Promise<void>;
}

/** The error every contract call rejects with. Serialises to the ContractError shape. */
export class CoreError extends Error implements ContractError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'CoreError';
  }
  toJSON(): ContractError {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** A typed event emitter; listeners that throw are isolated from each other. */
export function createTrackerEvents(onListenerError?: (e: unknown) => void): TrackerEvents {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) {
        try {
          l(payload);
        } catch (e) {
          onListenerError?.(e);
        }
      }
    },
  };
}
