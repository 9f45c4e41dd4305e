// 设置 → 团队 in Chromium against the browser mode (`tracker serve`) and a real PostgreSQL (the
// throwaway cluster the team tests use): the clerk joins with the database address, password,
// member name and TLS off (the test server has none); the password leaves the page and never
// reaches the settings; the card then shows this desktop as a member, connected; leaving asks
// first and brings the form back, the local copy kept.
import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import { startPgCluster, type PgCluster } from '../team/pgCluster';
import { expect, screenshot, startServe, test, type TrackerServer } from './fixtures';

const PASSWORD = 'e2e-team-pw-7f3a';

let cluster: PgCluster;
let server: TrackerServer;
let url: string;

test.beforeAll(async () => {
  cluster = await startPgCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE ROLE desk LOGIN SUPERUSER PASSWORD '${PASSWORD}'`);
  await admin.end();
  url = (await cluster.createDatabase('e2e_team')).replace('postgres@', 'desk@');
  server = await startServe();
});

test.afterAll(async () => {
  await server?.stop();
  cluster?.stop();
});

test('joins a team from 设置 → 团队 and leaves it', async ({ page }) => {
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/settings`);
  const card = page.getByTestId('team-card');
  await expect(card).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await page.getByTestId('team-url').fill(url);
  await page.getByTestId('team-password').fill(PASSWORD);
  await page.getByTestId('team-member').fill('前台一号');
  // TLS is required by default; this local test server has none
  await expect(page.getByTestId('team-tls').getByRole('radio', { name: '加密', exact: true })).toBeChecked();
  await page.getByTestId('team-tls').getByText('不加密（仅限内网）').click();
  await page.getByTestId('team-join').click();

  const state = page.getByTestId('team-state');
  await expect(state).toBeVisible({ timeout: 30_000 });
  await expect(state).toContainText('前台一号');
  await expect(state).toContainText('已连接');
  // the password is gone from the page and was never written to the settings
  await expect(page.getByTestId('team-password')).toHaveCount(0);
  expect(await page.content()).not.toContain(PASSWORD);
  const db = new Database(path.join(server.dataDir, 'tracker.db'), { readonly: true });
  try {
    const settings = JSON.stringify(db.prepare('SELECT * FROM settings').all());
    expect(settings).toContain('desk@127.0.0.1');
    expect(settings).not.toContain(PASSWORD);
  } finally {
    db.close();
  }
  // the team database has this member
  const c = new pg.Client({ connectionString: cluster.url.replace(/\/postgres$/, '/e2e_team') });
  await c.connect();
  try {
    expect((await c.query('SELECT name, left_at FROM team_members')).rows).toEqual([{ name: '前台一号', left_at: null }]);
  } finally {
    await c.end();
  }
  await screenshot(page, 'team-joined');

  await page.getByTestId('team-leave').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('退出团队？');
  await dialog.getByRole('button', { name: '退出团队' }).click();
  await expect(page.getByTestId('team-join')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('team-password')).toHaveValue('');
});
