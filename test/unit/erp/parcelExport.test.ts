import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  CSV_MIME_TYPE,
  EVENT_COLUMNS,
  PARCEL_COLUMNS,
  XLSX_MIME_TYPE,
  buildParcelExport,
  formatExportTime,
  type ExportEventRow,
  type ExportParcelRow,
} from '../../../electron/core/erp/parcelExport';
import { parseOrderImport } from '../../../electron/core/erp/orderImport';

const ZH_HEADERS = ['订单号', 'ERP单号', '供应商', '下单时间', '快递公司', '运单号', '状态', '签收时间', '最新轨迹时间', '最新轨迹'];
const EN_HEADERS = ['Order ID', 'ERP Ref', 'Seller', 'Ordered At', 'Carrier', 'Waybill No.', 'Status', 'Signed At', 'Last Event At', 'Last Event'];

// 2025-11-29 10:30:00 in Asia/Shanghai (UTC+8), with milliseconds to check the truncation.
const T0 = Date.UTC(2025, 10, 29, 2, 30, 0, 789);

const parcels: ExportParcelRow[] = [
  {
    orderId: '3712490012345678901',
    erpRef: 'PO-2025-001',
    seller: '义乌市小商品有限公司, "总店"',
    createdAt: T0,
    carrierName: '中通快递',
    carrierCode: 'ZTO',
    billNo: '78912345678901234567',
    status: 'delivered',
    statusLabel: '已签收',
    signedAt: T0 + 86_400_000,
    lastEventAt: T0 + 86_400_000 + 61_000,
    lastRemark: '【杭州市】已签收，签收人：本人\n如有疑问请联系：13800000000',
  },
  {
    orderId: '3712490012345678902',
    erpRef: '=cmd|\' /C calc\'!A0',
    seller: '+SUM(1)',
    createdAt: null,
    carrierName: null,
    carrierCode: null,
    billNo: null,
    status: 'exception',
    statusLabel: '异常',
    signedAt: null,
    lastEventAt: T0,
    lastRemark: '@x',
  },
  {
    orderId: '0012345',
    erpRef: '-5',
    seller: '\tTabbed',
    createdAt: T0,
    carrierName: ' =spaced',
    carrierCode: 'X,Y',
    billNo: 'SF1234567890123',
    status: 'in_transit',
    statusLabel: '运输中',
    signedAt: null,
    lastEventAt: null,
    lastRemark: '\r\nCR first',
  },
  {
    orderId: '9999999999999999999',
    erpRef: null,
    seller: null,
    createdAt: null,
    carrierName: '极兔速递',
    carrierCode: 'JTSD',
    billNo: 'JT0001234567890',
    status: 'not_found',
    statusLabel: '暂无轨迹',
    signedAt: null,
    lastEventAt: null,
    lastRemark: 'bidi \u202Eevil\u202C kept; 引号 "a" , 逗号',
  },
];

const events: ExportEventRow[] = [
  { orderId: '3712490012345678901', billNo: '78912345678901234567', at: T0, stage: 'picked_up', stageLabel: '已揽收', remark: '【义乌】已揽收' },
  { orderId: '3712490012345678901', billNo: null, at: T0 + 1000, stage: 'exception', stageLabel: '异常', remark: '=HYPERLINK("http://x")' },
];

const apostrophe = (s: string) => (/^\s*[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** What each clerk-facing column should read back as in CSV (text) form. */
function expectedCsvRow(p: ExportParcelRow): string[] {
  const t = (ms: number | null) => (ms === null ? '' : formatExportTime(ms, 'Asia/Shanghai'));
  const s = (v: string | null) => (v === null ? '' : apostrophe(v));
  return [
    p.orderId,
    s(p.erpRef),
    s(p.seller),
    t(p.createdAt),
    s(p.carrierName),
    s(p.billNo),
    s(p.statusLabel),
    t(p.signedAt),
    t(p.lastEventAt),
    s(p.lastRemark),
    s(p.status),
    s(p.carrierCode),
    s(p.account ?? null),
    s(p.purchaser ?? null),
  ];
}

/** exceljs reads a date cell back as a Date whose UTC fields are the wall clock. */
function wallText(d: Date): string {
  const r = new Date(Math.round(d.getTime() / 1000) * 1000);
  return r.toISOString().slice(0, 19).replace('T', ' ');
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return wallText(v);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
}

async function loadXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

describe('formatExportTime', () => {
  it('writes YYYY-MM-DD HH:mm:ss in the zone, truncated to seconds', () => {
    expect(formatExportTime(T0)).toBe('2025-11-29 10:30:00');
    expect(formatExportTime(T0, 'UTC')).toBe('2025-11-29 02:30:00');
    expect(formatExportTime(Date.UTC(2025, 11, 31, 16, 0, 0), 'Asia/Shanghai')).toBe('2026-01-01 00:00:00');
    expect(formatExportTime(Date.UTC(2026, 2, 8, 6, 59, 59), 'America/New_York')).toBe('2026-03-08 01:59:59');
    expect(formatExportTime(Date.UTC(2026, 2, 8, 7, 0, 0), 'America/New_York')).toBe('2026-03-08 03:00:00');
    expect(formatExportTime(Date.UTC(2026, 0, 1, 0, 0, 0), 'Asia/Kathmandu')).toBe('2026-01-01 05:45:00');
  });

  it('matches Intl for many instants across DST changes (offset cache)', () => {
    const dtf = (tz: string) =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    for (const tz of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
      const f = dtf(tz);
      let x = 12345;
      for (let i = 0; i < 2000; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const ms = Date.UTC(2020, 0, 1) + Math.floor((x / 2147483648) * 8 * 365 * 86_400_000);
        expect(formatExportTime(ms, tz), `${tz} ${ms}`).toBe(f.format(Math.floor(ms / 1000) * 1000));
      }
      // Every 7 minutes 13 seconds across the 2026 DST changes (both hemispheres; Lord Howe moves 30 min).
      for (const day of [Date.UTC(2026, 2, 7), Date.UTC(2026, 2, 28), Date.UTC(2026, 3, 4), Date.UTC(2026, 9, 3), Date.UTC(2026, 10, 1)]) {
        for (let ms = day; ms < day + 2 * 86_400_000; ms += 433_000) {
          expect(formatExportTime(ms, tz), `${tz} ${ms}`).toBe(f.format(ms));
        }
      }
    }
  });
});

describe('buildParcelExport: CSV', () => {
  it('UTF-8 BOM, CRLF, RFC 4180 quoting, neutralised formulas, exact ids — round trip', async () => {
    const now = Date.UTC(2026, 10, 29, 2, 30, 5);
    const out = await buildParcelExport(parcels, events, { format: 'csv', now });
    expect(out.fileName).toBe('1688物流_20261129_1030.csv');
    expect(out.mimeType).toBe(CSV_MIME_TYPE);
    expect(out.rows).toBe(parcels.length);
    expect([...out.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = out.bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe([...ZH_HEADERS, '状态代码', '快递公司编码', '1688账号', '采购员（子账号）'].join(','));
    // Every line break outside quoted fields is CRLF.
    expect(text.includes('\r\n')).toBe(true);
    expect(/[^\r]\n/.test(text.replace(/"(?:[^"]|"")*"/g, ''))).toBe(false);

    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header?.slice(0, 10)).toEqual(ZH_HEADERS);
    expect(rows).toEqual(parcels.map(expectedCsvRow));
    // Spot checks of the rules themselves.
    expect(rows[1]?.[1]).toBe("'=cmd|' /C calc'!A0");
    expect(rows[1]?.[2]).toBe("'+SUM(1)");
    expect(rows[1]?.[9]).toBe("'@x");
    expect(rows[2]?.[1]).toBe("'-5");
    expect(rows[2]?.[4]).toBe("' =spaced");
    expect(rows[0]?.[0]).toBe('3712490012345678901');
    expect(rows[0]?.[3]).toBe('2025-11-29 10:30:00');
    expect(rows[0]?.[5]).toBe('78912345678901234567');
    expect(rows[3]?.[9]).toContain('\u202E'); // data kept faithful
  });

  it('English headers', async () => {
    const out = await buildParcelExport(parcels.slice(0, 1), null, { format: 'csv', language: 'en' });
    const header = out.bytes.toString('utf8').slice(1).split('\r\n')[0]?.split(',');
    expect(header?.slice(0, 10)).toEqual(EN_HEADERS);
  });

  it('no parcels: header only', async () => {
    const out = await buildParcelExport([], null, { format: 'csv' });
    expect(out.rows).toBe(0);
    expect(out.bytes.toString('utf8')).toBe(`\uFEFF${[...ZH_HEADERS, '状态代码', '快递公司编码', '1688账号', '采购员（子账号）'].join(',')}\r\n`);
  });

  it('an exported CSV imports back (ids and ERP refs)', async () => {
    const out = await buildParcelExport(parcels, null, { format: 'csv' });
    const r = await parseOrderImport(out.fileName, out.bytes);
    expect(r.orderIdColumn).toBe('订单号');
    expect(r.erpRefColumn).toBe('ERP单号');
    expect(r.rows.map((x) => [x.orderId, x.erpRef])).toEqual([
      ['3712490012345678901', 'PO-2025-001'],
      ['3712490012345678902', "=cmd|' /C calc'!A0"], // the import strips Excel's text apostrophe
      ['0012345', '-5'],
      ['9999999999999999999', null],
    ]);
  });
});

describe('buildParcelExport: XLSX', () => {
  it('sheets, header, frozen row, filter, text ids, dates, neutralised formulas — round trip', async () => {
    const out = await buildParcelExport(parcels, events, { format: 'xlsx', now: Date.UTC(2026, 10, 29, 2, 30) });
    expect(out.fileName).toBe('1688物流_20261129_1030.xlsx');
    expect(out.mimeType).toBe(XLSX_MIME_TYPE);
    expect(out.rows).toBe(parcels.length);
    expect([...out.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);

    const wb = await loadXlsx(out.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['包裹', '轨迹']);
    const ws = wb.getWorksheet('包裹')!;
    expect(ws.rowCount).toBe(parcels.length + 1);
    const header = ws.getRow(1);
    expect(PARCEL_COLUMNS.map((_, i) => header.getCell(i + 1).value).slice(0, 10)).toEqual(ZH_HEADERS);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe(`A1:N${parcels.length + 1}`);
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(20);

    parcels.forEach((p, i) => {
      const row = ws.getRow(i + 2);
      const got = PARCEL_COLUMNS.map((_, c) => cellText(row.getCell(c + 1).value));
      // XLSX text keeps line breaks as LF (XML end-of-line handling turns CR / CRLF into LF).
      expect(got, `row ${i + 2}`).toEqual(expectedCsvRow(p).map((v) => v.replace(/\r\n?/g, '\n')));
      // Ids and waybills are string cells in text-formatted columns.
      expect(typeof row.getCell(1).value).toBe('string');
      expect(row.getCell(1).numFmt).toBe('@');
      expect(row.getCell(6).numFmt).toBe('@');
      if (p.createdAt !== null) {
        expect(row.getCell(4).value).toBeInstanceOf(Date);
        expect(row.getCell(4).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
      }
    });
    expect(ws.getRow(2).getCell(1).value).toBe('3712490012345678901');
    expect(ws.getRow(2).getCell(10).value).toBe('【杭州市】已签收，签收人：本人\n如有疑问请联系：13800000000');
    expect(ws.getRow(3).getCell(2).value).toBe("'=cmd|' /C calc'!A0");
    expect(ws.getRow(3).getCell(2).formula).toBeUndefined();

    const ev = wb.getWorksheet('轨迹')!;
    expect([1, 2, 3, 4, 5].map((c) => ev.getRow(1).getCell(c).value)).toEqual(['订单号', '运单号', '时间', '阶段', '轨迹']);
    expect(EVENT_COLUMNS.map((_, c) => cellText(ev.getRow(2).getCell(c + 1).value))).toEqual([
      '3712490012345678901',
      '78912345678901234567',
      '2025-11-29 10:30:00',
      '已揽收',
      '【义乌】已揽收',
      'picked_up',
    ]);
    expect(cellText(ev.getRow(3).getCell(5).value)).toBe('\'=HYPERLINK("http://x")');
    expect(ev.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('no events sheet without events; English headers and sheet names', async () => {
    const zh = await loadXlsx((await buildParcelExport(parcels, null, { format: 'xlsx' })).bytes);
    expect(zh.worksheets.map((w) => w.name)).toEqual(['包裹']);
    const en = await loadXlsx((await buildParcelExport(parcels, events, { format: 'xlsx', language: 'en' })).bytes);
    expect(en.worksheets.map((w) => w.name)).toEqual(['Parcels', 'Events']);
    const header = en.worksheets[0]!.getRow(1);
    expect(EN_HEADERS.map((_, i) => header.getCell(i + 1).value)).toEqual(EN_HEADERS);
  });

  it('times follow opts.timeZone', async () => {
    const wb = await loadXlsx((await buildParcelExport(parcels.slice(0, 1), null, { format: 'xlsx', timeZone: 'UTC' })).bytes);
    expect(cellText(wb.worksheets[0]!.getRow(2).getCell(4).value)).toBe('2025-11-29 02:30:00');
  });

  it('accepts generators (iterables consumed once)', async () => {
    function* gen() {
      yield* parcels;
    }
    function* genEvents() {
      yield* events;
    }
    const out = await buildParcelExport(gen(), genEvents(), { format: 'xlsx' });
    expect(out.rows).toBe(parcels.length);
  });

  it('an exported XLSX imports back', async () => {
    const out = await buildParcelExport(parcels, null, { format: 'xlsx' });
    const r = await parseOrderImport(out.fileName, out.bytes);
    expect(r.rows.map((x) => x.orderId)).toEqual(parcels.map((p) => p.orderId));
  });

  it('rejects an unknown time zone', async () => {
    await expect(buildParcelExport([], null, { format: 'csv', timeZone: 'Mars/Olympus' })).rejects.toThrow(RangeError);
  });
});

describe('buildParcelExport: 100,000 parcels', () => {
  const N = 100_000;
  const many = (): ExportParcelRow[] =>
    Array.from({ length: N }, (_, i) => ({
      orderId: String(3712490012345678900n + BigInt(i)),
      erpRef: `PO-${i}`,
      seller: '义乌市小商品有限公司',
      createdAt: T0 + i * 1000,
      carrierName: '中通快递',
      carrierCode: 'ZTO',
      billNo: `7891${String(i).padStart(12, '0')}`,
      status: 'in_transit',
      statusLabel: '运输中',
      signedAt: i % 3 === 0 ? T0 + i * 5000 : null,
      lastEventAt: T0 + i * 7000,
      lastRemark: i % 1000 === 0 ? '=1+1' : '【杭州市】快件已到达 杭州转运中心，正在分拣',
    }));

  for (const format of ['csv', 'xlsx'] as const) {
    it(format, { timeout: 180_000 }, async () => {
      const rows = many();
      const t = performance.now();
      const cpu = process.cpuUsage();
      const out = await buildParcelExport(rows, null, { format });
      const used = process.cpuUsage(cpu);
      console.log(
        `100k parcels ${format.toUpperCase()} export (${(out.bytes.length / 1e6).toFixed(1)} MB): ${Math.round(performance.now() - t)} ms wall, ${Math.round((used.user + used.system) / 1000)} ms CPU`,
      );
      expect(out.rows).toBe(N);
      if (format === 'csv') {
        const lines = out.bytes.toString('utf8').split('\r\n');
        expect(lines).toHaveLength(N + 2);
        expect(lines[N]?.startsWith(`${rows[N - 1]?.orderId},PO-${N - 1},`)).toBe(true);
        expect(lines[1]).toContain(",'=1+1,");
      } else {
        const r = await parseOrderImport(out.fileName, out.bytes);
        expect(r.rows).toHaveLength(N);
        expect(r.rows[N - 1]).toEqual({ row: N + 1, orderId: rows[N - 1]?.orderId, erpRef: `PO-${N - 1}` });
      }
    });
  }
});
