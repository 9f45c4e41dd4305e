// The Orders page's account and purchaser filters (shown once an account is saved): native
// controls, so the start-up bundle gains no antd Select.
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../shared/contract';
import { useAccounts } from '../api/accountHooks';
import { safeText } from '../lib/safeText';

export interface OwnerFilter {
  accountId?: number;
  purchaser?: string;
}

export function OrdersOwnerFilter({ value, onChange, rows }: { value: OwnerFilter; onChange: (v: OwnerFilter) => void; rows: OrderSummary[] }) {
  const { t } = useTranslation();
  const accounts = (useAccounts().data ?? []).filter((a) => !a.implicit);
  if (accounts.length === 0 && !value.accountId && !value.purchaser) return null;
  const purchasers = [...new Set(rows.map((r) => r.purchaser).filter((p): p is string => !!p))].sort();
  return (
    <div className="orders-owner-filter">
      <label>
        {t('accounts.filterAccount')}{' '}
        <select
          data-testid="filter-account"
          value={value.accountId ?? ''}
          onChange={(e) => onChange({ ...value, accountId: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">{t('accounts.allAccounts')}</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {safeText(a.name)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('accounts.filterPurchaser')}{' '}
        <input
          data-testid="filter-purchaser"
          list="orders-purchasers"
          placeholder={t('accounts.allPurchasers')}
          value={value.purchaser ?? ''}
          onChange={(e) => onChange({ ...value, purchaser: e.target.value.trim() || undefined })}
        />
        <datalist id="orders-purchasers">
          {purchasers.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </label>
    </div>
  );
}
