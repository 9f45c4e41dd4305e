// 订单: status tabs with counts, the virtualised table, and the detail drawer (#/orders/:orderId).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Empty, Skeleton, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderSortField, OrderSummary, OrderTab } from '../../shared/contract';
import { useOrdersList } from '../api/hooks';
import { OrderDrawer } from '../components/OrderDrawer';
import { ErrorAlert } from '../components/ErrorAlert';
import { StatusDot } from '../components/StatusTag';
import { useSearch } from '../components/searchContext';
import { navigate, paths } from '../lib/router';
import { useDebounced } from '../lib/useDebounced';
import { ORDER_TAB_LIST, QUIET_TABS } from '../lib/tabs';
import { OrdersTable, type OrdersTableHandle } from './OrdersTable';

const SEARCH_DEBOUNCE_MS = 250;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

function modalOpen(): boolean {
  return document.querySelector('.ant-modal-wrap:not([style*="display: none"])') !== null;
}

export function OrdersPage({ openOrderId }: { openOrderId: string | null }) {
  const { t } = useTranslation();
  const { search } = useSearch();
  const debounced = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const [tab, setTab] = useState<OrderTab>('all');
  const [sort, setSort] = useState<{ field: OrderSortField; dir: 'asc' | 'desc' }>({ field: 'updatedAt', dir: 'desc' });
  const [selectedId, setSelectedId] = useState<string | null>(openOrderId);
  const tableRef = useRef<OrdersTableHandle>(null);

  const query = useOrdersList({ tab, search: debounced, sort: sort.field, dir: sort.dir });
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
  }, [tab, debounced, sort]);

  const open = useCallback((order: OrderSummary) => {
    setSelectedId(order.orderId);
    navigate(paths.order(order.orderId));
  }, []);

  const loadMore = useCallback(() => {
    void fetchNextPage();
  }, [fetchNextPage]);

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
  const tabs = ORDER_TAB_LIST.filter((k) => !QUIET_TABS.includes(k) || k === tab || (counts?.[k] ?? 0) > 0);

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
        onSort={(field) =>
          setSort((s) => (s.field === field ? { field, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { field, dir: 'desc' }))
        }
      />
    );
  }

  return (
    <div className="orders-page">
      <div className="orders-toolbar">
        <Tabs
          size="small"
          activeKey={tab}
          onChange={(k) => setTab(k as OrderTab)}
          className="status-tabs"
          items={tabs.map((k) => ({
            key: k,
            label: (
              <span data-testid={`status-tab-${k}`} className="status-tab">
                {k !== 'all' && <StatusDot status={k} />}
                {t(`status.${k}`)}
                <span className="tab-count" data-testid={`status-count-${k}`}>
                  {counts ? counts[k].toLocaleString() : ''}
                </span>
              </span>
            ),
          }))}
        />
        <span className="grow" />
        {first && (
          <Typography.Text type="secondary" className="orders-total">
            {t('orders.total', { total: first.total.toLocaleString() })}
            <span className="kbd-hint"> · {t('orders.keyboardHint')}</span>
          </Typography.Text>
        )}
      </div>
      {query.isError && rows.length > 0 && (
        <div className="page-pad-x">
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        </div>
      )}
      <div className="orders-body">{body}</div>
      <OrderDrawer orderId={openOrderId} onClose={() => navigate(paths.orders)} />
    </div>
  );
}

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
