// Carrier trace text and anything that came from 1688 is untrusted. It is only ever rendered as
// React text (never as HTML); this strips the characters that could make it *look* different
// from what it is: bidi overrides/isolates (U+202A–U+202E, U+2066–U+2069) and C0/C1 control
// characters other than tab and newline.
const UNSAFE = /[\u202A-\u202E\u2066-\u2069\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function safeText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(UNSAFE, '');
}

/** safeText, or a dash when there is nothing to show. */
export function safeTextOrDash(value: string | null | undefined): string {
  const s = safeText(value).trim();
  return s === '' ? '—' : s;
}
