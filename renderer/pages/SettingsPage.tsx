// 设置: the page, and the settings form (polling, notifications, alerts, ERP). The account,
// accounts, push and team cards live in their own files.
import { useEffect, useRef, useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Skeleton,
  Switch,
  Typography,
} from '../lib/antdPages';
import { useTranslation } from 'react-i18next';
import type { MethodInput, Settings } from '../../shared/contract';
import { OUTBOX_EVENT_TYPES } from '../lib/contractLists';
import { useSettings, useUpdateSettings } from '../api/hooks';
import { isBrowserMode } from '../api/tracker';
import { ErrorAlert } from '../components/ErrorAlert';
import { safeText } from '../lib/safeText';
import { AccountsSection } from './AccountsSection';
import { PushSettingsCard } from './PushSettingsCard';
import { TeamSettingsCard } from './TeamSettingsCard';
import { ErpSqlSection, sqlFromValues, sqlPatch, sqlValues, type SqlValues } from './ErpSqlSection';
import { AccountCard } from './AccountCard';
import { showIssues } from './formIssues';
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <div className="page settings-page">
      <Typography.Title level={4}>{t('settings.title')}</Typography.Title>
      <AccountCard />
      <AccountsSection />
      <PushSettingsCard />
      <TeamSettingsCard />
      <SettingsForm />
    </div>
  );
}


// ── settings ──────────────────────────────────────────────────────────────────

interface SettingsValues extends SqlValues {
  pollIntervalMinutes: number;
  discoveryIntervalMinutes: number;
  qps: number;
  notifyDelivered: boolean;
  notifyAlerts: boolean;
  quietHours: { enabled: boolean; start: string; end: string };
  stallWarnHours: number;
  stallAlertHours: number;
  businessDaysForStalls: boolean;
  defaultDeliveryDays: number;
  erpWebhookUrl: string;
  erpWebhookSecret: string;
  clearErpSecret: boolean;
  erpStatusChangedEvents: boolean;
}

function toValues(s: Settings): SettingsValues {
  return {
    pollIntervalMinutes: s.pollIntervalMinutes,
    discoveryIntervalMinutes: s.discoveryIntervalMinutes,
    qps: s.qps,
    notifyDelivered: s.notifyDelivered,
    notifyAlerts: s.notifyAlerts,
    quietHours: { ...s.quietHours },
    stallWarnHours: s.stallWarnHours,
    stallAlertHours: s.stallAlertHours,
    businessDaysForStalls: s.businessDaysForStalls,
    defaultDeliveryDays: s.defaultDeliveryDays,
    erpWebhookUrl: s.erpWebhookUrl ?? '',
    erpWebhookSecret: '',
    clearErpSecret: false,
    erpStatusChangedEvents: s.erpStatusChangedEvents ?? false,
    ...sqlValues(s),
  };
}

/** Only what changed, in the contract's shape. */
export function settingsPatch(s: Settings, v: SettingsValues): MethodInput<'settings.update'> {
  const patch: MethodInput<'settings.update'> = {};
  const plain = [
    'pollIntervalMinutes',
    'discoveryIntervalMinutes',
    'qps',
    'notifyDelivered',
    'notifyAlerts',
    'stallWarnHours',
    'stallAlertHours',
    'businessDaysForStalls',
    'defaultDeliveryDays',
  ] as const;
  for (const k of plain) if (v[k] !== s[k]) (patch as Record<string, unknown>)[k] = v[k];
  const q = v.quietHours;
  if (q.enabled !== s.quietHours.enabled || q.start !== s.quietHours.start || q.end !== s.quietHours.end)
    patch.quietHours = { enabled: q.enabled, start: q.start, end: q.end };
  const url = v.erpWebhookUrl.trim() === '' ? null : v.erpWebhookUrl.trim();
  if (url !== s.erpWebhookUrl) patch.erpWebhookUrl = url;
  if (v.erpWebhookSecret !== '') patch.erpWebhookSecret = v.erpWebhookSecret;
  else if (v.clearErpSecret && s.erpWebhookHasSecret) patch.erpWebhookSecret = null;
  if (v.erpStatusChangedEvents !== (s.erpStatusChangedEvents ?? false)) patch.erpStatusChangedEvents = v.erpStatusChangedEvents;
  return { ...patch, ...sqlPatch(s, v) };
}

/**
 * Settings changed elsewhere while the page is open (another desk's team thresholds, the
 * `settings.changed` event refetching them) are shown at once: each field the clerk has not
 * edited since the last values it saw takes the new value; an unsaved edit is kept.
 */
function useFollowSettings(form: ReturnType<typeof Form.useForm<SettingsValues>>[0], data: Settings | undefined) {
  const seen = useRef<SettingsValues | null>(null);
  useEffect(() => {
    if (!data) return;
    const next = toValues(data);
    const prev = seen.current;
    seen.current = next;
    if (!prev) return;
    const moved: Partial<Record<keyof SettingsValues, unknown>> = {};
    for (const k of Object.keys(next) as (keyof SettingsValues)[]) {
      const v = next[k];
      if (typeof v === 'object' || v === prev[k]) continue;
      if (form.getFieldValue(k) === prev[k]) moved[k] = v;
    }
    if (Object.keys(moved).length > 0) form.setFieldsValue(moved as Partial<SettingsValues>);
  }, [data, form]);
}

function SettingsForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useSettings();
  const update = useUpdateSettings();
  const [form] = Form.useForm<SettingsValues>();
  useFollowSettings(form, settings.data);
  if (settings.isPending) return <Skeleton active />;
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  const current = settings.data;

  const onSave = async () => {
    let values: SettingsValues;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as SettingsValues;
    } catch {
      void message.error(t('settings.fixErrors'));
      return;
    }
    const sql = sqlFromValues(current, values);
    if (sql && Object.keys(sql.templates).length === 0) {
      form.setFields([{ name: ['sqlTemplates', OUTBOX_EVENT_TYPES[0]], errors: [t('settings.erp.sql.needTemplate')] }]);
      void message.error(t('settings.fixErrors'));
      return;
    }
    const patch = settingsPatch(current, values);
    if (Object.keys(patch).length === 0) {
      form.setFieldsValue({ erpWebhookSecret: '', clearErpSecret: false, erpSqlConnectionString: '', clearSqlConnection: false });
      void message.info(t('settings.noChanges'));
      return;
    }
    update.mutate(patch, {
      onSuccess: (next) => {
        form.setFieldsValue(toValues(next));
        void message.success(t('settings.saved'));
      },
      onError: (e) => {
        form.setFieldsValue({ erpWebhookSecret: '', erpSqlConnectionString: '' });
        showIssues(form, e);
        void message.error(e.message);
      },
    });
  };

  const minutes = <span className="unit">{t('settings.sync.minutes')}</span>;
  const hours = <span className="unit">{t('settings.thresholds.hours')}</span>;

  return (
    <Form<SettingsValues>
      form={form}
      layout="vertical"
      initialValues={toValues(current)}
      autoComplete="off"
      className="settings-form"
      data-testid="settings-form"
    >
      <Card size="small" title={t('settings.sync.title')} className="settings-card">
        <div className="form-grid">
          <Form.Item name="pollIntervalMinutes" label={t('settings.sync.pollInterval')} rules={[{ required: true, type: 'number', min: 5, max: 1440 }]}>
            <InputNumber min={5} max={1440} precision={0} suffix={minutes} data-testid="setting-poll" />
          </Form.Item>
          <Form.Item
            name="discoveryIntervalMinutes"
            label={t('settings.sync.discoveryInterval')}
            rules={[{ required: true, type: 'number', min: 5, max: 1440 }]}
          >
            <InputNumber min={5} max={1440} precision={0} suffix={minutes} />
          </Form.Item>
          <Form.Item name="qps" label={t('settings.sync.qps')} extra={t('settings.sync.qpsHelp')} rules={[{ required: true, type: 'number', min: 0.2, max: 10 }]}>
            <InputNumber min={0.2} max={10} step={0.1} precision={1} data-testid="setting-qps" />
          </Form.Item>
        </div>
      </Card>

      <Card size="small" title={t('settings.notifications.title')} className="settings-card">
        <div className="form-grid">
          <Form.Item name="notifyDelivered" label={t('settings.notifications.delivered')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="notifyAlerts" label={t('settings.notifications.alerts')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name={['quietHours', 'enabled']} label={t('settings.notifications.quietHours')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item
            name={['quietHours', 'start']}
            label={t('settings.notifications.quietStart')}
            rules={[{ pattern: HHMM, message: t('settings.notifications.badTime') }]}
          >
            <Input placeholder="22:00" maxLength={5} className="time-input" />
          </Form.Item>
          <Form.Item
            name={['quietHours', 'end']}
            label={t('settings.notifications.quietEnd')}
            rules={[{ pattern: HHMM, message: t('settings.notifications.badTime') }]}
          >
            <Input placeholder="08:00" maxLength={5} className="time-input" />
          </Form.Item>
        </div>
        <BrowserNotifications />
      </Card>

      <Card size="small" title={t('settings.thresholds.title')} className="settings-card">
        <div className="form-grid">
          <Form.Item name="stallWarnHours" label={t('settings.thresholds.stallWarn')} rules={[{ required: true, type: 'number', min: 1, max: 720 }]}>
            <InputNumber min={1} max={720} precision={0} suffix={hours} data-testid="setting-stall-warn" />
          </Form.Item>
          <Form.Item name="stallAlertHours" label={t('settings.thresholds.stallAlert')} rules={[{ required: true, type: 'number', min: 1, max: 720 }]}>
            <InputNumber min={1} max={720} precision={0} suffix={hours} data-testid="setting-stall-alert" />
          </Form.Item>
          <Form.Item name="businessDaysForStalls" label={t('settings.thresholds.businessDays')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item
            name="defaultDeliveryDays"
            label={t('settings.thresholds.deliveryDays')}
            rules={[{ required: true, type: 'number', min: 1, max: 60 }]}
          >
            <InputNumber min={1} max={60} precision={0} suffix={<span className="unit">{t('settings.thresholds.days')}</span>} />
          </Form.Item>
        </div>
      </Card>

      <Card size="small" title={t('settings.erp.title')} className="settings-card">
        <div className="form-grid">
          <Form.Item name="erpWebhookUrl" label={t('settings.erp.webhookUrl')} rules={[{ type: 'url', warningOnly: false }]}>
            <Input placeholder={t('settings.erp.webhookUrlPlaceholder')} spellCheck={false} maxLength={2000} />
          </Form.Item>
          <Form.Item
            name="erpWebhookSecret"
            label={t('settings.erp.secret')}
            extra={t('settings.erp.secretHelp')}
            rules={[{ min: 8, max: 500 }]}
          >
            <Input.Password
              visibilityToggle={false}
              autoComplete="new-password"
              data-testid="settings-secret-input"
              data-secret="erpWebhookSecret"
              placeholder={current.erpWebhookHasSecret ? t('settings.savedHidden') : t('settings.erp.secretPlaceholder')}
            />
          </Form.Item>
          {current.erpWebhookHasSecret && (
            <Form.Item name="clearErpSecret" valuePropName="checked" label=" ">
              <Checkbox>{t('settings.erp.clearSecret')}</Checkbox>
            </Form.Item>
          )}
          <Form.Item
            name="erpStatusChangedEvents"
            label={t('settings.erp.statusChanged')}
            extra={t('settings.erp.statusChangedHelp')}
            valuePropName="checked"
          >
            <Switch data-testid="setting-erp-status-changed" />
          </Form.Item>
        </div>
        <ErpSqlSection form={form} current={current} />
      </Card>

      <Card size="small" title={t('settings.data.title')} className="settings-card">
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('settings.data.dataDir')}>
            <Typography.Text copyable className="mono" data-testid="data-dir">
              {safeText(current.dataDir)}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <div className="settings-actions">
        <Button type="primary" loading={update.isPending} onClick={() => void onSave()} data-testid="settings-save">
          {t('settings.save')}
        </Button>
      </div>
    </Form>
  );
}

/** Browser mode only: let the page show desktop notifications. */
function BrowserNotifications() {
  const { t } = useTranslation();
  const [permission, setPermission] = useState<NotificationPermission | null>(() =>
    isBrowserMode() && typeof Notification !== 'undefined' ? Notification.permission : null,
  );
  if (permission === null) return null;
  if (permission === 'granted') return <Typography.Text type="secondary">{t('settings.notifications.browserGranted')}</Typography.Text>;
  if (permission === 'denied') return <Typography.Text type="warning">{t('settings.notifications.browserDenied')}</Typography.Text>;
  return (
    <Button onClick={() => void Notification.requestPermission().then(setPermission)}>
      {t('settings.notifications.browserPermission')}
    </Button>
  );
}
