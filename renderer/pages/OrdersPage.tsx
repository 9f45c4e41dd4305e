// 订单: status tabs with counts, the virtualised table, and the detail drawer (#/orders/:orderId).
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Empty, Skeleton, Space, Tabs, Typography } from '../lib/antd';
import { useTranslation } from 'react-i18next';
import type { MethodOutput, OrderSortField, OrderSummary, OrderTab } from '../../shared/contract';
import { useOrdersList } from '../api/hooks';
import { FIRST_ORDERS_LIST } from '../api/queryKeys';
import { OrderDrawer } from '../components/OrderDrawer';
import { ErrorAlert } from '../components/ErrorAlert';
import { StatusDot } from '../components/StatusTag';
import { useSearch } from '../components/searchContext';
import { TraceMatches } from '../components/TraceMatches';
import { navigate, paths } from '../lib/router';
import { useDebounced } from '../lib/useDebounced';
import { ORDER_TABS } from '../lib/contractLists';
import { QUIET_TABS } from '../lib/tabs';
import { OrdersOwnerFilter, type OwnerFilter } from './OrdersOwnerFilter';
import { OrdersTable, type OrdersTableHandle } from './OrdersTable';

const SEARCH_DEBOUNCE_MS = 250;

// n.toLocaleString() builds a formatter on every call; one for the page gives the same text.
const numberFormat = new Intl.NumberFormat();
const formatCount = (n: number) => numberFormat.format(n);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

function modalOpen(): boolean {
  return document.querySelector('.ant-modal-wrap:not([style*="display: none"])') !== null;
}

export function OrdersPage({ openOrderId }: { openOrderId: string | null }) {
  const { search } = useSearch();
  const debounced = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  // The first list is FIRST_ORDERS_LIST: what boot.ts already asked for.
  const [tab, setTab] = useState<OrderTab>(FIRST_ORDERS_LIST.tab);
  const [sort, setSort] = useState<{ field: OrderSortField; dir: 'asc' | 'desc' }>({
    field: FIRST_ORDERS_LIST.sort,
    dir: FIRST_ORDERS_LIST.dir,
  });
  const [selectedId, setSelectedId] = useState<string | null>(openOrderId);
  const tableRef = useRef<OrdersTableHandle>(null);

  const [owner, setOwner] = useState<OwnerFilter>({});
  const query = useOrdersList({ tab, search: debounced, sort: sort.field, dir: sort.dir, ...owner });
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = query;

  // Pages may overlap after a refetch while new orders arrive: keep each order once.
  const rows = useMemo(() => {
    const seen = new Set<string>();
    const out: OrderSummary[] = [];
    for (const page of query.data?.pages ?? [])
      for (const r of page.rows) {
        if (seen.has(r.orderId)) continue;
        seen.add(r.orderId);
        out.push(r);
      }
    return out;
  }, [query.data]);
  const first = query.data?.pages[0];

  useEffect(() => {
    if (openOrderId) setSelectedId(openOrderId);
  }, [openOrderId]);

  // A new tab, search or sort starts at the top.
  useEffect(() => {
    tableRef.current?.scrollToTop();
  }, [tab, debounced, sort, owner]);

  const open = useCallback((order: OrderSummary) => {
    setSelectedId(order.orderId);
    navigate(paths.order(order.orderId));
  }, []);

  const loadMore = useCallback(() => {
    void fetchNextPage();
  }, [fetchNextPage]);

  const onSort = useCallback(
    (field: OrderSortField) =>
      setSort((s) => (s.field === field ? { field, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { field, dir: 'desc' })),
    [],
  );

  // ↑/↓ move the selection, Enter opens it, Esc closes the drawer.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey) return;
      if (openOrderId) {
        if (e.key === 'Escape' && !modalOpen()) navigate(paths.orders);
        return;
      }
      if (isTyping(e.target) || modalOpen() || rows.length === 0) return;
      const index = selectedId ? rows.findIndex((r) => r.orderId === selectedId) : -1;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next =
          index < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, index + (e.key === 'ArrowDown' ? 1 : -1)));
        setSelectedId(rows[next]!.orderId);
        tableRef.current?.scrollToIndex(next);
      } else if (e.key === 'Enter' && index >= 0) {
        e.preventDefault();
        navigate(paths.order(rows[index]!.orderId));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, selectedId, openOrderId]);

  const counts = first?.counts;

  let body;
  if (query.isPending) {
    body = <Skeleton active paragraph={{ rows: 10 }} className="page-pad" />;
  } else if (query.isError && rows.length === 0) {
    body = (
      <div className="page-pad">
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  } else if (rows.length === 0) {
    body = <OrdersEmpty search={debounced} noOrdersAtAll={(counts?.all ?? 0) === 0 && !debounced} />;
  } else {
    body = (
      <OrdersTable
        handleRef={tableRef}
        rows={rows}
        hasMore={!!hasNextPage}
        loadingMore={isFetchingNextPage}
        loadMore={loadMore}
        selectedId={selectedId}
        onOpen={open}
        sort={sort.field}
        dir={sort.dir}
        onSort={onSort}
      />
    );
  }

  return (
    <div className="orders-page">
      <OrdersToolbar tab={tab} onTab={setTab} counts={counts} total={first?.total} />
      <OrdersOwnerFilter value={owner} onChange={setOwner} rows={rows} />
      {query.isError && rows.length > 0 && (
        <div className="page-pad-x">
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        </div>
      )}
      <TraceMatches search={debounced} onOpen={(orderId) => navigate(paths.order(orderId))} />
      <div className="orders-body">{body}</div>
      <OrderDrawer orderId={openOrderId} onClose={() => navigate(paths.orders)} />
    </div>
  );
}

/**
 * The status tabs and the total. A component of its own, memoised: loading the next page while
 * the clerk scrolls re-renders the page, and antd's Tabs measures its tabs on every render.
 */
const OrdersToolbar = memo(function OrdersToolbar({
  tab,
  onTab,
  counts,
  total,
}: {
  tab: OrderTab;
  onTab: (tab: OrderTab) => void;
  counts: MethodOutput<'orders.list'>['counts'] | undefined;
  total: number | undefined;
}) {
  const { t } = useTranslation();
  const tabs = ORDER_TABS.filter((k) => !QUIET_TABS.includes(k) || k === tab || (counts?.[k] ?? 0) > 0);
  return (
    <div className="orders-toolbar">
      <Tabs
        size="small"
        activeKey={tab}
        onChange={(k) => onTab(k as OrderTab)}
        className="status-tabs"
        items={tabs.map((k) => ({
          key: k,
          label: (
            <span data-testid={`status-tab-${k}`} className="status-tab">
              {k !== 'all' && <StatusDot status={k} />}
              {t(`status.${k}`)}
              <span className="tab-count" data-testid={`status-count-${k}`}>
                {counts ? formatCount(counts[k]) : ''}
              </span>
            </span>
          ),
        }))}
      />
      <span className="grow" />
      {total !== undefined && (
        <Typography.Text type="secondary" className="orders-total">
          {t('orders.total', { total: formatCount(total) })}
          <span className="kbd-hint"> · {t('orders.keyboardHint')}</span>
        </Typography.Text>
      )}
    </div>
  );
});

function OrdersEmpty({ search, noOrdersAtAll }: { search: string; noOrdersAtAll: boolean }) {
  const { t } = useTranslation();
  if (noOrdersAtAll) {
    return (
      <Empty className="orders-empty" data-testid="orders-empty" description={t('orders.empty')}>
        <Space>
          <Button type="primary" onClick={() => navigate(paths.settings)}>
            {t('orders.emptyConnect')}
          </Button>
          <Button onClick={() => navigate(paths.welcome)}>{t('orders.emptyDemo')}</Button>
          <Button type="link" onClick={() => navigate(paths.add)}>
            {t('orders.emptyAdd')}
          </Button>
        </Space>
      </Empty>
    );
  }
  return (
    <Empty
      className="orders-empty"
      data-testid="orders-empty"
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={search ? t('orders.noMatch', { search }) : t('orders.emptyTab')}
    />
  );
}
