// Every time the clerk sees is in the local time zone. Tables show relative times with the
// absolute time on hover; the timeline shows "今天 14:02", "11-28 18:40" or "2025-11-28 18:40".
// "Now" is the app's clock (useNow.ts), passed in by components that re-render with it.
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import 'dayjs/locale/zh-cn';
import { i18n } from '../i18n';
import { appNow } from './useNow';

dayjs.extend(relativeTime);

type Time = string | null | undefined;

function parse(iso: Time): dayjs.Dayjs | null {
  if (!iso) return null;
  const d = dayjs(iso);
  return d.isValid() ? d : null;
}

/** 2026-11-28 18:40:12 — for hover titles. */
export function formatAbsolute(iso: Time): string {
  const d = parse(iso);
  return d ? d.format('YYYY-MM-DD HH:mm:ss') : '';
}

/** Within this much of now (or after it), a past event reads "刚刚" / "just now". */
const JUST_NOW_MS = 60_000;

/**
 * When something happened: "2小时前" / "2 hours ago". Never "in the future": anything less than a
 * minute old, or stamped after now (carrier clocks drift, the demo's clock runs fast), reads
 * "刚刚" / "just now".
 */
export function formatRelative(iso: Time, now: number = appNow()): string {
  const d = parse(iso);
  if (!d) return '—';
  if (d.valueOf() > now - JUST_NOW_MS) return i18n.t('time.justNow');
  return d.from(dayjs(now));
}

/** A time that is meant to lie ahead (token expiry, next attempt): "10 天内" / "in 10 days". */
export function formatUntil(iso: Time, now: number = appNow()): string {
  const d = parse(iso);
  if (!d) return '—';
  return d.from(dayjs(now));
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
