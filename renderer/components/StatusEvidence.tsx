// 判定依据: why a parcel has its status — the rule and the step that decided it, and whether 1688's
// own parcel status agrees. A contradiction, or a doubtful signing waiting for 1688, is a warning.
// The node 1688 last pushed for the parcel is shown as a hint beside them (it never decides).
import { Alert, Typography } from '../lib/antd';
import { useTranslation } from 'react-i18next';
import type { StatusEvidenceView } from '../../shared/contract';
import { safeText } from '../lib/safeText';
import { formatAbsolute, formatDateTime } from '../lib/time';
import { useNow } from '../lib/useNow';

export function StatusEvidence({ evidence }: { evidence: StatusEvidenceView }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const rule = i18n.language === 'en' ? evidence.ruleText.en : evidence.ruleText.zh;
  const status = evidence.status1688 ?? '';
  return (
    <div className="status-evidence" data-testid="status-evidence" data-rule={evidence.rule} data-witness={evidence.witness}>
      <div>
        <Typography.Text strong>{t('evidence.title')}</Typography.Text>：{t(`evidence.decidedBy.${evidence.decidedBy}`)} ·{' '}
        <span data-testid="evidence-rule" title={evidence.rule}>
          {safeText(rule)}
        </span>
        {evidence.doubtful && <Typography.Text type="warning"> · {t('evidence.doubtful')}</Typography.Text>}
      </div>
      {evidence.stepAt && (
        <div className="muted" data-testid="evidence-step">
          <time dateTime={evidence.stepAt} title={formatAbsolute(evidence.stepAt)}>
            {t('evidence.step', { time: formatDateTime(evidence.stepAt, now) })}
          </time>
          {safeText(evidence.stepRemark ?? '')}
        </div>
      )}
      <div className="muted" data-testid="evidence-witness">
        {t(`evidence.witness.${evidence.witness}`, { status })}
        {evidence.status1688ReadAt && evidence.witness !== 'unknown' ? t('evidence.readAt', { time: formatDateTime(evidence.status1688ReadAt, now) }) : ''}
      </div>
      {evidence.pushStatus && (
        <div className="muted" data-testid="evidence-push" data-push-witness={evidence.pushWitness ?? 'unknown'}>
          {t(`evidence.push.${evidence.pushWitness ?? 'unknown'}`, { status: t(`evidence.pushNode.${evidence.pushStatus}`, { defaultValue: evidence.pushStatus }) })}
          {evidence.pushAt ? t('evidence.pushedAt', { time: formatDateTime(evidence.pushAt, now) }) : ''}
        </div>
      )}
      {evidence.witness === 'contradicts' && (
        <Alert data-testid="evidence-contradiction" type="warning" showIcon title={t('evidence.contradiction', { status })} />
      )}
      {evidence.held && evidence.witness !== 'contradicts' && <Alert data-testid="evidence-held" type="info" showIcon title={t('evidence.held')} />}
    </div>
  );
}
