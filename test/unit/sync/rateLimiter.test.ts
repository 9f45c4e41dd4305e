import { describe, expect, it } from 'vitest';
import { createRateLimiter, MIN_GAP_SHARE, WINDOW_SLACK } from '../../../electron/core/sync/rateLimiter';

/** Virtual time: sleeps resolve in deadline order when the test advances the clock. */
class FakeTime {
  t = 1_000_000;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  now = () => this.t;
  sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve });
    });
  private async settle() {
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  }
  /** Fires timers in order until none is due at or before `until` (default: until idle). */
  async advance(until = Number.POSITIVE_INFINITY) {
    await this.settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.resolve();
      await this.settle();
    }
    if (until !== Number.POSITIVE_INFINITY) this.t = Math.max(this.t, until);
  }
}

function maxInAnySlidingSecond(starts: number[]): number {
  let max = 0;
  for (const s of starts) max = Math.max(max, starts.filter((x) => x >= s && x < s + 1000).length);
  return max;
}

describe('createRateLimiter', () => {
  it.each([1, 2, 5, 10])('spaces starts so any sliding second holds at most floor(%d) (virtual clock)', async (qps) => {
    const ft = new FakeTime();
    const rl = createRateLimiter({ qps, maxInFlight: 4, now: ft.now, sleep: ft.sleep });
    const starts: number[] = [];
    const all = Array.from({ length: 40 }, (_, i) =>
      rl.run(async () => {
        starts.push(ft.now());
        await ft.sleep(i % 3 === 0 ? 700 : 50);
      }),
    );
    await ft.advance();
    await Promise.all(all);
    expect(starts).toHaveLength(40);
    expect(maxInAnySlidingSecond(starts)).toBe(Math.floor(qps));
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual((1000 / qps) * MIN_GAP_SHARE - 1e-9);
    // Any qps consecutive starts span at least a second and the margin, and the budget is used:
    // the whole run takes no longer than the margin requires.
    for (let i = qps; i < starts.length; i++) expect(starts[i]! - starts[i - qps]!).toBeGreaterThanOrEqual(1000 * WINDOW_SLACK - 1e-9);
    expect(starts[39]! - starts[0]!).toBeLessThanOrEqual((39 / qps) * 1000 * WINDOW_SLACK + 1e-9);
    expect(rl.stats().started).toBe(40);
  });

  it('holds the rate on the real clock too', async () => {
    const rl = createRateLimiter({ qps: 10, maxInFlight: 4 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 14 }, () =>
        rl.run(async () => {
          starts.push(performance.now());
          await new Promise((r) => setTimeout(r, 5));
        }),
      ),
    );
    expect(maxInAnySlidingSecond(starts)).toBeLessThanOrEqual(10);
    for (let i = 10; i < starts.length; i++) expect(starts[i]! - starts[i - 10]!).toBeGreaterThanOrEqual(1000 * WINDOW_SLACK - 2);
  });

  it('never runs more than maxInFlight at once', async () => {
    const ft = new FakeTime();
    const rl = createRateLimiter({ qps: 10, maxInFlight: 2, now: ft.now, sleep: ft.sleep });
    let running = 0;
    let peak = 0;
    const starts: number[] = [];
    const all = Array.from({ length: 6 }, () =>
      rl.run(async () => {
        starts.push(ft.now());
        running++;
        peak = Math.max(peak, running);
        expect(rl.stats().inFlight).toBeLessThanOrEqual(2);
        await ft.sleep(5000);
        running--;
      }),
    );
    await ft.advance();
    await Promise.all(all);
    expect(peak).toBe(2);
    // The third start waits for the first to finish.
    expect(starts[2]! - starts[0]!).toBeGreaterThanOrEqual(5000);
    expect(rl.stats().inFlight).toBe(0);
  });

  it('starts in FIFO order, including after failures', async () => {
    const ft = new FakeTime();
    const rl = createRateLimiter({ qps: 10, maxInFlight: 3, now: ft.now, sleep: ft.sleep });
    const order: number[] = [];
    const all = Array.from({ length: 12 }, (_, i) =>
      rl.run(async () => {
        order.push(i);
        await ft.sleep((12 - i) * 37);
        if (i % 4 === 0) throw new Error(`boom ${i}`);
        return i;
      }),
    );
    const settling = Promise.allSettled(all);
    await ft.advance();
    const settled = await settling;
    expect(order).toEqual([...Array(12).keys()]);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(3);
    expect(settled[1]).toEqual({ status: 'fulfilled', value: 1 });
  });

  it('a synchronous throw rejects and frees the slot', async () => {
    const rl = createRateLimiter({ qps: 10, maxInFlight: 1 });
    await expect(rl.run(() => { throw new Error('sync'); })).rejects.toThrow('sync');
    await expect(rl.run(async () => 'next')).resolves.toBe('next');
  });

  it('a lone QoS answer pauses 1 s and slows 10%; another soon after halves the rate; then it recovers stepwise', async () => {
    const ft = new FakeTime();
    const rl = createRateLimiter({ qps: 5, maxInFlight: 4, now: ft.now, sleep: ft.sleep });
    const t0 = ft.now();
    rl.reportRateLimited();
    expect(rl.stats()).toMatchObject({ pausedUntil: t0 + 1000, currentQps: 4.5 });
    // A burst of reports from requests already in flight counts once.
    rl.reportRateLimited();
    expect(rl.stats()).toMatchObject({ pausedUntil: t0 + 1000, currentQps: 4.5 });

    // Another QoS answer 5 s after the pause: the cap really is lower than the rate.
    await ft.advance(t0 + 6000);
    const t1 = ft.now();
    rl.reportRateLimited();
    expect(rl.stats()).toMatchObject({ pausedUntil: t1 + 2000, currentQps: 2.25 });

    const starts: number[] = [];
    const all = Array.from({ length: 3 }, () => rl.run(async () => void starts.push(ft.now())));
    await ft.advance();
    await Promise.all(all);
    expect(starts[0]).toBe(t1 + 2000);
    // 2.25 per second: two starts in any 2/2.25 s (× the margin), never closer than the minimum gap.
    expect(starts[1]! - starts[0]!).toBeCloseTo((1000 / 2.25) * MIN_GAP_SHARE, 6);
    expect(starts[2]! - starts[0]!).toBeCloseTo(((2 * 1000) / 2.25) * WINDOW_SLACK, 6);
    expect(rl.stats().pausedUntil).toBeNull();

    // +10 % of the target for every 10 s of quiet after the pause ended.
    await ft.advance(t1 + 2000 + 9_999);
    expect(rl.stats().currentQps).toBe(2.25);
    await ft.advance(t1 + 2000 + 10_000);
    expect(rl.stats().currentQps).toBeCloseTo(2.75);
    await ft.advance(t1 + 2000 + 30_000);
    expect(rl.stats().currentQps).toBeCloseTo(3.75);
    await ft.advance(t1 + 2000 + 200_000);
    expect(rl.stats().currentQps).toBe(5);
  });

  it('repeated reports within 30 s double the pause up to 30 s; the rate floors at 0.5 qps', async () => {
    const ft = new FakeTime();
    const rl = createRateLimiter({ qps: 4, now: ft.now, sleep: ft.sleep });
    const pauses: number[] = [];
    const rates: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = ft.now();
      rl.reportRateLimited();
      const s = rl.stats();
      pauses.push(s.pausedUntil! - t);
      rates.push(s.currentQps);
      await ft.advance(s.pausedUntil! + 1); // report again just after the pause ends
    }
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(rates.map((r) => Math.round(r * 100) / 100)).toEqual([3.6, 1.8, 0.9, 0.5, 0.5, 0.5, 0.5]);
    // After more than 30 s of quiet the pause starts over at 1 s.
    await ft.advance(ft.now() + 31_000);
    const t = ft.now();
    rl.reportRateLimited();
    expect(rl.stats().pausedUntil! - t).toBe(1000);
  });

  it('setQps clamps to (0, 10]', () => {
    const rl = createRateLimiter({ qps: 50 });
    expect(rl.stats().currentQps).toBe(10);
    rl.setQps(3);
    expect(rl.stats().currentQps).toBe(3);
    expect(() => rl.setQps(0)).toThrow(RangeError);
    expect(() => rl.setQps(Number.NaN)).toThrow(RangeError);
    expect(() => createRateLimiter({ qps: -1 })).toThrow(RangeError);
  });
});

describe('a start that wakes late', () => {
  /** Runs 41 calls at 10 qps; the limiter's own sleep oversleeps once, after the sixth start. */
  async function run(oversleepMs: number) {
    const ft = new FakeTime();
    const starts: number[] = [];
    let once = true;
    const sleep = (ms: number) => {
      const extra = once && starts.length === 6 ? oversleepMs : 0;
      if (extra) once = false;
      return ft.sleep(ms + extra);
    };
    const rl = createRateLimiter({ qps: 10, maxInFlight: 4, now: ft.now, sleep });
    const all = Array.from({ length: 41 }, () =>
      rl.run(async () => {
        starts.push(ft.now());
        await ft.sleep(100);
      }),
    );
    await ft.advance();
    await Promise.all(all);
    return starts;
  }

  it('after a timer’s usual lateness, is made up by the next ones', async () => {
    const starts = await run(30);
    expect(maxInAnySlidingSecond(starts)).toBe(10);
    // Four windows of ten: no longer than four windows and the margin, the 30 ms included.
    expect(starts[40]! - starts[0]!).toBeLessThanOrEqual(4 * 1000 * WINDOW_SLACK + 1e-9);
  });

  it('after a blocked event loop, counts the request started before it as sent when it ended', async () => {
    const starts = await run(400);
    const k = starts.findIndex((t, i) => i > 0 && t - starts[i - 1]! >= 400);
    expect(k).toBeGreaterThan(0);
    // The request started before the block may only have gone out when the loop unblocked (one
    // minimum gap before the next start): even counted then, no second holds more than 10.
    const unblocked = starts[k]! - 100 * MIN_GAP_SHARE;
    expect(unblocked - starts[k - 1]!).toBeGreaterThanOrEqual(400);
    const sent = starts.map((t, i) => (i === k - 1 ? unblocked : t));
    expect(maxInAnySlidingSecond(sent)).toBe(10);
  });
});

describe('createRateLimiter: accounts sharing one AppKey take turns', () => {
  it('a big account queued first cannot starve a small one, and both stay within the one budget', async () => {
    const ft = new FakeTime();
    const rl = createRateLimiter({ qps: 5, maxInFlight: 4, now: ft.now, sleep: ft.sleep });
    const big = rl.lane('1');
    const small = rl.lane('2');
    const starts: { lane: string; at: number }[] = [];
    const call = (lane: string) => async () => {
      starts.push({ lane, at: ft.now() });
      await ft.sleep(120);
    };
    const bigCalls = Array.from({ length: 60 }, () => big.run(call('big')));
    const smallCalls = Array.from({ length: 6 }, () => small.run(call('small')));
    await ft.advance();
    await Promise.all([...bigCalls, ...smallCalls]);

    expect(starts).toHaveLength(66);
    // Turns alternate while both have work: the small account's six calls are among the first 13 starts.
    const smallPlaces = starts.flatMap((s, i) => (s.lane === 'small' ? [i] : []));
    expect(smallPlaces).toHaveLength(6);
    expect(Math.max(...smallPlaces)).toBeLessThan(13);
    // One budget for the AppKey, whatever the lanes.
    expect(maxInAnySlidingSecond(starts.map((s) => s.at))).toBe(5);
    expect(rl.stats().started).toBe(66);
  });

  it('a QoS answer in one account pauses and slows the whole AppKey', async () => {
    const ft = new FakeTime();
    const rl = createRateLimiter({ qps: 4, maxInFlight: 1, now: ft.now, sleep: ft.sleep });
    const a = rl.lane('a');
    const b = rl.lane('b');
    const starts: { lane: string; at: number }[] = [];
    const first = a.run(async () => {
      starts.push({ lane: 'a', at: ft.now() });
      a.reportRateLimited();
    });
    const second = b.run(async () => {
      starts.push({ lane: 'b', at: ft.now() });
    });
    await ft.advance();
    await Promise.all([first, second]);
    expect(starts.map((s) => s.lane)).toEqual(['a', 'b']);
    // b's call waited out the pause that a's QoS answer began (1 s), and the rate is lower for both.
    expect(starts[1]!.at - starts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(b.stats().currentQps).toBeLessThan(4);
  });
});
