// The app in Chromium against `tracker serve --demo` (one server process for this file).
import { expect, screenshot, test } from './fixtures';

interface OrderRowJson {
  orderId: string;
  status: string;
  shipments: { billNo: string | null; logisticsId: string }[];
}

async function api<T>(request: import('@playwright/test').APIRequestContext, demo: { origin: string; token: string }, method: string, input: unknown = {}): Promise<T> {
  const r = await request.post(`${demo.origin}/api/${method}`, { headers: { Authorization: `Bearer ${demo.token}` }, data: input });
  expect(r.status(), `${method} → ${await r.text()}`).toBe(200);
  return ((await r.json()) as { result: T }).result;
}

/**
 * The demo's first sync fills the database in the background: wait until its first cycle has
 * ended (every account's run finished: a run row exists from the moment it starts, so
 * `lastRun !== null` alone is not the end), then until orders with parcels exist. How long that
 * cycle takes depends on the world the demo makes for the hour it starts in.
 */
async function syncedOrders(request: import('@playwright/test').APIRequestContext, demo: { origin: string; token: string }): Promise<OrderRowJson[]> {
  type Status = { state: string; lastRun: { finishedAt: string | null } | null };
  await expect
    .poll(async () => {
      const s = await api<Status>(request, demo, 'sync.status');
      return s.state !== 'syncing' && s.lastRun?.finishedAt != null;
    }, { timeout: 120_000 })
    .toBe(true);
  let rows: OrderRowJson[] = [];
  await expect
    .poll(async () => {
      rows = (await api<{ rows: OrderRowJson[] }>(request, demo, 'orders.list', { limit: 200 })).rows;
      return rows.filter((r) => r.shipments.some((s) => s.billNo)).length;
    }, { timeout: 90_000 })
    .toBeGreaterThan(3);
  return rows;
}

test.describe('1688 物流跟踪 in the browser (demo)', () => {
  test('lists the demo orders, filters by status and searches by waybill', async ({ page, demo, request }) => {
    await syncedOrders(request, demo);
    await page.goto(demo.url);
    await expect(page.locator('[data-testid="order-row"]').first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('demo-tag')).toBeVisible();
    await expect(page.getByTestId('status-bar')).toContainText('上次同步');
    await screenshot(page, 'orders');

    const list = await api<{ counts: Record<string, number>; rows: OrderRowJson[] }>(request, demo, 'orders.list', { limit: 200 });
    const tab = (['in_transit', 'delivered', 'awaiting_shipment'] as const).find((t) => (list.counts[t] ?? 0) > 0)!;
    await page.getByTestId(`status-tab-${tab}`).click();
    await expect(page.getByTestId(`status-count-${tab}`)).toContainText(String(list.counts[tab]));
    const rowsInTab = page.locator('[data-testid="order-row"]');
    await expect(rowsInTab.first()).toBeVisible();
    const tabList = await api<{ rows: OrderRowJson[] }>(request, demo, 'orders.list', { tab, limit: 500 });
    const ids = new Set(tabList.rows.map((r) => r.orderId));
    for (const id of await rowsInTab.evaluateAll((els) => els.map((e) => e.getAttribute('data-order-id')))) expect(ids.has(id!)).toBe(true);

    const withBill = list.rows.find((r) => r.shipments.some((s) => s.billNo))!;
    const bill = withBill.shipments.find((s) => s.billNo)!.billNo!;
    await page.getByTestId('status-tab-all').click();
    await page.getByTestId('search-input').fill(bill.slice(-8));
    await expect(page.locator(`[data-testid="order-row"][data-order-id="${withBill.orderId}"]`)).toBeVisible();
    await expect(page.locator('[data-testid="order-row"]')).toHaveCount(1);
  });

  test('opens an order and shows its timeline newest first, in local time', async ({ page, demo, request }) => {
    // An order with a parcel still on its way (not delivered, with an estimate): the demo's world depends on the hour it
    // starts in, and the first order with a waybill may have every parcel delivered, which shows no estimate.
    type Detail = { parcels: { billNo: string | null; deliveredAt: string | null; estimate: unknown }[] };
    let order: OrderRowJson | undefined;
    for (const row of (await syncedOrders(request, demo)).filter((r) => r.shipments.some((s) => s.billNo))) {
      const detail = await api<Detail>(request, demo, 'orders.get', { orderId: row.orderId });
      if (detail.parcels.some((p) => p.billNo && !p.deliveredAt && p.estimate)) {
        order = row;
        break;
      }
    }
    expect(order, 'an order with a parcel on its way and an estimate').toBeDefined();
    if (!order) return;
    await page.goto(demo.url);
    await page.goto(`${demo.origin}/#/orders/${order.orderId}`);
    const drawer = page.getByTestId('order-drawer');
    await expect(drawer).toBeVisible();
    await expect(drawer).toContainText(order.orderId);
    const items = drawer.locator('[data-testid="timeline-item"]');
    await expect(items.first()).toBeVisible();
    // Each parcel's own timeline is newest first (an order may have several parcels, one card each).
    const perParcel = await drawer
      .getByTestId('parcel-card')
      .evaluateAll((cards) =>
        cards.map((c) => [...c.querySelectorAll('[data-testid="timeline-item"] time')].map((e) => Date.parse(e.getAttribute('datetime') ?? ''))),
      );
    expect(perParcel.flat().length).toBeGreaterThan(0);
    for (const times of perParcel) expect([...times].sort((a, b) => b - a)).toEqual(times);
    await expect(drawer.getByTestId('parcel-estimate').first()).toBeVisible();
    // Each polled parcel says why it has its status (判定依据), with the rule and 1688's status.
    const evidence = drawer.getByTestId('status-evidence').first();
    await expect(evidence).toContainText('判定依据');
    await expect(evidence.getByTestId('evidence-rule')).not.toBeEmpty();
    await expect(evidence.getByTestId('evidence-witness')).toContainText('1688 物流状态');
    await screenshot(page, 'order-detail');
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
  });

  test('acknowledges an alert with a note', async ({ page, demo, request }) => {
    await page.goto(demo.url);
    await page.goto(`${demo.origin}/#/alerts`);
    const row = page.locator('[data-testid="alert-row"]').first();
    await expect(row).toBeVisible({ timeout: 60_000 });
    await screenshot(page, 'alerts');
    const before = await api<{ rows: { id: number; ackedAt: string | null }[] }>(request, demo, 'alerts.list', { state: 'open' });
    await row.getByTestId('ack-button').click();
    await page.getByTestId('ack-note').fill('已联系供应商');
    await page.getByRole('button', { name: /确\s*认|确\s*定|OK/ }).last().click();
    await expect
      .poll(async () => (await api<{ rows: { ackNote: string | null }[] }>(request, demo, 'alerts.list', { state: 'open' })).rows.filter((a) => a.ackNote === '已联系供应商').length)
      .toBe(1);
    expect(before.rows.length).toBeGreaterThan(0);
  });

  test('adds orders by pasting, rejecting bad ids line by line', async ({ page, demo, request }) => {
    await page.goto(demo.url);
    await page.goto(`${demo.origin}/#/add`);
    await page.getByTestId('add-textarea').fill('3712345678901234567\nabc123\n12345\n3712345678901234567\n3799999999999999999');
    await expect(page.getByTestId('add-preview-line')).toHaveCount(5);
    await expect(page.getByTestId('add-preview')).toContainText('重复');
    await screenshot(page, 'add-orders');
    await page.getByTestId('add-submit').click();
    const rejected = page.getByTestId('add-result-rejected');
    await expect(rejected).toContainText('abc123');
    await expect(rejected).toContainText('12345');
    await expect(page.getByTestId('add-summary')).toContainText('2');
    for (const id of ['3712345678901234567', '3799999999999999999'])
      expect((await api<{ orderId: string }>(request, demo, 'orders.get', { orderId: id })).orderId).toBe(id);
  });

  test('settings never show the secret or the tokens', async ({ page, demo, request }) => {
    const secrets = ['SandboxSecret1688'];
    const responses: string[] = [];
    page.on('response', async (r) => {
      if (r.url().includes('/api/')) responses.push(await r.text().catch(() => ''));
    });
    await page.goto(demo.url);
    await page.goto(`${demo.origin}/#/settings`);
    await expect(page.getByTestId('account-card')).toContainText('已连接');
    for (const input of await page.getByTestId('settings-secret-input').all()) await expect(input).toHaveValue('');
    await screenshot(page, 'settings');
    const html = await page.content();
    const account = JSON.stringify(await api(request, demo, 'account.status'));
    for (const s of secrets) {
      expect(html).not.toContain(s);
      expect(account).not.toContain(s);
      for (const body of responses) expect(body).not.toContain(s);
    }
  });

  test('switches to English and back', async ({ page, demo }) => {
    await page.goto(demo.url);
    await expect(page.getByTestId('nav-orders')).toContainText('订单');
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('nav-orders')).toContainText('Orders');
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('nav-orders')).toContainText('订单');
  });

  test('refuses requests without the token, from a foreign origin, or for a rebinding host', async ({ playwright, demo }) => {
    const anon = await playwright.request.newContext();
    expect((await anon.get(`${demo.origin}/`)).status()).toBe(401);
    expect((await anon.post(`${demo.origin}/api/orders.list`, { data: {} })).status()).toBe(401);
    const auth = { Authorization: `Bearer ${demo.token}` };
    expect((await anon.post(`${demo.origin}/api/orders.list`, { data: {}, headers: { ...auth, Origin: 'http://evil.example' } })).status()).toBe(403);
    expect((await anon.get(`${demo.origin}/api/health`, { headers: { ...auth, Host: 'evil.example' } })).status()).toBe(403);
    expect((await anon.get(`${demo.origin}/api/health`, { headers: auth })).status()).toBe(200);
    await anon.dispose();
  });
});
