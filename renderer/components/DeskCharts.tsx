// The purchasing desk's charts (recharts: SVG in the page, so its labels are text a clerk, a screen
// reader and a test can read). Only the desk's lazy pages import this file: recharts loads with
// them, never at start-up (test/e2e/desk.spec.ts checks the built app's requests).
// Readable without colour: every bar has its number written next to it and its name on the axis,
// and series that share a colour differ by pattern too. Colours are the statuses' (lib/statusStyle).
import { Bar, BarChart, LabelList, Legend, Line, LineChart, Rectangle, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { CarrierProblems, SupplierScore } from '../../shared/contract';
import { TONE_STYLES, type Tone } from '../lib/statusStyle';
import { formatDate } from '../lib/time';

/** Fill patterns over a tone: a solid bar, stripes, dots (so two bars of one colour still differ). */
type Pattern = 'solid' | 'stripes' | 'dots';

const patternId = (tone: Tone, pattern: Pattern) => `desk-${tone}-${pattern}`;
const fillOf = (tone: Tone, pattern: Pattern) => (pattern === 'solid' ? TONE_STYLES[tone].dot : `url(#${patternId(tone, pattern)})`);

/** The patterns a chart uses, as SVG definitions (one <defs> per chart: ids stay unique per page). */
function Patterns({ uses, idPrefix }: { uses: readonly [Tone, Pattern][]; idPrefix: string }) {
  return (
    <defs>
      {uses
        .filter(([, p]) => p !== 'solid')
        .map(([tone, p]) => (
          <pattern key={`${tone}-${p}`} id={`${idPrefix}${patternId(tone, p)}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform={p === 'stripes' ? 'rotate(45)' : undefined}>
            <rect width="6" height="6" fill={TONE_STYLES[tone].dot} fillOpacity={0.35} />
            {p === 'stripes' ? <rect width="3" height="6" fill={TONE_STYLES[tone].dot} /> : <circle cx="3" cy="3" r="1.6" fill={TONE_STYLES[tone].dot} />}
          </pattern>
        ))}
    </defs>
  );
}

const BAR_HEIGHT = 22;
const AXIS_TICK = { fontSize: 12, fill: 'rgba(0, 0, 0, 0.65)' };
const VALUE_LABEL = { fontSize: 12, fill: 'rgba(0, 0, 0, 0.88)' };

export interface ArrivalCounts {
  waiting: number;
  outForDelivery: number;
  today: number;
  tomorrow: number;
}

/**
 * What arrives, by day: waiting at a station now, out for delivery now, expected today, expected
 * tomorrow. Horizontal bars with their numbers; tomorrow is striped (the same blue as today).
 */
export function ArrivalsChart({ counts }: { counts: ArrivalCounts }) {
  const { t } = useTranslation();
  const data: { label: string; n: number; tone: Tone; pattern: Pattern }[] = [
    { label: t('charts.waitingNow'), n: counts.waiting, tone: 'gold', pattern: 'solid' },
    { label: t('charts.outNow'), n: counts.outForDelivery, tone: 'cyan', pattern: 'solid' },
    { label: t('arrivals.today'), n: counts.today, tone: 'blue', pattern: 'solid' },
    { label: t('arrivals.tomorrow'), n: counts.tomorrow, tone: 'blue', pattern: 'stripes' },
  ];
  const prefix = 'arrivals-';
  const summary = data.map((d) => `${d.label} ${d.n}`).join('，');
  return (
    <figure className="desk-chart no-print" data-testid="arrivals-chart">
      <figcaption className="muted small">{t('arrivals.chartTitle')}</figcaption>
      <BarChart
        layout="vertical"
        width={420}
        height={data.length * (BAR_HEIGHT + 8) + 8}
        data={data}
        margin={{ top: 4, right: 40, bottom: 4, left: 0 }}
        role="img"
        aria-label={`${t('arrivals.chartTitle')}: ${summary}`}
      >
        <Patterns uses={[['blue', 'stripes']]} idPrefix={prefix} />
        <XAxis type="number" hide allowDecimals={false} domain={[0, 'dataMax']} />
        <YAxis type="category" dataKey="label" width={84} tick={AXIS_TICK} tickLine={false} axisLine={false} />
        <Bar
          dataKey="n"
          barSize={BAR_HEIGHT}
          isAnimationActive={false}
          minPointSize={2}
          shape={(p: BarShapeProps) => {
            const d = data[p.index]!;
            return <Rectangle {...p} fill={d.pattern === 'solid' ? fillOf(d.tone, 'solid') : `url(#${prefix}${patternId(d.tone, d.pattern)})`} stroke={TONE_STYLES[d.tone].dot} />;
          }}
        >
          <LabelList dataKey="n" position="right" style={VALUE_LABEL} />
        </Bar>
      </BarChart>
    </figure>
  );
}

/** At most this many carriers are drawn (the most problem parcels first; the rest are summed up in words). */
export const CARRIERS_SHOWN = 8;

const CARRIER_SERIES = [
  { key: 'exceptions', tone: 'red', pattern: 'solid' },
  { key: 'failedAttempts', tone: 'red', pattern: 'stripes' },
  { key: 'returns', tone: 'magenta', pattern: 'dots' },
] as const satisfies readonly { key: keyof CarrierProblems; tone: Tone; pattern: Pattern }[];

/**
 * Problem parcels per carrier over the scorecard's period: exceptions, failed attempts and returns
 * side by side (a parcel may count in several), each bar with its number, each carrier with its
 * parcel count. Carriers without a problem are left out; none at all says so.
 */
export function CarrierProblemsChart({ carriers }: { carriers: readonly CarrierProblems[] }) {
  const { t } = useTranslation();
  const withProblems = carriers.filter((c) => c.exceptions + c.failedAttempts + c.returns > 0);
  const shown = withProblems.slice(0, CARRIERS_SHOWN);
  const prefix = 'carriers-';
  const names: Record<(typeof CARRIER_SERIES)[number]['key'], string> = {
    exceptions: t('suppliers.exceptions'),
    failedAttempts: t('suppliers.failed'),
    returns: t('suppliers.returns'),
  };
  const data = shown.map((c) => ({ ...c, label: t('charts.carrierLabel', { carrier: c.carrier, count: c.parcels }) }));
  const summary = shown
    .map((c) => `${c.carrier}: ${CARRIER_SERIES.map((s) => `${names[s.key]} ${c[s.key]}`).join('，')}`)
    .join('；');
  return (
    <figure className="desk-chart" data-testid="carrier-problems-chart">
      <figcaption className="muted small">{t('charts.carrierTitle')}</figcaption>
      {shown.length === 0 ? (
        <div className="muted small" data-testid="carrier-problems-empty">
          {t('charts.carrierNone')}
        </div>
      ) : (
        <>
          <BarChart
            layout="vertical"
            width={560}
            height={shown.length * (3 * 14 + 12) + 40}
            data={data}
            margin={{ top: 4, right: 40, bottom: 4, left: 0 }}
            barGap={1}
            role="img"
            aria-label={`${t('charts.carrierTitle')}: ${summary}`}
          >
            <Patterns uses={CARRIER_SERIES.map((s) => [s.tone, s.pattern] as [Tone, Pattern])} idPrefix={prefix} />
            <XAxis type="number" hide allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={150} tick={AXIS_TICK} tickLine={false} axisLine={false} interval={0} />
            <Legend verticalAlign="bottom" height={24} iconType="square" wrapperStyle={{ fontSize: 12 }} />
            {CARRIER_SERIES.map((s) => {
              const fill = s.pattern === 'solid' ? fillOf(s.tone, 'solid') : `url(#${prefix}${patternId(s.tone, s.pattern)})`;
              return (
                <Bar key={s.key} dataKey={s.key} name={names[s.key]} barSize={12} fill={fill} stroke={TONE_STYLES[s.tone].dot} isAnimationActive={false} minPointSize={1}>
                  <LabelList dataKey={s.key} position="right" style={VALUE_LABEL} />
                </Bar>
              );
            })}
          </BarChart>
          {withProblems.length > shown.length && (
            <div className="muted small">{t('charts.carrierMore', { count: withProblems.length - shown.length })}</div>
          )}
        </>
      )}
    </figure>
  );
}

/**
 * A seller's weekly transit P50 as a small line with a dot per week; weeks below the minimum are
 * gaps. The weeks and their figures are in its label and title (hover), so no colour carries it.
 */
export function SellerTrend({ trend }: { trend: SupplierScore['trend'] }) {
  const { t } = useTranslation();
  const known = trend.filter((w) => w.transitP50Hours !== null);
  if (known.length < 2) return <span className="muted small">{t('suppliers.noTrend')}</span>;
  const title = trend.map((wk) => `${formatDate(wk.weekStart)}: ${wk.transitP50Hours === null ? '—' : t('suppliers.hours', { n: wk.transitP50Hours })}`).join('\n');
  return (
    <span className="trend" role="img" aria-label={`${t('suppliers.trend')}: ${title}`} title={title} data-testid="supplier-trend">
      <LineChart width={96} height={24} data={trend} margin={{ top: 3, right: 3, bottom: 3, left: 3 }} accessibilityLayer={false}>
        <YAxis hide domain={['dataMin', 'dataMax']} />
        <Line
          dataKey="transitP50Hours"
          stroke="currentColor"
          strokeWidth={1.5}
          dot={{ r: 2, fill: 'currentColor', strokeWidth: 0 }}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </span>
  );
}
