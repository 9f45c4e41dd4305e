// Runs in: main process / headless Node. 1688 time and money formats (1688-open-api.md §7).
// Hand-rolled parsers: Date.parse is lenient and locale/zone dependent, we want exact or null.

const BEIJING_OFFSET_MIN = 8 * 60;
const MINUTE = 60_000;

function isValidDateParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= daysInMonth;
}

/** Epoch ms of a wall-clock time at `offsetMin` east of UTC, or null if the parts are invalid. */
function wallToEpoch(
  parts: { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number },
  offsetMin: number,
): number | null {
  const { y, mo, d, h, mi, s, ms } = parts;
  if (!isValidDateParts(y, mo, d, h, mi, s)) return null;
  // Date.UTC maps years 0–99 to 1900+; setUTCFullYear avoids that for odd inputs.
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  date.setUTCFullYear(y);
  return date.getTime() - offsetMin * MINUTE;
}

/** "+0800" / "-05:30" / "Z" → minutes east of UTC; null if malformed. */
function parseOffset(text: string | undefined, fallback: number): number | null {
  if (text === undefined || text === '') return fallback;
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!m) return null;
  const hh = Number(m[2]);
  const mm = Number(m[3]);
  if (hh > 14 || mm > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hh * 60 + mm);
}

const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})?([+-]\d{4})?$/;

/**
 * `yyyyMMddHHmmssSSS+0800` (or the 14-digit `yyyyMMddHHmmss+0800` of old token examples) → epoch ms.
 * A missing offset means Beijing time. Empty or garbage → null.
 */
export function parseCompactTime(text: string | null | undefined): number | null {
  if (typeof text !== 'string') return null;
  const m = COMPACT_RE.exec(text.trim());
  if (!m) return null;
  const offset = parseOffset(m[8], BEIJING_OFFSET_MIN);
  if (offset === null) return null;
  return wallToEpoch(
    { y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +m[4]!, mi: +m[5]!, s: +m[6]!, ms: m[7] ? +m[7] : 0 },
    offset,
  );
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Epoch ms → `yyyyMMddHHmmssSSS+0800` in Beijing time (request params such as modifyStartTime). */
export function formatCompactTime(ms: number): string {
  const d = new Date(ms + BEIJING_OFFSET_MIN * MINUTE);
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

const WALL_RE =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * `yyyy-MM-dd HH:mm:ss` (trace acceptTime) → epoch ms, read as Asia/Shanghai (UTC+8, no DST).
 * Also `yyyy/MM/dd`, missing seconds, and ISO strings with `T` and an explicit offset.
 */
export function parseBeijingTime(text: string | null | undefined): number | null {
  if (typeof text !== 'string') return null;
  const m = WALL_RE.exec(text.trim());
  if (!m) return null;
  const offset = parseOffset(m[8], BEIJING_OFFSET_MIN);
  if (offset === null) return null;
  const frac = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  return wallToEpoch(
    { y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +m[4]!, mi: +m[5]!, s: m[6] ? +m[6] : 0, ms: frac },
    offset,
  );
}

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * Yuan (number or decimal string, e.g. 128.5 or "128.50") → integer fen, rounding half away from
 * zero at the third decimal. Parsed digit by digit, so float artefacts like 0.1+0.2 give 30.
 * null for missing, empty or invalid input, and for amounts beyond safe integers.
 */
export function yuanToFen(value: number | string | null | undefined): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    if (Math.abs(value) >= 1e13) return null;
    // String() gives exponent notation below 1e-6: such amounts round to 0 fen.
    if (Math.abs(value) < 1e-6) return 0;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return null;
  const digits = (intPart || '0') + (fracPart + '000').slice(0, 2);
  let fen = Number(digits);
  if ((fracPart[2] ?? '0') >= '5') fen += 1;
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] === '-' && fen !== 0 ? -fen : fen;
}
