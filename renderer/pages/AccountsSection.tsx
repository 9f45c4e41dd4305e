// 设置 → 1688 账号: every connected account (state, orders, last sync, when its authorisation
// ends), adding one from tokens (checked with 1688 before saving), renaming, pausing, and
// removing it, asking whether its orders are kept for review or deleted.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../shared/contract';
import { useAccounts, useAccountsMutation } from '../api/accountHooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { App, Button, Card, Form, Input, Modal, Radio, Skeleton, Space, Table, Tag, Typography } from '../lib/antdPages';
import { safeText } from '../lib/safeText';
import { formatDateTime } from '../lib/time';

const STATE_COLOR: Record<AccountView['state'], string> = { active: 'green', paused: 'default', needs_reconnect: 'red' };

interface AddValues {
  name: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken?: string;
}

export function AccountsSection() {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<AccountView | null>(null);
  const [removing, setRemoving] = useState<AccountView | null>(null);
  const pause = useAccountsMutation('accounts.pause');
  const renew = useAccountsMutation('accounts.renew');
  const { message } = App.useApp();

  const days = (iso: string | null) => (iso ? Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 86_400_000)) : 0);
  const columns = [
    {
      title: t('accounts.name'),
      key: 'name',
      render: (a: AccountView) => (
        <span data-testid="account-name">{a.implicit ? t('accounts.implicit') : safeText(a.name)}</span>
      ),
    },
    { title: t('accounts.login'), key: 'login', render: (a: AccountView) => safeText(a.loginId ?? a.memberId ?? '') || '—' },
    {
      title: t('accounts.state'),
      key: 'state',
      render: (a: AccountView) => (
        <>
          <Tag color={STATE_COLOR[a.state]} data-testid="account-row-state">
            {t(`accounts.states.${a.state}`)}
          </Tag>
          {a.teamHolders && (
            <Tag color="blue" data-testid="account-team-held">
              {t('accounts.teamHeld', { who: a.teamHolders.map(safeText).join('、') || '—' })}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('accounts.orders'), key: 'orders', render: (a: AccountView) => a.orders },
    { title: t('accounts.lastSync'), key: 'lastSync', render: (a: AccountView) => (a.lastSyncAt ? formatDateTime(a.lastSyncAt) : '—') },
    {
      title: t('accounts.expiry'),
      key: 'expiry',
      render: (a: AccountView) => (
        <span>
          {a.refreshTokenExpiresAt ? formatDateTime(a.refreshTokenExpiresAt) : '—'}
          {a.tokenWarning && (
            <Tag color={a.tokenWarning === 'soon' ? 'orange' : 'red'} className="account-expiry" data-testid="account-token-warning">
              {t(`accounts.warning.${a.tokenWarning}`, { days: days(a.refreshTokenExpiresAt) })}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('accounts.actions'),
      key: 'actions',
      render: (a: AccountView) =>
        a.implicit || a.teamHolders ? null : (
          <Space size="small">
            <Button size="small" onClick={() => setRenaming(a)} data-testid="account-rename">
              {t('accounts.rename')}
            </Button>
            <Button
              size="small"
              data-testid="account-pause"
              loading={pause.isPending && pause.variables?.id === a.id}
              onClick={() =>
                pause.mutate(
                  { id: a.id, paused: a.state !== 'paused' },
                  { onSuccess: () => void message.success(t('accounts.saved')), onError: (e) => void message.error(e.message) },
                )
              }
            >
              {a.state === 'paused' ? t('accounts.resume') : t('accounts.pause')}
            </Button>
            {a.tokenWarning && (
              // postponeToken where 1688 grants it; otherwise the error says to authorise again.
              <Button
                size="small"
                data-testid="account-renew"
                loading={renew.isPending && renew.variables?.id === a.id}
                onClick={() =>
                  renew.mutate({ id: a.id }, { onSuccess: () => void message.success(t('accounts.renewed')), onError: (e) => void message.error(e.message) })
                }
              >
                {t('accounts.renew')}
              </Button>
            )}
            <Button size="small" danger onClick={() => setRemoving(a)} data-testid="account-remove">
              {t('accounts.remove')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('accounts.title')}
      className="settings-card"
      data-testid="accounts-card"
      extra={
        <Button type="primary" size="small" onClick={() => setAdding(true)} data-testid="accounts-add">
          {t('accounts.add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('accounts.intro')}</Typography.Paragraph>
      {accounts.isPending ? (
        <Skeleton active />
      ) : accounts.isError ? (
        <ErrorAlert error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : (
        <Table<AccountView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={accounts.data}
          columns={columns}
          locale={{ emptyText: t('accounts.empty') }}
          data-testid="accounts-table"
        />
      )}
      {adding && <AddAccountModal onClose={() => setAdding(false)} />}
      {renaming && <RenameModal account={renaming} onClose={() => setRenaming(null)} />}
      {removing && <RemoveModal account={removing} onClose={() => setRemoving(null)} />}
    </Card>
  );
}

function AddAccountModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAccountsMutation('accounts.add');
  const [form] = Form.useForm<AddValues>();
  const [error, setError] = useState<string | null>(null);
  const onOk = async () => {
    let v: AddValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    add.mutate(
      { ...v, ...(v.refreshToken ? { refreshToken: v.refreshToken } : {}) },
      {
        onSuccess: (a) => {
          void message.success(t('accounts.added', { name: a.name }));
          onClose();
        },
        // Nothing was saved: the form keeps what was typed (the secret fields too, to correct them).
        onError: (e) => setError(e.message),
      },
    );
  };
  const required = { required: true, whitespace: true, message: t('accounts.nameRequired') };
  return (
    <Modal open title={t('accounts.addTitle')} onOk={() => void onOk()} onCancel={onClose} confirmLoading={add.isPending} okText={t('accounts.add')}>
      <Typography.Paragraph type="secondary">{t('accounts.addHelp')}</Typography.Paragraph>
      <Form<AddValues> form={form} layout="vertical" autoComplete="off" data-testid="account-add-form">
        <Form.Item name="name" label={t('accounts.name')} rules={[required]}>
          <Input placeholder={t('accounts.namePlaceholder')} maxLength={60} data-testid="account-add-name" />
        </Form.Item>
        <Form.Item name="appKey" label="AppKey" rules={[{ required: true, whitespace: true, message: t('settings.account.required', { field: 'AppKey' }) }]}>
          <Input data-testid="account-add-appkey" />
        </Form.Item>
        <Form.Item name="appSecret" label="AppSecret" rules={[{ required: true, message: t('settings.account.required', { field: 'AppSecret' }) }]}>
          <Input.Password autoComplete="new-password" data-testid="account-add-secret" />
        </Form.Item>
        <Form.Item name="accessToken" label="AccessToken" rules={[{ required: true, message: t('settings.account.required', { field: 'AccessToken' }) }]}>
          <Input.Password autoComplete="new-password" data-testid="account-add-token" />
        </Form.Item>
        <Form.Item name="refreshToken" label="RefreshToken">
          <Input.Password autoComplete="new-password" data-testid="account-add-refresh" />
        </Form.Item>
      </Form>
      {error && <ErrorAlert error={{ code: 'invalid_input', message: error }} />}
    </Modal>
  );
}

function RenameModal({ account, onClose }: { account: AccountView; onClose: () => void }) {
  const { t } = useTranslation();
  const rename = useAccountsMutation('accounts.rename');
  const [name, setName] = useState(account.name);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={t('accounts.renameTitle')}
      confirmLoading={rename.isPending}
      onCancel={onClose}
      onOk={() => rename.mutate({ id: account.id, name }, { onSuccess: onClose, onError: (e) => setError(e.message) })}
    >
      <Input value={name} maxLength={60} onChange={(e) => setName(e.target.value)} data-testid="account-rename-input" />
      {error && <ErrorAlert error={{ code: 'invalid_input', message: error }} />}
    </Modal>
  );
}

function RemoveModal({ account, onClose }: { account: AccountView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const remove = useAccountsMutation('accounts.remove');
  const [deleteData, setDeleteData] = useState(false);
  return (
    <Modal
      open
      title={t('accounts.removeTitle', { name: account.name })}
      okText={t('accounts.remove')}
      okButtonProps={{ danger: true }}
      confirmLoading={remove.isPending}
      onCancel={onClose}
      onOk={() =>
        remove.mutate(
          { id: account.id, deleteData },
          {
            onSuccess: () => {
              void message.success(t('accounts.removed'));
              onClose();
            },
            onError: (e) => void message.error(e.message),
          },
        )
      }
    >
      <Typography.Paragraph>{t('accounts.removeBody')}</Typography.Paragraph>
      <Radio.Group value={deleteData} onChange={(e) => setDeleteData(e.target.value as boolean)} data-testid="account-remove-choice">
        <Space orientation="vertical">
          <Radio value={false}>{t('accounts.keepData')}</Radio>
          <Radio value={true}>{t('accounts.deleteData')}</Radio>
        </Space>
      </Radio.Group>
    </Modal>
  );
}
