// The desktop app in the real Electron program: the built app on the demo's sandbox gateway, a
// temporary data folder, the Electron build of SQLite (build/native). Checked from outside: the
// window's security settings, the Orders page, an order's timeline, an alert, a signing
// notification, a clean quit, and a restart on the same database.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { launchDesktop, shownNotifications, tempDataDir, type DesktopRun } from './launch';

test.describe.configure({ mode: 'serial' });

let run: DesktopRun;
const dataDir = tempDataDir();
let ordersSeen = 0;

test.beforeAll(async () => {
  run = await launchDesktop(dataDir);
});

test.afterAll(async () => {
  if (run?.app.process().exitCode === null) await run.app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the window is sandboxed and isolated: no Node in the page, only the preload\'s bridge', async () => {
  const prefs = await run.app.evaluate(({ app, BrowserWindow }) => {
    const win = BrowserWindow.getAllWindows().find((w) => w.webContents.getURL().startsWith('app://'))!;
    // Electron's own record of the preferences the page runs with (not in its typings).
    const wc = win.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null };
    const p = wc.getLastWebPreferences?.() ?? null;
    // The OS's view: the renderer process is sandboxed (reported on macOS and Windows).
    const metric = app.getAppMetrics().find((m) => m.pid === win.webContents.getOSProcessId());
    return {
      prefs: p && { contextIsolation: p.contextIsolation, nodeIntegration: p.nodeIntegration, sandbox: p.sandbox, webviewTag: p.webviewTag },
      sandboxedProcess: metric?.sandboxed ?? null,
      url: win.webContents.getURL(),
    };
  });
  if (prefs.prefs) expect(prefs.prefs).toEqual({ contextIsolation: true, nodeIntegration: false, sandbox: true, webviewTag: false });
  if (process.platform !== 'linux') expect(prefs.sandboxedProcess).toBe(true);
  expect(prefs.url).toMatch(/^app:\/\/renderer\//);
  const page = await run.window.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>;
    const tracker = g.tracker as { invoke?: unknown } | undefined;
    return {
      require: typeof g.require,
      process: typeof g.process,
      module: typeof g.module,
      tracker: typeof tracker,
      // Context isolation: the bridge's functions are proxies from another world, with no source here.
      bridged: typeof tracker?.invoke === 'function' && Function.prototype.toString.call(tracker.invoke).includes('[native code]'),
    };
  });
  expect(page).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', tracker: 'object', bridged: true });
  // The CSP of the app:// responses holds for the page: a frame cannot be added.
  const framed = await run.window.evaluate(async () => {
    const f = document.createElement('iframe');
    f.src = 'app://renderer/index.html';
    document.body.append(f);
    await new Promise((r) => setTimeout(r, 500));
    let reached = false;
    try {
      reached = !!f.contentDocument?.body?.innerHTML;
    } catch {
      reached = false;
    }
    f.remove();
    return reached;
  });
  expect(framed).toBe(false);
});

test('opens on the Orders page with the demo\'s orders, read from SQLite', async () => {
  const rows = run.window.locator('[data-testid="order-row"]');
  await expect(rows.first()).toBeVisible({ timeout: 90_000 });
  await expect(run.window.getByTestId('demo-tag')).toBeVisible();
  await expect(run.window.getByTestId('status-bar')).toContainText('上次同步', { timeout: 90_000 });
  ordersSeen = await rows.count();
  expect(ordersSeen).toBeGreaterThan(0);
  expect(fs.existsSync(path.join(dataDir, 'demo', 'tracker.db'))).toBe(true);
});

test('an order\'s timeline, newest first', async () => {
  const list = await run.window.evaluate(() =>
    (window as unknown as { tracker: { invoke(m: string, i: unknown): Promise<{ rows: { orderId: string; shipments: { billNo: string | null }[] }[] }> } }).tracker.invoke('orders.list', { limit: 200 }),
  );
  const order = list.rows.find((r) => r.shipments.some((s) => s.billNo));
  expect(order, 'a demo order with a parcel').toBeTruthy();
  await run.window.evaluate((id) => {
    location.hash = `#/orders/${id}`;
  }, order!.orderId);
  const drawer = run.window.getByTestId('order-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText(order!.orderId);
  const items = drawer.locator('[data-testid="timeline-item"]');
  await expect(items.first()).toBeVisible();
  const times = await items.locator('time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime') ?? '')));
  expect([...times].sort((a, b) => b - a)).toEqual(times);
  await run.window.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
});

test('an alert is listed and can be acknowledged', async () => {
  await run.window.evaluate(() => {
    location.hash = '#/alerts';
  });
  const row = run.window.locator('[data-testid="alert-row"]').first();
  await expect(row).toBeVisible({ timeout: 90_000 });
  await expect(row.getByTestId('ack-button')).toBeVisible();
});

test('a signing is announced with a desktop notification, once', async () => {
  await expect
    .poll(async () => (await shownNotifications(run.app)).filter((n) => n.title === '已签收' || n.body.includes('签收')).length, { timeout: 120_000 })
    .toBeGreaterThan(0);
  const shown = await shownNotifications(run.app);
  const signings = shown.filter((n) => n.title === '已签收').map((n) => n.body);
  expect(new Set(signings).size).toBe(signings.length);
});

test('quits cleanly, and starts again on the same database without announcing anything twice', async () => {
  const before = await shownNotifications(run.app);
  const proc = run.app.process();
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  await run.app.evaluate(({ app }) => app.quit());
  expect(await exited).toBe(0);
  // A clean close leaves no WAL behind (the next start runs no recovery check).
  expect(fs.existsSync(path.join(dataDir, 'demo', 'tracker.db-wal'))).toBe(false);

  run = await launchDesktop(dataDir);
  const rows = run.window.locator('[data-testid="order-row"]');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  expect(await rows.count()).toBeGreaterThanOrEqual(Math.min(ordersSeen, 1));
  // Give the restarted app one sync; what was announced before is not announced again.
  await expect(run.window.getByTestId('status-bar')).toContainText('上次同步', { timeout: 90_000 });
  const again = (await shownNotifications(run.app)).filter((n) => n.title === '已签收').map((n) => n.body);
  for (const body of before.filter((n) => n.title === '已签收').map((n) => n.body)) expect(again).not.toContain(body);
});
