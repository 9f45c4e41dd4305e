// Runs in: Vitest (node), with a fake 'electron'. The OAuth child window catches the redirect,
// hands code + state to the core, and closes; closing it early rejects quietly.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electronMock.js'));

import type { TrackerCore } from '../../../electron/core/api/types';
import { OAUTH_PARTITION, OAuthCancelledError, openOAuthWindow } from '../../../electron/oauthWindow';
import { FakeBrowserWindow, navEvent } from './electronMock';

const REDIRECT = 'https://tracker.example.com/oauth/callback';
const AUTHORIZE = `https://auth.1688.com/oauth/authorize?client_id=123&site=1688&redirect_uri=${encodeURIComponent(REDIRECT)}&state=st4te`;

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0;
});

function open() {
  const core = { handle: vi.fn<TrackerCore['handle']>(async () => ({ connected: true })) };
  const { promise, window } = openOAuthWindow(AUTHORIZE, { core });
  const win = window as unknown as FakeBrowserWindow;
  return { core, promise, win };
}

describe('OAuth window', () => {
  it('is made by the secure factory without a preload, in its own session, and loads the authorize URL', () => {
    const { win } = open();
    expect(win.webPreferences.preload).toBeUndefined();
    expect(win.webPreferences.sandbox).toBe(true);
    expect(win.webPreferences.contextIsolation).toBe(true);
    expect((win.webPreferences.session as { partition: string }).partition).toBe(OAUTH_PARTITION);
    expect(win.loadURL).toHaveBeenCalledWith(AUTHORIZE);
  });

  it.each(['will-redirect', 'will-navigate'])('on %s to the redirect URI: prevents it, completes OAuth, closes', async (eventName) => {
    const { core, promise, win } = open();
    const e = navEvent(`${REDIRECT}?code=c0de&state=st4te`);
    win.webContents.emit(eventName, e);
    expect(e.preventDefault).toHaveBeenCalled();
    await expect(promise).resolves.toEqual({ connected: true });
    expect(core.handle).toHaveBeenCalledTimes(1);
    expect(core.handle).toHaveBeenCalledWith('account.completeOAuth', { code: 'c0de', state: 'st4te' });
    expect(win.destroyed).toBe(true);
  });

  it('did-navigate to the redirect URI also completes (once)', async () => {
    const { core, promise, win } = open();
    win.webContents.emit('did-navigate', {}, `${REDIRECT}?code=c0de&state=st4te`, 200, 'OK');
    win.webContents.emit('did-navigate', {}, `${REDIRECT}?code=c0de&state=st4te`, 200, 'OK');
    await promise;
    expect(core.handle).toHaveBeenCalledTimes(1);
  });

  it('lets the 1688/Taobao/Alibaba sign-in pages navigate; a lookalike of the redirect URI or another site is blocked and completes nothing', () => {
    const { core, win } = open();
    for (const url of ['https://login.1688.com/member/signin.htm', 'https://login.taobao.com/member/login.jhtml', 'https://passport.alibaba.com/mini_login.htm']) {
      const e = navEvent(url);
      win.webContents.emit('will-navigate', e);
      expect(e.preventDefault).not.toHaveBeenCalled();
    }
    for (const url of [`${REDIRECT}.evil.com/?code=x&state=y`, `https://evil.com/oauth/callback?code=x&state=y`, 'https://1688.com.evil.com/login', 'https://login.1688.com:8443/']) {
      const e = navEvent(url);
      win.webContents.emit('will-navigate', e);
      expect(e.preventDefault, url).toHaveBeenCalled();
    }
    expect(core.handle).not.toHaveBeenCalled();
  });

  it('its frames (captcha) may load from the sign-in hosts only', () => {
    const { win } = open();
    const captcha = navEvent('https://g.alicdn.com/captcha/frame.html', false);
    win.webContents.emit('will-frame-navigate', captcha);
    expect(captcha.preventDefault).not.toHaveBeenCalled();
    const other = navEvent('https://evil.com/frame', false);
    win.webContents.emit('will-frame-navigate', other);
    expect(other.preventDefault).toHaveBeenCalled();
  });

  it('still blocks file:, javascript: and plain http inside the OAuth window', () => {
    const { win } = open();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'http://login.1688.com/']) {
      const e = navEvent(url);
      win.webContents.emit('will-navigate', e);
      expect(e.preventDefault).toHaveBeenCalled();
    }
  });

  it('closing the window early rejects with OAuthCancelledError and never calls the core', async () => {
    const { core, promise, win } = open();
    win.close();
    await expect(promise).rejects.toBeInstanceOf(OAuthCancelledError);
    expect(core.handle).not.toHaveBeenCalled();
  });

  it('a refusal from 1688 (error=access_denied) rejects without calling the core', async () => {
    const { core, promise, win } = open();
    win.webContents.emit('will-redirect', navEvent(`${REDIRECT}?error=access_denied&state=st4te`));
    await expect(promise).rejects.toMatchObject({ code: 'not_connected' });
    expect(core.handle).not.toHaveBeenCalled();
    expect(win.destroyed).toBe(true);
  });

  it('an authorize URL without redirect_uri is refused before any window opens', () => {
    const core = { handle: vi.fn<TrackerCore['handle']>() };
    expect(() => openOAuthWindow('https://auth.1688.com/oauth/authorize?client_id=1', { core })).toThrow(/redirect_uri/);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});
