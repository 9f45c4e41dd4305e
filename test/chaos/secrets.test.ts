// Secrets: after a demo-like run — connect by token and by OAuth, a wrong secret tried first,
// the ERP webhook secret set, syncs with token refreshes, csv and xlsx exports, every contract
// method called directly and over HTTP — the app secret, every access and refresh token that
// ever existed, the OAuth code and the ERP secret appear in no log line, no event, no response,
// no error message, no export (xlsx unzipped) and no byte of any file under the data folder
// (database, -wal and -shm included, while open and after close).
// Browser mode: the module's own tests (test/unit/server/auth.test.ts, lifecycle.test.ts) prove
// 401 without the token, 403 for a foreign Origin or Host, and 127.0.0.1 only; the same is checked
// on the real `tracker serve` process in test/e2e/hostile.spec.ts (it needs the built UI).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackerCore } from '../../electron/core/api/createCore';
import { startSandboxGateway, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import { fileSecretStore } from '../../electron/core/fileSecretStore';
import { memorySecretStore, type SecretStore } from '../../electron/core/ports';
import { startBrowserServer } from '../../electron/core/server';
import { EVENT_NAMES, METHOD_NAMES, ORDER_TABS, type MethodName } from '../../shared/contract';
import { startErpReceiver, type ErpReceiver } from '../helpers/erpReceiver';
import { manualClock, DAY } from '../helpers/sandboxRig';
import { captureLogger, rawRequest } from '../unit/server/helpers';
import { allFiles, removeDir, reportFigures, tempDir, unzipEntries } from './lib/env';
import { VALID_INPUTS } from './lib/hostile';

const APP_KEY = 'secretsApp2026';
const APP_SECRET = 'APPSECRET-7f3a9c1e-do-not-leak';
const WRONG_SECRET = 'WRONGSECRET-b41d-do-not-leak';
const ERP_SECRET = 'ERPSECRET-5e0c-do-not-leak';

/** A SecretStore that remembers every value ever given to it: the full set of live secrets. */
function recording(inner: SecretStore, seen: Set<string>): SecretStore {
  return {
    get: (k) => inner.get(k),
    set: async (k, v) => {
      seen.add(v);
      await inner.set(k, v);
    },
    delete: (k) => inner.delete(k),
  };
}

function leaks(haystack: Buffer | string, secrets: Iterable<string>): string[] {
  const buf = typeof haystack === 'string' ? Buffer.from(haystack) : haystack;
  return [...secrets].filter((s) => s.length >= 6 && buf.includes(Buffer.from(s)));
}

describe('secrets after a full run', () => {
  let gw: SandboxGateway;
  let receiver: ErpReceiver;
  const dirs: string[] = [];
  beforeAll(async () => {
    receiver = await startErpReceiver({ secret: ERP_SECRET });
  });
  afterAll(async () => {
    await receiver.close();
    await gw?.close();
    for (const d of dirs) removeDir(d);
  });

  it('appear in no log, event, response, error, export or file', async () => {
    const startAt = Date.UTC(2026, 9, 1, 4);
    const clock = manualClock(startAt);
    gw = await startSandboxGateway({ seed: 21, orders: 25, appKey: APP_KEY, appSecret: APP_SECRET, startAt, now: clock.now, faults: { tokenExpiryEveryNCalls: 25 } });
    const secrets = new Set<string>([APP_SECRET, WRONG_SECRET, ERP_SECRET, gw.credentials.accessToken, gw.credentials.refreshToken]);
    const dataDir = tempDir('secrets');
    dirs.push(dataDir);
    const logger = captureLogger();
    const core = await createTrackerCore({
      dataDir,
      secrets: recording(memorySecretStore(), secrets),
      notifier: { notify: () => undefined },
      logger,
      clock,
      gatewayUrl: gw.url,
      authorizeUrl: gw.url.replace(/\/openapi$/, '/oauth/authorize'),
      env: { TRACKER_QPS: '10' },
      clientTuning: { timeoutMs: 5_000, retry: { baseMs: 5, capMs: 20 } },
    });
    const events: string[] = [];
    for (const e of EVENT_NAMES) core.events.on(e, (p) => events.push(JSON.stringify({ e, p })));
    const answers: string[] = [];
    const call = async (m: string, input: unknown) => {
      try {
        const r = await core.handle(m, input);
        answers.push(JSON.stringify(r));
        return r;
      } catch (e) {
        answers.push(JSON.stringify(e), String(e), (e as Error).stack ?? '');
        return null;
      }
    };

    try {
      // A wrong secret first: its error message must not echo it (nor the right one).
      await call('account.connect', { appKey: APP_KEY, appSecret: WRONG_SECRET, accessToken: gw.credentials.accessToken });
      // OAuth: authorize page → code → exchange.
      const start = (await call('account.startOAuth', { appKey: APP_KEY, appSecret: APP_SECRET, redirectUri: 'http://127.0.0.1:9/oauth/callback' })) as {
        authorizeUrl: string;
      };
      const redirect = await fetch(start.authorizeUrl, { redirect: 'manual' });
      const location = new URL(redirect.headers.get('location') ?? '');
      const code = location.searchParams.get('code') ?? '';
      secrets.add(code);
      await call('account.completeOAuth', { code, state: location.searchParams.get('state') });
      // Then by token, as a clerk pastes them.
      await call('account.connect', { appKey: APP_KEY, appSecret: APP_SECRET, accessToken: gw.credentials.accessToken, refreshToken: gw.credentials.refreshToken });
      await call('settings.update', { erpWebhookUrl: receiver.url, erpWebhookSecret: ERP_SECRET, erpStatusChangedEvents: true });
      for (const days of [0, 3, 9]) {
        clock.set(startAt + days * DAY);
        await call('sync.runNow', {});
      }
      clock.set(gw.world.finishedAt() + DAY);
      await call('sync.runNow', {});
      await core.internals.erp.drain({ timeoutMs: 10_000 });
      expect(gw.log.filter((l) => l.api.includes('getToken')).length).toBeGreaterThan(1);

      // Every read method, every tab, every order; then every other method once.
      const list = (await call('orders.list', { limit: 500 })) as { rows: { orderId: string }[] };
      expect(list.rows.length).toBeGreaterThan(0);
      for (const tab of ORDER_TABS) await call('orders.list', { tab, limit: 500 });
      for (const r of list.rows) await call('orders.get', { orderId: r.orderId });
      const orderId = list.rows[0]!.orderId;
      const alerts = (await call('alerts.list', { state: 'open' })) as { rows: { id: number }[] };
      const inputs: Partial<Record<MethodName, unknown>> = {
        ...VALID_INPUTS,
        'orders.get': { orderId },
        'orders.archive': { orderId, archived: false },
        'shipments.refresh': { orderId },
        'alerts.ack': { alertId: alerts.rows[0]?.id ?? 1, note: 'checked' },
        'account.connect': undefined,
        'account.completeOAuth': undefined,
        'account.disconnect': undefined,
        'settings.update': { language: 'zh-CN' },
      };
      for (const m of METHOD_NAMES) if (!(m in inputs) || inputs[m] !== undefined) await call(m, inputs[m] ?? {});
      const exports: Buffer[] = [];
      for (const format of ['csv', 'xlsx'] as const) {
        const r = (await call('export.file', { format, tab: 'all' })) as { contentBase64: string };
        const bytes = Buffer.from(r.contentBase64, 'base64');
        exports.push(bytes);
        if (format === 'xlsx') for (const entry of unzipEntries(bytes).values()) exports.push(entry);
      }
      expect(exports.length).toBeGreaterThan(3);

      // Over HTTP too: the bridge adds nothing that could carry a secret.
      const staticDir = tempDir('ui');
      dirs.push(staticDir);
      fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
      const server = await startBrowserServer({ core, staticDir, logger });
      const http: string[] = [];
      try {
        for (const m of ['account.status', 'settings.get', 'sync.status', 'orders.list', 'outbox.list', 'account.check']) {
          const res = await rawRequest({
            port: server.port,
            method: 'POST',
            path: `/api/${m}`,
            headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
            body: '{}',
          });
          expect(res.status, m).toBe(200);
          http.push(JSON.stringify(res.headers), res.body);
        }
      } finally {
        await server.close();
      }

      const files = allFiles(dataDir);
      expect(files.some(([p]) => p.endsWith('-wal'))).toBe(true);
      const fileLeaks = files.flatMap(([p, b]) => leaks(b, secrets).map((s) => `${path.basename(p)}: ${s.slice(0, 12)}…`));
      const found = {
        logs: leaks(JSON.stringify(logger.lines), secrets),
        events: leaks(events.join('\n'), secrets),
        answers: leaks(answers.join('\n'), secrets),
        http: leaks(http.join('\n'), secrets),
        exports: exports.flatMap((b) => leaks(b, secrets)),
        files: fileLeaks,
      };
      reportFigures('secrets.run', {
        secretsWatched: secrets.size,
        tokenRefreshes: gw.log.filter((l) => l.api.includes('getToken')).length,
        logLines: logger.lines.length,
        events: events.length,
        answers: answers.length,
        httpAnswers: http.length / 2,
        exportParts: exports.length,
        files: files.length,
        bytesScanned: files.reduce((n, [, b]) => n + b.length, 0),
        leaks: Object.values(found).flat().length,
      });
      expect(found).toEqual({ logs: [], events: [], answers: [], http: [], exports: [], files: [] });
      // The account is connected: the secrets do exist, just not where they must not be.
      expect(answers.some((a) => a.includes('"connected":true'))).toBe(true);
    } finally {
      await core.stop();
    }
    const closed = allFiles(dataDir);
    expect(closed.flatMap(([p, b]) => leaks(b, secrets).map((s) => `${path.basename(p)}: ${s.slice(0, 12)}…`))).toEqual([]);
  }, 120_000);

  it('the headless secret store is the one file that holds them: secrets.json, 0600; the database holds none', async () => {
    const g = await startSandboxGateway({ seed: 4, orders: 8, appKey: APP_KEY, appSecret: APP_SECRET });
    const dataDir = tempDir('filesecrets');
    dirs.push(dataDir);
    const core = await createTrackerCore({ dataDir, secrets: fileSecretStore(dataDir), notifier: { notify: () => undefined }, gatewayUrl: g.url, env: { TRACKER_QPS: '10' } });
    try {
      await core.handle('account.connect', { appKey: APP_KEY, appSecret: APP_SECRET, accessToken: g.credentials.accessToken, refreshToken: g.credentials.refreshToken });
      await core.handle('sync.runNow', {});
    } finally {
      await core.stop();
      await g.close();
    }
    const secrets = [APP_SECRET, g.credentials.accessToken, g.credentials.refreshToken];
    const holding = allFiles(dataDir)
      .filter(([, b]) => leaks(b, secrets).length > 0)
      .map(([p]) => path.basename(p));
    expect(holding).toEqual(['secrets.json']);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  }, 60_000);
});
