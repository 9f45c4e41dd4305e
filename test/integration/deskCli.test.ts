// `tracker arrivals / suppliers / received` (bin/tracker.js, a child process) against a real
// sandbox gateway and a real ERP webhook receiver: the documented JSON shapes, and a parcel marked
// received reaches the ERP once as shipment.received.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxGateway, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import { OK, startErpReceiver, type ErpReceiver } from '../helpers/erpReceiver';
import { runTracker, sandboxGatewayEnv, trackerEnv } from '../helpers/trackerCli';

let gw: SandboxGateway;
let receiver: ErpReceiver;
let dataDir: string;
let env: NodeJS.ProcessEnv;

const tracker = (args: string[]) => runTracker(args, env);

beforeAll(async () => {
  gw = await startSandboxGateway({ seed: 42, orders: 30, qpsCap: 50 });
  receiver = await startErpReceiver();
  receiver.setMode(OK);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-desk-cli-'));
  env = trackerEnv(dataDir, {
    ...sandboxGatewayEnv(gw),
    TRACKER_ERP_WEBHOOK_URL: receiver.url,
    TRACKER_ERP_WEBHOOK_SECRET: receiver.secret,
  });
  const sync = await tracker(['sync', '--once', '--json']);
  expect(sync.code, sync.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await receiver?.close();
  await gw?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('tracker arrivals / suppliers / received', () => {
  it('arrivals --json prints the three lists with exactly the documented fields', async () => {
    const r = await tracker(['arrivals', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(Object.keys(a).sort()).toEqual(['expected', 'outForDelivery', 'waiting']);
    for (const x of a.expected) expect(Object.keys(x).sort()).toEqual(['basis', 'billNo', 'expectedAt', 'logisticsId', 'orderId', 'seller']);
    for (const x of a.outForDelivery) expect(Object.keys(x).sort()).toEqual(['billNo', 'logisticsId', 'orderId', 'seller', 'since']);
    for (const x of a.waiting) {
      expect(Object.keys(x).sort()).toEqual(['address', 'billNo', 'logisticsId', 'orderId', 'pickupCode', 'seller', 'since', 'station']);
      expect(x.orderId).toMatch(/^\d{19}$/);
    }
  }, 60_000);

  it('suppliers --json prints one row per seller with the documented fields; a figure below its minimum sample is null', async () => {
    const r = await tracker(['suppliers', '--json', '--from', '2020-01-01', '--to', '2040-12-31']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const x of rows) {
      expect(Object.keys(x).sort()).toEqual(
        ['exceptionRate', 'firstScanP50Hours', 'lastProblemAt', 'onTimeRate', 'orders', 'parcels', 'returnRate', 'samples', 'seller', 'shipP50Hours', 'shipP80Hours', 'transitP50Hours', 'transitP80Hours'].sort(),
      );
      expect(typeof x.seller).toBe('string');
      if ((x.samples as number) < 5) expect(x.transitP50Hours).toBeNull();
    }
    const bad = await tracker(['suppliers', '--json', '--from', 'yesterday']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('YYYY-MM-DD');
  }, 60_000);

  it('received marks a parcel received and the ERP gets shipment.received once, with its key', async () => {
    const orders = JSON.parse((await tracker(['orders', '--json'])).stdout) as { orderId: string; shipments: { logisticsId: string; receivedAt: string | null }[] }[];
    const order = orders.find((o) => o.shipments.length > 0)!;
    const parcel = order.shipments[0]!;
    expect(parcel.receivedAt).toBeNull();
    const key = `shipment.received:${order.orderId}:${parcel.logisticsId}`;

    const first = await tracker(['received', order.orderId, parcel.logisticsId, '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ orderId: order.orderId, logisticsId: parcel.logisticsId, alreadyReceived: false, erpEvent: 'recorded' });
    await receiver.waitFor(() => receiver.deliveries.some((d) => d.key === key), 30_000, 'shipment.received delivered');

    const second = await tracker(['received', order.orderId, parcel.logisticsId, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ alreadyReceived: true });
    expect(receiver.requests.filter((r) => r.key === key)).toHaveLength(1);
    const delivered = receiver.deliveries.find((d) => d.key === key)!;
    expect(delivered.type).toBe('shipment.received');
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'shipment.received', idempotencyKey: key, shipment: { logisticsId: parcel.logisticsId } });

    // Shown everywhere: the orders listing says when it was received.
    const after = JSON.parse((await tracker(['orders', '--json'])).stdout) as typeof orders;
    expect(after.find((o) => o.orderId === order.orderId)!.shipments.find((s) => s.logisticsId === parcel.logisticsId)!.receivedAt).not.toBeNull();

    const unknown = await tracker(['received', order.orderId, 'NO-SUCH-PARCEL']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('没有包裹');
  }, 90_000);
});
