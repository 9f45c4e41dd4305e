import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from './render';
import { FakeTracker } from './fakeTracker';

const DELIVERED = 'shipment.delivered';
const EXCEPTION = 'shipment.exception';

/** Clicks 预览 once the button has caught up with the typed text. */
async function clickPreview(type: string) {
  const button = screen.getByTestId(`sql-preview-${type}`) as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false));
  fireEvent.click(button);
}

const templateInput = (type: string) => screen.getByTestId(`sql-template-input-${type}`) as HTMLTextAreaElement;
const connectionInput = () =>
  screen.getAllByTestId('settings-secret-input').find((i) => i.getAttribute('data-secret') === 'erpSqlConnectionString') as HTMLInputElement;

function withSql(): FakeTracker {
  const tracker = new FakeTracker();
  tracker.settings = {
    ...tracker.settings,
    erpStatusChangedEvents: false,
    erpSql: { dialect: 'postgres', templates: { [DELIVERED]: 'UPDATE po SET got = :deliveredAt WHERE no = :erpRef' }, statementTimeoutMs: 5000 },
    erpSqlHasConnectionString: true,
  };
  return tracker;
}

async function openSettings(tracker: FakeTracker) {
  const utils = await renderApp({ hash: '#/settings', tracker });
  await screen.findByTestId('settings-form');
  return utils;
}

describe('settings → ERP → SQL write-back', () => {
  it('previews a template: the driver text and a table of the bound names, from erp.sqlPreview', async () => {
    const { tracker } = await openSettings(new FakeTracker());
    expect(screen.queryByTestId(`sql-template-input-${DELIVERED}`)).toBeNull(); // off until switched on
    fireEvent.click(screen.getByTestId('sql-enabled'));
    const input = await screen.findByTestId(`sql-template-input-${DELIVERED}`);
    // the placeholder is an idempotent example for the chosen dialect
    expect((input as HTMLTextAreaElement).placeholder).toContain('UPDATE purchase_order SET received_at = :deliveredAt');
    expect((input as HTMLTextAreaElement).placeholder).toContain('received_at IS NULL');
    expect(input.className).toContain('mono');
    // every allowed :name is listed with a description
    const params = screen.getByTestId('sql-params');
    for (const name of ['idempotencyKey', 'erpRef', 'orderStatus1688', 'shipmentStatus1688', 'deliveredAt', 'stage'])
      expect(params.textContent).toContain(`:${name}`);
    expect(params.textContent).toContain('ERP 单号（可能为空）');

    const sql = 'UPDATE purchase_order SET received_at = :deliveredAt, logistics_no = :billNo WHERE po_no = :erpRef';
    fireEvent.change(input, { target: { value: sql } });
    await clickPreview(DELIVERED);
    await waitFor(() => expect(tracker.callsOf('erp.sqlPreview')).toEqual([{ dialect: 'postgres', template: sql, eventType: DELIVERED }]));
    const preview = await screen.findByTestId('sql-preview');
    expect(within(preview).getByTestId('sql-preview-text').textContent).toBe(
      'UPDATE purchase_order SET received_at = $1, logistics_no = $2 WHERE po_no = $3',
    );
    const cells = [...preview.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(cells).toEqual([
      ['1', '$1', ':deliveredAt', '2025-11-29T06:02:00.000Z'],
      ['2', '$2', ':billNo', '78912345678901234567'],
      ['3', '$3', ':erpRef', 'PO-2025-11-0042'],
    ]);
    // editing the template makes the old preview go away
    fireEvent.change(input, { target: { value: `${sql} AND received_at IS NULL` } });
    await waitFor(() => expect(screen.queryByTestId('sql-preview')).toBeNull());
    expect(tracker.callsOf('settings.update')).toHaveLength(0); // previewing saves nothing
  });

  it('a preview the core refuses shows its message by the template', async () => {
    await openSettings(withSql());
    fireEvent.change(await screen.findByTestId(`sql-template-input-${EXCEPTION}`), { target: { value: 'INSERT INTO log VALUES (:nope)' } });
    await clickPreview(EXCEPTION);
    const error = await within(screen.getByTestId(`sql-template-${EXCEPTION}`)).findByTestId('sql-preview-error');
    expect(error.textContent).toContain('未知参数 :nope');
  });

  it('shows the saved settings; the connection string is write-only and never rendered', async () => {
    await openSettings(withSql());
    expect(templateInput(DELIVERED).value).toBe('UPDATE po SET got = :deliveredAt WHERE no = :erpRef');
    expect(templateInput(EXCEPTION).value).toBe('');
    expect(templateInput(EXCEPTION).placeholder).toContain('ON CONFLICT (idempotency_key) DO NOTHING');
    const conn = connectionInput();
    expect(conn.type).toBe('password');
    expect(conn.value).toBe('');
    expect(conn.placeholder).toBe('已保存（不显示）');
  });

  it('saving sends only what changed: the templates that are not empty, and the connection string only when typed', async () => {
    const { tracker } = await openSettings(withSql());
    fireEvent.change(templateInput(EXCEPTION), { target: { value: 'INSERT INTO log (k) VALUES (:idempotencyKey)' } });
    fireEvent.change(connectionInput(), { target: { value: 'postgres://erp:TOP-SECRET-pw@db:5432/erp' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() =>
      expect(tracker.callsOf('settings.update')).toEqual([
        {
          erpSql: {
            dialect: 'postgres',
            templates: {
              [DELIVERED]: 'UPDATE po SET got = :deliveredAt WHERE no = :erpRef',
              [EXCEPTION]: 'INSERT INTO log (k) VALUES (:idempotencyKey)',
            },
            statementTimeoutMs: 5000,
          },
          erpSqlConnectionString: 'postgres://erp:TOP-SECRET-pw@db:5432/erp',
        },
      ]),
    );
    await waitFor(() => expect(connectionInput().value).toBe(''));
    expect(document.body.innerHTML).not.toContain('TOP-SECRET');
    expect(JSON.stringify(tracker.settings)).not.toContain('TOP-SECRET');

    // nothing changed: nothing sent
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(await screen.findByText('没有需要保存的改动')).toBeTruthy();
    expect(tracker.callsOf('settings.update')).toHaveLength(1);

    // the status-change events switch alone
    fireEvent.click(screen.getByTestId('setting-erp-status-changed'));
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(tracker.callsOf('settings.update')[1]).toEqual({ erpStatusChangedEvents: true }));
  });

  it('switching SQL write-back off saves erpSql: null; on without any template is refused here', async () => {
    const { tracker } = await openSettings(withSql());
    fireEvent.change(templateInput(DELIVERED), { target: { value: '   ' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(await within(screen.getByTestId(`sql-template-${DELIVERED}`)).findByText('启用 SQL 回写时至少填写一个模板')).toBeTruthy();
    expect(tracker.callsOf('settings.update')).toHaveLength(0);

    fireEvent.click(screen.getByTestId('sql-enabled'));
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(tracker.callsOf('settings.update')).toEqual([{ erpSql: null }]));
  });

  it('shows the core’s issues by the template they are about (both path spellings)', async () => {
    const tracker = withSql();
    const invoke = tracker.invoke.bind(tracker);
    tracker.invoke = (async (method: string, input?: unknown) => {
      if (method === 'settings.update')
        throw {
          code: 'invalid_input',
          message: '模板有误',
          issues: [
            { path: 'erpSql.templates.shipment.delivered', message: '「shipment.delivered」的模板：未知参数 :delivredAt' },
            { path: 'templates.shipment.exception', message: '「shipment.exception」的模板：只能有一条语句' },
          ],
        };
      return invoke(method as never, input as never);
    }) as typeof tracker.invoke;
    await openSettings(tracker);
    fireEvent.change(templateInput(DELIVERED), { target: { value: 'UPDATE po SET got = :delivredAt' } });
    fireEvent.change(templateInput(EXCEPTION), { target: { value: 'SELECT 1; SELECT 2' } });
    fireEvent.change(connectionInput(), { target: { value: 'postgres://erp:TOP-SECRET-pw@db/erp' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(
      await within(screen.getByTestId(`sql-template-${DELIVERED}`)).findByText('「shipment.delivered」的模板：未知参数 :delivredAt'),
    ).toBeTruthy();
    expect(within(screen.getByTestId(`sql-template-${EXCEPTION}`)).getByText('「shipment.exception」的模板：只能有一条语句')).toBeTruthy();
    // the typed secret is not kept after a failed save
    await waitFor(() => expect(connectionInput().value).toBe(''));
    expect(document.body.innerHTML).not.toContain('TOP-SECRET');
  });

  it('测试连接 shows the core’s answer, success or error', async () => {
    const tracker = withSql();
    await openSettings(tracker);
    fireEvent.click(screen.getByTestId('sql-check'));
    const ok = await screen.findByTestId('sql-check-result');
    expect(ok.textContent).toContain('已连接到 ERP 数据库。');
    expect(ok.className).toContain('ant-alert-success');
    expect(tracker.callsOf('erp.sqlCheck')).toEqual([{}]);

    tracker.sqlCheckResult = { ok: false, message: '无法登录 ERP 数据库：password authentication failed for user "erp"' };
    fireEvent.click(screen.getByTestId('sql-check'));
    await waitFor(() => expect(screen.getByTestId('sql-check-result').textContent).toContain('password authentication failed'));
    expect(screen.getByTestId('sql-check-result').className).toContain('ant-alert-error');
  });

  it('the dialect picks the examples: SQL Server', async () => {
    const tracker = withSql();
    tracker.settings.erpSql = { dialect: 'mssql', templates: { [DELIVERED]: 'UPDATE dbo.po SET got = :deliveredAt' } };
    tracker.settings.erpSqlHasConnectionString = false;
    await openSettings(tracker);
    expect(templateInput(EXCEPTION).placeholder).toContain('IF NOT EXISTS');
    expect(connectionInput().placeholder).toContain('Server=');
    await clickPreview(DELIVERED);
    await waitFor(() => expect(screen.getByTestId('sql-preview-text').textContent).toBe('UPDATE dbo.po SET got = @p1'));
  });
});
