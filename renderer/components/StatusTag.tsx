import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { statusStyle, type StatusKey } from '../lib/statusStyle';

export function StatusTag({ status }: { status: StatusKey }) {
  const { t } = useTranslation();
  const s = statusStyle(status);
  return (
    <Tag
      color={s.tag}
      data-status={status}
      data-tone={s.tone}
      className={s.struck ? 'status-tag status-struck' : 'status-tag'}
    >
      {t(`status.${status}`)}
    </Tag>
  );
}

/** A small coloured dot in a status's colour (tabs, legends). */
export function StatusDot({ status }: { status: StatusKey }) {
  const s = statusStyle(status);
  return <span className="status-dot" data-tone={s.tone} style={{ background: s.dot }} aria-hidden />;
}
