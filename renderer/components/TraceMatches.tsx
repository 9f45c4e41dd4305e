// The header search also looks inside every trace step (traces.search: FTS5 trigram over the
// steps): "破损", "驿站 8-2", a station, a courier's phone fragment. The matching steps are listed
// above the orders with the match marked — as text, never HTML — and open their order.
import { useState } from 'react';
import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Typography } from '../lib/antd';
import { useTranslation } from 'react-i18next';
import { useTraceSearch } from '../api/hooks';
import { formatDateTime } from '../lib/time';
import { safeTextOrDash } from '../lib/safeText';
import { HighlightedText } from './HighlightedText';
import { ReceivedTag } from './ReceivedButton';
import { StatusTag } from './StatusTag';

const SHOWN_COLLAPSED = 3;

export function TraceMatches({ search, onOpen }: { search: string; onOpen: (orderId: string) => void }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const query = useTraceSearch(search);
  if ([...search.trim()].length < 2 || !query.data) return null;
  const { rows, more } = query.data;
  if (rows.length === 0) return null;
  const shown = expanded ? rows : rows.slice(0, SHOWN_COLLAPSED);
  return (
    <section className="trace-matches page-pad-x" data-testid="trace-matches" aria-label={t('traceSearch.hint')}>
      <Typography.Text strong>
        <Button
          type="text"
          size="small"
          icon={expanded ? <DownOutlined /> : <RightOutlined />}
          onClick={() => setExpanded((e) => !e)}
          data-testid="trace-matches-toggle"
          aria-expanded={expanded}
        />
        {t('traceSearch.title', { count: rows.length, more: more ? t('traceSearch.more') : '' })}
      </Typography.Text>
      <ul className="trace-match-list">
        {shown.map((h) => (
          <li key={`${h.logisticsId}/${h.at}/${h.remark}`} data-testid="trace-match">
            <a onClick={() => onOpen(h.orderId)} className="trace-match-row">
              <span className="muted small">{formatDateTime(h.at)}</span>
              <span className="small">
                {safeTextOrDash(h.carrierName)} <span className="mono">{h.billNo ?? ''}</span>
              </span>
              <StatusTag status={h.status} />
              {h.receivedAt && <ReceivedTag at={h.receivedAt} />}
              <span className="trace-match-text">
                <HighlightedText text={h.remark} ranges={h.highlights} />
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
