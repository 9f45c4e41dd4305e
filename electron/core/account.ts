// Runs in: main process / headless Node.
// The clerk's 1688 account: the app secret and tokens live only in the SecretStore (safeStorage
// in Electron); the database keeps just what may be shown (app key, login, expiry times).
import type { AccountStatus } from '../../shared/contract';
import type { CredentialSource, Credentials } from './ali1688/client';
import type { TokenGrant } from './ali1688/schemas';
import type { SecretStore } from './ports';
import type { Store } from './store';

interface AccountMeta {
  appKey: string;
  method: 'oauth' | 'token';
  loginId: string | null;
  memberId: string | null;
  accessTokenExpiresAt: number | null;
  refreshTokenExpiresAt: number | null;
}

const META_KEY = 'account.meta';
const NEEDS_RECONNECT_KEY = 'account.needsReconnect';
const SECRET_KEYS = ['appSecret', 'accessToken', 'refreshToken'] as const;

export interface AccountOptions {
  store: Store;
  secrets: SecretStore;
  /**
   * Credentials given from outside (TRACKER_* env vars, or the demo sandbox). They take
   * precedence over the saved account and are never written to disk; refreshed tokens for
   * them are kept in memory for the life of the process.
   */
  preset?: Credentials | null;
  demo?: boolean;
}

export function createAccount(opts: AccountOptions) {
  const { store, secrets } = opts;
  let preset: Credentials | null = opts.preset ?? null;

  const meta = (): AccountMeta | undefined => store.syncState.get<AccountMeta>(META_KEY);

  async function saved(): Promise<Credentials | null> {
    const m = meta();
    if (!m) return null;
    const [appSecret, accessToken, refreshToken] = await Promise.all(SECRET_KEYS.map((k) => secrets.get(k)));
    if (!appSecret || !accessToken) return null;
    return { appKey: m.appKey, appSecret, accessToken, refreshToken: refreshToken ?? null };
  }

  const credentialSource: CredentialSource = {
    get: async () => preset ?? (await saved()),
    async saveTokens(grant: TokenGrant) {
      if (preset) {
        preset = { ...preset, accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? preset.refreshToken };
        return;
      }
      await secrets.set('accessToken', grant.accessToken);
      if (grant.refreshToken) await secrets.set('refreshToken', grant.refreshToken);
      const m = meta();
      if (m)
        store.syncState.set(META_KEY, {
          ...m,
          accessTokenExpiresAt: grant.accessTokenExpiresAt ?? m.accessTokenExpiresAt,
          refreshTokenExpiresAt: grant.refreshTokenExpiresAt ?? m.refreshTokenExpiresAt,
          loginId: grant.loginId ?? m.loginId,
          memberId: grant.memberId ?? m.memberId,
        });
      setNeedsReconnect(false);
    },
  };

  function setNeedsReconnect(v: boolean) {
    if (v) store.syncState.set(NEEDS_RECONNECT_KEY, true);
    else store.syncState.delete(NEEDS_RECONNECT_KEY);
  }

  async function status(): Promise<AccountStatus> {
    const m = meta();
    const needsReconnect = store.syncState.get<boolean>(NEEDS_RECONNECT_KEY) === true;
    if (preset) {
      return {
        connected: true,
        method: 'token',
        appKey: preset.appKey,
        loginId: m?.appKey === preset.appKey ? m.loginId : null,
        memberId: null,
        accessTokenExpiresAt: null,
        refreshTokenExpiresAt: null,
        hasRefreshToken: preset.refreshToken !== null,
        needsReconnect,
        demo: opts.demo ?? false,
      };
    }
    const creds = await saved();
    return {
      connected: creds !== null,
      method: m?.method ?? null,
      appKey: m?.appKey ?? null,
      loginId: m?.loginId ?? null,
      memberId: m?.memberId ?? null,
      accessTokenExpiresAt: m?.accessTokenExpiresAt ? new Date(m.accessTokenExpiresAt).toISOString() : null,
      refreshTokenExpiresAt: m?.refreshTokenExpiresAt ? new Date(m.refreshTokenExpiresAt).toISOString() : null,
      hasRefreshToken: creds?.refreshToken ? true : false,
      needsReconnect: creds !== null && needsReconnect,
      demo: false,
    };
  }

  return {
    credentialSource,
    status,
    hasCredentials: async () => (await credentialSource.get()) !== null,
    isPreset: () => preset !== null,
    needsReconnect: () => store.syncState.get<boolean>(NEEDS_RECONNECT_KEY) === true,
    setNeedsReconnect,

    /** Saves a verified account. Secrets go to the SecretStore only. */
    async save(c: Credentials, method: 'oauth' | 'token', grant?: TokenGrant) {
      await secrets.set('appSecret', c.appSecret);
      await secrets.set('accessToken', c.accessToken);
      if (c.refreshToken) await secrets.set('refreshToken', c.refreshToken);
      else await secrets.delete('refreshToken');
      store.syncState.set(META_KEY, {
        appKey: c.appKey,
        method,
        loginId: grant?.loginId ?? null,
        memberId: grant?.memberId ?? null,
        accessTokenExpiresAt: grant?.accessTokenExpiresAt ?? null,
        refreshTokenExpiresAt: grant?.refreshTokenExpiresAt ?? null,
      } satisfies AccountMeta);
      preset = null;
      setNeedsReconnect(false);
    },

    async disconnect() {
      await Promise.all(SECRET_KEYS.map((k) => secrets.delete(k)));
      store.syncState.delete(META_KEY);
      setNeedsReconnect(false);
      preset = null;
    },
  };
}

export type Account = ReturnType<typeof createAccount>;
