// The always-visible bottom bar: connection state, last/next sync, "立即同步", progress.
import { App, Badge, Button, Progress, Tooltip } from '../lib/antd';
import { SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SyncState, SyncStatus } from '../../shared/contract';
import { useSyncNow, useSyncStatus, useTeamStatus } from '../api/hooks';
import { safeText } from '../lib/safeText';
import { formatAbsolute, formatClock } from '../lib/time';
import { useNow } from '../lib/useNow';

const BADGE: Record<SyncState, 'success' | 'processing' | 'warning' | 'error' | 'default'> = {
  idle: 'success',
  syncing: 'processing',
  offline: 'warning',
  needs_reconnect: 'error',
  not_connected: 'default',
  paused: 'default',
};

export function canSyncNow(status: SyncStatus | undefined): boolean {
  if (!status) return false;
  if (status.state === 'syncing' || status.state === 'needs_reconnect') return false;
  return status.state !== 'not_connected' || status.demo;
}

export function StatusBar() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const now = useNow();
  const status = useSyncStatus();
  const syncNow = useSyncNow();
  const s = status.data;
  const serviceDown = status.isError && status.error.code === 'offline';

  const run = () => syncNow.mutate(undefined, { onError: (e) => void message.error(e.message) });

  const progress = s?.state === 'syncing' && s.progress && s.progress.total > 0 ? s.progress : null;
  const percent = progress ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;

  return (
    <div className="status-bar" data-testid="status-bar" data-state={serviceDown ? 'service_offline' : (s?.state ?? '')}>
      {serviceDown ? (
        <Badge status="error" text={t('statusBar.serviceOffline')} />
      ) : s ? (
        <>
          <Tooltip title={s.message ? safeText(s.message) : undefined}>
            <Badge status={BADGE[s.state]} text={t(`statusBar.states.${s.state}`)} data-testid="sync-state" />
          </Tooltip>
          {s.channel && s.channel.enabled && (
            <>
              <span className="sep">·</span>
              <Tooltip title={s.channel.message ? safeText(s.channel.message) : undefined}>
                <Badge
                  status={s.channel.state === 'live' ? 'success' : 'default'}
                  text={t(s.channel.state === 'live' ? 'statusBar.channel.live' : 'statusBar.channel.polling')}
                  data-testid="push-channel"
                />
              </Tooltip>
            </>
          )}
          <span className="sep">·</span>
          {s.lastRun ? (
            <span title={formatAbsolute(s.lastRun.finishedAt ?? s.lastRun.startedAt)} data-testid="last-sync">
              {t('statusBar.lastSync', { time: formatClock(s.lastRun.finishedAt ?? s.lastRun.startedAt, now) })}{' '}
              <span className={s.lastRun.ok ? 'ok-text' : 'bad-text'}>
                {s.lastRun.ok ? t('statusBar.ok') : t('statusBar.failed')}
              </span>{' '}
              {t('statusBar.calls', { count: s.lastRun.calls })}
            </span>
          ) : (
            <span>{t('statusBar.neverSynced')}</span>
          )}
          {s.nextRunAt && (
            <>
              <span className="sep">·</span>
              <span title={formatAbsolute(s.nextRunAt)}>{t('statusBar.next', { time: formatClock(s.nextRunAt, now) })}</span>
            </>
          )}
          <span className="sep">·</span>
          <Tooltip title={t('statusBar.syncNowTitle')}>
            <Button
              size="small"
              type="link"
              icon={<SyncOutlined spin={s.state === 'syncing'} />}
              data-testid="sync-now"
              disabled={!canSyncNow(s)}
              loading={syncNow.isPending}
              onClick={run}
            >
              {t('statusBar.syncNow')}
            </Button>
          </Tooltip>
        </>
      ) : null}
      <TeamSegment />
      <span className="grow" />
      {progress && (
        <span className="sync-progress" data-testid="sync-progress">
          <span className="muted">
            {t('statusBar.progress', { phase: safeText(progress.phase), done: progress.done, total: progress.total })}
          </span>
          <Progress percent={percent} size="small" showInfo style={{ width: 180 }} status="active" />
        </span>
      )}
    </div>
  );
}

/** Team mode: who polls the accounts and whether this desktop's copy is behind (nothing when solo). */
function TeamSegment() {
  const { t } = useTranslation();
  const team = useTeamStatus().data;
  if (!team) return null;
  const pollers = [...new Set(team.accounts.map((a) => (a.role === 'leader' ? t('team.thisDesktop') : (a.leaseHolder ?? t('team.nobody')))))];
  const behind = !team.online || team.lagMs > 5_000 || team.pendingOps > 0;
  return (
    <>
      <span className="sep">·</span>
      <Tooltip title={t('team.tooltip', { member: safeText(team.member), cursor: team.cursor, pending: team.pendingOps })}>
        <span data-testid="team-status" data-behind={behind ? '1' : '0'}>
          <Badge status={!team.online ? 'warning' : behind ? 'processing' : 'success'} />
          {pollers.length ? t('team.polledBy', { names: pollers.map((n) => safeText(n)).join('、') }) : t('team.member', { member: safeText(team.member) })}
          {!team.online
            ? t('team.offline')
            : team.lagMs > 5_000
              ? t('team.behind', { seconds: Math.round(team.lagMs / 1000) })
              : team.pendingOps > 0
                ? t('team.pending', { count: team.pendingOps })
                : t('team.upToDate')}
        </span>
      </Tooltip>
    </>
  );
}
