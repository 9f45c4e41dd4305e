// Settings → ERP 回写 → SQL 回写: the dialect, one template per event type (with an idempotent
// example as its placeholder), the :names a template may use, a dry-run preview per template,
// the write-only connection string and a connection test. Part of the settings form: its values
// are saved with everything else (sqlPatch below).
import { Alert, Button, Checkbox, Form, Input, Select, Switch, Table, Typography, type FormInstance } from '../lib/antdPages';
import { useTranslation } from 'react-i18next';
import type {
  ErpSqlSettings,
  MethodInput,
  OutboxEventType,
  Settings,
  SqlDialectName,
  SqlPreviewView,
} from '../../shared/contract';
import { OUTBOX_EVENT_TYPES, SQL_DIALECT_NAMES } from '../lib/contractLists';
import { useCall } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { useEventTypeLabel } from '../components/outboxText';
import { safeText } from '../lib/safeText';
import { SQL_CONNECTION_EXAMPLES, SQL_EXAMPLES, SQL_PARAM_NAMES } from '../lib/sqlExamples';


/** The SQL part of the settings form. */
export interface SqlValues {
  sqlEnabled: boolean;
  sqlDialect: SqlDialectName;
  sqlTemplates: Record<OutboxEventType, string>;
  /** Write-only: always empty unless the clerk typed a new one. */
  erpSqlConnectionString: string;
  clearSqlConnection: boolean;
}

export function sqlValues(s: Settings): SqlValues {
  const templates = Object.fromEntries(
    OUTBOX_EVENT_TYPES.map((type) => [type, s.erpSql?.templates[type] ?? '']),
  ) as Record<OutboxEventType, string>;
  return {
    sqlEnabled: Boolean(s.erpSql),
    sqlDialect: s.erpSql?.dialect ?? 'postgres',
    sqlTemplates: templates,
    erpSqlConnectionString: '',
    clearSqlConnection: false,
  };
}

/** The erpSql setting the form describes: null when off; only the non-empty templates. */
export function sqlFromValues(s: Settings, v: SqlValues): ErpSqlSettings | null {
  if (!v.sqlEnabled) return null;
  const templates: Partial<Record<OutboxEventType, string>> = {};
  for (const type of OUTBOX_EVENT_TYPES) {
    const text = v.sqlTemplates?.[type] ?? '';
    if (text.trim() !== '') templates[type] = text;
  }
  const timeout = s.erpSql?.statementTimeoutMs;
  return { dialect: v.sqlDialect, templates, ...(timeout !== undefined ? { statementTimeoutMs: timeout } : {}) };
}

function sameSql(a: ErpSqlSettings | null, b: ErpSqlSettings | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.dialect === b.dialect &&
    a.statementTimeoutMs === b.statementTimeoutMs &&
    OUTBOX_EVENT_TYPES.every((type) => (a.templates[type] ?? '') === (b.templates[type] ?? ''))
  );
}

/** What changed in the SQL part, in the contract's shape (the connection string only when typed). */
export function sqlPatch(s: Settings, v: SqlValues): MethodInput<'settings.update'> {
  const patch: MethodInput<'settings.update'> = {};
  const next = sqlFromValues(s, v);
  if (!sameSql(next, s.erpSql ?? null)) patch.erpSql = next;
  const typed = (v.erpSqlConnectionString ?? '').trim();
  if (typed !== '') patch.erpSqlConnectionString = typed;
  else if (v.clearSqlConnection && s.erpSqlHasConnectionString) patch.erpSqlConnectionString = null;
  return patch;
}

const TEMPLATE_PATH = /^(?:erpSql\.)?templates\.(.+)$/;

/**
 * The form field a ContractError issue belongs to. The contract's own checks say
 * `erpSql.templates.shipment.delivered`; the core's template compiler says
 * `templates.shipment.delivered`. Event types contain a dot, so they are matched whole.
 */
export function sqlIssueField(path: string): string[] | null {
  const m = TEMPLATE_PATH.exec(path);
  if (m && (OUTBOX_EVENT_TYPES as readonly string[]).includes(m[1]!)) return ['sqlTemplates', m[1]!];
  if (path === 'erpSql.dialect' || path === 'dialect') return ['sqlDialect'];
  if (path === 'erpSqlConnectionString' || path === 'connectionString' || path === 'erpSql.connectionString')
    return ['erpSqlConnectionString'];
  return null;
}

export function ErpSqlSection({ form, current }: { form: FormInstance; current: Settings }) {
  const { t } = useTranslation();
  const enabled = Form.useWatch('sqlEnabled', form) as boolean | undefined;
  const dialect = (Form.useWatch('sqlDialect', form) as SqlDialectName | undefined) ?? 'postgres';
  const check = useCall('erp.sqlCheck');

  return (
    <section className="erp-sql" data-testid="erp-sql">
      <Typography.Title level={5} className="erp-sql-title">
        {t('settings.erp.sql.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('settings.erp.sql.intro')}</Typography.Paragraph>
      <Form.Item name="sqlEnabled" valuePropName="checked" label={t('settings.erp.sql.enabled')}>
        <Switch data-testid="sql-enabled" />
      </Form.Item>
      {enabled && (
        <>
          <div className="form-grid">
            <Form.Item name="sqlDialect" label={t('settings.erp.sql.dialect')}>
              <Select
                data-testid="sql-dialect"
                options={SQL_DIALECT_NAMES.map((d) => ({ value: d, label: t(`settings.erp.sql.dialects.${d}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="erpSqlConnectionString"
              label={t('settings.erp.sql.connection')}
              extra={t('settings.erp.sql.connectionHelp')}
              rules={[{ max: 2000 }]}
            >
              <Input.Password
                visibilityToggle={false}
                autoComplete="new-password"
                spellCheck={false}
                data-testid="settings-secret-input"
                data-secret="erpSqlConnectionString"
                placeholder={current.erpSqlHasConnectionString ? t('settings.savedHidden') : SQL_CONNECTION_EXAMPLES[dialect]}
              />
            </Form.Item>
            {current.erpSqlHasConnectionString && (
              <Form.Item name="clearSqlConnection" valuePropName="checked" label=" ">
                <Checkbox>{t('settings.erp.sql.clearConnection')}</Checkbox>
              </Form.Item>
            )}
          </div>
          <div className="sql-check">
            <Button
              loading={check.isPending}
              data-testid="sql-check"
              onClick={() => check.mutate({})}
              title={t('settings.erp.sql.checkHelp')}
            >
              {t('settings.erp.sql.check')}
            </Button>
            <Typography.Text type="secondary">{t('settings.erp.sql.checkHelp')}</Typography.Text>
          </div>
          {check.data && (
            <Alert
              className="settings-note"
              data-testid="sql-check-result"
              type={check.data.ok ? 'success' : 'error'}
              showIcon
              title={safeText(check.data.message)}
            />
          )}
          {check.error && (
            <div className="settings-note" data-testid="sql-check-result">
              <ErrorAlert error={check.error} />
            </div>
          )}

          <Typography.Text strong className="sql-templates-title">
            {t('settings.erp.sql.templates')}
          </Typography.Text>
          <Typography.Paragraph type="secondary">{t('settings.erp.sql.templatesHelp')}</Typography.Paragraph>
          {OUTBOX_EVENT_TYPES.map((type) => (
            <TemplateField key={type} form={form} type={type} dialect={dialect} />
          ))}
          <ParamList />
        </>
      )}
    </section>
  );
}

function TemplateField({ form, type, dialect }: { form: FormInstance; type: OutboxEventType; dialect: SqlDialectName }) {
  const { t } = useTranslation();
  const typeLabel = useEventTypeLabel();
  const text = (Form.useWatch(['sqlTemplates', type], form) as string | undefined) ?? '';
  const preview = useCall('erp.sqlPreview');
  // A preview belongs to the text and dialect it was made for.
  const fresh = preview.variables?.template === text && preview.variables.dialect === dialect;

  return (
    <div className="sql-template" data-testid={`sql-template-${type}`}>
      <Form.Item
        name={['sqlTemplates', type]}
        label={
          <span>
            {typeLabel(type)} <code className="mono muted">{type}</code>
          </span>
        }
        rules={[{ max: 20_000 }]}
      >
        <Input.TextArea
          className="mono sql-textarea"
          spellCheck={false}
          autoSize={{ minRows: 2, maxRows: 12 }}
          placeholder={SQL_EXAMPLES[dialect][type]}
          data-testid={`sql-template-input-${type}`}
        />
      </Form.Item>
      <Button
        size="small"
        disabled={text.trim() === ''}
        loading={preview.isPending}
        data-testid={`sql-preview-${type}`}
        onClick={() => {
          const template = String(form.getFieldValue(['sqlTemplates', type]) ?? '');
          if (template.trim() !== '') preview.mutate({ dialect, template, eventType: type });
        }}
      >
        {t('settings.erp.sql.preview')}
      </Button>
      {fresh && preview.data && <PreviewResult preview={preview.data} />}
      {fresh && preview.error && (
        <div className="sql-preview" data-testid="sql-preview-error">
          <ErrorAlert error={preview.error} />
        </div>
      )}
    </div>
  );
}

function PreviewResult({ preview }: { preview: SqlPreviewView }) {
  const { t } = useTranslation();
  return (
    <div className="sql-preview" data-testid="sql-preview">
      <Typography.Text type="secondary">
        {t('settings.erp.sql.previewText')} · {t('settings.erp.sql.previewNote')}
      </Typography.Text>
      <pre className="mono sql-preview-text" data-testid="sql-preview-text">
        {safeText(preview.text)}
      </pre>
      <Table
        size="small"
        rowKey="position"
        pagination={false}
        dataSource={preview.params}
        data-testid="sql-preview-params"
        columns={[
          { key: 'position', title: t('settings.erp.sql.previewColumns.position'), dataIndex: 'position', className: 'num' },
          {
            key: 'placeholder',
            title: t('settings.erp.sql.previewColumns.placeholder'),
            render: (_, p) => <code className="mono">{safeText(p.placeholder)}</code>,
          },
          {
            key: 'name',
            title: t('settings.erp.sql.previewColumns.name'),
            render: (_, p) => <code className="mono">:{safeText(p.name)}</code>,
          },
          {
            key: 'value',
            title: t('settings.erp.sql.previewColumns.value'),
            render: (_, p) =>
              p.value === null ? <span className="muted mono">NULL</span> : <span className="mono">{safeText(p.value)}</span>,
          },
        ]}
      />
    </div>
  );
}

function ParamList() {
  const { t } = useTranslation();
  return (
    <div className="sql-params" data-testid="sql-params">
      <Typography.Text strong>{t('settings.erp.sql.params')}</Typography.Text>
      <dl>
        {SQL_PARAM_NAMES.map((name) => (
          <div key={name} className="sql-param">
            <dt>
              <code className="mono">:{name}</code>
            </dt>
            <dd>{t(`settings.erp.sql.paramDesc.${name}`)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
