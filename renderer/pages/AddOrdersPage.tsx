// 添加订单: paste ids (live per-entry preview) → orders.add; or import a CSV/XLSX → orders.importFile.
// With several 1688 accounts the clerk may say which one bought the orders; by default (自动) the
// active accounts try each order in turn.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Space, Table, Tag, Typography, Upload } from '../lib/antdPages';
import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AddOrdersResult, ImportReport } from '../../shared/contract';
import { useAccounts } from '../api/accountHooks';
import { useCall } from '../api/hooks';
import { qk } from '../api/queryKeys';
import { ErrorAlert } from '../components/ErrorAlert';
import { parseIds } from '../lib/parseIds';
import { readFileAsBase64 } from '../lib/download';
import { safeText } from '../lib/safeText';

const MAX_ENTRIES = 10_000;
const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** The preview lists this many entries; the counts cover all of them. */
const PREVIEW_LIMIT = 500;

export function AddOrdersPage() {
  const { t } = useTranslation();
  const [accountId, setAccountId] = useState<number | undefined>(undefined);
  return (
    <div className="page add-page">
      <Typography.Title level={4}>{t('add.title')}</Typography.Title>
      <AccountChoice value={accountId} onChange={setAccountId} />
      <PasteCard accountId={accountId} />
      <ImportCard accountId={accountId} />
    </div>
  );
}

/** Which account bought the orders (shown with two or more accounts): 自动, or one that syncs. */
function AccountChoice({ value, onChange }: { value: number | undefined; onChange: (v: number | undefined) => void }) {
  const { t } = useTranslation();
  const accounts = (useAccounts().data ?? []).filter((a) => !a.implicit);
  if (accounts.length < 2) return null;
  return (
    <label className="add-account">
      {t('add.account')}{' '}
      <select data-testid="add-account" value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : undefined)}>
        <option value="">{t('add.accountAuto')}</option>
        {accounts.map((a) => (
          <option key={a.id} value={a.id} disabled={a.state !== 'active'}>
            {safeText(a.name)}
            {a.state !== 'active' ? ` (${t(`accounts.states.${a.state}`)})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

function PasteCard({ accountId }: { accountId: number | undefined }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const entries = useMemo(() => parseIds(text), [text]);
  const bad = entries.filter((e) => e.problem !== null).length;
  const add = useCall('orders.add');

  const submit = () =>
    add.mutate(
      { ids: entries.map((e) => e.raw), ...(accountId ? { accountId } : {}) },
      { onSuccess: () => void qc.invalidateQueries({ queryKey: qk.orders }) },
    );

  return (
    <Card size="small" className="add-card">
      <label className="field-label" htmlFor="add-ids">
        {t('add.pasteLabel')}
      </label>
      <div className="add-grid">
        <Input.TextArea
          id="add-ids"
          data-testid="add-textarea"
          className="mono"
          value={text}
          placeholder={t('add.placeholder')}
          autoSize={{ minRows: 8, maxRows: 20 }}
          onChange={(e) => {
            setText(e.target.value);
            if (add.data || add.error) add.reset();
          }}
        />
        <div className="add-preview" data-testid="add-preview">
          {entries.length > 0 && (
            <Typography.Text type="secondary" data-testid="add-summary">
              {t('add.summary', { total: entries.length, ok: entries.length - bad, bad })}
            </Typography.Text>
          )}
          <ol className="preview-list">
            {entries.slice(0, PREVIEW_LIMIT).map((e, i) => (
              <li
                key={i}
                data-testid="add-preview-line"
                data-ok={e.problem === null}
                className={e.problem ? 'preview-bad' : 'preview-ok'}
              >
                <span className="mono">{safeText(e.raw)}</span>
                {e.problem ? (
                  <Tag color="red" data-testid="add-preview-reason">
                    {t(`add.problems.${e.problem}`)}
                  </Tag>
                ) : (
                  <Tag color="green">{t('add.ok')}</Tag>
                )}
              </li>
            ))}
          </ol>
        </div>
      </div>
      {entries.length > MAX_ENTRIES && <Alert type="error" showIcon title={t('add.tooMany', { max: MAX_ENTRIES })} />}
      <Space className="add-actions">
        <Button
          type="primary"
          data-testid="add-submit"
          disabled={entries.length === 0 || entries.length > MAX_ENTRIES}
          loading={add.isPending}
          onClick={submit}
        >
          {t('add.submit')}
        </Button>
        <Button
          onClick={() => {
            setText('');
            add.reset();
          }}
          disabled={text === ''}
        >
          {t('add.clear')}
        </Button>
      </Space>
      {add.error && <ErrorAlert error={add.error} />}
      {add.data && <AddResult result={add.data} />}
    </Card>
  );
}

function AddResult({ result }: { result: AddOrdersResult }) {
  const { t } = useTranslation();
  return (
    <div className="add-result" data-testid="add-result">
      <Space wrap>
        <Tag color="green" data-testid="add-result-added">
          {t('add.result.added', { count: result.added.length })}
        </Tag>
        <Tag color="blue" data-testid="add-result-existing">
          {t('add.result.existing', { count: result.existing.length })}
        </Tag>
        {result.rejected.length > 0 && <Tag color="red">{t('add.result.rejected', { count: result.rejected.length })}</Tag>}
      </Space>
      {result.rejected.length > 0 && (
        <Table
          data-testid="add-result-rejected"
          size="small"
          rowKey="key"
          dataSource={result.rejected.map((r, i) => ({ ...r, key: i }))}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { key: 'input', title: t('add.result.input'), render: (_, r) => <span className="mono">{safeText(r.input)}</span> },
            { key: 'reason', title: t('add.result.reason'), render: (_, r) => safeText(r.reason) },
          ]}
        />
      )}
    </div>
  );
}

function ImportCard({ accountId }: { accountId: number | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const importFile = useCall('orders.importFile');
  const [fileName, setFileName] = useState<string | null>(null);

  const onFile = async (file: File) => {
    if (file.size > MAX_FILE_BYTES) {
      void message.error(t('add.import.tooBig'));
      return;
    }
    setFileName(file.name);
    let contentBase64: string;
    try {
      contentBase64 = await readFileAsBase64(file);
    } catch {
      void message.error(t('add.import.readFailed'));
      return;
    }
    importFile.mutate(
      { fileName: file.name, contentBase64, ...(accountId ? { accountId } : {}) },
      { onSuccess: () => void qc.invalidateQueries({ queryKey: qk.orders }) },
    );
  };

  return (
    <Card size="small" title={t('add.import.title')} className="add-card">
      <Upload.Dragger
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        disabled={importFile.isPending}
        beforeUpload={(file) => {
          void onFile(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">
          {importFile.isPending && fileName ? t('add.import.reading', { name: safeText(fileName) }) : t('add.import.hint')}
        </p>
        <p className="ant-upload-hint">{t('add.import.subHint')}</p>
      </Upload.Dragger>
      {importFile.error && <ErrorAlert error={importFile.error} />}
      {importFile.data && <ImportResult report={importFile.data} />}
    </Card>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <div className="import-result" data-testid="import-result">
      <Descriptions size="small" column={4}>
        <Descriptions.Item label={t('add.import.totalRows')}>{report.totalRows}</Descriptions.Item>
        <Descriptions.Item label={t('add.import.added')}>{report.added.length}</Descriptions.Item>
        <Descriptions.Item label={t('add.import.existing')}>{report.existing.length}</Descriptions.Item>
        <Descriptions.Item label={t('add.import.rejected')}>{report.rejected.length}</Descriptions.Item>
      </Descriptions>
      {report.rowErrors.length > 0 && (
        <Table
          data-testid="import-row-errors"
          size="small"
          title={() => t('add.import.rowErrors')}
          rowKey={(r) => `${r.row}-${r.value}`}
          dataSource={report.rowErrors}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { key: 'row', title: t('add.import.row'), dataIndex: 'row', width: 80 },
            { key: 'value', title: t('add.import.value'), render: (_, r) => <span className="mono">{safeText(r.value)}</span> },
            { key: 'reason', title: t('add.import.reason'), render: (_, r) => safeText(r.reason) },
          ]}
        />
      )}
    </div>
  );
}
