// The frame's account banners: an account whose authorisation was revoked while the others keep
// syncing (when none can sync, the sync banner says so already), and an authorisation that ends
// within 14 days. Both lead to 设置 → 1688 账号.
import { useTranslation } from 'react-i18next';
import { useAccount, useSyncStatus } from '../api/hooks';
import { Alert, Button } from '../lib/antd';
import { navigate, paths } from '../lib/router';
import { safeText } from '../lib/safeText';

export function AccountBanners() {
  const { t } = useTranslation();
  const account = useAccount().data;
  const status = useSyncStatus().data;
  if (!account) return null;
  const manage = (
    <Button size="small" onClick={() => navigate(paths.settings)} data-testid="accounts-manage">
      {t('accounts.manage')}
    </Button>
  );
  const reconnect = account.needsReconnectAccounts ?? [];
  const expiring = account.tokenExpiring ?? [];
  return (
    <>
      {reconnect.length > 0 && status?.state !== 'needs_reconnect' && (
        <Alert
          type="error"
          banner
          data-testid="account-reconnect-banner"
          title={t('accounts.bannerReconnect', { names: reconnect.map(safeText).join('”“') })}
          action={manage}
        />
      )}
      {expiring.map((e) => (
        <Alert
          key={e.name}
          type={e.daysLeft <= 3 ? 'error' : 'warning'}
          banner
          data-testid="account-expiry-banner"
          title={t('accounts.bannerExpiring', { name: safeText(e.name), days: e.daysLeft })}
          action={manage}
        />
      ))}
    </>
  );
}
