// Reading a clerk's file into a grid of cells: format sniffing, text decoding (UTF-8, UTF-16,
// GB18030), the CSV/TSV delimiter, and XLSX cells (a 19-digit id stored as a number is marked, never
// guessed). Pure file-format code, no database; orderImport.ts turns the grid into order rows.

import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { loadExcel, type ExcelJS } from './loadExcel';

/** Rows searched for a header line; the XLSX reader reads this far past the row cap. */
export const HEADER_SEARCH_ROWS = 10;

export type ImportFileErrorCode = 'unsupported_format' | 'unreadable' | 'no_order_column' | 'too_large' | 'empty';

export class ImportFileError extends Error {
  readonly code: ImportFileErrorCode;
  /** Chinese, clerk-facing. */
  readonly userMessage: string;
  constructor(code: ImportFileErrorCode, userMessage: string, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${code}: ${detail}` : code, options);
    this.name = 'ImportFileError';
    this.code = code;
    this.userMessage = userMessage;
  }
}

/** A cell whose text cannot be trusted. `shown` is what we display to the clerk. */
export interface SpecialCell {
  special: 'precision' | 'no_result';
  shown: string;
}
export type RawCell = string | SpecialCell;
/** One sheet / text file. Index = row number - 1; undefined = a row with no cells at all. */
export type Grid = (RawCell[] | undefined)[];

export function isSpecial(c: RawCell | undefined): c is SpecialCell {
  return typeof c === 'object' && c !== null;
}

export function cellShown(c: RawCell | undefined): string {
  if (c === undefined) return '';
  return isSpecial(c) ? c.shown : c;
}

export function isBlankCell(c: RawCell | undefined): boolean {
  return c === undefined || (!isSpecial(c) && c.trim() === '');
}

export function isBlankRow(r: RawCell[] | undefined): boolean {
  return r === undefined || r.every(isBlankCell);
}


export function tooManyRows(maxRows: number): ImportFileError {
  return new ImportFileError('too_large', `行数太多：一次最多导入 ${maxRows} 行，请拆成几个文件。`, `more than ${maxRows} rows`);
}

// ---------------------------------------------------------------------------------------------------------
// Format sniffing

function startsWith(b: Uint8Array, sig: readonly number[]): boolean {
  if (b.length < sig.length) return false;
  return sig.every((x, i) => b[i] === x);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04] as const;
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;
const OTHER_BINARIES: readonly (readonly number[])[] = [
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x1f, 0x8b], // gzip
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x50, 0x4b, 0x05, 0x06], // empty zip
];

const UNSUPPORTED_MESSAGE = '不支持这种文件：请导入 Excel（.xlsx）或 CSV / TXT 文本文件。';

function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName.trim());
  return m ? (m[1] ?? '').toLowerCase() : '';
}

type Sniffed = 'xlsx' | 'text';

export function sniff(fileName: string, b: Buffer): Sniffed {
  const ext = extensionOf(fileName);
  if (startsWith(b, ZIP)) {
    if (b.indexOf('xl/') >= 0) return 'xlsx';
    if (b.indexOf('opendocument.spreadsheet') >= 0) {
      throw new ImportFileError(
        'unsupported_format',
        '不支持 OpenDocument 表格（.ods）：请在 WPS / LibreOffice 中另存为 .xlsx 或 CSV。',
        'ods',
      );
    }
    throw new ImportFileError('unsupported_format', UNSUPPORTED_MESSAGE, 'zip without xl/ parts');
  }
  if (startsWith(b, OLE)) {
    throw new ImportFileError(
      'unsupported_format',
      '不支持旧版 Excel（.xls）或加了密码的工作簿：请在 Excel / WPS 中“另存为” .xlsx 或 CSV（UTF-8）后再导入。',
      'OLE compound file',
    );
  }
  if (OTHER_BINARIES.some((sig) => startsWith(b, sig))) {
    throw new ImportFileError('unsupported_format', UNSUPPORTED_MESSAGE, 'known binary format');
  }
  if (ext === 'xlsx' || ext === 'xlsm') {
    throw new ImportFileError('unreadable', '文件不是有效的 Excel（.xlsx）文件，可能已损坏。', 'xlsx without zip header');
  }
  // csv / tsv / txt / no extension, and ".xls" files that are really tab-separated text (common from ERPs).
  return 'text';
}

// ---------------------------------------------------------------------------------------------------------
// Text decoding

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Detects the encoding of a text file and decodes it (BOM removed). Exported for tests. */
export function decodeText(b: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (startsWith(b, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder('utf-8').decode(b.subarray(3)), encoding: 'utf-8' };
  if (startsWith(b, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(b, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be' };
  const utf16 = guessBomlessUtf16(b);
  if (utf16) return { text: stripBom(new TextDecoder(utf16).decode(b)), encoding: utf16 };
  if (b.includes(0)) throw unreadable('NUL bytes in a text file');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: Chinese Excel / WPS save "CSV" in the ANSI code page, GBK; GB18030 is its superset.
  }
  // …unless it is UTF-8 with a few stray bytes (a pasted Latin-1 character): decoding all of it as GBK
  // would garble every Chinese character. GBK text forms valid UTF-8 sequences only by chance (~10%).
  const { valid, invalid } = utf8SequenceStats(b);
  if (valid >= 10 && valid >= (valid + invalid) * 0.9) return { text: new TextDecoder('utf-8').decode(b), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(b), encoding: 'gb18030' };
  } catch {
    // A few broken bytes in a GBK file are tolerated below; binary junk is not.
  }
  return { text: new TextDecoder('gb18030').decode(b), encoding: 'gb18030' };
}

/** Counts well-formed multi-byte UTF-8 sequences and bytes that start no well-formed sequence. */
function utf8SequenceStats(b: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  const cont = (i: number) => i < b.length && (b[i]! & 0xc0) === 0x80;
  for (let i = 0; i < b.length; ) {
    const x = b[i]!;
    if (x < 0x80) {
      i++;
      continue;
    }
    const n = x >= 0xc2 && x <= 0xdf ? 2 : x >= 0xe0 && x <= 0xef ? 3 : x >= 0xf0 && x <= 0xf4 ? 4 : 0;
    let ok = n > 0;
    for (let k = 1; ok && k < n; k++) ok = cont(i + k);
    if (ok) {
      valid++;
      i += n;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function guessBomlessUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

export function unreadable(detail: string, cause?: unknown): ImportFileError {
  return new ImportFileError(
    'unreadable',
    '无法读取这个文件：它不像表格文本（CSV/TXT），也不是 Excel（.xlsx）。请用 Excel 另存为 .xlsx 或 CSV 后再导入。',
    detail,
    { cause },
  );
}

/** Control characters and decoding failures: binary junk decoded as text. */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 65536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad > Math.max(2, n * 0.005);
}

// ---------------------------------------------------------------------------------------------------------
// CSV / TSV / TXT

const DELIMITERS = [',', '\t', ';', '\uFF0C', '|'];

export function parseTextGrid(text: string): Grid {
  let body = text;
  let delimiter: string | undefined;
  // Excel's "sep=;" hint line (not shown by Excel, so not counted as a row).
  const sep = /^sep=(.)\r?\n/i.exec(body);
  if (sep) {
    delimiter = sep[1];
    body = body.slice(sep[0].length);
  }
  if (/^\s*<(?:!doctype|html|table|\?xml)/i.test(body)) {
    throw new ImportFileError(
      'unsupported_format',
      '这个文件其实是网页 / XML 格式（有些系统导出的“.xls”就是这样）：请在 Excel 中打开后另存为 .xlsx 或 CSV。',
      'html/xml content',
    );
  }
  if (!delimiter) {
    delimiter = Papa.parse<string[]>(body, { delimitersToGuess: DELIMITERS, preview: 10, skipEmptyLines: 'greedy' }).meta.delimiter || ',';
  }
  let result = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
  if (result.errors.some((e) => e.code === 'MissingQuotes')) {
    // An opening quote that never closes would swallow the rest of the file into one cell and hide
    // rows. Treat quotes as ordinary characters instead: every line stays a row.
    result = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false, quoteChar: '\u0000' });
  }
  return result.data;
}

// ---------------------------------------------------------------------------------------------------------
// XLSX

function xlsxCell(v: unknown): RawCell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    // A number beyond 2^53 is not exact: the digits of a 19-digit id are gone (Excel keeps 15).
    if (Math.abs(v) > Number.MAX_SAFE_INTEGER) return { special: 'precision', shown: String(v) };
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) {
      return (o.richText as unknown[]).map((r) => String((r as { text?: unknown }).text ?? '')).join('');
    }
    if ('formula' in o || 'sharedFormula' in o) {
      if (o.result === undefined || o.result === null) {
        const f = typeof o.formula === 'string' ? o.formula : typeof o.sharedFormula === 'string' ? o.sharedFormula : '';
        return { special: 'no_result', shown: `=${f}` };
      }
      if (typeof o.result === 'number' && Number.isNaN(o.result)) return '#VALUE!';
      return xlsxCell(o.result);
    }
    if ('text' in o) return xlsxCell(o.text); // hyperlink (its text may itself be rich text)
    if (typeof o.error === 'string') return o.error;
  }
  return String(v);
}

type XlsxSheet = { id: number; grid: Grid };

/** Collects one sheet's rows, skipping blank ones and stopping once the row cap is passed. */
function sheetGridBuilder(maxRows: number): { add(rowNumber: number, values: unknown): void; grid: Grid } {
  // Rows past maxRows + the header search window are not needed to know the file is too large.
  const rowCap = maxRows + HEADER_SEARCH_ROWS + 1;
  const grid: Grid = [];
  let nonBlank = 0;
  return {
    grid,
    add(rowNumber, values) {
      const cells: RawCell[] = [];
      if (Array.isArray(values)) {
        for (let c = 1; c < values.length; c++) cells.push(xlsxCell(values[c]));
      }
      if (!Number.isInteger(rowNumber) || rowNumber < 1) throw unreadable('row without a number');
      if (isBlankRow(cells)) return;
      if (++nonBlank > rowCap) throw tooManyRows(maxRows);
      grid[rowNumber - 1] = cells;
    },
  };
}

/** What the streaming reader keeps of xl/workbook.xml and its rels (not in exceljs's types). */
interface StreamedWorkbookParts {
  model?: { sheets?: { rId?: string }[] };
  workbookRels?: { Id?: string; Type?: string }[];
}

/** Worksheets the workbook declares; undefined when the reader never got xl/workbook.xml or its rels. */
function declaredWorksheets(parts: StreamedWorkbookParts): number | undefined {
  const sheets = parts.model?.sheets;
  const rels = parts.workbookRels;
  if (!Array.isArray(sheets) || !Array.isArray(rels)) return undefined;
  const worksheetRels = new Set(rels.filter((r) => /\/worksheet$/.test(r.Type ?? '')).map((r) => r.Id));
  return sheets.filter((s) => worksheetRels.has(s.rId)).length;
}

/**
 * The streaming reader: about 1.5–2x faster than Workbook.xlsx.load on 100k rows and far lighter on
 * memory. Hyperlinks are ignored (a hyperlink cell reads as its text); styles too (dates stay numbers:
 * an id column holding dates is wrong anyway). Returns null when the pass did not see the whole
 * workbook: it reads the zip front to back in one pass, and may lose its final entry (exceljs#3064; 15
 * of 12,000 reads of an empty workbook on this machine under load) or meet a sheet before
 * xl/workbook.xml (a valid order).
 */
async function streamXlsxSheets(ExcelJS: ExcelJS, b: Buffer, maxRows: number): Promise<XlsxSheet[] | null> {
  const sheets: XlsxSheet[] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([b]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const ws of reader) {
      const sheet = sheetGridBuilder(maxRows);
      for await (const row of ws) sheet.add(row.number, row.values);
      const id = Number((ws as unknown as { id?: unknown }).id);
      sheets.push({ id: Number.isFinite(id) ? id : sheets.length + 1, grid: sheet.grid });
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    return null; // the central-directory read below decides whether the file is readable
  }
  const declared = declaredWorksheets(reader as unknown as StreamedWorkbookParts);
  if (declared === undefined || sheets.length < declared) return null;
  return sheets;
}

/** Excel's serial day number of a date exceljs made from a date-formatted cell (the inverse of its excelToDate). */
function excelSerial(d: Date, date1904: boolean): number {
  return d.getTime() / 86_400_000 + 25_569 - (date1904 ? 1_462 : 0);
}

/**
 * Reads every part through the zip's central directory (Workbook.xlsx.load), so part order and the
 * end of the stream do not matter. Dates are turned back into serial numbers, as the streaming
 * reader gives them, so both reads agree cell for cell.
 */
async function loadXlsxSheets(ExcelJS: ExcelJS, b: Buffer, maxRows: number): Promise<XlsxSheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(b as unknown as ArrayBuffer);
  const date1904 = wb.properties.date1904 === true;
  const asStreamed = (v: unknown): unknown => {
    if (v instanceof Date) return excelSerial(v, date1904);
    if (typeof v === 'object' && v !== null && 'result' in v && v.result instanceof Date) {
      return { ...v, result: excelSerial(v.result, date1904) };
    }
    return v;
  };
  return wb.worksheets.map((ws, i) => {
    const sheet = sheetGridBuilder(maxRows);
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = row.values;
      sheet.add(rowNumber, Array.isArray(values) ? values.map(asStreamed) : values);
    });
    return { id: Number.isFinite(ws.id) ? ws.id : i + 1, grid: sheet.grid };
  });
}

export async function readXlsxSheets(b: Buffer, maxRows: number): Promise<XlsxSheet[]> {
  const ExcelJS = await loadExcel();
  const sheets = (await streamXlsxSheets(ExcelJS, b, maxRows)) ?? (await loadXlsxSheets(ExcelJS, b, maxRows));
  return sheets.sort((x, y) => x.id - y.id);
}
