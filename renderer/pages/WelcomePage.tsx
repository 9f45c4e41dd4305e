// First run: connect a 1688 account, or try the demo data.
import { Button, Card, Typography } from '../lib/antdPages';
import { ApiOutlined, ExperimentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSyncStatus } from '../api/hooks';
import { navigate, paths } from '../lib/router';
import { LanguageSwitch } from '../components/Frame';

export const DEMO_COMMAND = 'npx tracker serve --demo';

export function WelcomePage() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const demo = status.data?.demo === true;
  return (
    <div className="welcome" data-testid="welcome">
      <div className="welcome-lang">
        <LanguageSwitch />
      </div>
      <Typography.Title level={3}>{t('welcome.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('welcome.subtitle')}</Typography.Paragraph>
      <div className="welcome-choices">
        <Card className="welcome-choice" hoverable onClick={() => navigate(paths.settings)} data-testid="welcome-connect">
          <ApiOutlined className="welcome-icon" />
          <Typography.Title level={4}>{t('welcome.connectTitle')}</Typography.Title>
          <Typography.Paragraph>{t('welcome.connectBody')}</Typography.Paragraph>
          <Button type="primary">{t('welcome.connectButton')}</Button>
        </Card>
        <Card className="welcome-choice" data-testid="welcome-demo">
          <ExperimentOutlined className="welcome-icon" />
          <Typography.Title level={4}>{t('welcome.demoTitle')}</Typography.Title>
          <Typography.Paragraph>{t('welcome.demoBody')}</Typography.Paragraph>
          {demo ? (
            <Button type="primary" onClick={() => navigate(paths.orders)}>
              {t('welcome.demoButton')}
            </Button>
          ) : (
            <>
              <Typography.Paragraph>{t('welcome.demoHowTo')}</Typography.Paragraph>
              <Typography.Paragraph>
                <Typography.Text code copyable>
                  {DEMO_COMMAND}
                </Typography.Text>
              </Typography.Paragraph>
            </>
          )}
        </Card>
      </div>
      <Button type="link" onClick={() => navigate(paths.orders)}>
        {t('welcome.skip')}
      </Button>
    </div>
  );
}
