// Crashes, short: the real CLI SIGKILLed 20 times at random moments (two data folders at once),
// restarted each time, then one clean sync: nothing lost, nothing twice. Soak: 200 kills.
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, differencesFromTruth, startRig, type Rig } from '../helpers/sandboxRig';
import { runCrashLoop } from './lib/crashLoop';
import { reportFigures } from './lib/env';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('SIGKILL at random moments', () => {
  it('20 kills and restarts: integrity ok, every step once, no signing notified twice, no alert or outbox key doubled', async () => {
    const r = await runCrashLoop({ lanes: 2, killsPerLane: 10, orders: 20, seed: 7 });
    reportFigures('crash.short', r.figures);
    expect(r.problems).toEqual([]);
    expect(r.figures.kills).toBe(20);
    expect(r.figures.killsMidSync as number).toBeGreaterThan(5);
  }, 170_000);

  // Found by the kill loop, reproduced here in-process and deterministically: a parcel not read
  // before its order finished at 1688 was lost with its waybill and every step — after a cycle
  // stopped between discovery and the first parcel read (a kill, or the app's own quit via
  // abort()), and just as well when the app was simply closed while a second parcel shipped and
  // the order completed, or a parcel shipped, came back and the order was cancelled. Guards the
  // fix in store/orders.ts (needingParcelCheck) and sync/syncEngine.ts (readParcels).
  it('a quit between discovery and the first parcel read loses nothing, even if the order completes meanwhile', async () => {
    rig = await startRig({ orders: 60, seed: 7, qps: 20 });
    const r = rig;
    const cycle = r.engine.runCycle({ trigger: 'test' });
    const poll = setInterval(() => {
      if (r.gw.log.some((l) => l.api.includes('getLogisticsInfos'))) {
        clearInterval(poll);
        void r.engine.abort();
      }
    }, 1);
    await cycle;
    clearInterval(poll);
    const unread = r.store.db.prepare("SELECT COUNT(*) AS n FROM orders WHERE parcels_checked_at IS NULL AND status_1688 = 'waitbuyerreceive'").get() as {
      n: number;
    };
    expect(unread.n).toBeGreaterThan(0);
    const end = r.gw.world.finishedAt() + DAY;
    r.clock.set(end);
    for (let i = 0; i < 2; i++) await r.engine.runCycle({ trigger: 'test', all: true, discover: 'force' });
    expect(differencesFromTruth(r, end)).toEqual([]);
  }, 60_000);

  it.each([
    ['a second parcel ships and the order completes', 80, 9],
    ['the parcel ships, comes back to the seller and the order is cancelled', 20, 100],
  ])('while the app is closed, %s: the parcel is not lost', async (_what, orders, seed) => {
    rig = await startRig({ orders, seed, qps: 50 });
    await rig.engine.runCycle({ trigger: 'test' });
    const end = rig.gw.world.finishedAt() + DAY;
    rig.clock.set(end);
    for (let i = 0; i < 2; i++) await rig.engine.runCycle({ trigger: 'test', all: true, discover: 'force' });
    expect(differencesFromTruth(rig, end)).toEqual([]);
  }, 60_000);
});
