// 设置: the 1688 account (connect / OAuth / check / disconnect) and every setting.
// Secrets are write-only: their inputs are always empty, never filled from the server.
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Skeleton,
  Space,
  Switch,
  Tag,
  Typography,
  type FormInstance,
} from '../lib/antdPages';
import { useTranslation } from 'react-i18next';
import type { AccountStatus, ContractError, MethodInput, MethodOutput, Settings } from '../../shared/contract';
import { OUTBOX_EVENT_TYPES } from '../lib/contractLists';
import { useAccount, useAccountMutation, useCall, useSettings, useUpdateSettings } from '../api/hooks';
import { isBrowserMode } from '../api/tracker';
import { ErrorAlert } from '../components/ErrorAlert';
import { RelTime } from '../components/RelTime';
import { safeText } from '../lib/safeText';
import { formatAbsolute } from '../lib/time';
import { AccountsSection } from './AccountsSection';
import { PushSettingsCard } from './PushSettingsCard';
import { TeamSettingsCard } from './TeamSettingsCard';
import { ErpSqlSection, sqlFromValues, sqlIssueField, sqlPatch, sqlValues, type SqlValues } from './ErpSqlSection';

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

/** Put a ContractError's issues on the form's fields; returns whether any matched. */
function showIssues(form: FormInstance, error: ContractError): boolean {
  if (!error.issues?.length) return false;
  const names = new Set(
    Object.keys(form.getFieldsValue(true) as Record<string, unknown>).concat(['quietHours']),
  );
  const fields = error.issues
    .map((i) => ({ name: sqlIssueField(i.path) ?? i.path.split('.').filter(Boolean), errors: [i.message] }))
    .filter((f) => f.name.length > 0 && names.has(f.name[0]!));
  if (fields.length > 0) form.setFields(fields);
  return fields.length > 0;
}

// ── account ───────────────────────────────────────────────────────────────────

interface ConnectValues {
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken: string;
  oauthRedirectUri: string;
}

const EMPTY_SECRETS = { appSecret: '', accessToken: '', refreshToken: '' };

function AccountCard() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const account = useAccount();
  const [form] = Form.useForm<ConnectValues>();
  const connect = useAccountMutation('account.connect');
  const disconnect = useAccountMutation('account.disconnect');
  const startOAuth = useCall('account.startOAuth');
  const check = useCall('account.check');
  const settings = useSettings();
  const updateSettings = useUpdateSettings();
  const savedRedirect = settings.data?.oauthRedirectUri ?? '';
  const ownCallback = `${window.location.origin}/oauth/callback`;
  const [oauthOpened, setOauthOpened] = useState(false);
  const a = account.data;

  useEffect(() => {
    if (savedRedirect && !form.getFieldValue('oauthRedirectUri')) form.setFieldValue('oauthRedirectUri', savedRedirect);
  }, [savedRedirect, form]);

  // The AppKey is not a secret: prefill it once known.
  const appKey = a?.appKey ?? '';
  useEffect(() => {
    if (appKey && !form.getFieldValue('appKey')) form.setFieldValue('appKey', appKey);
  }, [appKey, form]);
  useEffect(() => {
    if (a?.connected) setOauthOpened(false);
  }, [a?.connected]);

  const clearSecrets = () => form.setFieldsValue(EMPTY_SECRETS);

  const onConnect = async () => {
    let v: ConnectValues;
    try {
      v = await form.validateFields(['appKey', 'appSecret', 'accessToken', 'refreshToken']);
    } catch {
      return;
    }
    const input: MethodInput<'account.connect'> = {
      appKey: v.appKey.trim(),
      appSecret: v.appSecret,
      accessToken: v.accessToken,
      ...(v.refreshToken?.trim() ? { refreshToken: v.refreshToken } : {}),
    };
    connect.mutate(input, {
      onSuccess: () => {
        clearSecrets();
        void message.success(t('settings.account.connected_ok'));
      },
      onError: (e) => {
        clearSecrets();
        showIssues(form, e);
        void message.error(e.message);
      },
    });
  };

  const onOAuth = () => {
    const key = String(form.getFieldValue('appKey') ?? '').trim();
    const secret = String(form.getFieldValue('appSecret') ?? '');
    if (!key || !secret) {
      void message.warning(t('settings.account.oauthNeedsKey'));
      return;
    }
    // 1688 redirects only to the URI registered for the app: use it when given (and remember it).
    const typed = String(form.getFieldValue('oauthRedirectUri') ?? '').trim();
    if (typed !== savedRedirect) updateSettings.mutate({ oauthRedirectUri: typed === '' ? null : typed });
    startOAuth.mutate(
      { appKey: key, appSecret: secret, redirectUri: typed || ownCallback },
      {
        onSuccess: (r) => {
          clearSecrets();
          setOauthOpened(true);
          window.open(r.authorizeUrl, '_blank', 'noopener,noreferrer');
        },
        onError: (e) => {
          showIssues(form, e);
          void message.error(e.message);
        },
      },
    );
  };

  const onDisconnect = () => {
    modal.confirm({
      title: t('settings.account.disconnectConfirm'),
      content: t('settings.account.disconnectBody'),
      okText: t('settings.account.disconnect'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        new Promise<void>((resolve) =>
          disconnect.mutate(
            {},
            {
              onSuccess: () => {
                void message.success(t('settings.account.disconnected'));
                resolve();
              },
              onError: (e) => {
                void message.error(e.message);
                resolve();
              },
            },
          ),
        ),
    });
  };

  return (
    <Card size="small" title={t('settings.account.title')} className="settings-card" data-testid="account-card">
      {account.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : account.isError ? (
        <ErrorAlert error={account.error} onRetry={() => void account.refetch()} />
      ) : (
        <AccountFacts account={account.data} />
      )}

      <Form<ConnectValues>
        form={form}
        layout="vertical"
        className="connect-form"
        initialValues={{ appKey: '', oauthRedirectUri: '', ...EMPTY_SECRETS }}
        autoComplete="off"
      >
        <div className="form-grid">
          <Form.Item
            name="appKey"
            label={t('settings.account.appKey')}
            rules={[{ required: true, whitespace: true, message: t('settings.account.required', { field: 'AppKey' }) }]}
          >
            <Input autoComplete="off" spellCheck={false} data-testid="settings-appkey" />
          </Form.Item>
          <Form.Item
            name="appSecret"
            label={t('settings.account.appSecret')}
            rules={[{ required: true, message: t('settings.account.required', { field: 'AppSecret' }) }]}
          >
            <Input.Password
              visibilityToggle={false}
              autoComplete="new-password"
              data-testid="settings-secret-input"
              data-secret="appSecret"
              placeholder={a?.connected ? t('settings.savedHidden') : 'AppSecret'}
            />
          </Form.Item>
          <Form.Item
            name="accessToken"
            label={t('settings.account.accessToken')}
            rules={[{ required: true, message: t('settings.account.required', { field: 'AccessToken' }) }]}
          >
            <Input.Password
              visibilityToggle={false}
              autoComplete="new-password"
              data-testid="settings-secret-input"
              data-secret="accessToken"
              placeholder={a?.connected ? t('settings.savedHidden') : 'AccessToken'}
            />
          </Form.Item>
          <Form.Item name="refreshToken" label={t('settings.account.refreshToken')}>
            <Input.Password
              visibilityToggle={false}
              autoComplete="new-password"
              data-testid="settings-secret-input"
              data-secret="refreshToken"
              placeholder={a?.connected && a.hasRefreshToken ? t('settings.savedHidden') : 'RefreshToken'}
            />
          </Form.Item>
        </div>
        <Form.Item
          name="oauthRedirectUri"
          label={t('settings.account.redirectUri')}
          extra={t('settings.account.redirectUriHelp', { callback: ownCallback })}
          rules={[{ type: 'url', message: t('settings.account.redirectUriInvalid') }]}
        >
          <Input placeholder={ownCallback} data-testid="settings-redirect-uri" />
        </Form.Item>
        <Space wrap>
          <Button type="primary" loading={connect.isPending} onClick={() => void onConnect()} data-testid="account-connect">
            {t('settings.account.connect')}
          </Button>
          <Button loading={startOAuth.isPending} onClick={onOAuth} data-testid="account-oauth">
            {t('settings.account.oauth')}
          </Button>
          <Button
            loading={check.isPending}
            disabled={!a?.connected}
            data-testid="account-check"
            onClick={() => check.mutate({}, { onError: (e) => void message.error(e.message) })}
          >
            {t('settings.account.check')}
          </Button>
          <Button danger disabled={!a?.connected} onClick={onDisconnect} data-testid="account-disconnect">
            {t('settings.account.disconnect')}
          </Button>
        </Space>
      </Form>
      {oauthOpened && !a?.connected && (
        <Alert className="settings-note" type="info" showIcon title={t('settings.account.oauthOpened')} />
      )}
      {check.data && <CheckResult result={check.data} />}
    </Card>
  );
}

function AccountFacts({ account: a }: { account: AccountStatus }) {
  const { t } = useTranslation();
  const state = a.needsReconnect ? (
    <Tag color="red" data-testid="account-state">
      {t('settings.account.needsReconnect')}
    </Tag>
  ) : a.connected ? (
    <Tag color="green" data-testid="account-state">
      {t('settings.account.connected')}
    </Tag>
  ) : (
    <Tag data-testid="account-state">{t('settings.account.notConnected')}</Tag>
  );
  const expiry = (iso: string | null) =>
    iso ? (
      <span title={formatAbsolute(iso)}>
        {formatAbsolute(iso)} (<RelTime at={iso} future />)
      </span>
    ) : (
      '—'
    );
  return (
    <Descriptions size="small" column={2} className="account-facts">
      <Descriptions.Item label={t('settings.account.status')}>
        {state}
        {a.demo && <Tag color="purple">{t('settings.account.demo')}</Tag>}
      </Descriptions.Item>
      <Descriptions.Item label={t('settings.account.method')}>
        {a.method ? t(`settings.account.methods.${a.method}`) : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('settings.account.loginId')}>{safeText(a.loginId) || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('settings.account.memberId')}>
        <span className="mono">{safeText(a.memberId) || '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('settings.account.accessExpiry')}>{expiry(a.accessTokenExpiresAt)}</Descriptions.Item>
      <Descriptions.Item label={t('settings.account.refreshExpiry')}>
        {a.connected && !a.hasRefreshToken ? (
          <Typography.Text type="warning">{t('settings.account.noRefreshToken')}</Typography.Text>
        ) : (
          expiry(a.refreshTokenExpiresAt)
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

function CheckResult({ result }: { result: MethodOutput<'account.check'> }) {
  const { t } = useTranslation();
  const skew =
    result.skewMs !== null ? t('settings.account.checkSkew', { seconds: (result.skewMs / 1000).toFixed(1) }) : null;
  return (
    <Alert
      className="settings-note"
      data-testid="account-check-result"
      type={result.ok ? 'success' : 'error'}
      showIcon
      title={safeText(result.message)}
      description={skew}
    />
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

function SettingsForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useSettings();
  const update = useUpdateSettings();
  const [form] = Form.useForm<SettingsValues>();
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
            <InputNumber min={1} max={720} precision={0} suffix={hours} />
          </Form.Item>
          <Form.Item name="stallAlertHours" label={t('settings.thresholds.stallAlert')} rules={[{ required: true, type: 'number', min: 1, max: 720 }]}>
            <InputNumber min={1} max={720} precision={0} suffix={hours} />
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
