// First run without an account, and the offline state when the gateway goes away.
import { expect, screenshot, startSandboxProcess, startServe, test } from './fixtures';

test('first run: offers to connect a 1688 account or try the demo', async ({ page }) => {
  const server = await startServe();
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(page.getByTestId('welcome-connect')).toBeVisible();
    await expect(page.getByTestId('welcome-demo')).toBeVisible();
    await screenshot(page, 'first-run');
    await page.getByTestId('welcome-connect').click();
    await expect(page.getByTestId('account-card')).toBeVisible();
  } finally {
    await server.stop();
  }
});

test('shows the offline banner when the gateway stops, and keeps serving the cache', async ({ page }) => {
  const sandbox = await startSandboxProcess();
  const server = await startServe({ env: { ...sandbox.env, TRACKER_QPS: '10' } });
  try {
    await page.goto(server.url);
    await expect(page.locator('[data-testid="order-row"]').first()).toBeVisible({ timeout: 60_000 });
    const rows = await page.locator('[data-testid="order-row"]').count();
    await sandbox.stop();
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('offline-banner')).toContainText('离线');
    await screenshot(page, 'offline');
    // Everything still works from the database.
    expect(await page.locator('[data-testid="order-row"]').count()).toBe(rows);
    await page.locator('[data-testid="order-row"]').first().click();
    await expect(page.getByTestId('order-drawer')).toBeVisible();
  } finally {
    await server.stop();
    await sandbox.stop();
  }
});
