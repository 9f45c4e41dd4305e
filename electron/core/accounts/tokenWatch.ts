// Runs in: main process / headless Node.
// The refresh token's own expiry (refresh_token_timeout, 1688-open-api.md §5) watched per account:
// 14 days before it the account is flagged and a notification is recorded once, and again at
// 3 days. Renewing means authorising again (OAuth, or new tokens): postponeToken's rules are
// unknown ([U] in the reference), so the app does not rely on it.
import type { NotificationLedger } from '../store/alerts';
import type { AccountRow } from './accountRepo';

const DAY = 86_400_000;
/** The notices, earliest first: days before expiry, and how loud. */
export const TOKEN_NOTICES = [
  { days: 14, level: 'soon' },
  { days: 3, level: 'urgent' },
] as const;

export type TokenWarning = 'soon' | 'urgent' | 'expired' | null;

/** How close an account's authorisation is to its end. */
export function tokenWarning(refreshTokenExpiresAt: number | null, now: number): TokenWarning {
  if (refreshTokenExpiresAt === null) return null;
  const left = refreshTokenExpiresAt - now;
  if (left <= 0) return 'expired';
  for (const n of [...TOKEN_NOTICES].reverse()) if (left <= n.days * DAY) return n.level;
  return null;
}

export const daysLeft = (expiresAt: number, now: number) => Math.max(0, Math.ceil((expiresAt - now) / DAY));

/**
 * Records the due notices in the notification ledger (shown by the alert service's flush, once:
 * the subject names the account, the expiry and the notice, so a renewed token starts afresh).
 */
export function recordTokenNotices(accounts: readonly AccountRow[], ledger: NotificationLedger, now: number): number {
  let recorded = 0;
  for (const a of accounts) {
    if (a.state === 'removed' || a.refresh_token_expires_at === null) continue;
    const expires = a.refresh_token_expires_at;
    if (expires <= now) continue; // a lapsed authorisation shows as needs-reconnect when it is refused
    const due = TOKEN_NOTICES.filter((n) => expires - now <= n.days * DAY);
    const notice = due[due.length - 1];
    if (!notice) continue;
    const left = daysLeft(expires, now);
    const date = new Date(expires).toISOString().slice(0, 10);
    const title = `1688 账号“${a.name}”的授权 ${left} 天后到期`;
    const body = `授权将于 ${date} 到期，到期后无法同步。请在“设置 → 1688 账号”中重新授权。(The 1688 authorisation of "${a.name}" ends in ${left} days: re-authorise in Settings → 1688 accounts.)`;
    if (ledger.record('token_expiry', `account:${a.id}:${expires}:${notice.days}d`, null, title, body, now)) recorded++;
  }
  return recorded;
}
