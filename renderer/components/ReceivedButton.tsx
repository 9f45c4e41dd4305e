// 已收货: the button that marks a parcel received (stored, its alerts closed, the ERP told once),
// or the tag that says it is.
import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Tag, Tooltip } from '../lib/antd';
import { useTranslation } from 'react-i18next';
import { useMarkReceived } from '../api/hooks';
import { formatAbsolute } from '../lib/time';

export function ReceivedTag({ at }: { at: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={formatAbsolute(at)}>
      <Tag color="green" icon={<CheckOutlined />} data-testid="received-tag" className="received-tag">
        {t('desk.received')}
      </Tag>
    </Tooltip>
  );
}

export function ReceivedButton({ orderId, logisticsId, receivedAt }: { orderId: string; logisticsId: string; receivedAt?: string | null | undefined }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const mark = useMarkReceived();
  if (receivedAt) return <ReceivedTag at={receivedAt} />;
  return (
    <Button
      size="small"
      className="no-print"
      data-testid="mark-received"
      loading={mark.isPending}
      onClick={(e) => {
        e.stopPropagation();
        void modal.confirm({
          title: t('desk.markReceived'),
          content: t('desk.markReceivedConfirm'),
          okText: t('desk.markReceived'),
          onOk: () =>
            mark.mutateAsync({ orderId, logisticsId }).then(
              (r) => void message.success(r.erpEvent === 'recorded' ? t('desk.receivedToastErp') : t('desk.receivedToast')),
              (err: { message: string }) => void message.error(err.message),
            ),
        });
      }}
    >
      {t('desk.markReceived')}
    </Button>
  );
}
