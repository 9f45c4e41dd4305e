// Providers (query cache, i18n, Ant Design) and the routed pages inside the frame.
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { App as AntApp, Button, ConfigProvider, Result, Spin, theme } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import type { EventPayloads } from '../shared/contract';
import { i18n } from './i18n';
import { toContractError } from './api/errors';
import { useContractEvents } from './api/useContractEvents';
import { useAccount, useOrdersSummary } from './api/hooks';
import { navigate, paths, useRoute } from './lib/router';
import { safeText } from './lib/safeText';
import { Frame } from './components/Frame';
import { SearchContext } from './components/searchContext';
import { OrdersPage } from './pages/OrdersPage';

const AlertsPage = lazy(() => import('./pages/AlertsPage.js').then((m) => ({ default: m.AlertsPage })));
const AddOrdersPage = lazy(() => import('./pages/AddOrdersPage.js').then((m) => ({ default: m.AddOrdersPage })));
const ErpPage = lazy(() => import('./pages/ErpPage.js').then((m) => ({ default: m.ErpPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage.js').then((m) => ({ default: m.SettingsPage })));
const WelcomePage = lazy(() => import('./pages/WelcomePage.js').then((m) => ({ default: m.WelcomePage })));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Events keep the cache fresh; nothing polls.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Only a dropped connection to the local service is worth retrying.
        retry: (count, error) => toContractError(error).code === 'offline' && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

export function Root({ queryClient }: { queryClient?: QueryClient }) {
  return (
    <Providers queryClient={queryClient}>
      <Shell />
    </Providers>
  );
}

/** Query cache, i18n and Ant Design (locale follows the language; small, compact). */
export function Providers({ queryClient, children }: { queryClient?: QueryClient; children: ReactNode }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <I18nextProvider i18n={i18n}>
        <Themed>{children}</Themed>
      </I18nextProvider>
    </QueryClientProvider>
  );
}

function Themed({ children }: { children: ReactNode }) {
  const { i18n: inst } = useTranslation();
  const en = inst.language === 'en';
  useEffect(() => {
    document.documentElement.lang = en ? 'en' : 'zh-CN';
  }, [en]);
  return (
    <ConfigProvider
      locale={en ? enUSLocale : zhCNLocale}
      componentSize="small"
      button={{ autoInsertSpace: false }}
      theme={{ algorithm: [theme.defaultAlgorithm, theme.compactAlgorithm], token: { borderRadius: 4 } }}
    >
      <AntApp className="app-root">{children}</AntApp>
    </ConfigProvider>
  );
}

function Shell() {
  const route = useRoute();
  const [search, setSearch] = useState('');
  return (
    <SearchContext.Provider value={{ search, setSearch }}>
      <EventBridge />
      {route.name === 'welcome' ? (
        <Suspense fallback={<PageSpinner />}>
          <WelcomePage />
        </Suspense>
      ) : (
        <Frame route={route}>
          <Suspense fallback={<PageSpinner />}>
            <Page />
          </Suspense>
        </Frame>
      )}
    </SearchContext.Provider>
  );
}

function Page() {
  const route = useRoute();
  const { t } = useTranslation();
  switch (route.name) {
    case 'root':
      return <FirstRunRedirect />;
    case 'orders':
      return <OrdersPage openOrderId={route.orderId} />;
    case 'alerts':
      return <AlertsPage />;
    case 'add':
      return <AddOrdersPage />;
    case 'erp':
      return <ErpPage />;
    case 'settings':
      return <SettingsPage />;
    case 'welcome':
      return null;
    case 'notFound':
      return (
        <Result
          status="404"
          title={t('common.notFoundRoute')}
          extra={<Button onClick={() => navigate(paths.orders)}>{t('common.backToOrders')}</Button>}
        />
      );
  }
}

/** "#/" decides: the welcome page on a first run (no account, no orders), else the orders. */
function FirstRunRedirect() {
  const account = useAccount();
  const orders = useOrdersSummary();
  useEffect(() => {
    if (account.isPending || orders.isPending) return;
    // The clerk may have gone elsewhere while this was loading: only decide for "#/" itself.
    if (window.location.hash !== '' && window.location.hash !== '#/' && window.location.hash !== '#') return;
    const firstRun =
      account.data !== undefined &&
      !account.data.connected &&
      !account.data.demo &&
      orders.data !== undefined &&
      orders.data.counts.all === 0;
    navigate(firstRun ? paths.welcome : paths.orders, { replace: true });
  }, [account.isPending, orders.isPending, account.data, orders.data]);
  return <PageSpinner />;
}

function PageSpinner() {
  return (
    <div className="page-spinner">
      <Spin />
    </div>
  );
}

/** Core events → cache (useContractEvents), navigation and notifications. */
function EventBridge() {
  const { notification } = AntApp.useApp();
  const { t } = useTranslation();
  useContractEvents({
    onNavigate: (orderId) => navigate(paths.order(orderId)),
    onNotification: (p: EventPayloads['notification']) => showNotification(p),
  });

  function showNotification(p: EventPayloads['notification']) {
    const title = safeText(p.title);
    const body = safeText(p.body);
    const open = () => {
      if (p.orderId) navigate(paths.order(p.orderId));
    };
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.hidden) {
      const n = new Notification(title, { body, tag: `${p.kind}:${p.orderId ?? ''}` });
      n.onclick = () => {
        window.focus();
        open();
        n.close();
      };
      return;
    }
    const key = `${p.kind}-${p.orderId ?? Date.now()}`;
    notification.open({
      key,
      title,
      description: body,
      type: p.kind.includes('alert') || p.kind.includes('exception') ? 'warning' : 'info',
      actions: p.orderId ? (
        <Button
          size="small"
          type="primary"
          onClick={() => {
            notification.destroy(key);
            open();
          }}
        >
          {t('notify.view')}
        </Button>
      ) : undefined,
    });
  }
  return null;
}
