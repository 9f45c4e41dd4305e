// Runs in: main process / headless Node. A JSON writer that can emit 19-digit ids as bare number
// literals, the way the real gateway does (`"id":3712345678901234567`). JSON.stringify cannot:
// a JS number would round the id, a string would be quoted.

/** A decimal integer written to JSON without quotes, digit for digit. */
export class BigNum {
  constructor(readonly digits: string) {
    if (!/^-?\d+$/.test(digits)) throw new Error(`BigNum needs decimal digits, got ${JSON.stringify(digits)}`);
  }
  toJSON(): string {
    return this.digits;
  }
}

export function bigNum(digits: string): BigNum {
  return new BigNum(digits);
}

/** Serialises plain data (objects, arrays, strings, finite numbers, booleans, null, BigNum). */
export function stringifyBig(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(v: unknown, out: string[]): void {
  if (v === null || v === undefined) {
    out.push('null');
    return;
  }
  if (v instanceof BigNum) {
    out.push(v.digits);
    return;
  }
  switch (typeof v) {
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'number':
      out.push(Number.isFinite(v) ? JSON.stringify(v) : 'null');
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'bigint':
      out.push(v.toString());
      return;
    case 'object':
      break;
    default:
      out.push('null');
      return;
  }
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',');
      const item: unknown = v[i];
      write(item === undefined ? null : item, out);
    }
    out.push(']');
    return;
  }
  out.push('{');
  let first = true;
  for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
    if (item === undefined || typeof item === 'function') continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(k), ':');
    write(item, out);
  }
  out.push('}');
}
