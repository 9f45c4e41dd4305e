// Export buttons of the desk's pages: the core builds the file (formula-safe, as every export),
// the page saves it.
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Space } from '../lib/antd';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/hooks';
import { downloadBase64 } from '../lib/download';

export function DeskExportButtons({ method, testId }: { method: 'arrivals.export' | 'inTransit.export'; testId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const exportFile = useCall(method);
  const run = (format: 'csv' | 'xlsx') =>
    exportFile.mutate(
      { format },
      {
        onSuccess: (r) => {
          downloadBase64(r.fileName, r.mimeType, r.contentBase64);
          void message.success(t('desk.exported', { rows: r.rows }));
        },
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <Space className="no-print">
      <Button icon={<DownloadOutlined />} data-testid={`${testId}-csv`} loading={exportFile.isPending} onClick={() => run('csv')}>
        {t('desk.exportCsv')}
      </Button>
      <Button icon={<DownloadOutlined />} data-testid={`${testId}-xlsx`} loading={exportFile.isPending} onClick={() => run('xlsx')}>
        {t('desk.exportXlsx')}
      </Button>
    </Space>
  );
}
