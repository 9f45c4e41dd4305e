// One order: header, its open alerts, then one card per parcel with the trace timeline.
// Used inside the list's drawer and by the AlertsPage's drawer.
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Skeleton, Space, Typography } from '../lib/antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AlertView, OrderDetail, ParcelDetail } from '../../shared/contract';
import { formatYuan } from '../../shared/domain';
import { useOrder, useRefreshOrder } from '../api/hooks';
import { safeText, safeTextOrDash } from '../lib/safeText';
import { formatAbsolute, formatDate, formatDateTime } from '../lib/time';
import { useNow } from '../lib/useNow';
import { IdText } from './IdText';
import { ReceivedButton } from './ReceivedButton';
import { StatusTag } from './StatusTag';
import { RelTime } from './RelTime';
import { ParcelTimeline } from './ParcelTimeline';
import { StatusEvidence } from './StatusEvidence';
import { AckModal } from './AckModal';
import { ErrorAlert } from './ErrorAlert';
import { useAlertText } from './alertText';

export function orderUrl1688(orderId: string): string {
  return `https://trade.1688.com/order/new_step_order_detail.htm?orderId=${encodeURIComponent(orderId)}`;
}

export function OrderDetailView({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const query = useOrder(orderId);
  if (query.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (query.isError) {
    if (query.error.code === 'not_found') return <Empty description={t('detail.notFound')} />;
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <OrderDetailBody order={query.data} />;
}

function OrderDetailBody({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshOrder();
  const [acking, setAcking] = useState<AlertView | null>(null);
  const openAlerts = order.alerts.filter((a) => a.resolvedAt === null);
  const resolvedCount = order.alerts.length - openAlerts.length;
  const sellerName = safeText(order.seller) || safeText(order.sellerLoginId) || t('detail.open1688');

  return (
    <div className="order-detail" data-order-id={order.orderId}>
      <div className="detail-head">
        <Space size="middle" wrap>
          <Typography.Text strong className="detail-title">
            {t('detail.title')} <IdText value={order.orderId} testId="detail-order-id" />
          </Typography.Text>
          <StatusTag status={order.status} />
        </Space>
        <Button
          icon={<ReloadOutlined />}
          loading={refresh.isPending}
          data-testid="refresh-order"
          onClick={() =>
            refresh.mutate(order.orderId, {
              onSuccess: () => void message.success(t('detail.refreshed')),
              // A paused account's order is not read: say so in the clerk's language.
              onError: (e) =>
                void message.error(e.code === 'account_paused' ? t('detail.accountPaused', { name: safeText(order.account?.name ?? '') }) : e.message),
            })
          }
        >
          {t('detail.refresh')}
        </Button>
      </div>

      <Descriptions size="small" column={2} className="detail-desc">
        <Descriptions.Item label={t('detail.seller')}>
          <a href={orderUrl1688(order.orderId)} target="_blank" rel="noopener noreferrer" title={t('detail.open1688')}>
            {sellerName}
          </a>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.amount')}>
          {formatYuan(order.totalFen)}
          {order.shippingFeeFen !== null && (
            <Typography.Text type="secondary">
              {' '}
              ({t('detail.shippingFee', { fee: formatYuan(order.shippingFeeFen) })})
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.created')}>
          <span title={formatAbsolute(order.createdAt)}>{formatDateTime(order.createdAt)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.paid')}>
          <span title={formatAbsolute(order.paidAt)}>{formatDateTime(order.paidAt)}</span>
        </Descriptions.Item>
        {order.productSummary && (
          <Descriptions.Item label={t('detail.product')} span={2}>
            {safeText(order.productSummary)}
          </Descriptions.Item>
        )}
        {order.status1688 && (
          <Descriptions.Item label={t('detail.status1688')}>{safeText(order.status1688)}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('detail.source')}>{t(`detail.sources.${order.source}`)}</Descriptions.Item>
        {order.erpRef && <Descriptions.Item label={t('detail.erpRef')}>{safeText(order.erpRef)}</Descriptions.Item>}
      </Descriptions>

      {order.lastError && (
        <Alert type="warning" showIcon data-testid="order-error" title={t('detail.orderError', { message: safeText(order.lastError) })} />
      )}
      {openAlerts.length > 0 && (
        <div className="detail-alerts">
          {openAlerts.map((a) => (
            <OrderAlert key={a.id} alert={a} onAck={() => setAcking(a)} />
          ))}
        </div>
      )}
      {resolvedCount > 0 && (
        <Typography.Text type="secondary" className="resolved-note">
          {t('detail.resolvedAlerts', { count: resolvedCount })}
        </Typography.Text>
      )}

      {order.parcels.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noParcels')} />
      ) : (
        order.parcels.map((p) => <ParcelCard key={p.logisticsId} parcel={p} orderId={order.orderId} />)
      )}
      <AckModal alert={acking} onClose={() => setAcking(null)} />
    </div>
  );
}

function OrderAlert({ alert, onAck }: { alert: AlertView; onAck: () => void }) {
  const { t } = useTranslation();
  const alertText = useAlertText();
  return (
    <Alert
      type={alert.severity === 'alert' ? 'error' : 'warning'}
      showIcon
      data-testid="order-alert"
      title={
        <span>
          <strong>{t(`alerts.rules.${alert.rule}`)}</strong> · {alertText(alert)}
        </span>
      }
      description={
        <span className="muted">
          <RelTime at={alert.openedAt} />
          {alert.billNo ? ' · ' : ''}
          {alert.billNo ? <IdText value={alert.billNo} /> : null}
          {alert.ackedAt ? ` · ${t('alerts.acked')}${alert.ackNote ? `：${safeText(alert.ackNote)}` : ''}` : ''}
        </span>
      }
      action={
        alert.ackedAt ? undefined : (
          <Button size="small" data-testid="ack-button" onClick={onAck}>
            {t('alerts.ack')}
          </Button>
        )
      }
    />
  );
}

function ParcelCard({ parcel, orderId }: { parcel: ParcelDetail; orderId: string }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const basis = parcel.estimate ? safeText(i18n.language === 'en' ? parcel.estimate.basisEn : parcel.estimate.basis) : '';
  return (
    <Card
      size="small"
      className="parcel-card"
      data-testid="parcel-card"
      data-logistics-id={parcel.logisticsId}
      title={
        <Space size="small" wrap>
          <span>{safeText(parcel.carrierName) || safeText(parcel.carrierCode) || t('detail.noCarrier')}</span>
          {parcel.billNo ? <IdText value={parcel.billNo} testId="parcel-waybill" /> : <span className="muted">{t('detail.noWaybill')}</span>}
          <StatusTag status={parcel.status} />
          {parcel.status !== 'cancelled' && <ReceivedButton orderId={orderId} logisticsId={parcel.logisticsId} receivedAt={parcel.receivedAt} />}
        </Space>
      }
      extra={
        parcel.lastPolledAt ? (
          <span className="muted" title={formatAbsolute(parcel.lastPolledAt)}>
            {t('detail.lastPolled', { time: formatDateTime(parcel.lastPolledAt, now) })}
          </span>
        ) : null
      }
    >
      <div className="parcel-facts">
        {parcel.previousBillNo && (
          <div>
            {t('detail.previousBillNo')} 
            <IdText value={parcel.previousBillNo} />
          </div>
        )}
        {(parcel.origin || parcel.destination) && (
          <div className="muted">
            {safeTextOrDash(parcel.origin)} → {safeTextOrDash(parcel.destination)}
          </div>
        )}
        {parcel.deliveredAt ? (
          <div>{t('detail.deliveredAt', { time: formatDateTime(parcel.deliveredAt, now) })}</div>
        ) : parcel.estimate ? (
          <div data-testid="parcel-estimate" title={formatAbsolute(parcel.estimate.expectedAt)}>
            {t('detail.expected', { date: formatDate(parcel.estimate.expectedAt, now) })}
            {basis && <span className="muted"> · {basis}</span>}
          </div>
        ) : null}
        {parcel.lastError && (
          <Alert type="warning" showIcon title={t('detail.lastError', { message: safeText(parcel.lastError) })} />
        )}
      </div>
      {parcel.evidence && <StatusEvidence evidence={parcel.evidence} />}
      <ParcelTimeline events={parcel.events} />
    </Card>
  );
}
