// A parcel's trace, newest first. Remarks are carrier text: plain React text, bidi controls removed.
import { Timeline, Typography } from '../lib/antd';
import { useTranslation } from 'react-i18next';
import type { TraceEventView } from '../../shared/contract';
import { statusStyle } from '../lib/statusStyle';
import { safeText } from '../lib/safeText';
import { formatAbsolute, formatStepTime } from '../lib/time';
import { useNow } from '../lib/useNow';

export function sortNewestFirst(events: readonly TraceEventView[]): TraceEventView[] {
  return events
    .map((e, i) => ({ e, i, ms: Date.parse(e.at) }))
    .sort((a, b) => (b.ms || 0) - (a.ms || 0) || a.i - b.i)
    .map((x) => x.e);
}

export function ParcelTimeline({ events }: { events: readonly TraceEventView[] }) {
  const { t } = useTranslation();
  const now = useNow();
  if (events.length === 0) return <Typography.Text type="secondary">{t('detail.noEvents')}</Typography.Text>;
  const sorted = sortNewestFirst(events);
  return (
    <Timeline
      className="parcel-timeline"
      items={sorted.map((ev, i) => {
        const style = statusStyle(ev.stage);
        return {
          key: `${ev.at}-${i}`,
          color: style.dot,
          content: (
            <div
              data-testid="timeline-item"
              data-stage={ev.stage}
              className={i === 0 ? 'step step-newest' : 'step'}
            >
              <div className="step-head">
                <time className="step-time" dateTime={ev.at} title={formatAbsolute(ev.at)}>
                  {formatStepTime(ev.at, now)}
                </time>
                <span className="step-stage" style={{ color: style.dot }}>
                  {t(`status.${ev.stage}`)}
                </span>
              </div>
              <div className="step-remark">{safeText(ev.remark)}</div>
            </div>
          ),
        };
      })}
    />
  );
}
