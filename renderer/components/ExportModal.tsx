// 导出: export.file, then save the base64 payload through a Blob + <a download>.
import { useState } from 'react';
import { App, DatePicker, Form, Modal, Radio, Select } from '../lib/antdPages';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OrderTab } from '../../shared/contract';
import { useCall } from '../api/hooks';
import { downloadBase64 } from '../lib/download';
import { ORDER_TABS } from '../lib/contractLists';

export function ExportModal({ open, onClose, tab }: { open: boolean; onClose: () => void; tab: OrderTab }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const exportFile = useCall('export.file');
  const [format, setFormat] = useState<'csv' | 'xlsx'>('xlsx');
  const [scope, setScope] = useState<OrderTab>(tab);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);

  const submit = () => {
    const from = range?.[0]?.startOf('day').toISOString();
    const to = range?.[1]?.endOf('day').toISOString();
    exportFile.mutate(
      { format, tab: scope, ...(from ? { from } : {}), ...(to ? { to } : {}) },
      {
        onSuccess: (r) => {
          downloadBase64(r.fileName, r.mimeType, r.contentBase64);
          void message.success(t('export.done', { count: r.rows, file: r.fileName }));
          onClose();
        },
        onError: (e) => void message.error(e.message),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('export.title')}
      okText={t('export.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={exportFile.isPending}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form layout="vertical" data-testid="export-form">
        <Form.Item label={t('export.format')}>
          <Radio.Group
            value={format}
            onChange={(e) => setFormat(e.target.value as 'csv' | 'xlsx')}
            options={[
              { value: 'xlsx', label: t('export.xlsx') },
              { value: 'csv', label: t('export.csv') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('export.tab')}>
          <Select
            value={scope}
            onChange={setScope}
            options={ORDER_TABS.map((k) => ({ value: k, label: t(`status.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('export.range')}>
          <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} allowEmpty={[true, true]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
