// Every time the clerk sees is in the local time zone. Tables show relative times with the
// absolute time on hover; the timeline shows "今天 14:02", "11-28 18:40" or "2025-11-28 18:40".
// "Now" is the app's clock (useNow.ts), passed in by components that re-render with it.
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import 'dayjs/locale/zh-cn';
import { i18n } from '../i18n';
import { appNow } from './useNow';
import { relativeFrom } from './relativeTime';

dayjs.extend(relativeTime);

type Time = string | null | undefined;

function parse(iso: Time): dayjs.Dayjs | null {
  if (!iso) return null;
  const d = dayjs(iso);
  return d.isValid() ? d : null;
}

// Tables format several times per row while the clerk scrolls. The contract's times are UTC ISO
// strings ("…Z"), which dayjs itself reads with `new Date(iso)`: for those, read the same Date's
// local fields directly instead of building a dayjs object (same result, a fraction of the work).
// Anything else (or a year outside 0–9999) takes the dayjs path as before.
function localDate(iso: string): Date | null | undefined {
  const last = iso.charCodeAt(iso.length - 1);
  if (last !== 90 && last !== 122) return undefined; // not "…Z": not the fast path
  const d = new Date(iso);
  const y = d.getFullYear();
  if (Number.isNaN(y)) return null;
  return y >= 0 && y <= 9999 ? d : undefined;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number) => String(n).padStart(4, '0');

/** 2026-11-28 18:40:12 — for hover titles. */
export function formatAbsolute(iso: Time): string {
  if (!iso) return '';
  const fast = localDate(iso);
  if (fast === null) return '';
  if (fast) {
    return `${pad4(fast.getFullYear())}-${pad2(fast.getMonth() + 1)}-${pad2(fast.getDate())} ${pad2(fast.getHours())}:${pad2(fast.getMinutes())}:${pad2(fast.getSeconds())}`;
  }
  const d = parse(iso);
  return d ? d.format('YYYY-MM-DD HH:mm:ss') : '';
}

// `now` changes every 30 s; a table formats many times against the same one.
let lastNow = NaN;
let lastNowDay: dayjs.Dayjs = dayjs();
function nowDay(now: number): dayjs.Dayjs {
  if (now !== lastNow) {
    lastNow = now;
    lastNowDay = dayjs(now);
  }
  return lastNowDay;
}

/** Within this much of now (or after it), a past event reads "刚刚" / "just now". */
const JUST_NOW_MS = 60_000;

/**
 * When something happened: "2小时前" / "2 hours ago". Never "in the future": anything less than a
 * minute old, or stamped after now (carrier clocks drift, the demo's clock runs fast), reads
 * "刚刚" / "just now".
 */
export function formatRelative(iso: Time, now: number = appNow()): string {
  const fast = iso ? localDate(iso) : undefined;
  if (fast === null) return '—';
  if (fast) {
    if (fast.getTime() > now - JUST_NOW_MS) return i18n.t('time.justNow');
    const text = relativeFrom(fast.getTime(), now);
    if (text !== null) return text;
  }
  const d = parse(iso);
  if (!d) return '—';
  if (d.valueOf() > now - JUST_NOW_MS) return i18n.t('time.justNow');
  return d.from(nowDay(now));
}

/** A time that is meant to lie ahead (token expiry, next attempt): "10 天内" / "in 10 days". */
export function formatUntil(iso: Time, now: number = appNow()): string {
  const fast = iso ? localDate(iso) : undefined;
  if (fast === null) return '—';
  if (fast) {
    const text = relativeFrom(fast.getTime(), now);
    if (text !== null) return text;
  }
  const d = parse(iso);
  if (!d) return '—';
  return d.from(nowDay(now));
}

/** "11-28 18:40", with the year when it is not this year. */
export function formatDateTime(iso: Time, now: number = appNow()): string {
  const d = parse(iso);
  if (!d) return '—';
  return d.year() === dayjs(now).year() ? d.format('MM-DD HH:mm') : d.format('YYYY-MM-DD HH:mm');
}

/** "今天 14:02" for today, else formatDateTime. */
export function formatStepTime(iso: Time, now: number = appNow()): string {
  const d = parse(iso);
  if (!d) return '—';
  if (d.isSame(dayjs(now), 'day')) return i18n.t('time.today', { time: d.format('HH:mm') });
  return formatDateTime(iso, now);
}

/** "06-12", with the year when it is not this year. */
export function formatDate(iso: Time, now: number = appNow()): string {
  const fast = iso ? localDate(iso) : null;
  if (fast) {
    const y = fast.getFullYear();
    const md = `${pad2(fast.getMonth() + 1)}-${pad2(fast.getDate())}`;
    return y === nowDay(now).year() ? md : `${pad4(y)}-${md}`;
  }
  if (fast === null && iso) return '—';
  const d = parse(iso);
  if (!d) return '—';
  return d.year() === dayjs(now).year() ? d.format('MM-DD') : d.format('YYYY-MM-DD');
}

/** "14:02" today, else formatDateTime — for "last sync"/"next sync". */
export function formatClock(iso: Time, now: number = appNow()): string {
  const d = parse(iso);
  if (!d) return '—';
  return d.isSame(dayjs(now), 'day') ? d.format('HH:mm') : formatDateTime(iso, now);
}

export function setTimeLocale(language: string): void {
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
}

setTimeLocale(i18n.language);
i18n.on('languageChanged', setTimeLocale);
