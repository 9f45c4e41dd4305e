// 在途: every open purchase with its value (yuan), supplier, status and age; totals by status and
// by supplier; exportable (XLSX/CSV, formula-safe). What the manager asks for every week.
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Card, Empty, Skeleton, Table, Typography } from '../lib/antdPages';
import { useTranslation } from 'react-i18next';
import type { BookSort, InTransitRow, InTransitTotal } from '../../shared/contract';
import { formatYuan } from '../../shared/domain';
import { IN_TRANSIT_PAGE_SIZE, useInTransitBook } from '../api/hooks';
import { DeskExportButtons } from '../components/DeskExportButtons';
import { ErrorAlert } from '../components/ErrorAlert';
import { IdText } from '../components/IdText';
import { OrderDrawer } from '../components/OrderDrawer';
import { StatusTag } from '../components/StatusTag';
import { safeTextOrDash } from '../lib/safeText';
import { formatDateTime } from '../lib/time';

const days = (hours: number | null) => (hours === null ? null : Math.floor(hours / 24));

export function InTransitPage() {
  const { t } = useTranslation();
  const [sort, setSort] = useState<BookSort>('age');
  const [dir, setDir] = useState<'asc' | 'desc'>('desc');
  const [page, setPage] = useState(1);
  const [drawerOrder, setDrawerOrder] = useState<string | null>(null);
  const query = useInTransitBook(sort, dir, page);
  const book = query.data;

  const sortOrder = (key: BookSort) => (sort === key ? (dir === 'asc' ? ('ascend' as const) : ('descend' as const)) : null);

  return (
    <div className="page intransit-page" data-testid="intransit-page">
      <div className="page-header">
        <Typography.Title level={4} className="page-title">
          {t('intransit.title')}
        </Typography.Title>
        <span className="grow" />
        <DeskExportButtons method="inTransit.export" testId="intransit-export" />
      </div>
      {query.isPending ? (
        <Skeleton active />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : !book || book.total.orders === 0 ? (
        <Empty description={t('intransit.empty')} />
      ) : (
        <>
          <div className="desk-totals">
            <Card size="small" className="desk-total" data-testid="intransit-total">
              <div className="muted small">{t('intransit.totalOrders')}</div>
              <div className="desk-total-figure">{book.total.orders}</div>
              <div className="muted small">{t('intransit.totalValue')}</div>
              <div className="desk-total-figure" data-testid="intransit-total-value">{formatYuan(book.total.valueFen)}</div>
            </Card>
            <TotalsCard title={t('intransit.byStatus')} rows={book.byStatus} keyLabel={(k) => <StatusTag status={k as InTransitRow['status']} />} testId="intransit-by-status" />
            <TotalsCard title={t('intransit.bySupplier')} rows={book.bySupplier.slice(0, 10)} keyLabel={(k) => safeTextOrDash(k)} testId="intransit-by-supplier" />
          </div>
          <Table<InTransitRow>
            size="small"
            data-testid="intransit-table"
            rowKey="orderId"
            dataSource={book.rows}
            loading={query.isFetching && query.isPlaceholderData}
            onRow={(r) => ({ onClick: () => setDrawerOrder(r.orderId), 'data-testid': 'intransit-row' }) as HTMLAttributes<HTMLElement>}
            pagination={{ current: page, pageSize: IN_TRANSIT_PAGE_SIZE, total: book.total.orders, showSizeChanger: false, onChange: setPage }}
            onChange={(_p, _f, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const key = (s?.columnKey as BookSort | undefined) ?? 'age';
              setSort(key);
              setDir(s?.order === 'ascend' ? 'asc' : 'desc');
              setPage(1);
            }}
            columns={[
              { title: t('desk.order'), key: 'order', render: (_, r) => <IdText value={r.orderId} /> },
              { title: t('desk.seller'), key: 'seller', sorter: true, sortOrder: sortOrder('seller'), render: (_, r) => safeTextOrDash(r.seller) },
              { title: t('intransit.status'), key: 'status', sorter: true, sortOrder: sortOrder('status'), render: (_, r) => <StatusTag status={r.status} /> },
              {
                title: t('intransit.value'),
                key: 'value',
                align: 'right',
                sorter: true,
                sortOrder: sortOrder('value'),
                render: (_, r) => <span className="mono">{formatYuan(r.totalFen)}</span>,
              },
              {
                title: t('intransit.age'),
                key: 'age',
                sorter: true,
                sortOrder: sortOrder('age'),
                render: (_, r) => <span title={r.since ? formatDateTime(r.since) : ''}>{days(r.ageHours) === null ? '—' : t('intransit.days', { n: days(r.ageHours) })}</span>,
              },
              { title: t('intransit.parcels'), key: 'parcels', render: (_, r) => `${r.received}/${r.parcels}` },
              { title: t('desk.waybill'), key: 'bills', render: (_, r) => <span className="mono small">{r.billNos.join(' ')}</span> },
            ]}
          />
        </>
      )}
      {drawerOrder && <OrderDrawer orderId={drawerOrder} onClose={() => setDrawerOrder(null)} />}
    </div>
  );
}

function TotalsCard({ title, rows, keyLabel, testId }: { title: string; rows: InTransitTotal[]; keyLabel: (k: string) => ReactNode; testId: string }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...rows.map((r) => r.valueFen));
  return (
    <Card size="small" title={title} className="desk-total" data-testid={testId}>
      <ul className="totals-list">
        {rows.map((r) => (
          <li key={r.key}>
            <span className="totals-key">{keyLabel(r.key)}</span>
            <span className="bar bar-blue" style={{ width: `${Math.max(2, (r.valueFen / max) * 60)}%` }} aria-hidden />
            <span className="mono">{formatYuan(r.valueFen)}</span>
            <span className="muted small">{t('intransit.orders', { count: r.orders })}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
