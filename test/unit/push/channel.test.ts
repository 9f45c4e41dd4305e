// The channel's sign (§11.1 test vector), heartbeat and reconnect on injected timers, against the
// sandbox's real WebSocket endpoint; and the stretched poll schedule while pushes arrive.
import { afterEach, describe, expect, it } from 'vitest';
import { createPushChannel, pushSign, type ChannelTimers } from '../../../electron/core/push/channel';
import { silentLogger } from '../../../electron/core/ports';
import { startRig, type Rig } from '../../helpers/sandboxRig';
import { until } from '../../helpers/pushRig';

/** Timers the test moves by hand: nothing fires until run(). */
function manualTimers(start = 1_700_000_000_000): ChannelTimers & { advance(ms: number): void; pending(): number } {
  let now = start;
  let seq = 0;
  const queue = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++seq;
      queue.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void queue.delete(h as number),
    random: () => 0.5,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = [...queue.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        queue.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
    pending: () => queue.size,
  };
}

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('push channel', () => {
  it('signs CONNECT as the reference’s test vector says', () => {
    expect(pushSign('secretXYZ', 'mykey', 1_700_000_000_000)).toBe('B9E65D4592778AE92A46050E139FABC6');
  });

  it('sends a HEARTBEAT every 30 s of its clock, and reconnects with jittered backoff after a drop', async () => {
    rig = await startRig({ orders: 10 });
    const r = rig;
    const timers = manualTimers();
    const states: string[] = [];
    const ch = createPushChannel({
      url: r.gw.pushUrl,
      credentials: async () => r.creds,
      logger: silentLogger,
      onPush: () => undefined,
      onState: (s) => void states.push(s.state),
      timers,
      backoff: { baseMs: 2_000, capMs: 60_000 },
    });
    ch.start();
    await until(() => ch.live, 'live');
    expect(r.gw.push.log.connects).toEqual([{ ok: true }]);
    timers.advance(29_000);
    expect(r.gw.push.log.heartbeats).toBe(0);
    timers.advance(1_000);
    await until(() => r.gw.push.log.heartbeats === 1, 'first heartbeat');
    // The ws ping of the heartbeat is answered: no drop at the next one.
    await new Promise((res) => setTimeout(res, 50));
    timers.advance(30_000);
    await until(() => r.gw.push.log.heartbeats === 2, 'second heartbeat');

    r.gw.push.drop();
    await until(() => ch.status().state === 'down', 'down');
    // Nothing reconnects before the backoff (half of 2 s with this jitter) has passed.
    await new Promise((res) => setTimeout(res, 50));
    expect(r.gw.push.log.connects.length).toBe(1);
    timers.advance(1_000);
    await until(() => ch.live, 'live again');
    expect(r.gw.push.log.connects.length).toBe(2);
    expect(states).toEqual(['connecting', 'live', 'down', 'connecting', 'live']);
    ch.stop();
    expect(ch.status().state).toBe('off');
  }, 30_000);

  it('stays off without an account, and never connects', async () => {
    rig = await startRig({ orders: 5 });
    const ch = createPushChannel({ url: rig.gw.pushUrl, credentials: async () => null, logger: silentLogger, onPush: () => undefined });
    ch.start();
    await until(() => ch.status().message !== null, 'status message');
    expect(ch.status().state).toBe('off');
    expect(rig.gw.push.log.connects).toEqual([]);
    ch.stop();
  });
});

describe('poll schedule while pushes arrive', () => {
  it('stretches a polled parcel’s interval ×4 (capped), and today’s schedule returns when the stretch is off', async () => {
    rig = await startRig({ orders: 40, seed: 5 });
    const r = rig;
    await r.engine.runCycle({ trigger: 'test' });
    const row = r.store.db
      .prepare('SELECT id, last_polled_at, next_poll_at FROM shipments WHERE done = 0 AND last_polled_at IS NOT NULL AND poll_failures = 0 ORDER BY next_poll_at LIMIT 1')
      .get() as { id: number; last_polled_at: number; next_poll_at: number };
    const interval = row.next_poll_at - row.last_polled_at;
    expect(interval).toBeGreaterThan(0);
    const stretch = { factor: 4, capMs: 6 * 3600_000 };
    const ids = (t: number, s?: typeof stretch) => r.store.shipments.dueParcels(t, 100_000, false, s).map((x) => x.id);
    const justDue = row.next_poll_at;
    expect(ids(justDue)).toContain(row.id);
    expect(ids(justDue, stretch)).not.toContain(row.id);
    const stretchedDue = row.last_polled_at + Math.max(interval, Math.min(interval * 4, stretch.capMs));
    expect(ids(stretchedDue - 1, stretch)).not.toContain(row.id);
    expect(ids(stretchedDue, stretch)).toContain(row.id);
    // The scheduler's next wake-up follows the same schedule.
    expect(r.store.shipments.nextDueAt(stretch)).toBeGreaterThanOrEqual(r.store.shipments.nextDueAt() ?? 0);
  }, 30_000);
});
