// 设置 → 1688 账号: connect (AppKey/secret/token or OAuth), check and disconnect the account.
// Secrets are write-only: their inputs are always empty, never filled from the server.
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Skeleton,
  Space,
  Tag,
  Typography,
} from '../lib/antdPages';
import { useTranslation } from 'react-i18next';
import type { AccountStatus, MethodInput, MethodOutput } from '../../shared/contract';
import { useAccount, useAccountMutation, useCall, useSettings, useUpdateSettings } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { RelTime } from '../components/RelTime';
import { safeText } from '../lib/safeText';
import { formatAbsolute } from '../lib/time';
import { showIssues } from './formIssues';

// ── account ───────────────────────────────────────────────────────────────────

interface ConnectValues {
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken: string;
  oauthRedirectUri: string;
}

const EMPTY_SECRETS = { appSecret: '', accessToken: '', refreshToken: '' };

export function AccountCard() {
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
