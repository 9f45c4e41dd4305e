// 异常: open alerts grouped by severity then rule, each acknowledgeable; resolved history.
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Empty, Skeleton, Table, Tabs, Tag, Typography } from '../lib/antdPages';
import { useTranslation } from 'react-i18next';
import type { AlertRule, AlertSeverity, AlertView } from '../../shared/contract';
import { ALERTS_LIMIT, useAlerts } from '../api/hooks';
import { AckModal } from '../components/AckModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { IdText } from '../components/IdText';
import { OrderDrawer } from '../components/OrderDrawer';
import { RelTime } from '../components/RelTime';
import { useAlertText } from '../components/alertText';
import { safeText } from '../lib/safeText';
import { formatAbsolute, formatDateTime } from '../lib/time';

const SEVERITIES: AlertSeverity[] = ['alert', 'warning'];

interface Group {
  severity: AlertSeverity;
  rule: AlertRule;
  alerts: AlertView[];
}

export function groupAlerts(alerts: readonly AlertView[]): Group[] {
  const groups: Group[] = [];
  for (const severity of SEVERITIES) {
    const byRule = new Map<AlertRule, AlertView[]>();
    for (const a of alerts) {
      if (a.severity !== severity) continue;
      const list = byRule.get(a.rule) ?? [];
      list.push(a);
      byRule.set(a.rule, list);
    }
    for (const [rule, list] of byRule) {
      list.sort((x, y) => Date.parse(x.openedAt) - Date.parse(y.openedAt));
      groups.push({ severity, rule, alerts: list });
    }
  }
  return groups;
}

export function AlertsPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<'open' | 'resolved'>('open');
  const [drawerOrder, setDrawerOrder] = useState<string | null>(null);
  const [acking, setAcking] = useState<AlertView | null>(null);
  const query = useAlerts(state);
  const counts = query.data?.counts;

  return (
    <div className="page alerts-page">
      <Tabs
        activeKey={state}
        onChange={(k) => setState(k === 'resolved' ? 'resolved' : 'open')}
        items={[
          {
            key: 'open',
            label: (
              <span data-testid="alerts-tab-open">
                {t('alerts.tabs.open')} <span className="tab-count">{counts?.open ?? ''}</span>
              </span>
            ),
          },
          {
            key: 'resolved',
            label: (
              <span data-testid="alerts-tab-resolved">
                {t('alerts.tabs.resolved')} <span className="tab-count">{counts?.resolved ?? ''}</span>
              </span>
            ),
          },
        ]}
      />
      {query.isPending ? (
        <Skeleton active />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : state === 'open' ? (
        <OpenAlerts alerts={query.data.rows} total={counts?.open ?? 0} onOrder={setDrawerOrder} onAck={setAcking} />
      ) : (
        <ResolvedAlerts alerts={query.data.rows} onOrder={setDrawerOrder} />
      )}
      <AckModal alert={acking} onClose={() => setAcking(null)} />
      <OrderDrawer orderId={drawerOrder} onClose={() => setDrawerOrder(null)} />
    </div>
  );
}

function OpenAlerts({
  alerts,
  total,
  onOrder,
  onAck,
}: {
  alerts: AlertView[];
  total: number;
  onOrder: (orderId: string) => void;
  onAck: (a: AlertView) => void;
}) {
  const { t } = useTranslation();
  const alertText = useAlertText();
  const groups = useMemo(() => groupAlerts(alerts), [alerts]);
  if (alerts.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.empty')} />;
  return (
    <div className="alert-groups">
      {alerts.length < total && (
        <Typography.Text type="secondary">
          {t('alerts.truncated', { shown: Math.min(alerts.length, ALERTS_LIMIT), total })}
        </Typography.Text>
      )}
      {groups.map((g) => (
        <section key={`${g.severity}-${g.rule}`} className="alert-group" data-severity={g.severity} data-rule={g.rule}>
          <h3 className="alert-group-title">
            <Tag color={g.severity === 'alert' ? 'red' : 'orange'}>{t(`alerts.severity.${g.severity}`)}</Tag>
            {t(`alerts.rules.${g.rule}`)}
            <span className="muted"> · {g.alerts.length}</span>
          </h3>
          <div className="alert-rows" role="table">
            {g.alerts.map((a) => (
              <div key={a.id} className="alert-row" role="row" data-testid="alert-row" data-alert-id={a.id}>
                <div className="cell alert-message" title={alertText(a)}>
                  {alertText(a)}
                </div>
                <div className="cell">
                  <Button type="link" size="small" className="mono" onClick={() => onOrder(a.orderId)} data-testid="alert-order">
                    {a.orderId}
                  </Button>
                </div>
                <div className="cell">
                  <IdText value={a.billNo} />
                </div>
                <div className="cell">
                  <RelTime at={a.openedAt} />
                </div>
                <div className="cell alert-remark" title={safeText(a.lastRemark)}>
                  {safeText(a.lastRemark) || <span className="muted">—</span>}
                </div>
                <div className="cell alert-action">
                  {a.ackedAt ? (
                    <span className="muted" title={`${formatAbsolute(a.ackedAt)} ${safeText(a.ackNote)}`}>
                      {t('alerts.acked')}
                      {a.ackNote ? `：${safeText(a.ackNote)}` : ''}
                    </span>
                  ) : (
                    <Button size="small" data-testid="ack-button" onClick={() => onAck(a)}>
                      {t('alerts.ack')}
                    </Button>
                  )}
                </div>
              </div>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

function ResolvedAlerts({ alerts, onOrder }: { alerts: AlertView[]; onOrder: (orderId: string) => void }) {
  const { t } = useTranslation();
  const alertText = useAlertText();
  if (alerts.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.emptyResolved')} />;
  const time = (iso: string | null) => (iso ? <span title={formatAbsolute(iso)}>{formatDateTime(iso)}</span> : '—');
  return (
    <Table<AlertView>
      rowKey="id"
      size="small"
      dataSource={alerts}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      onRow={() => ({ 'data-testid': 'alert-row' }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'rule',
          title: t('alerts.columns.problem'),
          render: (_, a) => (
            <span>
              <Tag color={a.severity === 'alert' ? 'red' : 'orange'}>{t(`alerts.rules.${a.rule}`)}</Tag>
              {alertText(a)}
            </span>
          ),
        },
        {
          key: 'order',
          title: t('alerts.columns.order'),
          render: (_, a) => (
            <Button type="link" size="small" className="mono" onClick={() => onOrder(a.orderId)}>
              {a.orderId}
            </Button>
          ),
        },
        { key: 'bill', title: t('alerts.columns.waybill'), render: (_, a) => <IdText value={a.billNo} /> },
        { key: 'opened', title: t('alerts.columns.opened'), render: (_, a) => time(a.openedAt) },
        { key: 'resolved', title: t('alerts.columns.resolved'), render: (_, a) => time(a.resolvedAt) },
        {
          key: 'acked',
          title: t('alerts.columns.acked'),
          render: (_, a) =>
            a.ackedAt ? (
              <span>
                {time(a.ackedAt)}
                {a.ackNote ? <span className="muted"> · {safeText(a.ackNote)}</span> : null}
              </span>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}
