// Hostile carrier text in the real UI: trace remarks (and a carrier name, an ERP reference) that
// carry <script>, <img onerror>, <svg onload>, javascript: links, an iframe, template syntax and
// RTL overrides, written into the data folder's SQLite before `tracker serve` starts. The order is
// opened in Chromium; no script may run (a `window.__xss` flag every payload would set stays
// unset, no dialog opens), no element of the payloads exists in the DOM, and each remark is shown
// as the literal text it is, bidi controls removed. The page's CSP is BYPASSED here, so that the
// rendering itself is what is tested, not the CSP in front of it.
// Then the real `tracker serve` as a gate: 401 without the token, 403 for a foreign Origin or a
// rebinding Host, nothing on any interface but 127.0.0.1, and no credential in its output
// (test/unit/server proves the same of the module; this is the CLI's wiring of it).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startSandboxGateway } from '../../electron/core/ali1688/sandbox';
import { openStore } from '../../electron/core/store';
import { openPrintedLink, PRINTED_LINK, startServe, type TrackerServer } from './fixtures';

const ORDER_ID = '3788888888888888888';
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

/** Each remark, and the literal text the timeline must show for it. */
const REMARKS: [string, string][] = [
  [`【深圳】快件已到达 <img src=x onerror="window.__xss='img'">`, `<img src=x onerror="window.__xss='img'">`],
  [`<script>window.__xss='script'</script>快件已发出`, `<script>window.__xss='script'</script>`],
  [`<svg/onload="window.__xss='svg'">派送中`, `<svg/onload="window.__xss='svg'">`],
  [`<a href="javascript:window.__xss='href'">点此查看</a>`, `<a href="javascript:window.__xss='href'">`],
  [`<iframe srcdoc="<script>parent.__xss='iframe'</script>"></iframe>`, `<iframe srcdoc=`],
  [`{{constructor.constructor('window.__xss="tpl"')()}}`, `{{constructor.constructor(`],
  [`"><img src=x onerror=alert(1)>问题件`, `"><img src=x onerror=alert(1)>`],
  [`快件已签收，签收人：\u202E王师傅\u202C（本人）`, `快件已签收，签收人：王师傅（本人）`],
];

function seed(dataDir: string): void {
  const store = openStore(dataDir);
  const base = Date.UTC(2026, 10, 20, 2, 0, 0);
  const now = base + 10 * 3600_000;
  store.transaction(() => {
    store.orders.addTracked(ORDER_ID, 'import', `<img src=x onerror="window.__xss='erp'">`, now);
    store.shipments.upsertParcel(
      ORDER_ID,
      {
        logisticsId: 'LPXSS000000001',
        billNo: '75300000000001',
        carrierCode: 'ZTO',
        carrierName: `<img src=x onerror="window.__xss='carrier'">`,
        status1688: 'TRANSPORT',
        shippedAt: base,
        sender: { province: '浙江省', city: '金华市', county: null },
        receiver: { province: '广东省', city: '深圳市', county: null },
        goods: [],
        raw: {},
      },
      now,
    );
    const sh = store.shipments.byOrder(ORDER_ID)[0]!;
    REMARKS.forEach(([remark], i) => store.shipments.insertEvent(sh.id, base + i * 3600_000, remark, 'in_transit', now));
    const last = REMARKS[REMARKS.length - 1]![0];
    const lastAt = base + (REMARKS.length - 1) * 3600_000;
    store.shipments.applyPoll({
      id: sh.id,
      status: 'in_transit',
      last_event_at: lastAt,
      last_remark: last,
      last_stage: 'in_transit',
      event_count: REMARKS.length,
      delivered_at: null,
      next_poll_at: null,
      done: false,
      now,
    });
    store.orders.setDerived(ORDER_ID, 'in_transit', lastAt, last, now);
  });
  store.close();
}

test.describe('hostile trace remarks', () => {
  test.use({ bypassCSP: true });
  let server: TrackerServer;
  let dataDir: string;

  test.beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-e2e-xss-'));
    seed(dataDir);
    // Not connected to 1688: the page shows what the database holds.
    server = await startServe({ env: { TRACKER_DATA_DIR: dataDir } });
  });

  test.afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('are shown as literal text, and nothing in them runs', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.goto(server.url);
    const row = page.locator(`[data-testid="order-row"][data-order-id="${ORDER_ID}"]`);
    await expect(row).toBeVisible({ timeout: 60_000 });
    // The status cell opens the order (the id and waybill cells copy).
    await row.locator('.cell-status').click();
    const drawer = page.getByTestId('order-drawer');
    await expect(drawer).toBeVisible();
    const items = drawer.locator('[data-testid="timeline-item"]');
    await expect(items).toHaveCount(REMARKS.length);

    const texts = await items.allTextContents();
    const all = texts.join('\n');
    for (const [, literal] of REMARKS) expect(all, literal).toContain(literal);
    expect(BIDI.test(all)).toBe(false);
    // The carrier name is literal text too (wherever the drawer shows it).
    await expect(drawer).toContainText(`<img src=x onerror="window.__xss='carrier'">`);

    // Nothing the payloads describe exists as an element.
    await expect(page.locator('img[src="x"], iframe, [onerror], [onload], a[href^="javascript:"]')).toHaveCount(0);
    // Give an event loop turn for any handler that could have been attached, then look.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

/** One request with exactly these headers (Host included), on a fresh connection. */
function request(port: number, headers: Record<string, string>, pathname = '/api/sync.status'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: pathname, headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', ...headers }, agent: false, setHost: false },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

const connects = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

test.describe('browser mode gate, the real `tracker serve`', () => {
  test('needs the token, refuses foreign Origins and Hosts, listens on 127.0.0.1 only, prints no credential', async () => {
    const appSecret = 'E2E-APPSECRET-3c9d-do-not-print';
    const gw = await startSandboxGateway({ seed: 8, orders: 6, appKey: 'e2eApp', appSecret });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-e2e-gate-'));
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../bin/tracker.js'), 'serve', '--port', '0'], {
      env: {
        PATH: process.env.PATH,
        HOME: dataDir,
        TRACKER_DATA_DIR: dataDir,
        TRACKER_GATEWAY_URL: gw.url,
        TRACKER_APP_KEY: 'e2eApp',
        TRACKER_APP_SECRET: appSecret,
        TRACKER_ACCESS_TOKEN: gw.credentials.accessToken,
        TRACKER_REFRESH_TOKEN: gw.credentials.refreshToken,
        TRACKER_LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      await expect.poll(() => PRINTED_LINK.test(out), { timeout: 60_000 }).toBe(true);
      const printed = PRINTED_LINK.exec(out)![0];
      const port = Number(new URL(printed).port);
      const { token } = await openPrintedLink(printed);
      // The printed link has been used: from scrollback or history it opens nothing.
      expect((await fetch(printed, { redirect: 'manual' })).status).toBe(401);
      const auth = { Authorization: `Bearer ${token}` };
      expect(await request(port, {})).toBe(401);
      expect(await request(port, { Authorization: 'Bearer wrong-token-wrong-token-wrong' })).toBe(401);
      expect(await request(port, auth)).toBe(200);
      expect(await request(port, { ...auth, Origin: 'http://evil.example' })).toBe(403);
      expect(await request(port, { ...auth, Origin: `http://127.0.0.1.evil.example:${port}` })).toBe(403);
      expect(await request(port, { ...auth, Host: `evil.example:${port}` })).toBe(403);
      expect(await request(port, { ...auth, Host: `attacker.127.0.0.1.nip.io:${port}` })).toBe(403);
      expect(await connects('127.0.0.1', port)).toBe(true);
      const others = Object.values(os.networkInterfaces())
        .flat()
        .filter((i): i is os.NetworkInterfaceInfo => !!i && !i.internal && i.family === 'IPv4')
        .map((i) => i.address);
      for (const a of others) expect(await connects(a, port), a).toBe(false);
      // A sync ran meanwhile (with a token refresh or not): still nothing secret in the output.
      child.kill('SIGTERM');
      await exited;
      for (const secret of [appSecret, gw.credentials.accessToken, gw.credentials.refreshToken]) expect(out).not.toContain(secret);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await gw.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
