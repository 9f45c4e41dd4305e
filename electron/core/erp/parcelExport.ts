// Export of parcels (and optionally their trace events) as CSV or XLSX, for ERPs without a webhook and
// for clerks who work in Excel / WPS (tracking-domain.md §6).
//
// Decisions:
// - Every text cell goes through neutraliseFormula (spreadsheetSafety.ts): a remark like `=cmd|…` is
//   written as `'=cmd|…`. In XLSX the cell is a plain string anyway, so there the apostrophe is visible;
//   it is kept for one consistent rule across formats and because cells get copied into CSVs.
// - Order ids and waybill numbers are always strings, never JS numbers (19 digits > 2^53).
//   XLSX: the id / waybill / ERP-ref columns are formatted as text ('@') and hold string cells, so Excel
//   shows every digit and never converts them.
//   CSV: they are written as plain digits. The alternatives all corrupt the data for ERP imports:
//   `="3712…"` is itself a formula (and is what the injection rule forbids); a leading tab or an
//   invisible character ends up inside the ERP's field. The trade-off: Excel, when it OPENS a CSV,
//   displays a 19-digit id in scientific notation (3.71249E+18) and loses digits if the clerk re-saves
//   the file from Excel. ERP importers read the digits exactly. Clerks who want to look at the file in
//   Excel should export XLSX.
// - CSV: UTF-8 with BOM (so Excel detects UTF-8 and shows Chinese correctly), CRLF line ends, RFC 4180
//   quoting via papaparse.unparse, a final CRLF. A CSV holds one table: `events` are written only to
//   XLSX (sheet 轨迹) and are ignored for CSV.
// - Times: CSV text 'YYYY-MM-DD HH:mm:ss' in opts.timeZone. XLSX: real Excel date-time cells (number
//   format 'yyyy-mm-dd hh:mm:ss') whose wall-clock value is the time in opts.timeZone, so the clerk can
//   sort, filter by month and compute with them; Excel dates carry no zone, the zone is the export's.
//   Both are truncated to whole seconds, so CSV and XLSX show the same value.
// - Line breaks inside text: kept as-is in CSV (quoted); in XLSX CR / CRLF become LF (see xlsxCell).

import { PassThrough } from 'node:stream';
import type ExcelJSTypes from 'exceljs';
import Papa from 'papaparse';
import { loadExcel } from './loadExcel';
import { neutraliseFormula } from './spreadsheetSafety';

export interface ExportParcelRow {
  orderId: string;
  erpRef: string | null;
  seller: string | null;
  /** Epoch ms. */
  createdAt: number | null;
  carrierName: string | null;
  carrierCode: string | null;
  billNo: string | null;
  /** Canonical ShipmentStatus or OrderStatus code. */
  status: string;
  /** E.g. 已签收. */
  statusLabel: string;
  signedAt: number | null;
  lastEventAt: number | null;
  lastRemark: string | null;
  /** The 1688 account it was bought with ("name (memberId)") and the sub-account that placed it. */
  account?: string | null;
  purchaser?: string | null;
}

export interface ExportEventRow {
  orderId: string;
  billNo: string | null;
  at: number;
  stage: string;
  stageLabel: string;
  remark: string;
}

export interface ExportOptions {
  format: 'csv' | 'xlsx';
  /** Header language; default zh-CN. */
  language?: 'zh-CN' | 'en';
  /** Default 'Asia/Shanghai'; times are written as 'YYYY-MM-DD HH:mm:ss' in that zone. */
  timeZone?: string;
  /** "Now" for the file name, epoch ms; default Date.now(). */
  now?: number;
}

export interface ParcelExportResult {
  bytes: Buffer;
  /** E.g. 1688物流_20261129_1030.xlsx (time in opts.timeZone). */
  fileName: string;
  mimeType: string;
  /** Parcel rows written (header excluded). */
  rows: number;
}

export const CSV_MIME_TYPE = 'text/csv; charset=utf-8';
export const XLSX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const EXCEL_DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** Long exports give the event loop a turn this often (a 100k-row export is seconds of CPU). */
const YIELD_EVERY_ROWS = 2000;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// ---------------------------------------------------------------------------------------------------------
// Columns

/** 'id': digits that must stay text; 'time': epoch ms; 'text': free text. */
export type Kind = 'id' | 'time' | 'text';
export type Value = string | number | null;

export interface Column<T> {
  zh: string;
  en: string;
  kind: Kind;
  width: number;
  get: (r: T) => Value;
}

/**
 * Parcel sheet columns. The first ten are the clerk-facing ones; the two codes at the end are the
 * machine-readable canonical status and carrier code, for ERP mapping (labels are for people).
 */
export const PARCEL_COLUMNS: readonly Column<ExportParcelRow>[] = [
  { zh: '订单号', en: 'Order ID', kind: 'id', width: 22, get: (r) => r.orderId },
  { zh: 'ERP单号', en: 'ERP Ref', kind: 'id', width: 18, get: (r) => r.erpRef },
  { zh: '供应商', en: 'Seller', kind: 'text', width: 24, get: (r) => r.seller },
  { zh: '下单时间', en: 'Ordered At', kind: 'time', width: 20, get: (r) => r.createdAt },
  { zh: '快递公司', en: 'Carrier', kind: 'text', width: 14, get: (r) => r.carrierName },
  { zh: '运单号', en: 'Waybill No.', kind: 'id', width: 20, get: (r) => r.billNo },
  { zh: '状态', en: 'Status', kind: 'text', width: 10, get: (r) => r.statusLabel },
  { zh: '签收时间', en: 'Signed At', kind: 'time', width: 20, get: (r) => r.signedAt },
  { zh: '最新轨迹时间', en: 'Last Event At', kind: 'time', width: 20, get: (r) => r.lastEventAt },
  { zh: '最新轨迹', en: 'Last Event', kind: 'text', width: 60, get: (r) => r.lastRemark },
  { zh: '状态代码', en: 'Status Code', kind: 'text', width: 16, get: (r) => r.status },
  { zh: '快递公司编码', en: 'Carrier Code', kind: 'text', width: 14, get: (r) => r.carrierCode },
  { zh: '1688账号', en: '1688 Account', kind: 'text', width: 24, get: (r) => r.account ?? null },
  { zh: '采购员（子账号）', en: 'Purchaser (sub-account)', kind: 'text', width: 20, get: (r) => r.purchaser ?? null },
];

export const EVENT_COLUMNS: readonly Column<ExportEventRow>[] = [
  { zh: '订单号', en: 'Order ID', kind: 'id', width: 22, get: (r) => r.orderId },
  { zh: '运单号', en: 'Waybill No.', kind: 'id', width: 20, get: (r) => r.billNo },
  { zh: '时间', en: 'Time', kind: 'time', width: 20, get: (r) => r.at },
  { zh: '阶段', en: 'Stage', kind: 'text', width: 10, get: (r) => r.stageLabel },
  { zh: '轨迹', en: 'Event', kind: 'text', width: 80, get: (r) => r.remark },
  { zh: '阶段代码', en: 'Stage Code', kind: 'text', width: 16, get: (r) => r.stage },
];

const SHEET_NAMES = {
  'zh-CN': { parcels: '包裹', events: '轨迹' },
  en: { parcels: 'Parcels', events: 'Events' },
} as const;

// ---------------------------------------------------------------------------------------------------------
// Time zone arithmetic

/**
 * Wall-clock time of an instant in a time zone, as "UTC" epoch ms (its UTC fields are the wall clock).
 * Intl.formatToParts costs ~3 µs a call; three times per row that dominates a 100k-row export, so the
 * zone offset is cached per 15-minute bucket (every real-world offset change happens on a 15-minute
 * boundary). A bucket whose two ends disagree holds a change and is computed exactly per instant.
 */
class ZoneClock {
  private readonly dtf: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private static readonly BUCKET = 15 * 60 * 1000;

  constructor(timeZone: string) {
    this.dtf = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  private exactWall(ms: number): number {
    const p: Record<string, number> = {};
    for (const part of this.dtf.formatToParts(ms)) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    const wall = new Date(0);
    wall.setUTCFullYear(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1);
    wall.setUTCHours(p.hour ?? 0, p.minute ?? 0, p.second ?? 0, 0);
    return wall.getTime();
  }

  /** Whole seconds, wall clock in the zone, as UTC-fields epoch ms. */
  wall(ms: number): number {
    const s = Math.floor(ms / 1000) * 1000;
    const bucket = Math.floor(s / ZoneClock.BUCKET);
    let off = this.offsets.get(bucket);
    if (off === undefined) {
      const start = bucket * ZoneClock.BUCKET;
      const end = start + ZoneClock.BUCKET - 1000;
      const a = this.exactWall(start) - start;
      const b = this.exactWall(end) - end;
      off = a === b ? a : Number.NaN;
      if (this.offsets.size > 200_000) this.offsets.clear();
      this.offsets.set(bucket, off);
    }
    return Number.isNaN(off) ? this.exactWall(s) : s + off;
  }

  /** 'YYYY-MM-DD HH:mm:ss'. */
  format(ms: number): string {
    const d = new Date(this.wall(ms));
    return (
      `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
      `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
    );
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function validTime(v: Value): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

const clocks = new Map<string, ZoneClock>();

/** Formats an epoch-ms instant as 'YYYY-MM-DD HH:mm:ss' in a time zone (truncated to seconds). */
export function formatExportTime(ms: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new ZoneClock(timeZone);
    if (clocks.size >= 16) clocks.clear();
    clocks.set(timeZone, clock);
  }
  return clock.format(ms);
}

function exportFileName(clock: ZoneClock, now: number, ext: 'csv' | 'xlsx', stem = '1688物流'): string {
  const t = clock.format(now); // YYYY-MM-DD HH:mm:ss
  return `${stem}_${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}_${t.slice(11, 13)}${t.slice(14, 16)}.${ext}`;
}

// ---------------------------------------------------------------------------------------------------------
// CSV

function csvCell(kind: Kind, v: Value, clock: ZoneClock): string {
  if (v === null || v === undefined) return '';
  if (kind === 'time') return validTime(v) ? clock.format(v) : '';
  return neutraliseFormula(String(v));
}

const CSV_CHUNK_ROWS = 5000;

async function buildCsv<T>(
  columns: readonly Column<T>[],
  parcels: Iterable<T>,
  lang: 'zh-CN' | 'en',
  clock: ZoneClock,
): Promise<{ bytes: Buffer; rows: number }> {
  const fields = columns.map((c) => neutraliseFormula(lang === 'en' ? c.en : c.zh));
  const config = { newline: '\r\n', quotes: false, escapeFormulae: false } as const;
  // BOM, header, then the rows in chunks (papaparse.unparse quotes per RFC 4180; chunking keeps the
  // intermediate arrays small).
  const parts: Buffer[] = [Buffer.from(`\uFEFF${Papa.unparse([fields], config)}\r\n`, 'utf8')];
  let chunk: string[][] = [];
  let rows = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    parts.push(Buffer.from(`${Papa.unparse(chunk, config)}\r\n`, 'utf8'));
    chunk = [];
  };
  for (const p of parcels) {
    chunk.push(columns.map((c) => csvCell(c.kind, c.get(p), clock)));
    rows++;
    if (chunk.length >= CSV_CHUNK_ROWS) {
      flush();
      await yieldToEventLoop();
    }
  }
  flush();
  return { bytes: Buffer.concat(parts), rows };
}

// ---------------------------------------------------------------------------------------------------------
// XLSX

function xlsxCell(kind: Kind, v: Value, clock: ZoneClock): string | Date | null {
  if (v === null || v === undefined) return null;
  if (kind === 'time') return validTime(v) ? new Date(clock.wall(v)) : null;
  // XML parsers turn a raw CR / CRLF in cell text into LF (XML end-of-line handling), so a remark's CRLF
  // could never be read back: write the LF every reader will see. Neutralise first (a leading CR counts).
  return neutraliseFormula(String(v)).replace(/\r\n?/g, '\n');
}

async function addSheet<T>(
  wb: ExcelJSTypes.stream.xlsx.WorkbookWriter,
  name: string,
  columns: readonly Column<T>[],
  items: Iterable<T>,
  lang: 'zh-CN' | 'en',
  clock: ZoneClock,
): Promise<number> {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2' }] });
  // One style object per column, shared by all its cells: exceljs caches a style's id by object identity,
  // while a per-cell style object (what a column style gives every new cell) is re-serialised for every
  // cell: sharing makes the 100k-row export about twice as fast.
  const styles: Partial<ExcelJSTypes.Style>[] = columns.map((c) =>
    c.kind === 'id' ? { numFmt: '@' } : c.kind === 'time' ? { numFmt: EXCEL_DATE_FORMAT } : {},
  );
  ws.columns = columns.map((c, i) => ({
    header: neutraliseFormula(lang === 'en' ? c.en : c.zh),
    key: `c${i}`,
    width: c.width,
    style: styles[i] ?? {},
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  header.commit();
  let n = 0;
  for (const item of items) {
    const row = ws.addRow(columns.map((c) => xlsxCell(c.kind, c.get(item), clock)));
    for (let i = 0; i < columns.length; i++) row.getCell(i + 1).style = styles[i] ?? {};
    row.commit();
    // Let zlib compress what is written so far (on the thread pool) and keep the process responsive.
    if (++n % YIELD_EVERY_ROWS === 0) await yieldToEventLoop();
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + n, column: columns.length } };
  ws.commit();
  return n;
}

async function buildXlsx(
  parcels: Iterable<ExportParcelRow>,
  events: Iterable<ExportEventRow> | null,
  lang: 'zh-CN' | 'en',
  clock: ZoneClock,
): Promise<{ bytes: Buffer; rows: number }> {
  const names = SHEET_NAMES[lang];
  return writeWorkbook(async (wb) => {
    const rows = await addSheet(wb, names.parcels, PARCEL_COLUMNS, parcels, lang, clock);
    if (events) await addSheet(wb, names.events, EVENT_COLUMNS, events, lang, clock);
    return rows;
  });
}

/** A streamed workbook: `fill` adds its sheets and says how many rows the main one holds. */
async function writeWorkbook(fill: (wb: ExcelJSTypes.stream.xlsx.WorkbookWriter) => Promise<number>): Promise<{ bytes: Buffer; rows: number }> {
  // The streaming writer (rows are serialised as they are added) with styles (bold header, text and date
  // number formats) and shared strings. Without shared strings exceljs writes text cells as t="str"
  // (a formula's string result without a formula), which Excel tolerates but the spec does not define and
  // which loses leading/trailing spaces in some readers; shared strings cost ~30% more CPU and are what
  // Excel itself writes.
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  wb.creator = '1688 Tracker';
  wb.created = new Date();
  const rows = await fill(wb);
  await wb.commit();
  await ended;
  return { bytes: Buffer.concat(chunks), rows };
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Builds a parcel export. Iterables are consumed once. For CSV, `events` is ignored (one table per
 * CSV); for XLSX it becomes a second sheet.
 */
export async function buildParcelExport(
  parcels: Iterable<ExportParcelRow>,
  events: Iterable<ExportEventRow> | null,
  opts: ExportOptions,
): Promise<ParcelExportResult> {
  const lang = opts.language ?? 'zh-CN';
  const clock = new ZoneClock(opts.timeZone ?? DEFAULT_TIME_ZONE); // RangeError for an unknown zone
  const fileName = exportFileName(clock, opts.now ?? Date.now(), opts.format);
  if (opts.format === 'csv') {
    const { bytes, rows } = await buildCsv(PARCEL_COLUMNS, parcels, lang, clock);
    return { bytes, fileName, mimeType: CSV_MIME_TYPE, rows };
  }
  if (opts.format === 'xlsx') {
    const { bytes, rows } = await buildXlsx(parcels, events, lang, clock);
    return { bytes, fileName, mimeType: XLSX_MIME_TYPE, rows };
  }
  throw new Error(`unsupported export format: ${String(opts.format)}`);
}

/**
 * Builds a one-sheet export of any rows with the same cells as the parcel export (ids as text,
 * times in the zone, every text cell formula-safe): the in-transit book and the arrivals list.
 */
export async function buildTableExport<T>(
  columns: readonly Column<T>[],
  rows: Iterable<T>,
  opts: ExportOptions & { fileStem: string; sheetName: { zh: string; en: string } },
): Promise<ParcelExportResult> {
  const lang = opts.language ?? 'zh-CN';
  const clock = new ZoneClock(opts.timeZone ?? DEFAULT_TIME_ZONE);
  const fileName = exportFileName(clock, opts.now ?? Date.now(), opts.format, opts.fileStem);
  if (opts.format === 'csv') {
    const r = await buildCsv(columns, rows, lang, clock);
    return { bytes: r.bytes, fileName, mimeType: CSV_MIME_TYPE, rows: r.rows };
  }
  const sheet = lang === 'en' ? opts.sheetName.en : opts.sheetName.zh;
  const r = await writeWorkbook((wb) => addSheet(wb, sheet, columns, rows, lang, clock));
  return { bytes: r.bytes, fileName, mimeType: XLSX_MIME_TYPE, rows: r.rows };
}
