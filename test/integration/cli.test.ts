// The real `tracker` command (bin/tracker.js, a child process) against a real sandbox gateway.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxGateway, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import { main } from '../../electron/cli';
import { runTracker, sandboxGatewayEnv, trackerEnv, type TrackerRun } from '../helpers/trackerCli';

let gw: SandboxGateway;
let dataDir: string;
let env: NodeJS.ProcessEnv;

const tracker = (args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<TrackerRun> =>
  runTracker(args, opts.env ?? env, opts.stdin ?? '');

beforeAll(async () => {
  gw = await startSandboxGateway({ seed: 42, orders: 30, qpsCap: 50 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-cli-'));
  env = trackerEnv(dataDir, sandboxGatewayEnv(gw));
});

afterAll(async () => {
  await gw.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('tracker CLI', () => {
  it('exits 2 with a clear message when credentials are missing', async () => {
    const r = await tracker(['sync', '--once'], { env: { PATH: process.env.PATH, TRACKER_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), TRACKER_GATEWAY_URL: gw.url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('TRACKER_APP_KEY');
    expect(r.stdout).toBe('');
  }, 60_000);

  it('exits 2 when the gateway rejects the credentials, without printing the secret', async () => {
    const r = await tracker(['sync', '--once', '--json'], { env: { ...env, TRACKER_APP_SECRET: 'wrong-secret-value', TRACKER_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')) } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('签名');
    expect(r.stdout + r.stderr).not.toContain('wrong-secret-value');
    expect(r.stdout + r.stderr).not.toContain(gw.credentials.accessToken);
  }, 60_000);

  it('sync --once --json prints one summary object on stdout alone, then orders and trace show the data', async () => {
    const r = await tracker(['sync', '--once', '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(Object.keys(summary).sort()).toEqual(['calls', 'durationMs', 'errors', 'newEvents', 'orders', 'retries', 'shipments']);
    expect(summary.orders).toBeGreaterThan(0);
    expect(summary.calls).toBeGreaterThan(summary.orders);
    expect(summary.errors).toEqual([]);

    const orders = JSON.parse((await tracker(['orders', '--json'])).stdout);
    expect(orders.length).toBe(summary.orders);
    for (const o of orders) expect(o.orderId).toMatch(/^\d{19}$/);
    const withParcel = orders.find((o: { shipments: unknown[] }) => o.shipments.length > 0);
    expect(withParcel.shipments[0]).toEqual(
      expect.objectContaining({ logisticsId: expect.any(String), billNo: expect.any(String), carrierCode: expect.any(String), status: expect.any(String), eventCount: expect.any(Number) }),
    );
    const truth = gw.world.orderTruthAt(withParcel.orderId, Date.now())!;
    expect(withParcel.status1688).toBe(truth.status1688);

    const trace = JSON.parse((await tracker(['trace', withParcel.orderId, '--json'])).stdout);
    expect(trace.orderId).toBe(withParcel.orderId);
    const events = trace.shipments[0].events as { at: string }[];
    expect(events.length).toBeGreaterThan(0);
    const times = events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times); // oldest first

    const filtered = JSON.parse((await tracker(['orders', '--status', 'awaiting_shipment', '--json'])).stdout) as { status: string }[];
    for (const o of filtered) expect(o.status).toBe('awaiting_shipment');
  }, 120_000);

  it('sync --once shows its progress on stderr when it is a terminal, and nothing extra when not; --json stays clean', async () => {
    const run = async (isTTY: boolean) => {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const io = {
        stdout: { write: (c: string) => stdout.push(c) } as unknown as NodeJS.WritableStream,
        stderr: Object.assign({ write: (c: string) => stderr.push(c) } as unknown as NodeJS.WritableStream, { isTTY, columns: 120 }),
        stdin: process.stdin,
        env: { ...env, TRACKER_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cli-progress-')) },
      };
      const code = await main(['sync', '--once', '--json'], io);
      fs.rmSync(io.env.TRACKER_DATA_DIR!, { recursive: true, force: true });
      return { code, stdout: stdout.join(''), stderr: stderr.join('') };
    };
    const tty = await run(true);
    expect(tty.code).toBe(0);
    expect(JSON.parse(tty.stdout).orders).toBeGreaterThan(0); // stdout: the JSON summary alone
    const lines = tty.stderr.split('\r\x1b[K').filter(Boolean);
    expect(lines.some((l) => /^同步中 · 轨迹 \d+\/\d+ \(\d+%\) · 调用 \d+ 次 · [\d.]+ 次\/秒 · \d+ 秒$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('同步中 · 包裹 '))).toBe(true);
    // Erased before anything else is listed on stderr (the notifications), so nothing shares its line.
    expect(tty.stderr).toMatch(/\r\x1b\[K\[通知\]|\r\x1b\[K$/);

    const piped = await run(false);
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout).orders).toBe(JSON.parse(tty.stdout).orders);
    expect(piped.stderr).not.toContain('同步中');
    expect(piped.stderr).not.toMatch(/[\r\x1b]/);
  }, 120_000);

  it('add reports bad ids one by one and keeps the good ones', async () => {
    const r = await tracker(['add', '3712345678901234567', 'abc', '123', '3712345678901234568']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✓ 3712345678901234567');
    expect(r.stdout).toContain('✓ 3712345678901234568');
    expect(r.stdout).toMatch(/✗ abc：.*数字/);
    expect(r.stdout).toMatch(/✗ 123：.*位数/);
  }, 60_000);

  it('classify prints one stage per input line', async () => {
    const r = await tracker(['classify'], { stdin: '【深圳市】快件已签收，签收人：本人\n快件已到达【广州转运中心】\n收件人拒收\n' });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['delivered', 'in_transit', 'exception']);
  }, 60_000);

  it('classify --why adds the deciding rule, a doubt marker and its 判定依据', async () => {
    const r = await tracker(['classify', '--why'], { stdin: '失败签收录入 于明鑫\n包裹已退回寄件人\n' });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'failed_attempt\tfailed_attempt.signing_failed\t签收失败 / 失败签收 / 未签收',
      'returned\treturned.back_with_sender\t存疑\t快件已退回寄件人 / 原寄件门店',
    ]);
  }, 60_000);

  it('unknown commands and bad options fail with usage on stderr', async () => {
    const r = await tracker(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('未知命令');
    const bad = await tracker(['orders', '--status', 'nonsense']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('nonsense');
  }, 60_000);
});

describe('tracker sync status', () => {
  it('--json is what sync.status returns, with the push channel live (实时) on the sandbox', async () => {
    const r = await tracker(['sync', 'status', '--json', '--wait', '20'], { env: { ...env, TRACKER_PUSH_URL: gw.pushUrl } });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.state).toBe('idle');
    expect(s.lastRun).not.toBeNull(); // the sync --once above is remembered
    expect(s.channel).toMatchObject({ state: 'live', enabled: true, message: null });
    expect(Number.isNaN(Date.parse(s.channel.since))).toBe(false);

    const human = await tracker(['sync', 'status', '--wait', '20'], { env: { ...env, TRACKER_PUSH_URL: gw.pushUrl } });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('实时消息：实时，自 ');
  }, 60_000);

  it('says 轮询 with since when and why when the channel cannot connect', async () => {
    const r = await tracker(['sync', 'status', '--wait', '20'], { env: { ...env, TRACKER_PUSH_URL: 'ws://127.0.0.1:1/websocket' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/实时消息：轮询，自 .+ 起；原因：\S+/);
    const json = JSON.parse((await tracker(['sync', 'status', '--json', '--wait', '20'], { env: { ...env, TRACKER_PUSH_URL: 'ws://127.0.0.1:1/websocket' } })).stdout);
    expect(json.channel.state).toBe('down');
    expect(json.channel.message).toBeTruthy();
  }, 60_000);

  it('says the switch is off when 实时消息 has no channel URL, and rejects a bad --wait', async () => {
    const r = await tracker(['sync', 'status', '--wait', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('同步状态：');
    expect(r.stdout).toContain('实时消息：');
    const bad = await tracker(['sync', 'status', '--wait', 'soon']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--wait');
  }, 60_000);
});
