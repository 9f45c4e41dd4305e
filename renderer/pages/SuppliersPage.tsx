// 供应商: a scorecard per seller from this database's own history over a period: orders, parcels,
// payment→shipping, shipping→first scan, transit (P50/P80), on-time rate, exception / failed /
// return / never-picked-up shares, last problem, a weekly trend. Every figure says how many
// samples it rests on; below the minimum it is hidden (—). Sortable; a seller links to its orders.
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Button, DatePicker, Empty, Skeleton, Table, Typography } from '../lib/antdPages';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { SupplierScore } from '../../shared/contract';
import { useSupplierScorecard } from '../api/hooks';
import { CarrierProblemsChart, SellerTrend } from '../components/DeskCharts';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSearch } from '../components/searchContext';
import { navigate, paths } from '../lib/router';
import { safeText } from '../lib/safeText';
import { formatDate } from '../lib/time';
import { appNow } from '../lib/useNow';

const DEFAULT_DAYS = 90;

function Figure({ value, unit, samples, testId }: { value: number | null; unit: 'h' | '%'; samples: number; testId?: string }) {
  const { t } = useTranslation();
  const shown = value === null ? '—' : unit === '%' ? `${Math.round(value * 1000) / 10}%` : `${value}`;
  return (
    <span className="figure" data-testid={testId}>
      <span className="mono">{shown}</span>
      <span className="samples muted small">{t('suppliers.samples', { n: samples })}</span>
    </span>
  );
}

export function SuppliersPage() {
  const { t } = useTranslation();
  const { setSearch } = useSearch();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    const end = dayjs(appNow()).endOf('day');
    return [end.subtract(DEFAULT_DAYS, 'day').startOf('day'), end];
  });
  const from = range[0].startOf('day').toISOString();
  const to = range[1].endOf('day').toISOString();
  const query = useSupplierScorecard(from, to);
  const rows = useMemo(() => query.data?.rows ?? [], [query.data]);

  const num = (get: (r: SupplierScore) => number | null) => (a: SupplierScore, b: SupplierScore) => (get(a) ?? -1) - (get(b) ?? -1);

  return (
    <div className="page suppliers-page" data-testid="suppliers-page">
      <div className="page-header">
        <Typography.Title level={4} className="page-title">
          {t('suppliers.title')}
        </Typography.Title>
        <span className="muted">{t('suppliers.period')}</span>
        <DatePicker.RangePicker
          allowClear={false}
          value={range}
          onChange={(v) => {
            if (v?.[0] && v[1]) setRange([v[0], v[1]]);
          }}
          data-testid="suppliers-range"
        />
        <span className="grow" />
        {query.data && <span className="muted small">{t('suppliers.minSamples', { n: query.data.minSamples })}</span>}
      </div>
      {query.isPending ? (
        <Skeleton active />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <Empty description={t('suppliers.empty')} />
      ) : (
        <>
          <CarrierProblemsChart carriers={query.data.byCarrier} />
          <Table<SupplierScore>
            size="small"
            data-testid="suppliers-table"
            rowKey="seller"
            dataSource={rows}
            loading={query.isFetching && query.isPlaceholderData}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            scroll={{ x: 1400 }}
            onRow={() => ({ 'data-testid': 'supplier-row' }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('desk.seller'),
                key: 'seller',
                fixed: 'left',
                width: 200,
                sorter: (a, b) => a.seller.localeCompare(b.seller, 'zh-CN'),
                render: (_, r) => (
                  <span className="supplier-name">
                    <span data-testid="supplier-name">{safeText(r.seller)}</span>
                    <Button
                      type="link"
                      size="small"
                      data-testid="supplier-orders"
                      onClick={() => {
                        setSearch(r.seller);
                        navigate(paths.orders);
                      }}
                    >
                      {t('suppliers.viewOrders')}
                    </Button>
                  </span>
                ),
              },
              { title: t('suppliers.orders'), key: 'orders', dataIndex: 'orders', sorter: num((r) => r.orders) },
              { title: t('suppliers.parcels'), key: 'parcels', dataIndex: 'parcels', sorter: num((r) => r.parcels), defaultSortOrder: 'descend' },
              {
                title: `${t('suppliers.ship')} P50/P80 (h)`,
                key: 'ship',
                sorter: num((r) => r.shipP50Hours),
                render: (_, r) => <Figure value={r.shipP50Hours} unit="h" samples={r.shipSamples} />,
              },
              {
                title: `${t('suppliers.firstScan')} P50 (h)`,
                key: 'firstScan',
                sorter: num((r) => r.firstScanP50Hours),
                render: (_, r) => <Figure value={r.firstScanP50Hours} unit="h" samples={r.firstScanSamples} />,
              },
              {
                title: `${t('suppliers.transit')} P50/P80 (h)`,
                key: 'transit',
                sorter: num((r) => r.transitP50Hours),
                render: (_, r) => (
                  <span className="figure" data-testid="supplier-transit">
                    <span className="mono">
                      {r.transitP50Hours ?? '—'} / {r.transitP80Hours ?? '—'}
                    </span>
                    <span className="samples muted small">{t('suppliers.samples', { n: r.samples })}</span>
                  </span>
                ),
              },
              { title: t('suppliers.onTime'), key: 'onTime', sorter: num((r) => r.onTimeRate), render: (_, r) => <Figure value={r.onTimeRate} unit="%" samples={r.samples} testId="supplier-ontime" /> },
              { title: t('suppliers.exceptions'), key: 'exc', sorter: num((r) => r.exceptionRate), render: (_, r) => <Figure value={r.exceptionRate} unit="%" samples={r.parcels} /> },
              { title: t('suppliers.failed'), key: 'failed', sorter: num((r) => r.failedAttemptRate), render: (_, r) => <Figure value={r.failedAttemptRate} unit="%" samples={r.parcels} /> },
              { title: t('suppliers.returns'), key: 'returns', sorter: num((r) => r.returnRate), render: (_, r) => <Figure value={r.returnRate} unit="%" samples={r.parcels} /> },
              {
                title: t('suppliers.neverPickedUp'),
                key: 'noget',
                sorter: num((r) => r.neverPickedUpRate),
                render: (_, r) => <Figure value={r.neverPickedUpRate} unit="%" samples={r.parcels} />,
              },
              {
                title: t('suppliers.lastProblem'),
                key: 'last',
                sorter: (a, b) => (a.lastProblemAt ?? '').localeCompare(b.lastProblemAt ?? ''),
                render: (_, r) => (r.lastProblemAt ? formatDate(r.lastProblemAt) : '—'),
              },
              { title: t('suppliers.trend'), key: 'trend', render: (_, r) => <SellerTrend trend={r.trend} /> },
            ]}
          />
        </>
      )}
    </div>
  );
}
