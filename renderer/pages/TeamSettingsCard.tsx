// 设置 › 团队: join the team's PostgreSQL (address with TLS, member name; the password goes to the
// core's SecretStore with team.join and is cleared from this form at once, never shown again),
// the team's state while in one (who polls each account, lag, unsent actions, online), and leaving
// with a confirmation that says what stays (the local copy) and what is lost (unsent actions).
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MethodInput, TeamStatusView } from '../../shared/contract';
import { useCall, useSyncStatus, useTeamStatus } from '../api/hooks';
import { qk } from '../api/queryKeys';
import { App, Button, Card, Form, Input, Radio, Space, Table, Tag, Typography } from '../lib/antdPages';
import { safeText } from '../lib/safeText';

type JoinValues = { databaseUrl: string; password: string; member: string; tls: 'disable' | 'require' | 'verify-full'; caPem: string };

export function TeamSettingsCard() {
  const { t } = useTranslation();
  const team = useTeamStatus();
  const demo = useSyncStatus().data?.demo ?? false;
  return (
    <Card size="small" title={t('team.form.title')} className="settings-card" data-testid="team-card">
      {team.data ? (
        <TeamState team={team.data} />
      ) : demo ? (
        <Typography.Text type="secondary" data-testid="team-demo">
          {t('team.form.demo')}
        </Typography.Text>
      ) : team.isSuccess ? (
        <JoinForm />
      ) : null}
    </Card>
  );
}

/** The password typed separately is put into the URL for team.join only (the core splits it off). */
export function joinInput(v: JoinValues): MethodInput<'team.join'> {
  let databaseUrl = v.databaseUrl.trim();
  if (v.password) {
    try {
      const u = new URL(databaseUrl);
      u.password = encodeURIComponent(v.password);
      databaseUrl = u.toString();
    } catch {
      /* the core says what is wrong with the address */
    }
  }
  return { databaseUrl, member: v.member.trim(), tls: v.tls, caPem: v.tls === 'verify-full' && v.caPem.trim() ? v.caPem.trim() : null };
}

function JoinForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const join = useCall('team.join');
  const [form] = Form.useForm<JoinValues>();
  const tls = Form.useWatch('tls', form);

  const submit = (v: JoinValues) =>
    join.mutate(joinInput(v), {
      onSuccess: (r) => {
        form.setFieldValue('password', '');
        void message.success(t('team.form.joined', { member: safeText(r.member), uploaded: r.uploaded }));
        void qc.invalidateQueries({ queryKey: qk.teamStatus });
      },
      onError: (e) => {
        // The password never stays in the page after it was sent, success or not.
        form.setFieldValue('password', '');
        void message.error(e.issues?.[0]?.message ? `${e.message}：${e.issues[0].message}` : e.message);
      },
    });

  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 560 }} initialValues={{ tls: 'require', databaseUrl: '', password: '', member: '', caPem: '' }} onFinish={submit}>
      <Typography.Paragraph type="secondary">{t('team.form.help')}</Typography.Paragraph>
      <Form.Item name="databaseUrl" label={t('team.form.url')} rules={[{ required: true, message: t('team.form.urlRequired') }]}>
        <Input placeholder="postgres://tracker@db.example.cn:5432/tracker" autoComplete="off" data-testid="team-url" />
      </Form.Item>
      <Form.Item name="password" label={t('team.form.password')} extra={t('team.form.passwordHelp')}>
        <Input.Password autoComplete="new-password" data-testid="team-password" />
      </Form.Item>
      <Form.Item name="member" label={t('team.form.member')} extra={t('team.form.memberHelp')} rules={[{ required: true, message: t('team.form.memberRequired') }]}>
        <Input maxLength={64} data-testid="team-member" />
      </Form.Item>
      <Form.Item name="tls" label={t('team.form.tls')}>
        <Radio.Group data-testid="team-tls">
          <Radio value="require">{t('team.form.tlsRequire')}</Radio>
          <Radio value="verify-full">{t('team.form.tlsVerify')}</Radio>
          <Radio value="disable">{t('team.form.tlsDisable')}</Radio>
        </Radio.Group>
      </Form.Item>
      {tls === 'verify-full' && (
        <Form.Item name="caPem" label={t('team.form.ca')} extra={t('team.form.caHelp')}>
          <Input.TextArea rows={4} placeholder="-----BEGIN CERTIFICATE-----" data-testid="team-ca" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={join.isPending} data-testid="team-join">
        {t('team.form.join')}
      </Button>
    </Form>
  );
}

function TeamState({ team }: { team: TeamStatusView }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const leave = useCall('team.leave');
  const confirmLeave = () =>
    void modal.confirm({
      title: t('team.form.leaveTitle'),
      content: team.pendingOps > 0 ? t('team.form.leaveUnsent', { count: team.pendingOps }) : t('team.form.leaveBody'),
      okText: t('team.form.leave'),
      okButtonProps: { danger: true },
      onOk: () =>
        leave.mutateAsync({}).then(
          () => {
            void message.success(t('team.form.left'));
            void qc.invalidateQueries({ queryKey: qk.teamStatus });
          },
          (e: { message: string }) => void message.error(e.message),
        ),
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="team-state">
      <Typography.Text>
        {t('team.form.memberIs', { member: safeText(team.member) })}{' '}
        <Tag color={team.online ? 'green' : 'orange'}>{team.online ? t('team.form.online') : t('team.form.offline')}</Tag>
      </Typography.Text>
      <Typography.Text type="secondary" data-testid="team-sync">
        {t('team.form.sync', { cursor: team.cursor, seconds: Math.round(team.lagMs / 1000), pending: team.pendingOps })}
      </Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={team.accounts}
        locale={{ emptyText: t('team.form.noAccounts') }}
        columns={[
          { title: t('team.form.account'), dataIndex: 'id', render: (id: string) => safeText(id) },
          {
            title: t('team.form.role'),
            dataIndex: 'role',
            render: (role: 'leader' | 'follower') => <Tag color={role === 'leader' ? 'blue' : undefined}>{t(role === 'leader' ? 'team.form.leader' : 'team.form.follower')}</Tag>,
          },
          { title: t('team.form.holder'), dataIndex: 'leaseHolder', render: (h: string | null) => (h ? safeText(h) : t('team.nobody')) },
        ]}
        data-testid="team-accounts"
      />
      <Button danger onClick={confirmLeave} loading={leave.isPending} data-testid="team-leave">
        {t('team.form.leave')}
      </Button>
    </Space>
  );
}
