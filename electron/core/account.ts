// Runs in: main process / headless Node.
// The app's 1688 connection as one thing (what the scheduler, the frame and the single-account
// methods see) over the accounts of ./accounts/registry.ts: secrets in the SecretStore (safeStorage
// in Electron) under each account's prefix, shown facts in the accounts table.
import type { AccountStatus } from '../../shared/contract';
import type { Ali1688Client, CredentialSource, Credentials } from './ali1688/client';
import type { TokenGrant } from './ali1688/schemas';
import { createAccountRegistry, IMPLICIT_ACCOUNT_ID, type AccountIdentity } from './accounts/registry';
import { daysLeft } from './accounts/tokenWatch';
import type { SecretStore } from './ports';
import type { Store } from './store';

export interface AccountOptions {
  store: Store;
  secrets: SecretStore;
  /**
   * Credentials given from outside (TRACKER_* env vars, or the demo sandbox). While no account is
   * saved they are the one implicit account; they are never written to disk, and refreshed
   * tokens for them are kept in memory for the life of the process.
   */
  preset?: Credentials | null;
  demo?: boolean;
  now?: () => number;
}

/**
 * Checks credentials against the gateway and finds out whose they are. With a refresh token, a
 * refresh tells the member and login (and the refresh token's expiry) and its fresh access token
 * is what gets saved; then currentTime proves key, secret and signing and a one-row order list
 * proves the token.
 */
export async function identifyCredentials(client: (c: Credentials) => Ali1688Client, c: Credentials): Promise<{ credentials: Credentials; who: AccountIdentity }> {
  let creds = c;
  let grant: TokenGrant | null = null;
  if (c.refreshToken) {
    grant = await client(c).refreshAccessToken();
    creds = { ...c, accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? c.refreshToken };
  }
  const checking = client(creds);
  await checking.currentTime();
  const page = await checking.getBuyerOrderList({ page: 1, pageSize: 1 });
  return {
    credentials: creds,
    who: { memberId: grant?.memberId ?? null, loginId: grant?.loginId ?? page.orders[0]?.buyerLoginId ?? null, grant },
  };
}

export function createAccount(opts: AccountOptions) {
  const now = opts.now ?? Date.now;
  const registry = createAccountRegistry({ store: opts.store, secrets: opts.secrets, preset: opts.preset ?? null, now });

  /** The account the single-account views describe: the implicit one, or the first saved. */
  const primary = () => registry.liveRows()[0] ?? null;
  const primarySource = (): CredentialSource =>
    registry.isPreset() || !primary() ? registry.credentialSource(IMPLICIT_ACCOUNT_ID) : registry.credentialSource(primary()!.id);

  /** Every account that could sync needs reconnecting (so nothing can sync). */
  function needsReconnect(): boolean {
    if (registry.isPreset()) return registry.implicitNeedsReconnect();
    const usable = registry.liveRows().filter((a) => a.state !== 'paused');
    return usable.length > 0 && usable.every((a) => a.state === 'needs_reconnect');
  }

  async function status(): Promise<AccountStatus> {
    // (a team's account polled on other desktops is theirs to reconnect, not this desktop's)
    const accounts = (await registry.list()).filter((a) => !a.teamHolders);
    const anyReconnect = accounts.some((a) => a.state === 'needs_reconnect');
    const reconnectNames = accounts.filter((a) => a.state === 'needs_reconnect').map((a) => a.name);
    const tokenExpiring = accounts.flatMap((a) =>
      a.tokenWarning === 'soon' || a.tokenWarning === 'urgent'
        ? [{ name: a.name, refreshTokenExpiresAt: a.refreshTokenExpiresAt!, daysLeft: daysLeft(Date.parse(a.refreshTokenExpiresAt!), now()) }]
        : [],
    );
    if (registry.isPreset()) {
      const creds = await registry.credentialSource(IMPLICIT_ACCOUNT_ID).get();
      return {
        connected: true,
        method: 'token',
        appKey: creds?.appKey ?? null,
        loginId: null,
        memberId: null,
        accessTokenExpiresAt: null,
        refreshTokenExpiresAt: null,
        hasRefreshToken: creds?.refreshToken ? true : false,
        needsReconnect: anyReconnect,
        needsReconnectAccounts: reconnectNames,
        demo: opts.demo ?? false,
      };
    }
    const first = accounts[0];
    const creds = first ? await registry.credentialSource(first.id).get() : null;
    return {
      connected: creds !== null,
      method: first?.method ?? null,
      appKey: first?.appKey ?? null,
      loginId: first?.loginId ?? null,
      memberId: first?.memberId ?? null,
      accessTokenExpiresAt: first?.accessTokenExpiresAt ?? null,
      refreshTokenExpiresAt: first?.refreshTokenExpiresAt ?? null,
      hasRefreshToken: creds?.refreshToken ? true : false,
      needsReconnect: anyReconnect,
      needsReconnectAccounts: reconnectNames,
      tokenExpiring,
      // The demo saves its sandbox members as accounts: still the demo (its banner, its folder).
      demo: opts.demo ?? false,
    };
  }

  return {
    registry,
    /** The primary account's credentials (checks and calls not tied to one order's account). */
    credentialSource: {
      get: () => primarySource().get(),
      saveTokens: (g: TokenGrant) => primarySource().saveTokens(g),
    } satisfies CredentialSource,
    status,
    hasCredentials: async () => (await registry.syncable()).length > 0 || needsReconnect(),
    isPreset: () => registry.isPreset(),
    needsReconnect,
    /**
     * The scheduler's and a refresh's report that the token was refused. The per-account engines
     * already marked the accounts concerned; the implicit account keeps its flag here.
     */
    setNeedsReconnect(v: boolean) {
      if (!registry.isPreset()) return;
      if (v) registry.markNeedsReconnect(IMPLICIT_ACCOUNT_ID);
      else registry.clearImplicitNeedsReconnect();
    },

    /** Saves checked credentials (the single-account connect and OAuth flows): adds or reconnects. */
    async save(c: Credentials, method: 'oauth' | 'token', who: AccountIdentity, name?: string) {
      return registry.save(c, method, who, { duplicate: 'reconnect', ...(name ? { name } : {}) });
    },

    /** Disconnects the primary account; its orders stay for review. */
    async disconnect() {
      const p = primary();
      if (p) await registry.remove(p.id, false);
      if (registry.isPreset()) registry.clearImplicitNeedsReconnect();
    },
  };
}

export type Account = ReturnType<typeof createAccount>;
