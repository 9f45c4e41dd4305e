// Import of 1688 order ids (and optional ERP references) from a clerk's CSV / TSV / TXT / XLSX file.
//
// Pure file-format code: bytes in, rows + per-row errors out. No database, no I/O. Reading the bytes
// into a grid of cells (format, encoding, delimiter, XLSX) is in importFileGrid.ts; this file finds the
// order-id column and turns the grid into rows.
//
// Guarantees:
// - Nothing is silently dropped: every data row ends up in `rows` or in `rowErrors`, so
//   `rows.length + rowErrors.length === totalRows`. Blank rows before the first data row and after the
//   last one are not data rows (not counted); rows above a detected header row (a title line) neither.
// - Row numbers are the ones the clerk sees in Excel / WPS: 1-based, the header is row 1 when it is the
//   first line. A CSV record with a quoted embedded newline is one row, as in Excel. An Excel `sep=;`
//   hint line is not shown by Excel and is not counted.
// - A 19-digit id that reached us as a NUMBER (XLSX numeric cell, or "3.71249E+18" text written by Excel)
//   has lost digits: it is reported, never guessed.
//
// Encodings of text files: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM, or BOM-less detected from the
// NUL-byte pattern), otherwise GB18030 (a superset of GBK/GB2312, what Chinese Excel/WPS write for
// "CSV (逗号分隔)"). Node 20's bundled full ICU provides `TextDecoder('gb18030')`.

import { isOrderId } from '../../../shared/domain';
import {
  HEADER_SEARCH_ROWS,
  ImportFileError,
  decodeText,
  isBlankCell,
  isBlankRow,
  looksBinary,
  unreadable,
  isSpecial,
  cellShown,
  parseTextGrid,
  readXlsxSheets,
  sniff,
  tooManyRows,
  type Grid,
  type RawCell,
} from './importFileGrid';

export { ImportFileError, decodeText, type ImportFileErrorCode, type TextEncodingName } from './importFileGrid';

export interface ImportedOrderRow {
  /** 1-based row number as a spreadsheet shows it (header = row 1). */
  row: number;
  orderId: string;
  erpRef: string | null;
}

export type ImportRowErrorCode = 'bad_id' | 'duplicate' | 'empty' | 'too_long';

export interface ImportRowError {
  row: number;
  /** The offending cell as found (trimmed; cut to 200 characters for display). */
  value: string;
  /** Chinese, clerk-facing. */
  reason: string;
  reasonCode: ImportRowErrorCode;
}

export interface ParsedImport {
  rows: ImportedOrderRow[];
  rowErrors: ImportRowError[];
  /** Data rows, excluding the header (and leading/trailing blank rows). */
  totalRows: number;
  format: 'csv' | 'xlsx';
  /** Header text of the order-id column; null when the file has no header row. */
  orderIdColumn: string | null;
  /** Header text of the ERP reference column; null when there is none or the file has no header row. */
  erpRefColumn: string | null;
}


export interface ParseOrderImportOptions {
  /** Default 20 MiB. */
  maxBytes?: number;
  /** Maximum data rows. Default 200 000. */
  maxRows?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 200_000;
export const MAX_ERP_REF_LENGTH = 100;

/** Reason texts (exported so the UI and tests can refer to them). */
export const REASONS = {
  emptyRow: '空行',
  emptyId: '订单号为空',
  notDigits: '订单号不是数字',
  badLength: '订单号位数不对（应为 6–20 位）',
  lostPrecision: '单元格是数字格式，19 位订单号已失真：请把该列设为文本后重新导出',
  formulaNoResult: '单元格是公式但没有计算结果：请在 Excel 中打开并保存后重新导出',
  refLostPrecision: 'ERP单号单元格是数字格式，超过 15 位的数字已失真：请把该列设为文本后重新导出',
  refFormulaNoResult: 'ERP单号是公式但没有计算结果：请在 Excel 中打开并保存后重新导出',
  refTooLong: `ERP单号太长（最多 ${MAX_ERP_REF_LENGTH} 个字符）`,
  duplicate: (firstRow: number) => `与第 ${firstRow} 行重复`,
} as const;

// ---------------------------------------------------------------------------------------------------------
// Cells


const INVISIBLES = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const FULLWIDTH_DIGITS = /[\uFF10-\uFF19]/g;
const EXCEL_TEXT_FORMULA = /^=\s*"(.*)"$/s;
const LEADING_APOSTROPHE = /^['\u2018\u2019\uFF07]/;
const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/;
const DIGITS = /^\d+$/;
const LOOKS_1688 = /^\d{18,19}$/;

/** Removes Excel's text markers: `="123"` and a leading apostrophe. */
function stripExcelMarkers(s: string): string {
  let v = s.trim();
  const m = EXCEL_TEXT_FORMULA.exec(v);
  if (m) v = (m[1] ?? '').trim();
  if (LEADING_APOSTROPHE.test(v)) v = v.slice(1).trim();
  return v;
}

/** Order-id candidate text: invisible characters removed, trimmed, full-width digits to ASCII, markers stripped. */
export function normaliseOrderIdText(s: string): string {
  if (DIGITS.test(s)) return s; // the common case, without allocating
  const v = s.replace(INVISIBLES, '').replace(FULLWIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return stripExcelMarkers(v);
}

/** Cell that a column detector counts as "an order id" (valid, or an id Excel already broke). */
function idLike(c: RawCell | undefined): boolean {
  if (c === undefined) return false;
  if (isSpecial(c)) return c.special === 'precision';
  const v = normaliseOrderIdText(c);
  return isOrderId(v) || SCIENTIFIC.test(v);
}

function looks1688(c: RawCell | undefined): boolean {
  if (c === undefined) return false;
  if (isSpecial(c)) return c.special === 'precision';
  const v = normaliseOrderIdText(c);
  return LOOKS_1688.test(v) || SCIENTIFIC.test(v);
}

function clip(s: string, max = 200): string {
  const cps = Array.from(s);
  return cps.length > max ? `${cps.slice(0, max).join('')}…` : s;
}

// ---------------------------------------------------------------------------------------------------------
// Header detection

type HeaderRole = 'order' | 'ambiguous' | 'erp';

/** Normalised header text: NFKC (full-width to ASCII), lower case, notes like "(必填)" and separators removed. */
function normaliseHeader(s: string): string {
  return s
    .replace(INVISIBLES, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>/g, '')
    .replace(/[\s_\-.:#*/\\'"]/g, '');
}

const ORDER_HEADERS = new Set(
  [
    '订单号',
    '订单编号',
    '订单号码',
    '订单id',
    '1688订单号',
    '1688订单编号',
    '1688单号',
    '1688订单id',
    '阿里订单号',
    '阿里巴巴订单号',
    '阿里单号',
    'order id',
    'orderid',
    'order_id',
    'order no',
    'order number',
    '1688 order id',
  ].map(normaliseHeader),
);

/** Either the 1688 order id (1688 calls its orders 采购单) or the buyer's own purchase-order number. */
const AMBIGUOUS_HEADERS = new Set(['采购单号', '采购订单号', '采购单编号', '采购订单编号'].map(normaliseHeader));

const ERP_HEADERS = new Set(
  [
    'ERP单号',
    'ERP 编号',
    'ERP编号',
    'ERP订单号',
    'ERP参考号',
    '内部单号',
    '内部订单号',
    '备注单号',
    'erp ref',
    'erp_ref',
    'erp reference',
    'reference',
    'ref',
    'po',
    'po no',
    'po number',
  ].map(normaliseHeader),
);

function headerRole(c: RawCell | undefined): HeaderRole | null {
  if (c === undefined || isSpecial(c)) return null;
  const h = normaliseHeader(c);
  if (h === '') return null;
  if (ORDER_HEADERS.has(h)) return 'order';
  if (AMBIGUOUS_HEADERS.has(h)) return 'ambiguous';
  if (ERP_HEADERS.has(h)) return 'erp';
  return null;
}

interface Layout {
  /** Index of the header row, or null. */
  headerIndex: number | null;
  /** Index of the first data row. */
  dataStart: number;
  idCol: number;
  erpCol: number | null;
  idHeader: string | null;
  erpHeader: string | null;
}

const SAMPLE_ROWS = 1000;

function sampleRows(grid: Grid, from: number): RawCell[][] {
  const out: RawCell[][] = [];
  for (let i = from; i < grid.length && out.length < SAMPLE_ROWS; i++) {
    const r = grid[i];
    if (r && !isBlankRow(r)) out.push(r);
  }
  return out;
}

/** Share of non-empty sample cells in `col` that look like 1688 ids (18–19 digits). */
function share1688(sample: RawCell[][], col: number): number {
  let nonEmpty = 0;
  let hits = 0;
  for (const r of sample) {
    const c = r[col];
    if (isBlankCell(c)) continue;
    nonEmpty++;
    if (looks1688(c)) hits++;
  }
  return nonEmpty === 0 ? 0 : hits / nonEmpty;
}

function headerText(c: RawCell | undefined): string {
  return cellShown(c).trim();
}

function findHeaderLayout(grid: Grid, firstNonBlank: number): Layout | null {
  const limit = Math.min(grid.length, firstNonBlank + HEADER_SEARCH_ROWS);
  for (let i = firstNonBlank; i < limit; i++) {
    const row = grid[i];
    if (!row || isBlankRow(row)) continue;
    const roles = row.map(headerRole);
    const candidates: number[] = [];
    roles.forEach((r, col) => {
      if (r === 'order' || r === 'ambiguous') candidates.push(col);
    });
    if (candidates.length > 0) {
      const sample = sampleRows(grid, i + 1);
      // Rank: values that look like 1688 ids first (bucketed so a strong header is not beaten by noise),
      // then a strong order-id header over an ambiguous one, then the leftmost column.
      const ranked = candidates
        .map((col) => {
          const share = share1688(sample, col);
          return { col, bucket: share >= 0.8 ? 2 : share >= 0.2 ? 1 : 0, strong: roles[col] === 'order' ? 1 : 0 };
        })
        .sort((a, b) => b.bucket - a.bucket || b.strong - a.strong || a.col - b.col);
      const idCol = ranked[0]!.col;
      // ERP reference: an ERP header; else an ambiguous (采购单号) column not taken as the id; else another
      // order-id-like header whose values lost to the chosen column (an ERP's own "订单号").
      let erpCol: number | null = -1;
      for (const wanted of ['erp', 'ambiguous', 'order'] as const) {
        if (erpCol < 0) erpCol = roles.findIndex((r, col) => r === wanted && col !== idCol);
      }
      if (erpCol < 0) erpCol = null;
      return {
        headerIndex: i,
        dataStart: i + 1,
        idCol,
        erpCol,
        idHeader: headerText(row[idCol]),
        erpHeader: erpCol === null ? null : headerText(row[erpCol]),
      };
    }
    // Data has started: a header below it would not be a header.
    if (row.some(idLike)) break;
  }
  return null;
}

function findHeaderlessLayout(grid: Grid, firstNonBlank: number): Layout | null {
  const first = grid[firstNonBlank];
  if (!first) return null;
  // An unrecognised header ("单号", "编号"…): no id-like cell, some text without digits.
  const maybeHeader = !first.some(idLike) && first.some((c) => !isBlankCell(c) && !/\d/.test(cellShown(c)));
  const sample = sampleRows(grid, maybeHeader ? firstNonBlank + 1 : firstNonBlank);
  if (sample.length === 0) return null;
  const width = sample.reduce((w, r) => Math.max(w, r.length), 0);
  let best: { col: number; n1688: number; nId: number } | null = null;
  for (let col = 0; col < width; col++) {
    let nonEmpty = 0;
    let nId = 0;
    let n1688 = 0;
    for (const r of sample) {
      const c = r[col];
      if (isBlankCell(c)) continue;
      nonEmpty++;
      if (idLike(c)) nId++;
      if (looks1688(c)) n1688++;
    }
    if (nonEmpty === 0 || nonEmpty < sample.length * 0.5 || nId / nonEmpty < 0.8) continue;
    if (!best || n1688 > best.n1688 || (n1688 === best.n1688 && nId > best.nId)) best = { col, n1688, nId };
  }
  if (!best) return null;
  const idCol = best.col;
  let erpCol: number | null = null;
  for (let col = 0; col < width && erpCol === null; col++) {
    if (col !== idCol && sample.some((r) => !isBlankCell(r[col]))) erpCol = col;
  }
  const headerCell = first[idCol];
  const isHeader = maybeHeader && !isBlankCell(headerCell) && !/\d/.test(cellShown(headerCell));
  if (isHeader) {
    const erpHeader = erpCol === null ? '' : headerText(first[erpCol]);
    return {
      headerIndex: firstNonBlank,
      dataStart: firstNonBlank + 1,
      idCol,
      erpCol,
      idHeader: headerText(headerCell),
      erpHeader: erpHeader === '' ? null : erpHeader,
    };
  }
  return { headerIndex: null, dataStart: firstNonBlank, idCol, erpCol, idHeader: null, erpHeader: null };
}

const NO_ORDER_COLUMN_MESSAGE =
  '没有找到订单号列：请在第一行写表头“订单号”（也认：1688订单号、订单编号、采购单号、阿里订单号、order id），' +
  '或者让某一列全部是订单号（6–20 位数字，1688 订单号为 19 位）。';

// ---------------------------------------------------------------------------------------------------------
// Rows

function toRows(grid: Grid, layout: Layout, format: 'csv' | 'xlsx', maxRows: number): ParsedImport {
  let last = grid.length - 1;
  while (last >= layout.dataStart && isBlankRow(grid[last])) last--;
  const totalRows = Math.max(0, last - layout.dataStart + 1);
  if (totalRows === 0) {
    throw new ImportFileError(
      'empty',
      layout.headerIndex === null ? '文件里没有数据。' : '文件只有表头，没有订单数据。',
      'no data rows',
    );
  }
  if (totalRows > maxRows) throw tooManyRows(maxRows);

  const rows: ImportedOrderRow[] = [];
  const rowErrors: ImportRowError[] = [];
  const firstRowOf = new Map<string, number>();
  for (let i = layout.dataStart; i <= last; i++) {
    const rowNo = i + 1;
    const cells = grid[i];
    const fail = (reasonCode: ImportRowErrorCode, reason: string, value: string) => {
      rowErrors.push({ row: rowNo, value: clip(value), reason, reasonCode });
    };
    if (!cells || isBlankRow(cells)) {
      fail('empty', REASONS.emptyRow, '');
      continue;
    }
    const idCell = cells[layout.idCol];
    if (isSpecial(idCell)) {
      fail('bad_id', idCell.special === 'precision' ? REASONS.lostPrecision : REASONS.formulaNoResult, idCell.shown);
      continue;
    }
    const shown = (idCell ?? '').trim();
    const id = normaliseOrderIdText(idCell ?? '');
    if (id === '') {
      fail('empty', REASONS.emptyId, shown);
      continue;
    }
    if (SCIENTIFIC.test(id)) {
      fail('bad_id', REASONS.lostPrecision, shown);
      continue;
    }
    if (!DIGITS.test(id)) {
      fail('bad_id', REASONS.notDigits, shown);
      continue;
    }
    if (!isOrderId(id)) {
      fail('bad_id', REASONS.badLength, shown);
      continue;
    }
    const first = firstRowOf.get(id);
    if (first !== undefined) {
      fail('duplicate', REASONS.duplicate(first), id);
      continue;
    }
    let erpRef: string | null = null;
    if (layout.erpCol !== null) {
      const refCell = cells[layout.erpCol];
      if (isSpecial(refCell)) {
        // No dedicated code for a broken reference; it is reported rather than imported with wrong digits.
        fail('bad_id', refCell.special === 'precision' ? REASONS.refLostPrecision : REASONS.refFormulaNoResult, refCell.shown);
        continue;
      }
      const ref = stripExcelMarkers(refCell ?? '');
      // .length counts UTF-16 units (≥ characters): count characters only when it could matter.
      if (ref.length > MAX_ERP_REF_LENGTH && Array.from(ref).length > MAX_ERP_REF_LENGTH) {
        fail('too_long', REASONS.refTooLong, ref);
        continue;
      }
      erpRef = ref === '' ? null : ref;
    }
    firstRowOf.set(id, rowNo);
    rows.push({ row: rowNo, orderId: id, erpRef });
  }
  return {
    rows,
    rowErrors,
    totalRows,
    format,
    orderIdColumn: layout.idHeader,
    erpRefColumn: layout.erpHeader,
  };
}


function gridToImport(grid: Grid, format: 'csv' | 'xlsx', maxRows: number): ParsedImport {
  const firstNonBlank = grid.findIndex((r) => !isBlankRow(r));
  if (firstNonBlank < 0) throw new ImportFileError('empty', '文件是空的。', 'no non-blank row');
  const layout = findHeaderLayout(grid, firstNonBlank) ?? findHeaderlessLayout(grid, firstNonBlank);
  if (!layout) throw new ImportFileError('no_order_column', NO_ORDER_COLUMN_MESSAGE, 'no order id column');
  return toRows(grid, layout, format, maxRows);
}

async function parseXlsx(b: Buffer, maxRows: number): Promise<ParsedImport> {
  let sheets: { id: number; grid: Grid }[];
  try {
    sheets = await readXlsxSheets(b, maxRows);
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError('unreadable', '无法读取这个 Excel 文件，可能已损坏或不是 .xlsx：请用 Excel 打开后另存为 .xlsx 再导入。', String(e), {
      cause: e,
    });
  }
  const nonEmpty = sheets.filter((s) => s.grid.some((r) => !isBlankRow(r)));
  if (nonEmpty.length === 0) throw new ImportFileError('empty', '这个 Excel 文件是空的。', 'no non-empty sheet');
  // The first sheet that has an order-id column (a workbook may start with an instructions sheet).
  let firstError: unknown = null;
  for (const s of nonEmpty) {
    try {
      return gridToImport(s.grid, 'xlsx', maxRows);
    } catch (e) {
      if (!(e instanceof ImportFileError) || (e.code !== 'no_order_column' && e.code !== 'empty')) throw e;
      firstError ??= e;
    }
  }
  throw firstError;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Parses an order-id import file. Throws ImportFileError for a file that cannot be used at all;
 * row-level problems are returned in `rowErrors`.
 */
export async function parseOrderImport(
  fileName: string,
  bytes: Uint8Array,
  opts: ParseOrderImportOptions = {},
): Promise<ParsedImport> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  if (bytes.byteLength > maxBytes) {
    const mb = (maxBytes / 1024 / 1024).toFixed(maxBytes % (1024 * 1024) === 0 ? 0 : 1);
    throw new ImportFileError('too_large', `文件太大：最多 ${mb} MB，请拆成几个文件。`, `${bytes.byteLength} bytes`);
  }
  if (bytes.byteLength === 0) throw new ImportFileError('empty', '文件是空的。', '0 bytes');
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (sniff(fileName, b) === 'xlsx') return parseXlsx(b, maxRows);

  const { text } = decodeText(b);
  if (looksBinary(text)) throw unreadable('binary content');
  if (text.trim() === '') throw new ImportFileError('empty', '文件是空的。', 'blank text');
  return gridToImport(parseTextGrid(text), 'csv', maxRows);
}
