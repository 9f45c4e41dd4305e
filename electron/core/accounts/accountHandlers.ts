// Runs in: main process / headless Node.
// The accounts.* methods of the handler table (api/handlers.ts spreads these in): list, add from
// tokens (checked with the gateway first), rename, pause, remove. Every refusal is a CoreError
// with a clear message, raised before anything is written.
import type { MethodOutput, ParsedInput } from '../../../shared/contract';
import type { Account } from '../account';
import type { Credentials } from '../ali1688/client';
import { CoreError } from '../api/types';
import type { AccountIdentity } from './registry';

export interface AccountHandlerServices {
  account: Account;
  identify(creds: Credentials): Promise<{ credentials: Credentials; who: AccountIdentity }>;
  onAccountChanged(): void;
}

type AccountMethod = 'accounts.list' | 'accounts.add' | 'accounts.rename' | 'accounts.pause' | 'accounts.remove';

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
  };
}
