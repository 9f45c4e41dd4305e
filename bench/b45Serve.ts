// B5: `tracker serve` on a copy of the fixture database: spawn → ready, and its RSS after the B3
// query mix over HTTP. B4: the Orders page of that same server in Debian's Chromium (Playwright):
// navigation → first row visible, the longest task while scrolling, the JS heap.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { DB_FILE_NAME } from '../electron/core/store/database';
import { queryMix } from './b3Queries';
import type { FixtureDb } from './fixtureDb';
import { atMost, figure, log, machineExtras, ms, now, percentile, removeDir, ROOT, sleep, tempDir, unmeasured, type Figure, type Scale } from './lib';
import { startServe, type ServeProcess } from './serveProcess';

const B4_IDS: [string, string, number | null][] = [
  ['B4.firstRowMs', 'ms', 800],
  ['B4.longestLoadTaskMs', 'ms', 200],
  ['B4.longestTaskMs', 'ms', 100],
  ['B4.jsHeapMB', 'MB', null],
];
const B5_IDS: [string, string, number | null][] = [
  ['B5.readyMs', 'ms', 2000],
  ['B5.rssMB', 'MB', 300],
];

const unmeasuredAll = (ids: [string, string, number | null][], reason: string) =>
  ids.map(([id, unit, t]) => unmeasured(id, unit, t === null ? null : atMost(t), reason));

export async function runB4B5(scale: Scale, db: FixtureDb): Promise<Figure[]> {
  // `serve` refuses to start without the built UI, so neither figure can be taken without it.
  if (!fs.existsSync(path.join(ROOT, 'dist/renderer/index.html'))) {
    const reason = 'not built: dist/renderer/index.html is missing (run `npm run build`)';
    log(`B4/B5: ${reason}`);
    return [...unmeasuredAll(B4_IDS, reason), ...unmeasuredAll(B5_IDS, reason)];
  }
  const dataDir = tempDir('serve');
  fs.copyFileSync(db.file, path.join(dataDir, DB_FILE_NAME));
  let server: ServeProcess | null = null;
  try {
    server = await startServe(dataDir);
    const b5 = await measureB5(scale, db, server);
    let b4: Figure[];
    try {
      b4 = await measureB4(scale, server);
    } catch (e) {
      // The UI may be mid-rewrite (another engineer's folder): report, do not break the run.
      const reason = `the Orders page did not render: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
      log(`B4: ${reason}`);
      b4 = unmeasuredAll(B4_IDS, reason);
    }
    return [...b4, ...b5];
  } finally {
    await server?.stop();
    removeDir(dataDir);
  }
}

async function api(server: ServeProcess, method: string, input: unknown): Promise<unknown> {
  const res = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (!res.ok) throw new Error(`${method}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(m[1]);
}

async function measureB5(scale: Scale, db: FixtureDb, server: ServeProcess): Promise<Figure[]> {
  // Ready = the first /api/health answered with the bearer token, timed from the spawn.
  for (;;) {
    try {
      const res = await fetch(`${server.origin}/api/health`, { headers: { authorization: `Bearer ${server.token}` } });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  const readyMs = ms(server.spawnedAt);
  const rssStartMb = procStatusKb(server.pid, 'VmRSS') / 1024;
  const runs = scale.quick ? 5 : 20;
  for (const q of queryMix(db)) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = now();
      await api(server, q.method, q.input(i));
      times.push(ms(t));
    }
    log(`B5 over HTTP ${q.id}: p50 ${percentile(times, 50).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (${runs} runs)`);
  }
  const rssMb = procStatusKb(server.pid, 'VmRSS') / 1024;
  const peakMb = procStatusKb(server.pid, 'VmHWM') / 1024;
  log(`B5: URL printed ${server.urlMs.toFixed(0)} ms, ready ${readyMs.toFixed(0)} ms; RSS ${rssStartMb.toFixed(0)} MB at start, ${rssMb.toFixed(0)} MB after the mix (peak ${peakMb.toFixed(0)} MB)`);
  return [
    figure('B5.readyMs', readyMs, 'ms', atMost(2000)),
    figure('B5.urlPrintedMs', server.urlMs, 'ms', null),
    figure('B5.rssMB', rssMb, 'MB', atMost(300)),
    figure('B5.rssPeakMB', peakMb, 'MB', null),
  ];
}

// Runs in the page before its own scripts: long tasks, the first order row, frame gaps.
const PAGE_PROBE = `
  window.__bench = { longtasks: [], firstRowAt: null, maxFrameGap: 0, measuring: false };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const seen = () => {
    if (window.__bench.firstRowAt !== null || !document.querySelector('[data-testid="order-row"]')) return;
    window.__bench.firstRowAt = -1;
    // The frame that paints it.
    requestAnimationFrame(() => { window.__bench.firstRowAt = performance.now(); });
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  let last = 0;
  const frame = (t) => {
    if (window.__bench.measuring && last) window.__bench.maxFrameGap = Math.max(window.__bench.maxFrameGap, t - last);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
`;

interface Probe {
  longtasks: { start: number; duration: number }[];
  firstRowAt: number | null;
  maxFrameGap: number;
  measuring: boolean;
}

const ROW_HEIGHT = 34; // renderer/pages/OrdersTable.tsx

export async function openOrders(browser: Browser, server: ServeProcess): Promise<{ page: Page; firstRowMs: number; outerMs: number; longestLoadTaskMs: number }> {
  // As playwright.config.ts: the clerk's locale, time zone and a laptop screen.
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  await context.addInitScript(PAGE_PROBE);
  const page = await context.newPage();
  const t0 = now();
  await page.goto(server.url);
  await page.locator('[data-testid="order-row"]').first().waitFor({ state: 'visible', timeout: 30_000 });
  const outerMs = ms(t0);
  await page.waitForFunction(() => ((window as unknown as { __bench: Probe }).__bench.firstRowAt ?? -1) > 0);
  const firstRowMs = await page.evaluate(() => (window as unknown as { __bench: Probe }).__bench.firstRowAt as number);
  // While loading: every task from navigation until the first row is painted, and the settling
  // after it (the lazy chunks, the second render), up to half a second past the first row.
  await sleep(500);
  const longestLoadTaskMs = await page.evaluate(
    (until) => Math.max(0, ...(window as unknown as { __bench: Probe }).__bench.longtasks.filter((t) => t.start < until).map((t) => t.duration)),
    firstRowMs + 500,
  );
  return { page, firstRowMs, outerMs, longestLoadTaskMs };
}

/** The flags of playwright.config.ts (Debian's Chromium, headless, no sandbox in containers). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function measureB4(scale: Scale, server: ServeProcess): Promise<Figure[]> {
  const browser = await launchChromium();
  machineExtras.chromium = browser.version();
  try {
    // Cold loads, each in a fresh context (no cache, no cookie): the median is the figure.
    const loads: number[] = [];
    const loadTasks: number[] = [];
    let page: Page | null = null;
    for (let i = 0; i < (scale.quick ? 1 : 3); i++) {
      if (page) await page.context().close();
      const o = await openOrders(browser, server);
      page = o.page;
      loads.push(o.firstRowMs);
      loadTasks.push(o.longestLoadTaskMs);
      log(
        `B4: load ${i + 1}: first row painted at ${o.firstRowMs.toFixed(0)} ms after navigation start (${o.outerMs.toFixed(0)} ms seen from Playwright); ` +
          `longest task while loading ${o.longestLoadTaskMs.toFixed(0)} ms`,
      );
    }
    if (!page) throw new Error('no page');
    const scroll = await scrollRows(page, scale.quick ? 500 : 5_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    log(
      `B4: scrolled ${scroll.rows} rows in ${(scroll.ms / 1000).toFixed(1)} s: ` +
        `${scroll.longtasks.length} long tasks, longest ${Math.max(0, ...scroll.longtasks).toFixed(0)} ms, longest frame gap ${scroll.maxFrameGap.toFixed(0)} ms; JS heap ${(heap / 2 ** 20).toFixed(1)} MB`,
    );
    await page.context().close();
    const longest = Math.max(0, ...scroll.longtasks);
    return [
      // Cold loads (a fresh context each: no cache, no V8 code cache): the median of each.
      figure('B4.firstRowMs', percentile(loads, 50), 'ms', atMost(800)),
      figure(
        'B4.longestLoadTaskMs',
        percentile(loadTasks, 50),
        'ms',
        atMost(200),
        loadTasks.every((t) => t === 0) ? 'no task reached 50 ms while loading (the longtask API reports only those)' : undefined,
      ),
      figure(
        'B4.longestTaskMs',
        longest,
        'ms',
        atMost(100),
        scroll.longtasks.length === 0 ? 'no task reached 50 ms (the longtask API reports only those); see B4.maxFrameGapMs' : undefined,
      ),
      figure('B4.maxFrameGapMs', scroll.maxFrameGap, 'ms', null),
      figure('B4.scrolledRows', scroll.rows, 'rows', null),
      figure('B4.jsHeapMB', heap / 2 ** 20, 'MB', null),
    ];
  } finally {
    await browser.close();
  }
}

/** Scrolls the orders table with the mouse wheel until `rows` rows have gone by, letting pages load. */
async function scrollRows(page: Page, rows: number): Promise<{ rows: number; ms: number; longtasks: number[]; maxFrameGap: number }> {
  const box = await page.locator('.orders-scroll').boundingBox();
  if (!box) throw new Error('no .orders-scroll element');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const startAt = await page.evaluate(() => {
    const b = (window as unknown as { __bench: Probe }).__bench;
    b.measuring = true;
    b.maxFrameGap = 0;
    return performance.now();
  });
  const position = () =>
    page.evaluate(() => {
      const el = document.querySelector('.orders-scroll') as HTMLElement;
      const rowCount = Number(document.querySelector('[data-testid="orders-table"]')?.getAttribute('aria-rowcount') ?? 0);
      return { top: el.scrollTop, atEnd: el.scrollTop + el.clientHeight >= el.scrollHeight - 2, rowCount };
    });
  const t0 = now();
  let pos = await position();
  // A fast flick: 25 rows per wheel event, one event per frame.
  while (pos.top < rows * ROW_HEIGHT) {
    if (pos.atEnd) {
      // At the end of what is loaded: wait for the next page, as a clerk would.
      const have = pos.rowCount;
      const grew = await page
        .waitForFunction((n) => Number(document.querySelector('[data-testid="orders-table"]')?.getAttribute('aria-rowcount') ?? 0) > n, have, { timeout: 30_000 })
        .then(() => true, () => false);
      if (!grew) break; // the end of the list (or the page stopped loading): report how far it got
    }
    await page.mouse.wheel(0, 25 * ROW_HEIGHT);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    pos = await position();
  }
  const elapsed = ms(t0);
  const probe = await page.evaluate(() => {
    const b = (window as unknown as { __bench: Probe }).__bench;
    b.measuring = false;
    return { longtasks: b.longtasks, maxFrameGap: b.maxFrameGap };
  });
  return {
    rows: Math.floor(pos.top / ROW_HEIGHT),
    ms: elapsed,
    longtasks: probe.longtasks.filter((t) => t.start >= startAt).map((t) => t.duration),
    maxFrameGap: probe.maxFrameGap,
  };
}
