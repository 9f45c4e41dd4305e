// ERP 回写: the outbox of events for the clerk's ERP — counts, where they go (or why they don't),
// and the rows by state. Failed (dead) rows wait for the clerk: re-send or give up.
// The outbox is stamped in real time even in the demo (its retries wait for a real receiver), so
// its relative times count from this machine's clock, not the app's.
import { useEffect, useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, App, Button, Popconfirm, Skeleton, Space, Table, Tabs, Tag, Typography } from '../lib/antdPages';
import { useTranslation } from 'react-i18next';
import type { OutboxCounts, OutboxRowView, OutboxState } from '../../shared/contract';
import { OUTBOX_PAGE_SIZE, useOutbox, useOutboxAction, useOutboxSummary } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { IdText } from '../components/IdText';
import { OrderDrawer } from '../components/OrderDrawer';
import { errorText, typeOfKey, useEventTypeLabel } from '../components/outboxText';
import { RelTime } from '../components/RelTime';
import { navigate, paths } from '../lib/router';
import { safeText } from '../lib/safeText';
import { useNow } from '../lib/useNow';

/** The tabs, in the order the clerk sees them. */
const TABS: OutboxState[] = ['pending', 'dead', 'delivered', 'discarded'];

export function ErpPage() {
  const { t } = useTranslation();
  const summary = useOutboxSummary();
  const [tab, setTab] = useState<OutboxState | null>(null);
  const [page, setPage] = useState(1);
  const [drawerOrder, setDrawerOrder] = useState<string | null>(null);
  const counts = summary.data?.counts;

  // First visit: the failed rows when there are any (they need the clerk), else what waits.
  useEffect(() => {
    if (tab === null && counts) setTab(counts.dead > 0 ? 'dead' : 'pending');
  }, [tab, counts]);

  if (summary.isPending) return <Skeleton active />;
  if (summary.isError) return <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />;
  const { target, targetProblem } = summary.data;
  const active = tab ?? 'pending';

  return (
    <div className="page erp-page" data-testid="erp-page">
      <Typography.Title level={4}>{t('erp.title')}</Typography.Title>
      {targetProblem ? (
        <Alert type="warning" showIcon className="erp-target" data-testid="erp-target-problem" title={safeText(targetProblem)} />
      ) : target === null ? (
        <Alert
          type="info"
          showIcon
          className="erp-target"
          data-testid="erp-no-target"
          title={t('erp.noTarget')}
          action={
            <Button size="small" onClick={() => navigate(paths.settings)}>
              {t('erp.openSettings')}
            </Button>
          }
        />
      ) : (
        <Typography.Text type="secondary" className="erp-target" data-testid="erp-target">
          {t('erp.target', { target: safeText(target) })}
        </Typography.Text>
      )}
      <Counts counts={summary.data.counts} />
      <Tabs
        activeKey={active}
        onChange={(k) => {
          setTab(k as OutboxState);
          setPage(1);
        }}
        items={TABS.map((state) => ({
          key: state,
          label: (
            <span data-testid={`erp-tab-${state}`}>
              {t(`erp.tabs.${state}`)} <span className="tab-count">{tabCount(summary.data.counts, state)}</span>
            </span>
          ),
        }))}
      />
      {tab !== null && (
        <OutboxRows
          state={tab}
          page={page}
          onPage={setPage}
          blocked={summary.data.counts.blocked}
          sending={target !== null}
          onOrder={setDrawerOrder}
        />
      )}
      <OrderDrawer orderId={drawerOrder} onClose={() => setDrawerOrder(null)} />
    </div>
  );
}

function tabCount(c: OutboxCounts, state: OutboxState): number {
  return state === 'pending' ? c.pending : state === 'dead' ? c.dead : state === 'delivered' ? c.delivered : c.discarded;
}

function Counts({ counts }: { counts: OutboxCounts }) {
  const { t } = useTranslation();
  const item = (key: 'pending' | 'failing' | 'dead' | 'delivered', tone: string) => (
    <div className={`erp-count ${counts[key] > 0 ? tone : ''}`} data-testid={`erp-count-${key}`}>
      <div className="erp-count-value">{counts[key]}</div>
      <div className="erp-count-label">{t(`erp.counts.${key}`)}</div>
    </div>
  );
  return (
    <div className="erp-counts">
      {item('pending', '')}
      {item('failing', 'tone-warning')}
      {item('dead', 'tone-error')}
      {item('delivered', 'tone-ok')}
    </div>
  );
}

function OutboxRows({
  state,
  page,
  onPage,
  blocked,
  sending,
  onOrder,
}: {
  state: OutboxState;
  page: number;
  onPage: (page: number) => void;
  blocked: number;
  /** False when no ERP target works: pending rows wait for one, whatever their due time. */
  sending: boolean;
  onOrder: (orderId: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const typeLabel = useEventTypeLabel();
  const now = useNow('local');
  const query = useOutbox(state, page);
  const resend = useOutboxAction('outbox.resend');
  const discard = useOutboxAction('outbox.discard');

  if (query.isPending) return <Skeleton active />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;

  const onResend = (key: string) =>
    resend.mutate(key, {
      onSuccess: () => void message.success(t('erp.resent')),
      onError: (e) => void message.error(e.message),
    });
  const onDiscard = (key: string) =>
    discard.mutateAsync(key).then(
      () => void message.success(t('erp.discarded')),
      (e: { message: string }) => void message.error(e.message),
    );

  const columns: { key: string; title: string; render: (r: OutboxRowView) => ReactNode; className?: string }[] = [
    {
      key: 'type',
      title: t('erp.columns.type'),
      render: (r) => (
        <span title={safeText(r.idempotencyKey)}>
          {typeLabel(r.type)}
          {r.state === 'pending' && r.attempts > 0 && (
            <Tag color="orange" className="erp-retrying">
              {t('erp.retrying')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      key: 'order',
      title: t('erp.columns.order'),
      render: (r) => (
        <Button type="link" size="small" className="mono" data-testid="erp-order" onClick={() => onOrder(r.orderId)}>
          {safeText(r.orderId)}
        </Button>
      ),
    },
    { key: 'parcel', title: t('erp.columns.parcel'), render: (r) => <IdText value={r.billNo ?? r.logisticsId} /> },
    { key: 'attempts', title: t('erp.columns.attempts'), render: (r) => r.attempts, className: 'num' },
  ];
  if (state !== 'delivered')
    columns.push({
      key: 'error',
      title: t('erp.columns.lastError'),
      render: (r) =>
        r.lastError === null && r.lastStatus === null ? (
          <span className="muted">—</span>
        ) : (
          <span className="erp-error" data-testid="erp-error" title={safeText(r.lastError)}>
            {r.lastStatus !== null && <Tag color={r.state === 'dead' ? 'red' : 'orange'}>{r.lastStatus}</Tag>}
            {errorText(r)}
          </span>
        ),
    });
  if (state === 'pending')
    columns.push({
      key: 'next',
      title: t('erp.columns.nextAttempt'),
      render: (r) => {
        if (r.blockedBy) {
          const blockerType = typeOfKey(r.blockedBy);
          return (
            <Typography.Text type="warning" className="erp-blocked" data-testid="erp-blocked" title={safeText(r.blockedBy)}>
              {t('erp.blockedBy', { type: blockerType ? typeLabel(blockerType) : safeText(r.blockedBy) })}
            </Typography.Text>
          );
        }
        if (!sending) return <span className="muted">{t('erp.waitingForTarget')}</span>;
        if (!r.nextAttemptAt) return <span className="muted">—</span>;
        return Date.parse(r.nextAttemptAt) <= now ? (
          <span>{t('erp.dueNow')}</span>
        ) : (
          <RelTime at={r.nextAttemptAt} future clock="local" />
        );
      },
    });
  columns.push({ key: 'created', title: t('erp.columns.created'), render: (r) => <RelTime at={r.createdAt} clock="local" /> });
  if (state === 'delivered')
    columns.push({ key: 'delivered', title: t('erp.columns.delivered'), render: (r) => <RelTime at={r.deliveredAt} clock="local" /> });
  if (state === 'dead')
    columns.push({
      key: 'actions',
      title: t('erp.columns.actions'),
      render: (r) => (
        <Space size="small">
          <Button
            size="small"
            type="primary"
            data-testid="erp-resend"
            loading={resend.isPending && resend.variables === r.idempotencyKey}
            onClick={() => onResend(r.idempotencyKey)}
          >
            {t('erp.resend')}
          </Button>
          <Popconfirm
            title={t('erp.discardConfirm')}
            description={<div className="erp-discard-body">{t('erp.discardBody')}</div>}
            okText={t('erp.discard')}
            okButtonProps={{ danger: true, ...({ 'data-testid': 'erp-discard-ok' } as Record<string, string>) }}
            cancelText={t('common.cancel')}
            onConfirm={() => onDiscard(r.idempotencyKey)}
          >
            <Button size="small" danger data-testid="erp-discard" loading={discard.isPending && discard.variables === r.idempotencyKey}>
              {t('erp.discard')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });

  return (
    <div className="erp-rows">
      {state === 'dead' && query.data.total > 0 && (
        <Typography.Paragraph type="secondary" className="erp-help">
          {t('erp.deadHelp')}
        </Typography.Paragraph>
      )}
      {(state === 'dead' || state === 'pending') && blocked > 0 && (
        <Alert type="info" showIcon className="erp-help" data-testid="erp-blocked-count" title={t('erp.blockedCount', { count: blocked })} />
      )}
      <Table<OutboxRowView>
        rowKey="idempotencyKey"
        size="small"
        dataSource={query.data.rows}
        loading={query.isFetching && query.isPlaceholderData}
        locale={{ emptyText: t(`erp.empty.${state}`) }}
        pagination={{
          current: page,
          pageSize: OUTBOX_PAGE_SIZE,
          total: query.data.total,
          hideOnSinglePage: true,
          showSizeChanger: false,
          showTotal: (total) => t('erp.total', { total }),
          onChange: onPage,
        }}
        onRow={(r) =>
          ({ 'data-testid': 'erp-row', 'data-key': r.idempotencyKey, 'data-state': r.state }) as HTMLAttributes<HTMLElement>
        }
        columns={columns.map((c) => ({ key: c.key, title: c.title, className: c.className, render: (_: unknown, r: OutboxRowView) => c.render(r) }))}
      />
    </div>
  );
}
