// A failed call, in the clerk's words (the ContractError message as-is) — never a stack.
import { Alert, Button } from '../lib/antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessage(error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
