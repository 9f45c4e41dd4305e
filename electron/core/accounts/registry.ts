// Runs in: main process / headless Node.
// The 1688 accounts of this database: adding (credentials checked first), renaming, pausing,
// removing; each account's secrets in the SecretStore under its own prefix; the credential
// source each account's gateway client uses. With no account saved, credentials given from
// outside (TRACKER_* variables, the demo) act as one implicit account, exactly as before.
import type { AccountView } from '../../../shared/contract';
import type { CredentialSource, Credentials } from '../ali1688/client';
import type { TokenGrant } from '../ali1688/schemas';
import { CoreError } from '../api/types';
import type { SecretStore } from '../ports';
import type { Store } from '../store';
import { createAccountRepo, holdersOf, type AccountRow } from './accountRepo';
import { tokenWarning } from './tokenWatch';

const SECRET_KEYS = ['appSecret', 'accessToken', 'refreshToken'] as const;
/** The implicit account (credentials from outside, no row) is shown with this id. */
export const IMPLICIT_ACCOUNT_ID = 0;
/** Where the implicit account's needs-reconnect flag lives (as before accounts existed). */
const IMPLICIT_NEEDS_RECONNECT_KEY = 'account.needsReconnect';

/** Who the credentials belong to, as the check before saving found out. */
export interface AccountIdentity {
  memberId: string | null;
  loginId: string | null;
  grant: TokenGrant | null;
}

export interface RegistryOptions {
  store: Store;
  secrets: SecretStore;
  preset?: Credentials | null;
  now: () => number;
}

export function createAccountRegistry(opts: RegistryOptions) {
  const { store, secrets, now } = opts;
  const repo = createAccountRepo(store.db);
  let preset: Credentials | null = opts.preset ?? null;

  // This desktop's accounts; a team's account without credentials here (team_only) is listed
  // apart and never synced, leased or changed here.
  const live = (): AccountRow[] => repo.all().filter((a) => a.state !== 'removed' && a.team_only !== 1);
  const teamOnly = (): AccountRow[] => repo.all().filter((a) => a.team_only === 1);
  const key = (a: AccountRow, k: (typeof SECRET_KEYS)[number]) => `${a.secret_prefix}${k}`;

  function mustGet(id: number): AccountRow {
    const a = repo.get(id);
    if (!a || a.state === 'removed') throw new CoreError('not_found', `没有编号为 ${id} 的 1688 账号。(No 1688 account with id ${id})`);
    if (a.team_only === 1) {
      const who = holdersOf(a.team_holders).map((h) => h.member).join('、') || '其他成员';
      throw new CoreError(
        'invalid_input',
        `“${a.name}”的凭据在团队成员 ${who} 的电脑上，由他们轮询；本机只跟随，不能在这里修改。要在本机轮询，请用同一账号的凭据添加它。` +
          ` (This team account's credentials are on ${who}'s desktop; this desktop follows it. Add it with its credentials to poll it here.)`,
      );
    }
    return a;
  }

  async function credentialsOf(a: AccountRow): Promise<Credentials | null> {
    const [appSecret, accessToken, refreshToken] = await Promise.all(SECRET_KEYS.map((k) => secrets.get(key(a, k))));
    if (!appSecret || !accessToken) return null;
    return { appKey: a.app_key, appSecret, accessToken, refreshToken: refreshToken ?? null };
  }

  async function writeSecrets(a: AccountRow, c: Credentials) {
    await secrets.set(key(a, 'appSecret'), c.appSecret);
    await secrets.set(key(a, 'accessToken'), c.accessToken);
    if (c.refreshToken) await secrets.set(key(a, 'refreshToken'), c.refreshToken);
    else await secrets.delete(key(a, 'refreshToken'));
  }

  const implicitNeedsReconnect = () => store.syncState.get<boolean>(IMPLICIT_NEEDS_RECONNECT_KEY) === true;

  /** Whether the implicit account is in use: credentials from outside and no account saved. */
  const implicitInUse = () => preset !== null && live().length === 0;

  function view(a: AccountRow, orders: Map<number | null, number>, connected: boolean): AccountView {
    const iso = (t: number | null) => (t ? new Date(t).toISOString() : null);
    return {
      id: a.id,
      name: a.name,
      appKey: a.app_key,
      memberId: a.member_id,
      loginId: a.login_id,
      method: a.method,
      state: connected || a.state !== 'active' ? (a.state as AccountView['state']) : 'needs_reconnect',
      accessTokenExpiresAt: iso(a.access_token_expires_at),
      refreshTokenExpiresAt: iso(a.refresh_token_expires_at),
      lastSyncAt: iso(a.last_sync_at),
      orders: orders.get(a.id) ?? 0,
      implicit: false,
      tokenWarning: tokenWarning(a.refresh_token_expires_at, now()),
    };
  }

  /** A team's account polled elsewhere: its state is the best of its holders'. */
  function teamView(a: AccountRow, orders: Map<number | null, number>): AccountView {
    const holders = holdersOf(a.team_holders).filter((h) => h.state !== 'removed');
    const state: AccountView['state'] = holders.some((h) => h.state === 'active')
      ? 'active'
      : holders.some((h) => h.state === 'needs_reconnect') || holders.length === 0
        ? 'needs_reconnect'
        : 'paused';
    return { ...view(a, orders, true), state, accessTokenExpiresAt: null, refreshTokenExpiresAt: null, tokenWarning: null, teamHolders: holders.map((h) => h.member) };
  }

  return {
    repo,
    isPreset: implicitInUse,

    /** Accounts that sync (credentials present, not paused, not needing reconnection). */
    async syncable(): Promise<{ id: number; row: AccountRow | null; credentials: CredentialSource }[]> {
      if (implicitInUse()) {
        return implicitNeedsReconnect() ? [] : [{ id: IMPLICIT_ACCOUNT_ID, row: null, credentials: this.credentialSource(IMPLICIT_ACCOUNT_ID) }];
      }
      const out = [];
      for (const a of live()) {
        if (a.state !== 'active') continue;
        if ((await credentialsOf(a)) === null) continue;
        out.push({ id: a.id, row: a, credentials: this.credentialSource(a.id) });
      }
      return out;
    },

    async list(): Promise<AccountView[]> {
      const orders = repo.orderCounts();
      if (implicitInUse()) {
        return [
          {
            id: IMPLICIT_ACCOUNT_ID,
            name: '环境变量中的账号',
            appKey: preset!.appKey,
            memberId: null,
            loginId: null,
            method: 'token',
            state: implicitNeedsReconnect() ? 'needs_reconnect' : 'active',
            accessTokenExpiresAt: null,
            refreshTokenExpiresAt: null,
            lastSyncAt: store.syncRuns.lastOk()?.finished_at ? new Date(store.syncRuns.lastOk()!.finished_at!).toISOString() : null,
            orders: [...orders.values()].reduce((s, n) => s + n, 0),
            implicit: true,
            tokenWarning: null,
          },
        ];
      }
      const own = await Promise.all(live().map(async (a) => view(a, orders, (await credentialsOf(a)) !== null)));
      return [...own, ...teamOnly().map((a) => teamView(a, orders))];
    },

    credentialSource(id: number): CredentialSource {
      if (id === IMPLICIT_ACCOUNT_ID) {
        return {
          get: async () => preset,
          async saveTokens(grant: TokenGrant) {
            if (!preset) return;
            preset = { ...preset, accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? preset.refreshToken };
            store.syncState.delete(IMPLICIT_NEEDS_RECONNECT_KEY);
          },
        };
      }
      return {
        get: async () => {
          const a = repo.get(id);
          return a && a.state !== 'removed' ? credentialsOf(a) : null;
        },
        async saveTokens(grant: TokenGrant) {
          const a = repo.get(id);
          if (!a || a.state === 'removed') return;
          await secrets.set(key(a, 'accessToken'), grant.accessToken);
          if (grant.refreshToken) await secrets.set(key(a, 'refreshToken'), grant.refreshToken);
          repo.recordGrant(
            id,
            { access: grant.accessTokenExpiresAt, refresh: grant.refreshTokenExpiresAt, memberId: grant.memberId, loginId: grant.loginId },
            now(),
          );
          if (a.state === 'needs_reconnect') repo.setState(id, 'active', now());
        },
      };
    },

    /** A 401 a refresh could not cure: this account stops syncing until it is connected again. */
    markNeedsReconnect(id: number) {
      if (id === IMPLICIT_ACCOUNT_ID) store.syncState.set(IMPLICIT_NEEDS_RECONNECT_KEY, true);
      else if (repo.get(id)?.state === 'active') repo.setState(id, 'needs_reconnect', now());
    },
    clearImplicitNeedsReconnect: () => store.syncState.delete(IMPLICIT_NEEDS_RECONNECT_KEY),
    implicitNeedsReconnect,

    recordSync(id: number, at: number) {
      if (id !== IMPLICIT_ACCOUNT_ID) repo.setLastSync(id, at);
    },

    /**
     * Saves checked credentials: a member already known (also one removed with its data kept) is
     * connected again with them, anything else becomes a new account. `duplicate: 'refuse'` (an
     * explicit add) refuses a member that is already connected.
     */
    async save(
      c: Credentials,
      method: 'oauth' | 'token',
      who: AccountIdentity,
      o: { name?: string; duplicate: 'refuse' | 'reconnect' },
    ): Promise<AccountRow> {
      const t = now();
      const g = who.grant;
      const fields = {
        app_key: c.appKey,
        method,
        login_id: who.loginId,
        access_token_expires_at: g?.accessTokenExpiresAt ?? null,
        refresh_token_expires_at: g?.refreshTokenExpiresAt ?? null,
      };
      const existing = this.findDuplicate(c, who);
      // (a team's account followed here becomes this desktop's own once its credentials are added)
      if (existing && existing.state !== 'removed' && existing.team_only !== 1 && o.duplicate === 'refuse')
        throw new CoreError(
          'invalid_input',
          `这个 1688 账号已经添加过了（“${existing.name}”，编号 ${existing.id}）。(This 1688 account is already added.)`,
        );
      const name = o.name ?? existing?.name ?? who.loginId ?? `1688 账号 ${live().length + 1}`;
      if (existing) {
        await writeSecrets(existing, c);
        repo.reconnect(existing.id, { ...fields, name }, t);
        return repo.get(existing.id)!;
      }
      const row = repo.insert({ ...fields, name, member_id: who.memberId }, t);
      await writeSecrets(row, c);
      return row;
    },

    /** The saved account these credentials belong to, if any (same member, login or token). */
    findDuplicate(c: Credentials, who: AccountIdentity): AccountRow | undefined {
      if (who.memberId) {
        const m = repo.byMember(who.memberId);
        if (m) return m;
      }
      return repo.all().find((a) => who.loginId !== null && a.login_id === who.loginId && a.app_key === c.appKey);
    },

    async tokenInUse(accessToken: string): Promise<AccountRow | undefined> {
      for (const a of live()) if ((await secrets.get(key(a, 'accessToken'))) === accessToken) return a;
      return undefined;
    },

    rename(id: number, name: string): AccountRow {
      mustGet(id);
      repo.rename(id, name, now());
      return repo.get(id)!;
    },

    setPaused(id: number, paused: boolean): AccountRow {
      const a = mustGet(id);
      if (paused && a.state !== 'paused') repo.setState(id, 'paused', now());
      if (!paused && a.state === 'paused') repo.setState(id, 'active', now());
      return repo.get(id)!;
    },

    async remove(id: number, deleteData: boolean): Promise<void> {
      const a = mustGet(id);
      repo.remove(id, deleteData, now());
      await Promise.all(SECRET_KEYS.map((k) => secrets.delete(key(a, k))));
    },

    get: (id: number) => mustGet(id),
    /** What an order shows of its account (also of one removed with its orders kept). */
    ref(id: number): { id: number; name: string; memberId: string | null } | null {
      const a = repo.get(id);
      return a ? { id: a.id, name: a.name, memberId: a.member_id } : null;
    },
    liveRows: live,
  };
}

export type AccountRegistry = ReturnType<typeof createAccountRegistry>;
