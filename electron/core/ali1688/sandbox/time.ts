// Runs in: main process / headless Node. Time formats of the 1688 gateway, as the sandbox writes
// and reads them (1688-open-api.md §7). The gateway lives in Beijing time (UTC+8, no DST).

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const BEIJING_OFFSET = 8 * HOUR;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `yyyyMMddHHmmssSSS+0800` in Beijing time. */
export function formatCompact(t: number): string {
  const d = new Date(t + BEIJING_OFFSET);
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1) +
    pad(d.getUTCDate()) +
    pad(d.getUTCHours()) +
    pad(d.getUTCMinutes()) +
    pad(d.getUTCSeconds()) +
    pad(d.getUTCMilliseconds(), 3) +
    '+0800'
  );
}

/** `yyyy-MM-dd HH:mm:ss`, Beijing time, no zone (trace `acceptTime`). */
export function formatAcceptTime(t: number): string {
  const d = new Date(t + BEIJING_OFFSET);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})?([+-])?(\d{2})?(\d{2})?$/;

/**
 * Parses `yyyyMMddHHmmssSSS+0800`; also the 14-digit `yyyyMMddHHmmss+0800` form and a missing
 * offset (read as Beijing time). Returns null when the text is not such a time.
 */
export function parseCompact(text: string): number | null {
  const m = COMPACT.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, sign, oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return null;
  }
  let offset = BEIJING_OFFSET;
  if (sign) {
    if (oh === undefined || om === undefined) return null;
    offset = (sign === '-' ? -1 : 1) * (Number(oh) * HOUR + Number(om) * MINUTE);
  }
  const utc = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), Number(ms ?? '0'));
  return utc - offset;
}

/** Hour of the day in Beijing, fractional. */
export function beijingHour(t: number): number {
  return (((t + BEIJING_OFFSET) % DAY) + DAY) % DAY / HOUR;
}

/** Start of the Beijing calendar day containing t. */
export function beijingDayStart(t: number): number {
  return t - ((((t + BEIJING_OFFSET) % DAY) + DAY) % DAY);
}

/** Rounds down to a whole second (trace steps have second precision). */
export function floorSecond(t: number): number {
  return Math.floor(t / SECOND) * SECOND;
}
