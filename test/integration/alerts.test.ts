// Against the sandbox gateway: a world with stalls, refusals, returns and never-picked-up
// waybills raises the expected alerts, and delivered parcels end with none open.
import { afterEach, describe, expect, it } from 'vitest';
import { createTrackerEvents } from '../../electron/core/api/types';
import { silentLogger, type DesktopNotification } from '../../electron/core/ports';
import { DEFAULT_SETTINGS } from '../../electron/core/settings';
import { createAlertService } from '../../electron/core/tracking/alertService';
import { createDeliveryEstimator } from '../../electron/core/tracking/estimator';
import { DAY, startRig, type Rig } from '../helpers/sandboxRig';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('alerts against the sandbox world', () => {
  it('raises the expected alerts per journey, and notifies each signing once', async () => {
    const shown: DesktopNotification[] = [];
    let svc: ReturnType<typeof createAlertService> | null = null;
    rig = await startRig({
      orders: 300,
      seed: 17,
      hooks: { afterOrderWrite: (...args) => svc!.syncHooks.afterOrderWrite!(...args) },
    });
    const r = rig;
    svc = createAlertService({
      store: r.store,
      estimator: createDeliveryEstimator(r.store, () => 5),
      notifier: { notify: (n) => shown.push(n) },
      clock: r.clock,
      logger: silentLogger,
      settings: () => DEFAULT_SETTINGS,
      events: createTrackerEvents(),
    });
    const t0 = r.clock.now();
    for (const t of [t0, t0 + 2 * DAY, t0 + 6 * DAY, r.gw.world.finishedAt() + DAY]) {
      r.clock.set(t);
      await r.engine.runCycle({ trigger: 'test' });
      svc.tick(t);
    }
    // Once more with the same answers: nothing new is notified.
    const before = shown.length;
    await r.engine.runCycle({ trigger: 'test', all: true });
    svc.tick(r.clock.now());
    expect(shown.length).toBe(before);

    const byKind = new Map<string, { id: number; rules: string[]; status: string }[]>();
    for (const sh of r.store.db.prepare('SELECT id, logistics_id, status FROM shipments').all() as { id: number; logistics_id: string; status: string }[]) {
      const kind = r.gw.world.journeyKindOf(sh.logistics_id) ?? 'unknown';
      const rules = r.store.alerts.openForSubject(`s:${sh.id}`).map((a) => a.rule);
      byKind.set(kind, [...(byKind.get(kind) ?? []), { id: sh.id, rules, status: sh.status }]);
    }
    const expectEach = (kind: string, rule: string) => {
      const list = byKind.get(kind) ?? [];
      expect(list.length, `no ${kind} parcels in this world`).toBeGreaterThan(0);
      for (const p of list) expect(p.rules, `${kind} parcel ${p.id} (${p.status})`).toContain(rule);
    };
    expectEach('refused_returned', 'returned');
    expectEach('never_picked_up', 'no_pickup_scan');
    expectEach('stalled_forever', 'stalled');
    expectEach('lost_exception', 'delivery_problem');
    for (const kind of ['normal', 'locker', 'station', 'stalled', 'failed_then_delivered']) {
      for (const p of byKind.get(kind) ?? []) {
        expect(p.status, `${kind} parcel ${p.id}`).toBe('delivered');
        expect(p.rules, `${kind} parcel ${p.id}`).toEqual([]);
      }
    }
    // Every signing in the ledger exactly once; recent ones were shown, nothing twice.
    const ledger = r.store.notifications.list(100_000).filter((n) => n.kind === 'delivered');
    const delivered = r.store.db.prepare("SELECT COUNT(*) AS n FROM shipments WHERE status = 'delivered'").get() as { n: number };
    expect(ledger.length).toBe(delivered.n);
    expect(new Set(ledger.map((n) => n.subject)).size).toBe(ledger.length);
  }, 180_000);
});
