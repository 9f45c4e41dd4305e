// 设置 › 团队: joining from the form (the password goes with team.join and leaves the page), a bad
// address's clear error, the team's state while in one, and leaving only after a confirmation.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from './render';
import { FakeTracker } from './fakeTracker';
import { joinInput } from '../../renderer/pages/TeamSettingsCard';

const fill = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('设置 › 团队', () => {
  it('joins with the address, password, member name and TLS; the password is cleared from the page after sending', async () => {
    const { tracker } = await renderApp({ hash: '#/settings' });
    const card = await screen.findByTestId('team-card');
    expect(card.textContent).toContain('团队');
    await screen.findByTestId('team-url');
    fill('team-url', 'postgres://tracker@db.example.cn:5432/tracker');
    fill('team-password', 'p@ss word');
    fill('team-member', '小王');
    fireEvent.click(screen.getByTestId('team-join'));
    await waitFor(() => expect(tracker.callsOf('team.join')).toHaveLength(1));
    const sent = tracker.callsOf('team.join')[0]!;
    expect(sent).toMatchObject({ member: '小王', tls: 'require', caPem: null });
    // The core splits the password off the URL into its SecretStore.
    expect(decodeURIComponent(new URL(sent.databaseUrl).password)).toBe('p@ss word');
    // Joined: the state replaces the form, and no field holds the password any more.
    const state = await screen.findByTestId('team-state');
    expect(state.textContent).toContain('本机成员名：小王');
    expect(state.textContent).toContain('已连接');
    expect(screen.queryByTestId('team-password')).toBeNull();
    expect(document.body.innerHTML).not.toContain('p@ss word');
  });

  it('a bad address shows the core’s clear error and the password field is emptied', async () => {
    const { tracker } = await renderApp({ hash: '#/settings' });
    await screen.findByTestId('team-url');
    fill('team-url', 'mysql://x@h/db');
    fill('team-password', 'secret-1');
    fill('team-member', 'alice');
    fireEvent.click(screen.getByTestId('team-join'));
    await waitFor(() => expect(document.body.textContent).toContain('团队数据库地址应形如 postgres://'));
    expect(tracker.team).toBeNull();
    expect((screen.getByTestId('team-password') as HTMLInputElement).value).toBe('');
  });

  it('verify-full sends the pasted CA; the other choices send none', () => {
    const base = { databaseUrl: ' postgres://u@h/db ', password: '', member: ' a ', caPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' };
    expect(joinInput({ ...base, tls: 'verify-full' })).toEqual({ databaseUrl: 'postgres://u@h/db', member: 'a', tls: 'verify-full', caPem: base.caPem });
    expect(joinInput({ ...base, tls: 'require' }).caPem).toBeNull();
  });

  it('in a team: shows who polls each account, lag and unsent actions; leaving asks first and says unsent actions stay local', async () => {
    const tracker = new FakeTracker();
    tracker.team = {
      member: '小王',
      accounts: [
        { id: 'b2b-2212345678', role: 'leader', leaseHolder: '小王', fencingToken: 4 },
        { id: 'b2b-2298765432', role: 'follower', leaseHolder: '小李', fencingToken: 2 },
      ],
      cursor: 120,
      lagMs: 3_000,
      pendingOps: 2,
      online: false,
    };
    await renderApp({ hash: '#/settings', tracker });
    const state = await screen.findByTestId('team-state');
    expect(state.textContent).toContain('离线（使用本机副本）');
    expect(screen.getByTestId('team-sync').textContent).toBe('已同步到变更 #120 · 落后 3 秒 · 待上传操作 2 个');
    const rows = within(screen.getByTestId('team-accounts')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['b2b-2212345678本机轮询小王', 'b2b-2298765432跟随小李']);

    fireEvent.click(screen.getByTestId('team-leave'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('2 个操作未上传到团队');
    expect(tracker.callsOf('team.leave')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: '退出团队' }));
    await waitFor(() => expect(tracker.callsOf('team.leave')).toHaveLength(1));
    // Solo again: the form to join is back.
    await screen.findByTestId('team-join');
  });

  it('with the demo data the card says joining is not possible, with no form', async () => {
    const tracker = new FakeTracker();
    tracker.status = { ...tracker.status, demo: true };
    await renderApp({ hash: '#/settings', tracker });
    await waitFor(() => expect(screen.getByTestId('team-demo').textContent).toContain('演示数据不能加入团队'));
    expect(screen.queryByTestId('team-join')).toBeNull();
  });

  it('in English the card and the form speak English', async () => {
    const tracker = new FakeTracker();
    tracker.settings = { ...tracker.settings, language: 'en' };
    await renderApp({ hash: '#/settings', tracker });
    await waitFor(() => expect(screen.getByTestId('team-card').textContent).toContain('Join team'));
    expect(screen.getByTestId('team-card').textContent).toContain('Team database URL');
  });
});
