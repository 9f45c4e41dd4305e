import { describe, expect, it } from 'vitest';
import { formatCompactTime, parseBeijingTime, parseCompactTime, yuanToFen } from '../../../electron/core/ali1688/time1688';

const utc = (iso: string) => Date.parse(iso);

describe('parseCompactTime', () => {
  it('reads yyyyMMddHHmmssSSS+0800', () => {
    expect(parseCompactTime('20240612093011000+0800')).toBe(utc('2024-06-12T01:30:11.000Z'));
    expect(parseCompactTime('20240612093011123+0800')).toBe(utc('2024-06-12T01:30:11.123Z'));
  });
  it('reads the 14-digit token form and other offsets', () => {
    expect(parseCompactTime('20250612093011+0800')).toBe(utc('2025-06-12T01:30:11Z'));
    expect(parseCompactTime('20240612093011000+0000')).toBe(utc('2024-06-12T09:30:11Z'));
    expect(parseCompactTime('20240612093011000-0130')).toBe(utc('2024-06-12T11:00:11Z'));
  });
  it('treats a missing offset as Beijing time', () => {
    expect(parseCompactTime('20240612093011000')).toBe(utc('2024-06-12T01:30:11Z'));
    expect(parseCompactTime('20240612093011')).toBe(utc('2024-06-12T01:30:11Z'));
  });
  it('crosses the date line correctly', () => {
    expect(parseCompactTime('20240101050000000+0800')).toBe(utc('2023-12-31T21:00:00Z'));
  });
  it.each([
    [''],
    ['   '],
    ['garbage'],
    ['2024-06-12 09:30:11'],
    ['20241312093011000+0800'], // month 13
    ['20240230093011000+0800'], // Feb 30
    ['20240612253011000+0800'], // hour 25
    ['20240612093011000+08'],
    ['2024061209301'],
  ])('returns null for %j', (s) => {
    expect(parseCompactTime(s)).toBeNull();
  });
  it('returns null for non-strings', () => {
    expect(parseCompactTime(null)).toBeNull();
    expect(parseCompactTime(undefined)).toBeNull();
    expect(parseCompactTime(20240612093011 as unknown as string)).toBeNull();
  });
});

describe('formatCompactTime', () => {
  it('formats in Beijing time with milliseconds and the offset', () => {
    expect(formatCompactTime(utc('2024-06-12T01:30:11.007Z'))).toBe('20240612093011007+0800');
    expect(formatCompactTime(utc('2023-12-31T21:00:00Z'))).toBe('20240101050000000+0800');
  });
  it('round-trips', () => {
    for (const ms of [0, 1_718_155_811_123, utc('2030-02-28T16:00:00.999Z')]) {
      expect(parseCompactTime(formatCompactTime(ms))).toBe(ms);
    }
  });
});

describe('parseBeijingTime', () => {
  it('reads trace acceptTime as UTC+8', () => {
    expect(parseBeijingTime('2024-06-13 18:02:11')).toBe(utc('2024-06-13T10:02:11Z'));
    expect(parseBeijingTime('2024-06-14 03:40:57')).toBe(utc('2024-06-13T19:40:57Z'));
  });
  it('tolerates slashes, missing seconds, single digits and surrounding space', () => {
    expect(parseBeijingTime('2024/06/13 18:02:11')).toBe(utc('2024-06-13T10:02:11Z'));
    expect(parseBeijingTime('2024-06-13 18:02')).toBe(utc('2024-06-13T10:02:00Z'));
    expect(parseBeijingTime(' 2024-6-3 8:02:11 ')).toBe(utc('2024-06-03T00:02:11Z'));
  });
  it('honours an explicit ISO offset', () => {
    expect(parseBeijingTime('2024-06-13T18:02:11Z')).toBe(utc('2024-06-13T18:02:11Z'));
    expect(parseBeijingTime('2024-06-13T18:02:11.5+02:00')).toBe(utc('2024-06-13T16:02:11.500Z'));
    expect(parseBeijingTime('2024-06-13T18:02:11+0800')).toBe(utc('2024-06-13T10:02:11Z'));
  });
  it.each([[''], ['昨天'], ['2024-06-13'], ['2024-13-01 00:00:00'], ['2024-06-31 10:00:00'], ['2024-06-13 24:00:00'], ['2024-06-13 18:02:11 +99:00']])(
    'returns null for %j',
    (s) => {
      expect(parseBeijingTime(s)).toBeNull();
    },
  );
});

describe('yuanToFen', () => {
  it.each([
    [128.5, 12850],
    ['128.50', 12850],
    [8, 800],
    ['0', 0],
    [12.05, 1205],
    [0.1 + 0.2, 30],
    [1.005, 101], // decimal half-up on the printed digits, not float rounding (1.00)
    ['12.345', 1235],
    ['12.344', 1234],
    [' 3.1 ', 310],
    ['.5', 50],
    ['7.', 700],
    [-2.5, -250],
    ['-0.001', 0],
    [1e-9, 0],
    ['99999999.99', 9999999999],
  ])('%j → %j', (v, fen) => {
    expect(yuanToFen(v)).toBe(fen);
  });
  it.each([[null], [undefined], [''], ['abc'], ['1,000'], ['1e3'], ['--1'], ['.'], [Number.NaN], [Number.POSITIVE_INFINITY], [1e20]])(
    'returns null for %j',
    (v) => {
      expect(yuanToFen(v as string | number | null | undefined)).toBeNull();
    },
  );
});
