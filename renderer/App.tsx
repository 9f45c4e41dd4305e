// Providers (query cache, i18n, Ant Design) and the routed pages inside the frame.
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { QueryClientProvider, useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { App as AntApp, Button, ConfigProvider, Spin } from './lib/antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import type { EventPayloads } from '../shared/contract';
import { i18n } from './i18n';
import { TranslatorProvider } from './i18n/useT';
import { createQueryClient } from './api/queryClient';
import { useContractEvents } from './api/useContractEvents';
import { accountOptions, isFirstRun, ordersListOptions } from './api/hooks';
import { FIRST_ORDERS_LIST } from './api/queryKeys';
import { ClockProvider } from './lib/useNow';
import { antdConfig, antdTheme } from './lib/antdTheme';
import { navigate, paths, useRoute } from './lib/router';
import { safeText } from './lib/safeText';
import { Frame } from './components/Frame';
import { SearchContext } from './components/searchContext';
import { OrdersPage } from './pages/OrdersPage';

const AlertsPage = lazy(() => import('./pages/AlertsPage.js').then((m) => ({ default: m.AlertsPage })));
const AddOrdersPage = lazy(() => import('./pages/AddOrdersPage.js').then((m) => ({ default: m.AddOrdersPage })));
const ArrivalsPage = lazy(() => import('./pages/ArrivalsPage.js').then((m) => ({ default: m.ArrivalsPage })));
const InTransitPage = lazy(() => import('./pages/InTransitPage.js').then((m) => ({ default: m.InTransitPage })));
const SuppliersPage = lazy(() => import('./pages/SuppliersPage.js').then((m) => ({ default: m.SuppliersPage })));
const ErpPage = lazy(() => import('./pages/ErpPage.js').then((m) => ({ default: m.ErpPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage.js').then((m) => ({ default: m.SettingsPage })));
const WelcomePage = lazy(() => import('./pages/WelcomePage.js').then((m) => ({ default: m.WelcomePage })));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.js').then((m) => ({ default: m.NotFoundPage })));

export { createQueryClient };

export function Root({ queryClient }: { queryClient?: QueryClient }) {
  return (
    <Providers queryClient={queryClient}>
      <Shell />
    </Providers>
  );
}

/**
 * Query cache, i18n and Ant Design (locale follows the language; small, compact), and the two
 * app-wide values every list row reads: the translator (one react-i18next subscription, see
 * i18n/useT.tsx) and the clock (one subscription, see lib/useNow.ts).
 */
export function Providers({ queryClient, children }: { queryClient?: QueryClient; children: ReactNode }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <I18nextProvider i18n={i18n}>
        <TranslatorProvider>
          <ClockProvider>
            <Themed>{children}</Themed>
          </ClockProvider>
        </TranslatorProvider>
      </I18nextProvider>
    </QueryClientProvider>
  );
}

// Built: antd's component styles come from the style sheet extracted at build time
// (lib/antdStaticCss.tsx, vite.config.mts) instead of being generated while rendering.
const THEME = { ...antdTheme, zeroRuntime: typeof __ANTD_STATIC_CSS__ !== 'undefined' && __ANTD_STATIC_CSS__ };

function Themed({ children }: { children: ReactNode }) {
  const { i18n: inst } = useTranslation();
  const en = inst.language === 'en';
  useEffect(() => {
    document.documentElement.lang = en ? 'en' : 'zh-CN';
  }, [en]);
  return (
    <ConfigProvider locale={en ? enUSLocale : zhCNLocale} {...antdConfig} theme={THEME}>
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
  switch (route.name) {
    // One component for both, so that "#/" becoming "#/orders" keeps the same Orders page.
    case 'root':
      return <OrdersRoute root orderId={null} />;
    case 'orders':
      return <OrdersRoute root={false} orderId={route.orderId} />;
    case 'alerts':
      return <AlertsPage />;
    case 'add':
      return <AddOrdersPage />;
    case 'erp':
      return <ErpPage />;
    case 'arrivals':
      return <ArrivalsPage />;
    case 'intransit':
      return <InTransitPage />;
    case 'suppliers':
      return <SuppliersPage />;
    case 'settings':
      return <SettingsPage />;
    case 'welcome':
      return null;
    case 'notFound':
      return <NotFoundPage />;
  }
}

/**
 * "#/" decides: the welcome page on a first run (no account, no orders), else the orders. The
 * order count comes from the Orders page's own first list page (its counts), so going on to the
 * orders needs no second request, and the page is shown as soon as it is decided (boot.ts starts
 * both requests before the app has even rendered).
 */
function OrdersRoute({ root, orderId }: { root: boolean; orderId: string | null }) {
  const decision = useFirstRun(root);
  useEffect(() => {
    if (!root || decision === 'pending') return;
    // The clerk may have gone elsewhere while this was loading: only decide for "#/" itself.
    if (window.location.hash !== '' && window.location.hash !== '#/' && window.location.hash !== '#') return;
    navigate(decision === 'welcome' ? paths.welcome : paths.orders, { replace: true });
  }, [root, decision]);
  if (root && decision !== 'orders') return <PageSpinner />;
  return <OrdersPage openOrderId={orderId} />;
}

/** Only while `active` ("#/"): 'welcome' on a first run, 'orders' otherwise, 'pending' until known. */
function useFirstRun(active: boolean): 'pending' | 'welcome' | 'orders' {
  const account = useQuery({ ...accountOptions(), enabled: active });
  const orders = useInfiniteQuery({ ...ordersListOptions(FIRST_ORDERS_LIST), enabled: active });
  if (account.isPending || orders.isPending) return 'pending';
  return isFirstRun(account.data, orders.data?.pages[0]?.counts) ? 'welcome' : 'orders';
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
