// CSV / formula injection defence for exported spreadsheets (OWASP "CSV Injection").
//
// Remarks, seller names and ERP references come from carriers, sellers and clerks: a text such as
// `=cmd|' /C calc'!A0` or `+SUM(1)` in an exported cell could be evaluated by Excel / WPS / LibreOffice
// when the file is opened (CSV) or re-typed. Such text gets a leading apostrophe, which spreadsheet
// programs treat as "this is text".
//
// Only text is neutralised: numbers written as real numeric cells (XLSX) are safe, negative ones too.
// The data is otherwise kept faithful: bidi controls (U+202A–U+202E, U+2066–U+2069) are NOT stripped.

/** Leading whitespace (any, including full-width space) then `=`, `+`, `-`, `@`, tab or CR. */
const FORMULA_LIKE = /^\s*[=+\-@\t\r]/;

/** True when a spreadsheet program could read `value` as a formula (or a DDE payload). */
export function isFormulaLike(value: string): boolean {
  return FORMULA_LIKE.test(value);
}

/**
 * Returns `value` with a leading `'` when it is formula-like, otherwise `value` unchanged.
 * Idempotent: a neutralised value starts with `'` and is not formula-like any more.
 */
export function neutraliseFormula(value: string): string {
  return isFormulaLike(value) ? `'${value}` : value;
}
