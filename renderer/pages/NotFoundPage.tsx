// An unknown "#/…" address. Loaded only when shown: antd's Result (with its illustrations) is not
// part of the first screen's bundle.
import { useTranslation } from 'react-i18next';
import { Button, Result } from '../lib/antdPages';
import { navigate, paths } from '../lib/router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('common.notFoundRoute')}
      extra={<Button onClick={() => navigate(paths.orders)}>{t('common.backToOrders')}</Button>}
    />
  );
}
