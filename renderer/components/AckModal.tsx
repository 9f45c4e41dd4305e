// Acknowledge an alert, with an optional note.
import { useState } from 'react';
import { App, Input, Modal, Typography } from '../lib/antd';
import { useTranslation } from 'react-i18next';
import type { AlertView } from '../../shared/contract';
import { useAckAlert } from '../api/hooks';
import { useAlertText } from './alertText';

export function AckModal({ alert, onClose }: { alert: AlertView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const ack = useAckAlert();
  const alertText = useAlertText();

  const close = () => {
    setNote('');
    ack.reset();
    onClose();
  };

  return (
    <Modal
      open={alert !== null}
      title={t('alerts.ackTitle')}
      okText={t('alerts.ack')}
      cancelText={t('common.cancel')}
      confirmLoading={ack.isPending}
      destroyOnHidden
      onCancel={close}
      onOk={() => {
        if (!alert) return;
        ack.mutate(
          { alertId: alert.id, note: note.trim() },
          {
            onSuccess: () => {
              void message.success(t('alerts.ackDone'));
              close();
            },
          },
        );
      }}
    >
      {alert && <Typography.Paragraph>{alertText(alert)}</Typography.Paragraph>}
      <label className="field-label" htmlFor="ack-note">
        {t('alerts.ackNote')}
      </label>
      <Input.TextArea
        id="ack-note"
        data-testid="ack-note"
        value={note}
        maxLength={500}
        autoSize={{ minRows: 2, maxRows: 5 }}
        placeholder={t('alerts.ackNotePlaceholder')}
        onChange={(e) => setNote(e.target.value)}
      />
      {ack.error && <Typography.Text type="danger">{ack.error.message}</Typography.Text>}
    </Modal>
  );
}
