// ERP write-back in Chromium against `tracker serve --demo`: a local receiver refuses every event
// (422), the rows show up as failed on the ERP page, one is re-sent after the receiver is fixed
// and arrives; and the SQL section of Settings previews a template.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, screenshot, startServe, test } from './fixtures';

interface OutboxRowJson {
  idempotencyKey: string;
  state: string;
  orderId: string;
  logisticsId: string | null;
  lastStatus: number | null;
}
interface OutboxListJson {
  rows: OutboxRowJson[];
  total: number;
  counts: { pending: number; dead: number; delivered: number };
}

type Api = <T>(method: string, input?: unknown) => Promise<T>;

function apiFor(request: import('@playwright/test').APIRequestContext, demo: { origin: string; token: string }): Api {
  return async <T>(method: string, input: unknown = {}) => {
    const r = await request.post(`${demo.origin}/api/${method}`, { headers: { Authorization: `Bearer ${demo.token}` }, data: input });
    expect(r.status(), `${method} → ${await r.text()}`).toBe(200);
    return ((await r.json()) as { result: T }).result;
  };
}

/** A webhook receiver on 127.0.0.1 that answers `status` to everything and remembers the keys. */
async function startReceiver() {
  const received: { key: string; status: number }[] = [];
  const receiver = { status: 422, received, url: '', close: () => Promise.resolve() };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['x-tracker-idempotency-key'] ?? '');
      received.push({ key, status: receiver.status });
      res.writeHead(receiver.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(receiver.status === 200 ? 'ok' : '采购单不存在');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/1688`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

const SECRET = 'e2e-erp-secret-5c1f';

test.describe('ERP write-back (demo)', () => {
  test('refused events show as failed; one is re-sent after the ERP is fixed and arrives', async ({ page, request }) => {
    test.setTimeout(180_000);
    const receiver = await startReceiver();
    // Its own demo with the ERP configured from the start: the first sync's deliveries, returns
    // and exceptions are the events (no waiting for the demo world to move).
    const demo = await startServe({ demo: true, env: { TRACKER_ERP_WEBHOOK_URL: receiver.url, TRACKER_ERP_WEBHOOK_SECRET: SECRET } });
    const api = apiFor(request, demo);
    try {
      let dead: OutboxRowJson[] = [];
      await expect
        .poll(
          async () => {
            dead = (await api<OutboxListJson>('outbox.list', { state: 'dead', limit: 500 })).rows;
            return dead.length;
          },
          { timeout: 120_000, intervals: [1_000, 2_000, 5_000] },
        )
        .toBeGreaterThan(0);

      await page.goto(demo.url);
      await page.goto(`${demo.origin}/#/erp`);
      await expect(page.getByTestId('erp-page')).toBeVisible();
      await expect(page.getByTestId('erp-target')).toContainText('webhook');
      await expect(page.getByTestId('nav-erp').getByTestId('erp-count')).toBeVisible();
      const deadRows = page.locator('[data-testid="erp-row"][data-state="dead"]');
      await expect(deadRows.first()).toBeVisible();
      await expect(deadRows.first().getByTestId('erp-error')).toContainText('422');
      await expect(deadRows.first().getByTestId('erp-error')).toContainText('采购单不存在');
      expect(Number((await page.getByTestId('erp-count-dead').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
      await screenshot(page, 'erp');

      // Re-send one that nothing older of its order holds back (an older failed row would).
      dead = (await api<OutboxListJson>('outbox.list', { state: 'dead', limit: 500 })).rows;
      const orderCount = new Map<string, number>();
      for (const r of dead) orderCount.set(r.orderId, (orderCount.get(r.orderId) ?? 0) + 1);
      const target = dead.find((r) => orderCount.get(r.orderId) === 1) ?? dead[dead.length - 1]!;
      receiver.status = 200;
      const row = page.locator(`[data-testid="erp-row"][data-key="${target.idempotencyKey}"]`);
      await expect(row).toBeVisible();
      await row.getByTestId('erp-resend').click();
      await expect(row).toBeHidden();

      await expect
        .poll(async () => (await api<OutboxListJson>('outbox.list', { state: 'delivered', limit: 500 })).rows.some((r) => r.idempotencyKey === target.idempotencyKey), {
          timeout: 30_000,
        })
        .toBe(true);
      expect(receiver.received.some((r) => r.key === target.idempotencyKey && r.status === 200)).toBe(true);
      await page.getByTestId('erp-tab-delivered').click();
      await expect(page.locator(`[data-testid="erp-row"][data-key="${target.idempotencyKey}"][data-state="delivered"]`)).toBeVisible();
      expect(await page.content()).not.toContain(SECRET);
    } finally {
      await demo.stop();
      await receiver.close();
    }
  });

  test('Settings → SQL 回写: a postgres template previews as $n with its bound names', async ({ page, demo }) => {
    await page.goto(demo.url);
    await page.goto(`${demo.origin}/#/settings`);
    await expect(page.getByTestId('settings-form')).toBeVisible();
    await page.getByTestId('sql-enabled').click();
    await expect(page.getByTestId('sql-dialect')).toContainText('PostgreSQL');
    const input = page.getByTestId('sql-template-input-shipment.delivered');
    await expect(input).toHaveAttribute('placeholder', /UPDATE purchase_order SET received_at = :deliveredAt/);
    await input.fill('UPDATE purchase_order SET received_at = :deliveredAt, logistics_no = :billNo WHERE po_no = :erpRef AND received_at IS NULL');
    await page.getByTestId('sql-preview-shipment.delivered').click();
    const preview = page.getByTestId('sql-template-shipment.delivered').getByTestId('sql-preview');
    await expect(preview.getByTestId('sql-preview-text')).toHaveText(
      'UPDATE purchase_order SET received_at = $1, logistics_no = $2 WHERE po_no = $3 AND received_at IS NULL',
    );
    const rows = preview.locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('$1');
    await expect(rows.nth(0)).toContainText(':deliveredAt');
    await expect(rows.nth(1)).toContainText(':billNo');
    await expect(rows.nth(2)).toContainText(':erpRef');
    await screenshot(page, 'settings-sql');
  });
});
