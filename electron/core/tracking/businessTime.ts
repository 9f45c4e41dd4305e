// Elapsed time, optionally skipping weekends on the Asia/Shanghai calendar. Pure.
// China has used UTC+8 with no daylight saving since 1991, so a fixed offset is exact.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

const floorDiv = (a: number, b: number): number => Math.floor(a / b);
const mod = (a: number, b: number): number => ((a % b) + b) % b;

/** Day of week in Shanghai, 0 = Sunday … 6 = Saturday. */
export function shanghaiWeekday(ts: number): number {
  // Local day 0 (1970-01-01) was a Thursday.
  return mod(floorDiv(ts + SHANGHAI_OFFSET_MS, DAY_MS) + 4, 7);
}

/** YYYY-MM-DD on the Shanghai calendar (for messages). */
export function shanghaiDate(ts: number): string {
  return new Date(ts + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

const isWeekday = (localDay: number): boolean => {
  const wd = mod(localDay + 4, 7);
  return wd !== 0 && wd !== 6;
};

// Weekdays among local days [0, d): whole weeks, then the leftover days one by one (≤ 6).
function weekdaysBefore(d: number): number {
  const weeks = floorDiv(d, 7);
  let n = weeks * 5;
  for (let day = weeks * 7; day < d; day++) if (isWeekday(day)) n++;
  return n;
}

// Business milliseconds from the local epoch to `ts`: a monotone clock that stands still on weekends.
function businessClock(ts: number): number {
  const local = ts + SHANGHAI_OFFSET_MS;
  const day = floorDiv(local, DAY_MS);
  return weekdaysBefore(day) * DAY_MS + (isWeekday(day) ? local - day * DAY_MS : 0);
}

/**
 * Hours from `from` to `to` (negative when `to` is earlier). With `businessDays`, time on
 * Saturdays and Sundays (Shanghai calendar days) does not count; public holidays do.
 */
export function elapsedHours(from: number, to: number, opts: { businessDays?: boolean } = {}): number {
  const ms = opts.businessDays ? businessClock(to) - businessClock(from) : to - from;
  return ms / HOUR_MS;
}
