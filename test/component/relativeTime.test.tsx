// lib/relativeTime.ts re-implements dayjs's relativeTime (from) on epoch milliseconds for the
// tables. The text must stay exactly dayjs's: compare the two over many pairs of times — seconds
// to years apart, past and future, month ends, leap days, DST changes — in both UI languages and
// in several time zones (dayjs's day and month arithmetic is local time).
import { afterEach, describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { relativeFrom } from '../../renderer/lib/relativeTime';
import { formatAbsolute, formatDate, formatRelative, formatUntil, setTimeLocale } from '../../renderer/lib/time';
import { i18n } from '../../renderer/i18n';

/** Each zone with its UTC offset in mid-January 2026 (Date's sign: minutes west), to prove it took effect. */
const ZONES: Record<string, number> = {
  'Asia/Shanghai': -480,
  'America/New_York': 300,
  'Europe/London': 0,
  'Australia/Lord_Howe': -660,
  'America/Sao_Paulo': 180,
  'Pacific/Chatham': -825,
  UTC: 0,
};
const DAY = 86_400_000;

/** A small seeded generator, so a failure reproduces. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pairs(seed: number): [number, number][] {
  const r = rng(seed);
  const base = Date.UTC(2026, 0, 1);
  const out: [number, number][] = [];
  const spans = [60_000, 3_600_000, DAY, 40 * DAY, 400 * DAY, 4 * 365 * DAY];
  for (let i = 0; i < 3000; i++) {
    const b = base + Math.floor((r() - 0.5) * 3 * 365 * DAY);
    const span = spans[i % spans.length]!;
    const a = b + Math.floor((r() - 0.85) * span); // mostly past, some future
    out.push([a, b]);
  }
  // Month ends, leap days, the hours around DST changes, exact threshold edges.
  for (const [y, m, d] of [[2024, 0, 31], [2024, 1, 29], [2025, 2, 31], [2026, 2, 8], [2026, 2, 29], [2026, 9, 4], [2026, 10, 1], [2025, 11, 31]] as const) {
    for (let h = 0; h < 24; h += 3) {
      const b = new Date(y, m, d, h, 30).getTime();
      for (const back of [44_500, 45_000, 89_500, 90_000, 44.5 * 60_000, 21.5 * 3_600_000, 25.5 * DAY, 45.5 * DAY, 31 * DAY, 59 * DAY, 365 * DAY, 10.5 * 30 * DAY, 17.5 * 30 * DAY, 2 * 365 * DAY]) {
        out.push([b - back, b], [b + back, b]);
      }
    }
  }
  return out;
}

const savedTz = process.env.TZ;
afterEach(async () => {
  process.env.TZ = savedTz;
  await i18n.changeLanguage('zh-CN');
  setTimeLocale('zh-CN');
});

describe('relative times: the same text as dayjs', () => {
  for (const [zone, january] of Object.entries(ZONES)) {
    it(`in ${zone}, zh-CN and en`, () => {
      process.env.TZ = zone;
      expect(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()).toBe(january);
      for (const lang of ['zh-CN', 'en']) {
        setTimeLocale(lang);
        let checked = 0;
        for (const [a, b] of pairs(zone.length * 7919 + lang.length)) {
          const expected = dayjs(new Date(a).toISOString()).from(dayjs(b));
          expect([zone, lang, new Date(a).toISOString(), new Date(b).toISOString(), relativeFrom(a, b)]).toEqual([
            zone,
            lang,
            new Date(a).toISOString(),
            new Date(b).toISOString(),
            expected,
          ]);
          checked++;
        }
        expect(checked).toBeGreaterThan(3000);
      }
    });
  }

  it('absolute times and dates read from the Date directly: the same text as dayjs.format', () => {
    for (const zone of Object.keys(ZONES)) {
      process.env.TZ = zone;
      for (const [a, b] of pairs(zone.length * 31).slice(0, 1500)) {
        const iso = new Date(a).toISOString();
        const d = dayjs(iso);
        expect([zone, iso, formatAbsolute(iso)]).toEqual([zone, iso, d.format('YYYY-MM-DD HH:mm:ss')]);
        const date = d.year() === dayjs(b).year() ? d.format('MM-DD') : d.format('YYYY-MM-DD');
        expect([zone, iso, formatDate(iso, b)]).toEqual([zone, iso, date]);
      }
    }
    expect(formatAbsolute('not a timeZ')).toBe('');
    expect(formatDate('not a timeZ')).toBe('—');
    expect(formatAbsolute('2026-06-01T08:00:00')).toBe(dayjs('2026-06-01T08:00:00').format('YYYY-MM-DD HH:mm:ss')); // no "Z": dayjs path
  });

  it('formatRelative and formatUntil keep their rules around it', async () => {
    await i18n.changeLanguage('zh-CN');
    const now = Date.UTC(2026, 5, 1, 12);
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(formatRelative(iso(now - 30_000), now)).toBe('刚刚');
    expect(formatRelative(iso(now + 3_600_000), now)).toBe('刚刚'); // never "in the future"
    expect(formatRelative(iso(now - 2 * 3_600_000), now)).toBe('2 小时前');
    expect(formatRelative(iso(now - 100 * DAY), now)).toBe('3 个月前');
    expect(formatRelative('not a time', now)).toBe('—');
    expect(formatRelative(null, now)).toBe('—');
    expect(formatUntil(iso(now + 10 * DAY), now)).toBe('10 天内');
    expect(formatUntil('not a time', now)).toBe('—');
    await i18n.changeLanguage('en');
    expect(formatRelative(iso(now - 2 * 3_600_000), now)).toBe('2 hours ago');
    expect(formatUntil(iso(now + 10 * DAY), now)).toBe('in 10 days');
  });
});
