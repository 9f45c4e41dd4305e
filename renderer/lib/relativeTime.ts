// dayjs(a).from(dayjs(b)) — "2小时前", "3 个月前", "in 10 days" — without building dayjs objects.
//
// Every table row shows two relative times, and a fast scroll mounts ~25 rows a frame. dayjs's
// relativeTime plugin builds a dayjs clone for every threshold it tries and, past 45 days, two
// more for each month difference (its `add(n, 'month')`): it was the renderer's most expensive
// function while scrolling. This is the same algorithm on epoch milliseconds and the same Date
// operations (plugin/relativeTime's default thresholds and rounding, dayjs's diff and monthDiff),
// with the strings of dayjs's current locale, so the text is identical;
// test/component/relativeTime.test.tsx compares the two over many times, locales and time zones.
import dayjs from 'dayjs';

const MS_SECOND = 1_000;
const MS_MINUTE = 60_000;
const MS_HOUR = 3_600_000;
const MS_DAY = 86_400_000;

type Unit = 's' | 'min' | 'h' | 'd' | 'M' | 'y';
/** relativeTime's default thresholds: label, the largest rounded value it covers, the unit to diff in. */
const THRESHOLDS: readonly { l: string; r?: number; d?: Unit }[] = [
  { l: 's', r: 44, d: 's' },
  { l: 'm', r: 89 },
  { l: 'mm', r: 44, d: 'min' },
  { l: 'h', r: 89 },
  { l: 'hh', r: 21, d: 'h' },
  { l: 'd', r: 35 },
  { l: 'dd', r: 25, d: 'd' },
  { l: 'M', r: 45 },
  { l: 'MM', r: 10, d: 'M' },
  { l: 'y', r: 17 },
  { l: 'yy', d: 'y' },
];

/** dayjs's utcOffset(): minutes east of UTC, rounded to 15. */
const utcOffset = (t: number) => -Math.round(new Date(t).getTimezoneOffset() / 15) * 15;

/** dayjs(t).add(n, 'month'): same day of month, clamped to the target month's length. */
function addMonths(t: number, n: number): number {
  const day = new Date(t).getDate();
  const d = new Date(t);
  d.setDate(1);
  d.setMonth(new Date(t).getMonth() + n);
  const daysInMonth = new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate();
  d.setDate(Math.min(day, daysInMonth));
  return d.getTime();
}

/** dayjs's monthDiff(a, b) (moment.js's): months from a to b, fractional. */
function monthDiff(a: number, b: number): number {
  const da = new Date(a);
  const db = new Date(b);
  if (da.getDate() < db.getDate()) return -monthDiff(b, a);
  const whole = (db.getFullYear() - da.getFullYear()) * 12 + (db.getMonth() - da.getMonth());
  const anchor = addMonths(a, whole);
  const c = b - anchor < 0;
  const anchor2 = addMonths(a, whole + (c ? -1 : 1));
  return +(-(whole + (b - anchor) / (c ? anchor - anchor2 : anchor2 - anchor)) || 0);
}

/** dayjs(a).diff(b, unit, true). */
function diff(a: number, b: number, unit: Unit): number {
  switch (unit) {
    case 's':
      return (a - b) / MS_SECOND;
    case 'min':
      return (a - b) / MS_MINUTE;
    case 'h':
      return (a - b) / MS_HOUR;
    case 'd':
      return (a - b - (utcOffset(b) - utcOffset(a)) * MS_MINUTE) / MS_DAY;
    case 'M':
      return monthDiff(a, b);
    case 'y':
      return monthDiff(a, b) / 12;
  }
}

type RelativeStrings = Record<string, string>;

let checked: unknown = undefined;
let checkedStrings: RelativeStrings | null = null;

/** The current dayjs locale's relativeTime strings, or null when any is a function (not handled here). */
function currentStrings(): RelativeStrings | null {
  const loc = (dayjs.Ls[dayjs.locale()] as { relativeTime?: Record<string, unknown> } | undefined)?.relativeTime;
  if (loc !== checked) {
    checked = loc;
    checkedStrings = loc && Object.values(loc).every((v) => typeof v === 'string') ? (loc as RelativeStrings) : null;
  }
  return checkedStrings;
}

/**
 * dayjs(a).from(dayjs(b)) for two epoch-millisecond times, in dayjs's current locale; null when
 * that locale formats with functions (then use dayjs itself).
 */
export function relativeFrom(a: number, b: number): string | null {
  const loc = currentStrings();
  if (!loc) return null;
  let result = 0;
  let out = '';
  let isFuture = false;
  for (let i = 0; i < THRESHOLDS.length; i++) {
    let t = THRESHOLDS[i]!;
    if (t.d) result = diff(a, b, t.d);
    const abs = Math.round(Math.abs(result));
    isFuture = result > 0;
    if (t.r === undefined || abs <= t.r) {
      if (abs <= 1 && i > 0) t = THRESHOLDS[i - 1]!;
      const format = loc[t.l];
      if (format === undefined) return null;
      out = format.replace('%d', String(abs));
      break;
    }
  }
  const pastOrFuture = isFuture ? loc.future : loc.past;
  if (pastOrFuture === undefined) return null;
  return pastOrFuture.replace('%s', out);
}
