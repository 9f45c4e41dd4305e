// 到货: what to collect today and where. Parcels waiting at a station or locker, grouped by station
// (one trip collects them) with the pickup code read from the trace; parcels out for delivery;
// parcels expected today and tomorrow with what the estimate rests on. Printable (styles.css
// @media print) and exportable. Every piece of carrier text is rendered as text.
import { useMemo, useState } from 'react';
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Skeleton, Space, Table, Tag, Typography } from '../lib/antdPages';
import { useTranslation } from 'react-i18next';
import type { ExpectedArrival, OutForDeliveryArrival, WaitingArrival } from '../../shared/contract';
import { useArrivals } from '../api/hooks';
import { ArrivalsChart } from '../components/DeskCharts';
import { DeskExportButtons } from '../components/DeskExportButtons';
import { ErrorAlert } from '../components/ErrorAlert';
import { IdText } from '../components/IdText';
import { OrderDrawer } from '../components/OrderDrawer';
import { ReceivedButton } from '../components/ReceivedButton';
import { RelTime } from '../components/RelTime';
import { safeText, safeTextOrDash } from '../lib/safeText';
import { formatAbsolute, formatDateTime } from '../lib/time';

interface StationGroup {
  key: string;
  station: string | null;
  address: string | null;
  kind: WaitingArrival['kind'];
  parcels: WaitingArrival[];
}

/** Consecutive parcels of one station (the core sends them grouped) as one group. */
export function groupByStation(waiting: readonly WaitingArrival[]): StationGroup[] {
  const groups: StationGroup[] = [];
  for (const w of waiting) {
    const last = groups[groups.length - 1];
    if (last && last.key === w.stationKey) last.parcels.push(w);
    else groups.push({ key: w.stationKey, station: w.station, address: w.address, kind: w.kind, parcels: [w] });
  }
  return groups;
}

export function ArrivalsPage() {
  const { t } = useTranslation();
  const query = useArrivals();
  const [drawerOrder, setDrawerOrder] = useState<string | null>(null);
  const groups = useMemo(() => groupByStation(query.data?.waiting ?? []), [query.data]);

  let body;
  if (query.isPending) body = <Skeleton active />;
  else if (query.isError) body = <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  else {
    const { expected, outForDelivery, waiting } = query.data;
    body =
      expected.length + outForDelivery.length + waiting.length === 0 ? (
        <Empty description={t('arrivals.nothing')} data-testid="arrivals-empty" />
      ) : (
        <>
          <ArrivalsChart
            counts={{
              waiting: waiting.length,
              outForDelivery: outForDelivery.length,
              today: expected.filter((e) => e.day === 'today').length,
              tomorrow: expected.filter((e) => e.day === 'tomorrow').length,
            }}
          />
          <section className="arrivals-section" data-testid="arrivals-waiting">
            <Typography.Title level={5}>
              {t('arrivals.waiting', { count: waiting.length })} <span className="muted small">{t('arrivals.waitingHelp')}</span>
            </Typography.Title>
            <div className="station-groups">
              {groups.map((g) => (
                <StationCard key={g.key} group={g} onOrder={setDrawerOrder} />
              ))}
            </div>
          </section>
          <OutForDelivery rows={outForDelivery} onOrder={setDrawerOrder} />
          <Expected rows={expected} onOrder={setDrawerOrder} />
        </>
      );
  }

  return (
    <div className="page arrivals-page" data-testid="arrivals-page">
      <div className="page-header">
        <Typography.Title level={4} className="page-title">
          {t('arrivals.title')}
        </Typography.Title>
        {query.data && <span className="muted">{t('arrivals.asOf', { time: formatAbsolute(query.data.now) })}</span>}
        <span className="grow" />
        <Space className="no-print">
          <Button icon={<PrinterOutlined />} data-testid="arrivals-print" onClick={() => window.print()}>
            {t('desk.print')}
          </Button>
          <DeskExportButtons method="arrivals.export" testId="arrivals-export" />
        </Space>
      </div>
      {body}
      {drawerOrder && <OrderDrawer orderId={drawerOrder} onClose={() => setDrawerOrder(null)} />}
    </div>
  );
}

function StationCard({ group, onOrder }: { group: StationGroup; onOrder: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      className="station-card"
      data-testid="station-group"
      title={
        <span className="station-title">
          <Tag color={group.kind === 'locker' ? 'purple' : 'gold'}>{group.kind === 'locker' ? t('arrivals.locker') : t('arrivals.station')}</Tag>
          <span data-testid="station-name">{group.station ? safeText(group.station) : t('arrivals.unknownStation')}</span>
        </span>
      }
      extra={<span className="muted">{t('arrivals.parcels', { count: group.parcels.length })}</span>}
    >
      {group.address && <div className="station-address muted">{safeText(group.address)}</div>}
      <ul className="pickup-list">
        {group.parcels.map((w) => (
          <li key={`${w.orderId}/${w.logisticsId}`} className="pickup-row" data-testid="waiting-parcel">
            <span className="pickup-code" data-testid="pickup-code" aria-label={t('arrivals.pickupCode')}>
              {w.pickupCode ? safeText(w.pickupCode) : <span className="muted small">{t('arrivals.noCode')}</span>}
            </span>
            <span className="pickup-parcel">
              <span>
                {safeTextOrDash(w.carrierName)} <IdText value={w.billNo} />
              </span>
              <span className="muted small">
                {safeTextOrDash(w.seller)} ·{' '}
                <a onClick={() => onOrder(w.orderId)} className="no-print-link">
                  {t('desk.order')} <span className="mono">{w.orderId}</span>
                </a>{' '}
                · {t('arrivals.since')} <RelTime at={w.since} />
              </span>
              {w.remark && <span className="pickup-remark muted small">{safeText(w.remark)}</span>}
            </span>
            <ReceivedButton orderId={w.orderId} logisticsId={w.logisticsId} />
          </li>
        ))}
      </ul>
    </Card>
  );
}

function OutForDelivery({ rows, onOrder }: { rows: OutForDeliveryArrival[]; onOrder: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <section className="arrivals-section" data-testid="arrivals-out">
      <Typography.Title level={5}>{t('arrivals.outForDelivery', { count: rows.length })}</Typography.Title>
      <Table<OutForDeliveryArrival>
        size="small"
        pagination={false}
        rowKey={(r) => `${r.orderId}/${r.logisticsId}`}
        dataSource={rows}
        columns={[
          { title: t('desk.waybill'), key: 'bill', render: (_, r) => <span>{safeTextOrDash(r.carrierName)} <IdText value={r.billNo} /></span> },
          { title: t('desk.seller'), key: 'seller', render: (_, r) => safeTextOrDash(r.seller) },
          { title: t('arrivals.sinceOut'), key: 'since', render: (_, r) => <RelTime at={r.since} /> },
          { title: '', key: 'remark', render: (_, r) => <span className="muted small">{safeText(r.remark)}</span> },
          { title: t('desk.order'), key: 'order', render: (_, r) => <a onClick={() => onOrder(r.orderId)} className="mono">{r.orderId}</a> },
          { title: '', key: 'received', render: (_, r) => <ReceivedButton orderId={r.orderId} logisticsId={r.logisticsId} /> },
        ]}
      />
    </section>
  );
}

function Expected({ rows, onOrder }: { rows: ExpectedArrival[]; onOrder: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <section className="arrivals-section" data-testid="arrivals-expected">
      <Typography.Title level={5}>{t('arrivals.expected', { count: rows.length })}</Typography.Title>
      <Table<ExpectedArrival>
        size="small"
        pagination={false}
        rowKey={(r) => `${r.orderId}/${r.logisticsId}`}
        dataSource={rows}
        columns={[
          {
            title: t('arrivals.expectedAt'),
            key: 'at',
            render: (_, r) => (
              <span>
                <Tag color={r.day === 'today' ? 'cyan' : 'blue'}>{r.day === 'today' ? t('arrivals.today') : t('arrivals.tomorrow')}</Tag>
                {formatDateTime(r.expectedAt)}
              </span>
            ),
          },
          { title: t('desk.waybill'), key: 'bill', render: (_, r) => <span>{safeTextOrDash(r.carrierName)} <IdText value={r.billNo} /></span> },
          { title: t('desk.seller'), key: 'seller', render: (_, r) => safeTextOrDash(r.seller) },
          { title: t('arrivals.basis'), key: 'basis', render: (_, r) => <span className="muted small">{r.basis}</span> },
          { title: t('desk.order'), key: 'order', render: (_, r) => <a onClick={() => onOrder(r.orderId)} className="mono">{r.orderId}</a> },
        ]}
      />
    </section>
  );
}
