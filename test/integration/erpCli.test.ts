// The real `tracker` command (bin/tracker.js, a child process) delivering to a real receiver:
// killed with SIGKILL mid-delivery and started again, nothing is lost and every duplicate carries
// its key; refusals are listed by `tracker outbox` and can be re-sent from there.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxGateway, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import type { OutboxRow } from '../../electron/core/erp/outbox';
import { openStore } from '../../electron/core/store';
import { HANG, OK, startErpReceiver, status, type ErpReceiver } from '../helpers/erpReceiver';
import { sandboxGatewayEnv, trackerEnv } from '../helpers/trackerCli';

const root = path.resolve(__dirname, '../..');
let gw: SandboxGateway;
let receiver: ErpReceiver;
const dirs: string[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [path.join(root, 'bin/tracker.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

const tracker = (args: string[], env: NodeJS.ProcessEnv) => start(args, env).done;

function envFor(dataDir: string): NodeJS.ProcessEnv {
  return trackerEnv(dataDir, {
    ...sandboxGatewayEnv(gw),
    TRACKER_ERP_WEBHOOK_URL: receiver.url,
    TRACKER_ERP_WEBHOOK_SECRET: receiver.secret,
  });
}

function outboxRows(dataDir: string): OutboxRow[] {
  const store = openStore(dataDir);
  try {
    return store.db.prepare('SELECT * FROM outbox ORDER BY id').all() as OutboxRow[];
  } finally {
    store.close();
  }
}

function freshDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-erp-cli-'));
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  gw = await startSandboxGateway({ seed: 42, orders: 30, qpsCap: 50 });
  receiver = await startErpReceiver();
});

afterAll(async () => {
  await receiver.close();
  await gw.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('tracker sync --once with ERP write-back', () => {
  it('SIGKILL mid-delivery loses nothing: the next run delivers every key, duplicates carry the same key and bytes', async () => {
    const dataDir = freshDir();
    const env = envFor(dataDir);
    receiver.setRule(null);
    receiver.setMode(HANG);
    const before = receiver.requests.length;
    const first = start(['sync', '--once', '--json'], env);
    // Mid-delivery: the sync is done and the receiver holds requests it will never answer.
    await receiver.waitFor(() => receiver.hanging() >= 2, 90_000, 'requests in flight');
    await new Promise((r) => setTimeout(r, 100));
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.code).toBeNull(); // killed, not exited
    expect(killed.stdout).toBe(''); // it never got to print its summary
    const hungKeys = receiver.requests.slice(before).map((r) => r.key);
    expect(hungKeys.length).toBeGreaterThanOrEqual(2);

    const afterKill = outboxRows(dataDir);
    expect(afterKill.length).toBeGreaterThan(hungKeys.length);
    expect(afterKill.every((r) => r.state === 'pending')).toBe(true);
    // The rows in flight were never marked: they are as they were written.
    for (const k of hungKeys) expect(afterKill.find((r) => r.idempotency_key === k)).toMatchObject({ attempts: 0, last_error: null });

    receiver.setMode(OK);
    const second = await tracker(['sync', '--once', '--json'], env);
    expect(second.code, second.stderr).toBe(0);
    const summary = JSON.parse(second.stdout);
    expect(Object.keys(summary).sort()).toEqual(['calls', 'durationMs', 'errors', 'newEvents', 'orders', 'retries', 'shipments']);
    expect(second.stderr).toMatch(/ERP: delivered \d+, pending 0, dead 0/);

    const rows = outboxRows(dataDir);
    expect(rows.length).toBeGreaterThanOrEqual(afterKill.length);
    expect(rows.every((r) => r.state === 'delivered')).toBe(true);
    const payloadOf = new Map(rows.map((r) => [r.idempotency_key, r.payload]));
    const mine = receiver.requests.slice(before);
    expect(mine.filter((r) => !r.signatureOk)).toEqual([]);
    // Every request for a key — the hung ones of the killed run included — carried the same bytes.
    for (const r of mine) expect(r.body).toBe(payloadOf.get(r.key));
    const accepted = new Set(receiver.deliveries.map((d) => d.key));
    for (const k of payloadOf.keys()) expect(accepted.has(k), k).toBe(true);
    for (const k of hungKeys) expect(accepted.has(k)).toBe(true);
    expect(rows.some((r) => r.type === 'shipment.delivered')).toBe(true);

    const listed = await tracker(['outbox', '--json'], env);
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.stdout) as { idempotencyKey: string; type: string; state: string; attempts: number; lastError: string | null }[];
    expect(list.map((r) => r.idempotencyKey)).toEqual(rows.map((r) => r.idempotency_key));
    for (const r of list) expect(Object.keys(r).sort()).toEqual(['attempts', 'idempotencyKey', 'lastError', 'state', 'type']);
    expect(list.every((r) => r.state === 'delivered')).toBe(true);
  }, 180_000);

  it('refusals are dead rows listed by `tracker outbox`, re-sendable from the command line', async () => {
    const dataDir = freshDir();
    const env = envFor(dataDir);
    let refusing = true;
    receiver.setMode(OK);
    receiver.setRule((r) => (refusing && r.type === 'order.delivered' ? status(422, '采购单不存在') : undefined));
    const run = await tracker(['sync', '--once', '--json', '--erp-wait', '20'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/ERP: delivered \d+, pending \d+, dead [1-9]/);
    const dead = JSON.parse((await tracker(['outbox', '--state', 'dead', '--json'], env)).stdout) as { idempotencyKey: string; type: string; lastError: string }[];
    expect(dead.length).toBeGreaterThan(0);
    for (const r of dead) {
      expect(r.type).toBe('order.delivered');
      expect(r.lastError).toBe('HTTP 422：采购单不存在');
    }
    refusing = false;
    const resend = await tracker(['outbox', 'resend', dead[0]!.idempotencyKey], env);
    expect(resend.code, resend.stderr).toBe(0);
    const again = await tracker(['sync', '--once', '--json', '--erp-wait', '20'], env);
    expect(again.code).toBe(0);
    const row = outboxRows(dataDir).find((r) => r.idempotency_key === dead[0]!.idempotencyKey)!;
    expect(row.state).toBe('delivered');
    expect(receiver.deliveries.some((d) => d.key === dead[0]!.idempotencyKey)).toBe(true);
    const bad = await tracker(['sync', '--once', '--erp-wait', 'soon'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--erp-wait');
  }, 180_000);
});
