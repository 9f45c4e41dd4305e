// Runs in: main process / headless Node.
// The accounts.* methods of the handler table (api/handlers.ts spreads these in): list, add from
// tokens (checked with the gateway first), rename, pause, remove. Every refusal is a CoreError
// with a clear message, raised before anything is written.
import type { MethodOutput, ParsedInput } from '../../../shared/contract';
import type { Account } from '../account';
import type { Credentials } from '../ali1688/client';
import { GatewayError } from '../ali1688/errors';
import { CoreError } from '../api/types';
import type { AccountIdentity } from './registry';

export interface AccountHandlerServices {
  account: Account;
  identify(creds: Credentials): Promise<{ credentials: Credentials; who: AccountIdentity }>;
  onAccountChanged(): void;
  /** Asks the gateway to extend this account's refresh token (postponeToken) and saves the result. */
  postpone(id: number): Promise<void>;
}

type AccountMethod = 'accounts.list' | 'accounts.add' | 'accounts.rename' | 'accounts.pause' | 'accounts.remove' | 'accounts.renew';

export function createAccountHandlers(svc: AccountHandlerServices): { [M in AccountMethod]: (i: ParsedInput<M>) => Promise<MethodOutput<M>> } {
  const { registry } = svc.account;

  async function viewOf(id: number) {
    const v = (await registry.list()).find((a) => a.id === id);
    if (!v) throw new CoreError('not_found', `没有编号为 ${id} 的 1688 账号。(No 1688 account with id ${id})`);
    return v;
  }

  function nameTaken(name: string, except: number | null) {
    const other = registry.liveRows().find((a) => a.name === name && a.id !== except);
    if (other) throw new CoreError('invalid_input', `已有名为“${name}”的账号（编号 ${other.id}），请换一个名称。(An account with this name exists.)`);
  }

  return {
    async 'accounts.list'() {
      return registry.list();
    },

    async 'accounts.add'({ name, appKey, appSecret, accessToken, refreshToken }) {
      nameTaken(name, null);
      const same = await registry.tokenInUse(accessToken);
      if (same) throw new CoreError('invalid_input', `这个访问令牌已属于账号“${same.name}”（编号 ${same.id}）。(This token belongs to an account already added.)`);
      // A wrong key, secret or token fails here, before anything is saved.
      const checked = await svc.identify({ appKey, appSecret, accessToken, refreshToken: refreshToken || null });
      const row = await registry.save(checked.credentials, 'token', checked.who, { name, duplicate: 'refuse' });
      svc.onAccountChanged();
      return viewOf(row.id);
    },

    async 'accounts.rename'({ id, name }) {
      registry.get(id);
      nameTaken(name, id);
      registry.rename(id, name);
      svc.onAccountChanged();
      return viewOf(id);
    },

    async 'accounts.pause'({ id, paused }) {
      registry.setPaused(id, paused);
      svc.onAccountChanged();
      return viewOf(id);
    },

    async 'accounts.remove'({ id, deleteData }) {
      await registry.remove(id, deleteData);
      svc.onAccountChanged();
      return { ok: true as const };
    },

    async 'accounts.renew'({ id }) {
      const a = registry.get(id);
      try {
        await svc.postpone(a.id);
      } catch (e) {
        // A passing fault (offline, 5xx, QoS) is worth trying again; anything else — the API
        // unknown, the token refused — means only authorising again renews this account.
        if (e instanceof GatewayError && e.retryable) throw e;
        throw new CoreError(
          'invalid_input',
          `1688 未能延长账号“${a.name}”的授权，请重新授权（OAuth 登录或填入新的令牌）。` +
            `(1688 did not extend this account's authorisation: authorise it again — OAuth or new tokens.)`,
        );
      }
      svc.onAccountChanged();
      return viewOf(id);
    },
  };
}
