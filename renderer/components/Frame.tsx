// The window frame: left navigation, header (search, language), banners, status bar.
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Badge, Button, Input, Layout, Menu, Tag, Tooltip, type InputRef } from '../lib/antd';
import {
  ApiOutlined,
  CarOutlined,
  DownloadOutlined,
  InboxOutlined,
  PlusOutlined,
  SearchOutlined,
  SettingOutlined,
  ShopOutlined,
  UnorderedListOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../shared/contract';
import { call } from '../api/tracker';
import { qk } from '../api/queryKeys';
import { useAlertsSummary, useOutboxSummary, useSettings, useSyncNow, useSyncStatus } from '../api/hooks';
import { i18n as appI18n, rememberLanguage, type Language } from '../i18n';
import { navigate, paths, type Route } from '../lib/router';
import { formatDateTime } from '../lib/time';
import { safeText } from '../lib/safeText';
import { AccountBanners } from './AccountBanners';
import { StatusBar, canSyncNow } from './StatusBar';
import { useSearch } from './searchContext';

const ExportModal = lazy(() => import('./ExportModal.js').then((m) => ({ default: m.ExportModal })));

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function Frame({ route, children }: { route: Route; children: ReactNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [exportOpen, setExportOpen] = useState(false);
  const alerts = useAlertsSummary();
  const status = useSyncStatus();
  const syncNow = useSyncNow();
  const searchRef = useRef<InputRef>(null);
  const { search, setSearch } = useSearch();

  // ⌘/Ctrl+K focuses the search box; ⌘/Ctrl+R syncs now (instead of reloading the page).
  const statusData = status.data;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = isMac ? e.metaKey : e.ctrlKey;
      if (!mod || e.altKey || e.shiftKey) return;
      const key = e.key.toLowerCase();
      if (key === 'k') {
        e.preventDefault();
        searchRef.current?.focus({ cursor: 'all' });
      } else if (key === 'r') {
        e.preventDefault();
        if (canSyncNow(statusData) && !syncNow.isPending)
          syncNow.mutate(undefined, { onError: (err) => void message.error(err.message) });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [statusData, syncNow, message]);

  const selected = route.name === 'orders' ? 'orders' : route.name;
  const openAlerts = alerts.data?.counts.open ?? 0;

  return (
    <Layout className="frame">
      <Layout.Sider width={148} theme="light" className="frame-nav">
        <div className="brand">{t('app.title')}</div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          onClick={({ key }) => {
            if (key === 'export') setExportOpen(true);
            else if (key === 'orders') navigate(paths.orders);
            else if (key === 'alerts') navigate(paths.alerts);
            else if (key === 'add') navigate(paths.add);
            else if (key === 'erp') navigate(paths.erp);
            else if (key === 'arrivals') navigate(paths.arrivals);
            else if (key === 'intransit') navigate(paths.intransit);
            else if (key === 'suppliers') navigate(paths.suppliers);
            else if (key === 'settings') navigate(paths.settings);
          }}
          items={[
            { key: 'orders', icon: <UnorderedListOutlined />, label: <span data-testid="nav-orders">{t('nav.orders')}</span> },
            {
              key: 'alerts',
              icon: <WarningOutlined />,
              label: (
                <span data-testid="nav-alerts" className="nav-alerts">
                  {t('nav.alerts')}
                  {openAlerts > 0 && <Badge count={openAlerts} overflowCount={999} size="small" data-testid="alert-count" />}
                </span>
              ),
            },
            { key: 'arrivals', icon: <InboxOutlined />, label: <span data-testid="nav-arrivals">{t('nav.arrivals')}</span> },
            { key: 'intransit', icon: <CarOutlined />, label: <span data-testid="nav-intransit">{t('nav.intransit')}</span> },
            { key: 'suppliers', icon: <ShopOutlined />, label: <span data-testid="nav-suppliers">{t('nav.suppliers')}</span> },
            { key: 'add', icon: <PlusOutlined />, label: <span data-testid="nav-add">{t('nav.add')}</span> },
            {
              key: 'erp',
              icon: <ApiOutlined />,
              label: (
                <span data-testid="nav-erp" className="nav-alerts">
                  {t('nav.erp')}
                  <ErpBadge />
                </span>
              ),
            },
            { key: 'export', icon: <DownloadOutlined />, label: <span data-testid="nav-export">{t('nav.export')}</span> },
            { key: 'settings', icon: <SettingOutlined />, label: <span data-testid="nav-settings">{t('nav.settings')}</span> },
          ]}
        />
      </Layout.Sider>
      <Layout className="frame-main">
        <Layout.Header className="frame-header">
          <Input
            ref={searchRef}
            className="search-box"
            data-testid="search-input"
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('header.searchPlaceholder')}
            suffix={<span className="kbd">{isMac ? '⌘K' : 'Ctrl+K'}</span>}
            value={search}
            maxLength={100}
            onChange={(e) => {
              setSearch(e.target.value);
              if (route.name !== 'orders') navigate(paths.orders);
            }}
            onPressEnter={() => {
              if (route.name !== 'orders') navigate(paths.orders);
            }}
          />
          <span className="grow" />
          {statusData?.demo && (
            <Tag color="purple" data-testid="demo-tag">
              {t('app.demo')}
            </Tag>
          )}
          <LanguageSwitch />
        </Layout.Header>
        <Banners />
        <AccountBanners />
        <Layout.Content className="frame-content">{children}</Layout.Content>
        <StatusBar />
      </Layout>
      {exportOpen && (
        <Suspense fallback={null}>
          <ExportModal open onClose={() => setExportOpen(false)} tab="all" />
        </Suspense>
      )}
    </Layout>
  );
}

/** The ERP nav badge: failed (dead) events in red; else events being retried, in orange. */
function ErpBadge() {
  const outbox = useOutboxSummary();
  const counts = outbox.data?.counts;
  if (!counts) return null;
  if (counts.dead > 0)
    return <Badge count={counts.dead} overflowCount={999} size="small" data-testid="erp-count" data-kind="dead" />;
  if (counts.failing > 0)
    return (
      <Badge count={counts.failing} overflowCount={999} size="small" color="orange" data-testid="erp-count" data-kind="failing" />
    );
  return null;
}

function Banners() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const s = status.data;
  if (status.isError && status.error.code === 'offline') {
    return <Alert type="warning" banner data-testid="service-offline-banner" title={t('banner.serviceOffline')} />;
  }
  if (!s) return null;
  if (s.state === 'offline') {
    const asOf = s.dataAsOf ?? s.offlineSince;
    return (
      <Alert
        type="warning"
        banner
        data-testid="offline-banner"
        title={
          <span>
            {asOf ? t('banner.offline', { time: formatDateTime(asOf) }) : t('banner.offlineUnknown')}
            {s.message ? <span className="muted"> · {safeText(s.message)}</span> : null}
          </span>
        }
      />
    );
  }
  if (s.state === 'needs_reconnect') {
    return (
      <Alert
        type="error"
        banner
        data-testid="reconnect-banner"
        title={s.message ? safeText(s.message) : t('banner.needsReconnect')}
        action={
          <Button size="small" danger type="primary" data-testid="reconnect-button" onClick={() => navigate(paths.settings)}>
            {t('banner.reconnect')}
          </Button>
        }
      />
    );
  }
  return null;
}

/** The header language switch: flips the UI at once and saves the `language` setting. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const settings = useSettings();
  const serverLanguage = settings.data?.language;
  // A switch not yet saved: a settings answer read before the save must not undo it.
  const pending = useRef<Language | null>(null);

  // The saved setting wins when it arrives or changes (e.g. changed in another window).
  useEffect(() => {
    if (pending.current) return;
    if (serverLanguage && serverLanguage !== appI18n.language) {
      void appI18n.changeLanguage(serverLanguage);
      rememberLanguage(serverLanguage);
    }
  }, [serverLanguage]);

  const next: Language = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Tooltip title={t('header.switchToTitle')}>
      <Button
        size="small"
        data-testid="lang-switch"
        onClick={() => {
          pending.current = next;
          void i18n.changeLanguage(next);
          rememberLanguage(next);
          qc.setQueryData<Settings>(qk.settings, (old) => (old ? { ...old, language: next } : old));
          call('settings.update', { language: next })
            .then((s) => qc.setQueryData(qk.settings, s))
            .catch(() => {
              // Offline or not saved: the switch still applies locally (and is remembered here).
            })
            .finally(() => {
              if (pending.current === next) pending.current = null;
            });
        }}
      >
        {t('header.switchTo')}
      </Button>
    </Tooltip>
  );
}
