// A sandbox world run for days against the sync engine (real HTTP, real SQLite, a virtual clock):
// every parcel's final status is compared with the world's own truth — the domain's status of the
// world's labelled steps and its 1688 parcel status — with a share of parcels on the journeys the
// tracker used to get wrong (station pickups by code, failed signings, refused parcels signed back
// by the sender, waybills 1688 gives up on, 1688 saying SIGN while the text lags).
import { afterEach, describe, expect, it } from 'vitest';
import type { ShipmentStatus } from '../../shared/domain';
import { deriveShipmentStatus } from '../../electron/core/tracking/shipmentStatus';
import { DAY, startRig, type Rig } from '../helpers/sandboxRig';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const TERMINAL: readonly ShipmentStatus[] = ['delivered', 'returned', 'cancelled'];
const HOUR = 3600_000;

interface Tally {
  parcels: number;
  right: number;
  wrongTerminal: string[];
  wrong: string[];
  logisticsCalls: number;
  openParcelDays: number;
}

/** Runs cycles every `stepMs` from now to `until`, summing open parcel-days and getLogisticsInfos calls. */
async function runWorld(r: Rig, until: number, stepMs: number): Promise<Pick<Tally, 'logisticsCalls' | 'openParcelDays'>> {
  const openNow = r.store.db.prepare('SELECT COUNT(*) AS n FROM shipments WHERE done = 0');
  const before = r.gw.log.filter((l) => l.api.endsWith('getLogisticsInfos.buyerView')).length;
  let openParcelDays = 0;
  while (r.clock.now() < until) {
    const res = await r.engine.runCycle({ trigger: 'test' });
    expect(res.errors).toEqual([]);
    openParcelDays += ((openNow.get() as { n: number }).n * stepMs) / DAY;
    r.clock.advance(stepMs);
  }
  const logisticsCalls = r.gw.log.filter((l) => l.api.endsWith('getLogisticsInfos.buyerView')).length - before;
  return { logisticsCalls, openParcelDays };
}

function compare(r: Rig, t: number): Omit<Tally, 'logisticsCalls' | 'openParcelDays'> {
  const tally = { parcels: 0, right: 0, wrongTerminal: [] as string[], wrong: [] as string[] };
  for (const o of r.gw.world.truthAt(t)) {
    for (const p of o.parcels) {
      const sh = r.store.shipments.byKey(o.orderId, p.logisticsId);
      if (!sh) continue; // an order the tracker does not follow (never open while it ran)
      tally.parcels++;
      const truth = deriveShipmentStatus({ steps: p.steps, status1688: p.status1688, hasBillNo: true });
      const line = `${p.journeyKind} ${p.logisticsId}: ${sh.status} ≠ ${truth} (1688 ${p.status1688}; "${sh.last_remark ?? ''}")`;
      if (sh.status === truth) tally.right++;
      else if (TERMINAL.includes(truth) || TERMINAL.includes(sh.status)) tally.wrongTerminal.push(line);
      else tally.wrong.push(line);
    }
  }
  return tally;
}

describe('a sandbox world over simulated days', () => {
  it('ends with ≥ 97% of parcels in the right status and none wrong about delivered, returned or cancelled', async () => {
    rig = await startRig({ orders: 300, seed: 12, witnessJourneys: 0.3 });
    const t0 = rig.clock.now();
    const end = rig.gw.world.finishedAt() + DAY;
    const run = await runWorld(rig, end, 2 * HOUR);
    const t = compare(rig, rig.clock.now());
    const figures = {
      days: +((end - t0) / DAY).toFixed(1),
      parcels: t.parcels,
      right: t.right,
      accuracy: +(t.right / t.parcels).toFixed(4),
      wrongTerminal: t.wrongTerminal.length,
      wrongOther: t.wrong.length,
      logisticsCalls: run.logisticsCalls,
      openParcelDays: +run.openParcelDays.toFixed(1),
    };
    console.log('[figures]', JSON.stringify({ scenario: 'world.status', ...figures }), t.wrong.slice(0, 10), t.wrongTerminal.slice(0, 10));
    expect(t.parcels).toBeGreaterThan(100);
    expect(t.wrongTerminal).toEqual([]);
    expect(t.right / t.parcels).toBeGreaterThanOrEqual(0.97);
  }, 600_000);

  it(`costs few extra getLogisticsInfos calls per open parcel per day for 1688's status`, async () => {
    // The same world twice: with the second witness's re-reads of stuck parcels, and without them.
    const calls = async (witness: boolean) => {
      const r = await startRig({ orders: 150, seed: 5, witnessJourneys: 0.3, ...(witness ? {} : { syncSettings: { witness: { stuckAfterMs: 1e15 } } }) });
      try {
        return await runWorld(r, r.gw.world.finishedAt() + DAY, 2 * HOUR);
      } finally {
        await r.close();
      }
    };
    const withWitness = await calls(true);
    const without = await calls(false);
    const extraPerParcelDay = (withWitness.logisticsCalls - without.logisticsCalls) / withWitness.openParcelDays;
    console.log('[figures]', JSON.stringify({ scenario: 'world.witnessCalls', with: withWitness.logisticsCalls, without: without.logisticsCalls, openParcelDays: +withWitness.openParcelDays.toFixed(1), extraPerParcelDay: +extraPerParcelDay.toFixed(3) }));
    // Stuck parcels are asked at most every 6 h; most parcels are not stuck.
    expect(extraPerParcelDay).toBeLessThan(1);
  }, 600_000);
});
