// 设置 › 实时消息: the switch for the 1688 push channel (`pushEnabled`), what the channel is doing
// now (实时 / 轮询, since when, why), and its address as an advanced field (`pushUrl`).
// The switch saves at once; polling stays the safety net either way.
import { useState } from 'react';
import { App, Button, Card, Input, Space, Switch, Typography } from '../lib/antdPages';
import { useTranslation } from 'react-i18next';
import { useSettings, useSyncStatus, useUpdateSettings } from '../api/hooks';
import { safeText } from '../lib/safeText';
import { formatAbsolute } from '../lib/time';

export function PushSettingsCard() {
  const settings = useSettings().data;
  // The settings form below says when they cannot be read.
  return settings ? <PushSettings pushEnabled={settings.pushEnabled ?? true} pushUrl={settings.pushUrl ?? null} /> : null;
}

function PushSettings({ pushEnabled: enabled, pushUrl }: { pushEnabled: boolean; pushUrl: string | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateSettings();
  const channel = useSyncStatus().data?.channel;
  const [url, setUrl] = useState(pushUrl ?? '');
  const [showAdvanced, setShowAdvanced] = useState(false);

  const save = (patch: { pushEnabled?: boolean; pushUrl?: string | null }) =>
    update.mutate(patch, {
      onSuccess: () => void message.success(t('settings.saved')),
      onError: (e) => void message.error(e.issues?.[0]?.message ? `${e.message}：${e.issues[0].message}` : e.message),
    });

  const state =
    channel && channel.enabled
      ? t(channel.state === 'live' ? 'settings.push.stateLive' : 'settings.push.statePolling', { since: formatAbsolute(channel.since) })
      : null;

  return (
    <Card size="small" title={t('settings.push.title')} className="settings-card" data-testid="push-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space>
          <Switch checked={enabled} loading={update.isPending} onChange={(on) => save({ pushEnabled: on })} data-testid="setting-push-enabled" />
          <span>{t('settings.push.switch')}</span>
        </Space>
        <Typography.Text type="secondary">{t('settings.push.help')}</Typography.Text>
        {state && (
          <Typography.Text data-testid="push-state">
            {state}
            {channel?.message ? ` — ${safeText(channel.message)}` : ''}
          </Typography.Text>
        )}
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setShowAdvanced((v) => !v)} data-testid="push-advanced">
          {t('settings.push.advanced')}
        </Button>
        {showAdvanced && (
          <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
            <Input
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder={t('settings.push.urlPlaceholder')}
              aria-label={t('settings.push.url')}
              data-testid="setting-push-url"
            />
            <Button onClick={() => save({ pushUrl: url.trim() || null })} data-testid="setting-push-url-save">
              {t('settings.push.urlSave')}
            </Button>
          </Space.Compact>
        )}
      </Space>
    </Card>
  );
}
