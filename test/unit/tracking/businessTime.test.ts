import { describe, it, expect } from 'vitest';
import { elapsedHours, shanghaiDate, shanghaiWeekday } from '../../../electron/core/tracking/businessTime';

const sh = (iso: string) => Date.parse(`${iso}+08:00`); // Shanghai wall-clock time

describe('businessTime', () => {
  it('knows the Shanghai weekday and date across the UTC day boundary', () => {
    expect(shanghaiWeekday(sh('2024-06-08T00:30:00'))).toBe(6); // Saturday (still Friday in UTC)
    expect(shanghaiWeekday(sh('2024-06-09T23:59:59'))).toBe(0);
    expect(shanghaiWeekday(sh('2024-06-10T00:00:00'))).toBe(1);
    expect(shanghaiDate(sh('2024-06-08T00:30:00'))).toBe('2024-06-08');
    expect(shanghaiWeekday(sh('1969-12-31T12:00:00'))).toBe(3); // before the epoch
  });
  it('counts calendar hours by default', () => {
    expect(elapsedHours(sh('2024-06-07T12:00:00'), sh('2024-06-10T12:00:00'))).toBe(72);
    expect(elapsedHours(sh('2024-06-10T12:00:00'), sh('2024-06-07T12:00:00'))).toBe(-72);
  });
  it('skips Saturdays and Sundays with businessDays', () => {
    const b = { businessDays: true };
    expect(elapsedHours(sh('2024-06-07T12:00:00'), sh('2024-06-10T12:00:00'), b)).toBe(24); // Fri → Mon
    expect(elapsedHours(sh('2024-06-08T10:00:00'), sh('2024-06-09T20:00:00'), b)).toBe(0); // all weekend
    expect(elapsedHours(sh('2024-06-08T10:00:00'), sh('2024-06-10T06:00:00'), b)).toBe(6); // Sat → Mon 06:00
    expect(elapsedHours(sh('2024-06-03T00:00:00'), sh('2024-06-17T00:00:00'), b)).toBe(240); // two weeks
    expect(elapsedHours(sh('2024-06-04T09:00:00'), sh('2024-06-04T17:30:00'), b)).toBe(8.5);
    expect(elapsedHours(sh('2024-06-10T12:00:00'), sh('2024-06-07T12:00:00'), b)).toBe(-24);
  });
  it('agrees with a day-by-day count over a long span', () => {
    const from = sh('2023-12-28T15:00:00');
    const to = sh('2024-03-05T09:00:00');
    let ms = 0;
    for (let t = from; t < to; t += 3_600_000) {
      const wd = shanghaiWeekday(t);
      if (wd !== 0 && wd !== 6) ms += 3_600_000;
    }
    expect(elapsedHours(from, to, { businessDays: true })).toBe(ms / 3_600_000);
  });
});
