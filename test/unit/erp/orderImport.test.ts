import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  ImportFileError,
  REASONS,
  decodeText,
  parseOrderImport,
  type ParsedImport,
} from '../../../electron/core/erp/orderImport';

const ID = (n: number) => String(3712490012345678900n + BigInt(n)); // 19 digits

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

function expectInvariant(r: ParsedImport) {
  expect(r.rows.length + r.rowErrors.length).toBe(r.totalRows);
  const seen = new Set<number>();
  for (const x of [...r.rows, ...r.rowErrors]) {
    expect(seen.has(x.row)).toBe(false);
    seen.add(x.row);
  }
}

async function importError(p: Promise<unknown>): Promise<ImportFileError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportFileError);
    return e as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

async function xlsxBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * The same workbook with its rels, shared strings and sheets stored first, xl/workbook.xml after them. The order of a
 * zip's parts is free; a one-pass reader that meets a sheet before the workbook cannot name it.
 */
async function sheetsBeforeWorkbook(bytes: Uint8Array): Promise<Uint8Array> {
  const src = await JSZip.loadAsync(bytes);
  const names = Object.keys(src.files).filter((n) => !src.files[n]!.dir);
  const early = ['xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', ...names.filter((n) => n.startsWith('xl/worksheets/'))];
  const out = new JSZip();
  for (const n of [...early.filter((n) => names.includes(n)), ...names.filter((n) => !early.includes(n))]) {
    out.file(n, await src.files[n]!.async('uint8array'));
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Deterministic pseudo-random bytes (xorshift32). */
function junk(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

describe('parseOrderImport: CSV with a header', () => {
  it('reports every row: good, bad, duplicate, empty, too long — with spreadsheet row numbers', async () => {
    const longRef = 'R'.repeat(101);
    const csv = [
      '订单号,ERP单号', // 1
      `${ID(1)},ERP-001`, // 2 ok
      '37124900123456789AB,ERP-002', // 3 letters
      '12345,ERP-003', // 4 five digits
      '1234567890123456789012345,ERP-004', // 5 twenty-five digits
      '', // 6 empty line in the middle
      `${ID(1)},ERP-006`, // 7 duplicate of row 2
      ',ERP-007', // 8 no id
      `'${ID(8)},`, // 9 Excel text marker, no ERP ref
      `"=""${ID(9)}""",ERP-009`, // 10 ="…" wrapper
      `３７１２４９００１２３４５６７８９１０,"ERP, with comma"`, // 11 full-width digits
      '3.71249E+18,ERP-011', // 12 scientific notation: digits already lost
      `${ID(12)},${longRef}`, // 13 ERP ref too long
      ` ${ID(13)} ,"two\nlines ""quoted"""`, // 14 one record over two text lines
      `${ID(14)},ERP-015`, // 15
      ',,', // 16 blank row in the middle (cells but no values)
      `${ID(16)},ERP-017`, // 17
      '',
      ',',
      '',
    ].join('\r\n');
    const r = await parseOrderImport('orders.csv', utf8(csv));
    expect(r.format).toBe('csv');
    expect(r.orderIdColumn).toBe('订单号');
    expect(r.erpRefColumn).toBe('ERP单号');
    expect(r.totalRows).toBe(16);
    expect(r.rows).toEqual([
      { row: 2, orderId: ID(1), erpRef: 'ERP-001' },
      { row: 9, orderId: ID(8), erpRef: null },
      { row: 10, orderId: ID(9), erpRef: 'ERP-009' },
      { row: 11, orderId: ID(10), erpRef: 'ERP, with comma' },
      { row: 14, orderId: ID(13), erpRef: 'two\nlines "quoted"' },
      { row: 15, orderId: ID(14), erpRef: 'ERP-015' },
      { row: 17, orderId: ID(16), erpRef: 'ERP-017' },
    ]);
    expect(r.rowErrors).toEqual([
      { row: 3, value: '37124900123456789AB', reason: '订单号不是数字', reasonCode: 'bad_id' },
      { row: 4, value: '12345', reason: '订单号位数不对（应为 6–20 位）', reasonCode: 'bad_id' },
      { row: 5, value: '1234567890123456789012345', reason: '订单号位数不对（应为 6–20 位）', reasonCode: 'bad_id' },
      { row: 6, value: '', reason: '空行', reasonCode: 'empty' },
      { row: 7, value: ID(1), reason: '与第 2 行重复', reasonCode: 'duplicate' },
      { row: 8, value: '', reason: REASONS.emptyId, reasonCode: 'empty' },
      { row: 12, value: '3.71249E+18', reason: REASONS.lostPrecision, reasonCode: 'bad_id' },
      { row: 13, value: longRef, reason: REASONS.refTooLong, reasonCode: 'too_long' },
      { row: 16, value: '', reason: '空行', reasonCode: 'empty' },
    ]);
    expect(REASONS.lostPrecision).toBe('单元格是数字格式，19 位订单号已失真：请把该列设为文本后重新导出');
    expectInvariant(r);
  });

  it('recognises header variants (case, spaces, full-width, notes) and picks the ERP column', async () => {
    for (const [h1, h2] of [
      ['Order ID', 'ERP Ref'],
      ['ORDER_ID', 'po number'],
      ['ｏｒｄｅｒ　ｎｏ', 'Reference'],
      ['*1688订单号(必填)', '内部单号'],
      ['阿里订单号', '备注单号'],
    ]) {
      const r = await parseOrderImport('a.csv', utf8(`商品,${h1},${h2}\n杯子,${ID(1)},X1\n`));
      expect(r.orderIdColumn, h1).toBe(h1);
      expect(r.erpRefColumn, h1).toBe(h2);
      expect(r.rows, h1).toEqual([{ row: 2, orderId: ID(1), erpRef: 'X1' }]);
    }
  });

  it('采购单号 is ambiguous: the column whose values look like 1688 ids is the order id', async () => {
    const a = await parseOrderImport('a.csv', utf8(`订单号,采购单号\nSO-1,${ID(1)}\nSO-2,${ID(2)}\n`));
    expect(a.orderIdColumn).toBe('采购单号');
    expect(a.erpRefColumn).toBe('订单号');
    expect(a.rows.map((x) => [x.orderId, x.erpRef])).toEqual([
      [ID(1), 'SO-1'],
      [ID(2), 'SO-2'],
    ]);
    const b = await parseOrderImport('b.csv', utf8(`采购订单号,1688订单号\nCG20261129001,${ID(1)}\n`));
    expect([b.orderIdColumn, b.erpRefColumn]).toEqual(['1688订单号', '采购订单号']);
    expect(b.rows[0]?.erpRef).toBe('CG20261129001');
    const c = await parseOrderImport('c.csv', utf8(`采购单号,ERP单号\n${ID(1)},E1\n`));
    expect([c.orderIdColumn, c.erpRefColumn]).toEqual(['采购单号', 'ERP单号']);
    // Both look like ids: the unambiguous header wins, the other is the ERP reference.
    const d = await parseOrderImport('d.csv', utf8(`采购单号,订单号\n${ID(1)},${ID(2)}\n`));
    expect([d.orderIdColumn, d.erpRefColumn]).toEqual(['订单号', '采购单号']);
  });

  it('skips a title line above the header (rows keep their spreadsheet numbers)', async () => {
    const r = await parseOrderImport('a.csv', utf8(`2026年11月 采购明细,,\n\n序号,订单号,ERP单号\n1,${ID(1)},E1\n2,${ID(2)},E2\n`));
    expect(r.orderIdColumn).toBe('订单号');
    expect(r.totalRows).toBe(2);
    expect(r.rows.map((x) => x.row)).toEqual([4, 5]);
  });

  it('honours an Excel sep= line and does not count it as a row', async () => {
    const r = await parseOrderImport('a.csv', utf8(`sep=;\n订单号;ERP单号\n${ID(1)};E,1\n`));
    expect(r.rows).toEqual([{ row: 2, orderId: ID(1), erpRef: 'E,1' }]);
  });

  it('detects semicolon, Chinese comma and pipe delimiters', async () => {
    for (const d of [';', '，', '|']) {
      const r = await parseOrderImport('a.txt', utf8(`订单号${d}ERP单号\n${ID(1)}${d}E1\n${ID(2)}${d}E2\n`));
      expect(r.rows.map((x) => x.erpRef), d).toEqual(['E1', 'E2']);
    }
  });

  it('an unclosed quote does not swallow the rest of the file', async () => {
    const r = await parseOrderImport('a.csv', utf8(`订单号,ERP单号\n${ID(1)},"E1\n${ID(2)},E2\n${ID(3)},E3\n`));
    expect(r.totalRows).toBe(3);
    expect(r.rows.map((x) => x.orderId)).toEqual([ID(1), ID(2), ID(3)]);
    expectInvariant(r);
  });
});

describe('parseOrderImport: headerless text', () => {
  it('finds the id column (≥ 80% ids) and uses the first other column as the ERP reference', async () => {
    const r = await parseOrderImport('ids.csv', utf8(`ERP-1,${ID(1)}\nERP-2,${ID(2)}\n,${ID(3)}\nERP-4,oops\nERP-5,${ID(5)}\n`));
    expect(r.orderIdColumn).toBeNull();
    expect(r.erpRefColumn).toBeNull();
    expect(r.totalRows).toBe(5);
    expect(r.rows).toEqual([
      { row: 1, orderId: ID(1), erpRef: 'ERP-1' },
      { row: 2, orderId: ID(2), erpRef: 'ERP-2' },
      { row: 3, orderId: ID(3), erpRef: null },
      { row: 5, orderId: ID(5), erpRef: 'ERP-5' },
    ]);
    expect(r.rowErrors).toEqual([{ row: 4, value: 'oops', reason: '订单号不是数字', reasonCode: 'bad_id' }]);
  });

  it('a single column of ids, with leading blank lines', async () => {
    const r = await parseOrderImport('ids.txt', utf8(`\n\n${ID(1)}\n${ID(2)}\n${ID(1)}\n`));
    expect(r.rows.map((x) => x.row)).toEqual([3, 4]);
    expect(r.rowErrors).toEqual([{ row: 5, value: ID(1), reason: '与第 3 行重复', reasonCode: 'duplicate' }]);
    expect(r.totalRows).toBe(3);
  });

  it('takes an unrecognised text first row over an id column as its header', async () => {
    const r = await parseOrderImport('ids.csv', utf8(`单号,备注\n${ID(1)},a\n${ID(2)},b\n`));
    expect(r.orderIdColumn).toBe('单号');
    expect(r.erpRefColumn).toBe('备注');
    expect(r.totalRows).toBe(2);
  });

  it('TSV', async () => {
    const r = await parseOrderImport('a.tsv', utf8(`Order No\tPO\n${ID(1)}\tPO-1, x\n${ID(2)}\t\n`));
    expect(r.rows).toEqual([
      { row: 2, orderId: ID(1), erpRef: 'PO-1, x' },
      { row: 3, orderId: ID(2), erpRef: null },
    ]);
  });

  it('no order column → no_order_column with a message naming what was expected', async () => {
    const e = await importError(parseOrderImport('a.csv', utf8('商品,数量\n杯子,3\n碗,5\n')));
    expect(e.code).toBe('no_order_column');
    expect(e.userMessage).toContain('订单号');
  });
});

describe('parseOrderImport: encodings', () => {
  // 订单号 = B6A9 B5A5 BAC5, 单号 = B5A5 BAC5, 测试 = B2E2 CAD4 in GBK/GB18030.
  const gbk = new Uint8Array([
    0xb6, 0xa9, 0xb5, 0xa5, 0xba, 0xc5, 0x2c, 0x45, 0x52, 0x50, 0xb5, 0xa5, 0xba, 0xc5, 0x0d, 0x0a,
    ...Buffer.from(`${ID(1)},`, 'ascii'), 0xb2, 0xe2, 0xca, 0xd4, 0x0d, 0x0a,
    ...Buffer.from(`${ID(2)},A2\r\n`, 'ascii'),
  ]);

  it('GBK / GB18030 (Chinese Excel "CSV")', async () => {
    expect(new TextDecoder('gb18030').decode(new Uint8Array([0xb6, 0xa9, 0xb5, 0xa5, 0xba, 0xc5]))).toBe('订单号');
    expect(decodeText(gbk).encoding).toBe('gb18030');
    const r = await parseOrderImport('gbk.csv', gbk);
    expect([r.orderIdColumn, r.erpRefColumn]).toEqual(['订单号', 'ERP单号']);
    expect(r.rows).toEqual([
      { row: 2, orderId: ID(1), erpRef: '测试' },
      { row: 3, orderId: ID(2), erpRef: 'A2' },
    ]);
  });

  /** GBK encoder built from the GB18030 decoder (two-byte range: lead 0x81–0xFE, trail 0x40–0xFE). */
  const gbkTable = (() => {
    const pairs: number[] = [];
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail);
    }
    const chars = Array.from(new TextDecoder('gb18030').decode(new Uint8Array(pairs)));
    const map = new Map<string, [number, number]>();
    chars.forEach((ch, i) => {
      if (!map.has(ch)) map.set(ch, [pairs[2 * i]!, pairs[2 * i + 1]!]);
    });
    return map;
  })();
  const encodeGbk = (s: string) =>
    new Uint8Array(
      Array.from(s).flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (gbkTable.get(ch) ?? [0x3f, 0x3f]))),
    );

  it('GBK with real Chinese content; the hand-made bytes agree with the table', async () => {
    expect([...encodeGbk('订单号')]).toEqual([0xb6, 0xa9, 0xb5, 0xa5, 0xba, 0xc5]);
    const rows = Array.from({ length: 50 }, (_, i) => `${ID(i)},义乌市小商品有限公司第${i}号,中通快递【杭州转运中心】已发出，下一站：上海`);
    const bytes = encodeGbk(`订单号,供应商,备注\r\n${rows.join('\r\n')}\r\n`);
    expect(decodeText(bytes).encoding).toBe('gb18030');
    const r = await parseOrderImport('供应商导出.csv', bytes);
    expect(r.orderIdColumn).toBe('订单号');
    expect(r.rows).toHaveLength(50);
    expect(decodeText(bytes).text).toContain('义乌市小商品有限公司第49号');
  });

  it('UTF-8 with a stray non-UTF-8 byte stays UTF-8', () => {
    const good = Buffer.from(`订单号,供应商\r\n${ID(1)},义乌市小商品有限公司，浙江省金华市\r\n`, 'utf8');
    const bytes = new Uint8Array([...good, 0xe9, 0x0d, 0x0a]); // a Latin-1 "é"
    const d = decodeText(bytes);
    expect(d.encoding).toBe('utf-8');
    expect(d.text).toContain('义乌市小商品有限公司，浙江省金华市');
  });

  const text = `订单号,ERP单号\r\n${ID(1)},测试\r\n`;
  const expected = [{ row: 2, orderId: ID(1), erpRef: '测试' }];

  it('UTF-8 with and without BOM', async () => {
    expect((await parseOrderImport('a.csv', utf8(`\uFEFF${text}`))).rows).toEqual(expected);
    expect((await parseOrderImport('a.csv', utf8(text))).rows).toEqual(expected);
    expect(decodeText(utf8(`\uFEFF${text}`))).toEqual({ text, encoding: 'utf-8' });
  });

  it('UTF-16 LE and BE with BOM, and LE without BOM', async () => {
    const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeText(le).encoding).toBe('utf-16le');
    expect(decodeText(be).encoding).toBe('utf-16be');
    expect((await parseOrderImport('a.csv', le)).rows).toEqual(expected);
    expect((await parseOrderImport('a.txt', be)).rows).toEqual(expected);
    const bomless = Buffer.from(text, 'utf16le');
    expect(decodeText(bomless)).toEqual({ text, encoding: 'utf-16le' });
    expect((await parseOrderImport('a.txt', bomless)).rows).toEqual(expected);
  });
});

describe('parseOrderImport: XLSX', () => {
  it('reads strings, rich text, formula results and hyperlinks; reports numeric 19-digit ids', async () => {
    const bytes = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('订单');
      ws.addRow(['订单号', 'ERP单号', '备注']); // 1
      ws.addRow([ID(1), 'E1']); // 2 string id
      ws.addRow([3712490012345678903, 'E2']); // 3 numeric 19-digit id: digits already lost
      ws.addRow([{ richText: [{ text: ID(4).slice(0, 8) }, { text: ID(4).slice(8), font: { bold: true } }] }, 'E4']); // 4
      ws.addRow([{ formula: `"${ID(5)}"`, result: ID(5) }, { formula: 'A1&"x"', result: 'E5' }]); // 5 formula results
      ws.addRow([{ text: ID(6), hyperlink: 'https://trade.1688.com/' }, 'E6']); // 6 hyperlink
      // 7: empty row in the middle
      ws.getCell('A8').value = 123456789; // 8 small numeric id: exact, accepted
      ws.getCell('B8').value = 42; // numeric ERP ref
      ws.getCell('A9').value = { formula: 'A2' }; // 9 formula without a cached result
      ws.getCell('A10').value = '3.71249E+18'; // 10 Excel's scientific display saved as text
      ws.getCell('A11').value = { formula: 'A3*1', result: 3712490012345678903 }; // 11 numeric formula result
      ws.getCell('A12').value = ID(12);
      ws.getCell('B12').value = 12345678901234567890; // 12 numeric ERP ref past 2^53
      ws.getCell('A13').value = 1234.5; // 13
      ws.getCell('C20').value = ''; // trailing blank cells
      ws.getRow(25).font = { bold: true };
    });
    const r = await parseOrderImport('orders.xlsx', bytes);
    expect(r.format).toBe('xlsx');
    expect([r.orderIdColumn, r.erpRefColumn]).toEqual(['订单号', 'ERP单号']);
    expect(r.totalRows).toBe(12);
    expect(r.rows).toEqual([
      { row: 2, orderId: ID(1), erpRef: 'E1' },
      { row: 4, orderId: ID(4), erpRef: 'E4' },
      { row: 5, orderId: ID(5), erpRef: 'E5' },
      { row: 6, orderId: ID(6), erpRef: 'E6' },
      { row: 8, orderId: '123456789', erpRef: '42' },
    ]);
    expect(r.rowErrors).toEqual([
      { row: 3, value: String(3712490012345678903), reason: REASONS.lostPrecision, reasonCode: 'bad_id' },
      { row: 7, value: '', reason: '空行', reasonCode: 'empty' },
      { row: 9, value: '=A2', reason: REASONS.formulaNoResult, reasonCode: 'bad_id' },
      { row: 10, value: '3.71249E+18', reason: REASONS.lostPrecision, reasonCode: 'bad_id' },
      { row: 11, value: String(3712490012345678903), reason: REASONS.lostPrecision, reasonCode: 'bad_id' },
      { row: 12, value: String(12345678901234567890), reason: REASONS.refLostPrecision, reasonCode: 'bad_id' },
      { row: 13, value: '1234.5', reason: '订单号不是数字', reasonCode: 'bad_id' },
    ]);
    expectInvariant(r);
  });

  it('skips a leading instructions sheet and reads the first sheet with an order column', async () => {
    const bytes = await xlsxBytes((wb) => {
      wb.addWorksheet('说明').addRow(['请在“订单”表中填写 1688 订单号']);
      const ws = wb.addWorksheet('订单');
      ws.addRow(['订单号']);
      ws.addRow([ID(1)]);
    });
    const r = await parseOrderImport('a.xlsx', bytes);
    expect(r.rows).toEqual([{ row: 2, orderId: ID(1), erpRef: null }]);
  });

  it('headerless XLSX', async () => {
    const bytes = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow([ID(1), 'E1']);
      ws.addRow([ID(2), 'E2']);
    });
    const r = await parseOrderImport('a.xlsx', bytes);
    expect(r.orderIdColumn).toBeNull();
    expect(r.rows.map((x) => x.erpRef)).toEqual(['E1', 'E2']);
  });

  it('reads a workbook whose sheets are stored before xl/workbook.xml, cell for cell as the usual order', async () => {
    const bytes = await xlsxBytes((wb) => {
      wb.addWorksheet('说明').addRow(['请在“订单”表中填写 1688 订单号']);
      const ws = wb.addWorksheet('订单');
      ws.addRow(['订单号', 'ERP单号']);
      ws.addRow([ID(1), 'E1']);
      ws.addRow([{ richText: [{ text: ID(2).slice(0, 8) }, { text: ID(2).slice(8) }] }, { formula: 'A1&"x"', result: 'E2' }]);
      ws.addRow([ID(3), new Date(Date.UTC(2026, 10, 5))]); // a date-formatted ERP ref reads as Excel's day number
      ws.addRow([3712490012345678904, 'E4']);
    });
    const usual = await parseOrderImport('a.xlsx', bytes);
    expect(usual.rows).toEqual([
      { row: 2, orderId: ID(1), erpRef: 'E1' },
      { row: 3, orderId: ID(2), erpRef: 'E2' },
      { row: 4, orderId: ID(3), erpRef: '46331' },
    ]);
    expect(usual.rowErrors.map((e) => [e.row, e.reason])).toEqual([[5, REASONS.lostPrecision]]);
    expect(await parseOrderImport('a.xlsx', await sheetsBeforeWorkbook(bytes))).toEqual(usual);

    const none = await sheetsBeforeWorkbook(await xlsxBytes((wb) => void wb.addWorksheet('S')));
    expect((await importError(parseOrderImport('a.xlsx', none))).code).toBe('empty');
    const tooMany = await sheetsBeforeWorkbook(
      await xlsxBytes((wb) => {
        const ws = wb.addWorksheet('S');
        ws.addRow(['订单号']);
        for (let i = 0; i < 30; i++) ws.addRow([ID(i)]);
      }),
    );
    expect((await importError(parseOrderImport('a.xlsx', tooMany, { maxRows: 10 }))).code).toBe('too_large');
  });

  it('empty workbook / header only → empty', async () => {
    const none = await xlsxBytes((wb) => void wb.addWorksheet('S'));
    expect((await importError(parseOrderImport('a.xlsx', none))).code).toBe('empty');
    const headerOnly = await xlsxBytes((wb) => void wb.addWorksheet('S').addRow(['订单号', 'ERP单号']));
    expect((await importError(parseOrderImport('a.xlsx', headerOnly))).code).toBe('empty');
  });

  it('a truncated XLSX is unreadable, not a crash', async () => {
    const bytes = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['订单号']);
      for (let i = 0; i < 200; i++) ws.addRow([ID(i)]);
    });
    for (const cut of [30, Math.floor(bytes.length / 2), bytes.length - 20]) {
      const e = await importError(parseOrderImport('a.xlsx', bytes.subarray(0, cut)));
      expect(['unreadable', 'unsupported_format']).toContain(e.code);
    }
  });
});

describe('parseOrderImport: files that cannot be used', () => {
  it('random bytes never crash: unreadable / unsupported / no_order_column', async () => {
    const codes = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      for (const name of ['a.csv', 'a.xlsx', 'a.txt', 'noext']) {
        const bytes = junk(64 + seed * 97, seed);
        if (seed % 4 === 0) bytes.set([0x50, 0x4b, 0x03, 0x04, ...Buffer.from('xl/workbook.xml')]);
        const e = await importError(parseOrderImport(name, bytes));
        expect(['unreadable', 'no_order_column', 'unsupported_format']).toContain(e.code);
        expect(e.userMessage.length).toBeGreaterThan(0);
        codes.add(e.code);
      }
    }
    expect(codes.has('unreadable')).toBe(true);
  });

  it('old .xls / PDF / other zips are unsupported', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...junk(512, 7)]);
    const e1 = await importError(parseOrderImport('old.xls', ole));
    expect(e1.code).toBe('unsupported_format');
    expect(e1.userMessage).toContain('.xlsx');
    expect((await importError(parseOrderImport('a.pdf', utf8('%PDF-1.7\n...')))).code).toBe('unsupported_format');
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...Buffer.from('word/document.xml'), ...junk(100, 3)]);
    expect((await importError(parseOrderImport('a.docx', zip))).code).toBe('unsupported_format');
    expect((await importError(parseOrderImport('a.xls', utf8('<html><table><tr><td>订单号</td></tr></table></html>')))).code).toBe(
      'unsupported_format',
    );
    expect((await importError(parseOrderImport('a.xlsx', utf8(`订单号\n${ID(1)}\n`)))).code).toBe('unreadable');
  });

  it('an ".xls" that is really tab-separated text is read', async () => {
    const r = await parseOrderImport('export.xls', utf8(`订单号\tERP单号\n${ID(1)}\tE1\n`));
    expect(r.rows).toEqual([{ row: 2, orderId: ID(1), erpRef: 'E1' }]);
  });

  it('empty, blank and header-only files → empty', async () => {
    for (const bytes of [new Uint8Array(0), utf8('  \r\n\r\n'), utf8('\uFEFF'), utf8('订单号,ERP单号\r\n\r\n')]) {
      expect((await importError(parseOrderImport('a.csv', bytes))).code).toBe('empty');
    }
  });

  it('too large: bytes and rows', async () => {
    const csv = utf8(`订单号\n${Array.from({ length: 50 }, (_, i) => ID(i)).join('\n')}\n`);
    expect((await importError(parseOrderImport('a.csv', csv, { maxBytes: 100 }))).code).toBe('too_large');
    expect((await importError(parseOrderImport('a.csv', csv, { maxRows: 49 }))).code).toBe('too_large');
    expect((await parseOrderImport('a.csv', csv, { maxRows: 50 })).rows).toHaveLength(50);
    const xlsx = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['订单号']);
      for (let i = 0; i < 50; i++) ws.addRow([ID(i)]);
    });
    expect((await importError(parseOrderImport('a.xlsx', xlsx, { maxRows: 10 }))).code).toBe('too_large');
  });
});

describe('parseOrderImport: invariant (property)', () => {
  it('every data row is in rows or rowErrors', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', ' ', ID(1), ID(2), `'${ID(3)}`, '12345', 'abc', '3.7E+18', '"q"', 'a,b', '1\n2', '１２３４５６７'),
      fc.stringMatching(/^\d{1,22}$/),
      fc.string({ maxLength: 8 }),
    );
    const row = fc.array(cell, { minLength: 0, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(row, { minLength: 1, maxLength: 30 }), async (withHeader, rows) => {
        const lines = rows.map((r) => Papa.unparse([r], { newline: '\r\n' }));
        const csv = (withHeader ? '订单号,ERP单号\r\n' : '') + lines.join('\r\n');
        let r: ParsedImport;
        try {
          r = await parseOrderImport('p.csv', utf8(csv));
        } catch (e) {
          expect(e).toBeInstanceOf(ImportFileError);
          return;
        }
        expectInvariant(r);
        for (const x of r.rows) expect(x.orderId).toMatch(/^\d{6,20}$/);
        expect(new Set(r.rows.map((x) => x.orderId)).size).toBe(r.rows.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseOrderImport: size and speed', () => {
  it('a 10 MB CSV parses', async () => {
    const lines = ['订单号,ERP单号,备注'];
    let size = 0;
    let n = 0;
    while (size < 10 * 1024 * 1024) {
      const line = `${ID(n)},ERP-${String(n).padStart(8, '0')},"备注，包含逗号, 和""引号"" ${'x'.repeat(20)}"`;
      lines.push(line);
      size += Buffer.byteLength(line) + 2;
      n++;
    }
    const bytes = utf8(lines.join('\r\n'));
    expect(bytes.length).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    const t = performance.now();
    const r = await parseOrderImport('big.csv', bytes);
    console.log(`10 MB CSV (${n} rows): ${Math.round(performance.now() - t)} ms`);
    expect(r.totalRows).toBe(n);
    expect(r.rows).toHaveLength(n);
    expect(r.rows[n - 1]).toEqual({ row: n + 1, orderId: ID(n - 1), erpRef: `ERP-${String(n - 1).padStart(8, '0')}` });
  });

  it('100,000 rows CSV', async () => {
    const N = 100_000;
    const lines = ['订单号,ERP单号'];
    for (let i = 0; i < N; i++) lines.push(i === 5000 ? `${ID(7)},dup` : i === 6000 ? 'bad,x' : `${ID(i)},E${i}`);
    const bytes = utf8(lines.join('\r\n'));
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = await parseOrderImport('big.csv', bytes);
    const used = process.cpuUsage(cpu);
    console.log(
      `100k rows CSV import: ${Math.round(performance.now() - t)} ms wall, ${Math.round((used.user + used.system) / 1000)} ms CPU`,
    );
    expect(r.totalRows).toBe(N);
    expect(r.rows).toHaveLength(N - 2);
    expect(r.rowErrors).toEqual([
      { row: 5002, value: ID(7), reason: '与第 9 行重复', reasonCode: 'duplicate' },
      { row: 6002, value: 'bad', reason: '订单号不是数字', reasonCode: 'bad_id' },
    ]);
    expect(r.rows[N - 3]).toEqual({ row: N + 1, orderId: ID(N - 1), erpRef: `E${N - 1}` });
  });

  it('100,000 rows XLSX', { timeout: 180_000 }, async () => {
    const N = 100_000;
    // Build with the streaming writer (shared strings, as Excel writes them).
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: false });
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['订单号', 'ERP单号']).commit();
    for (let i = 0; i < N; i++) ws.addRow([ID(i), `E${i}`]).commit();
    ws.commit();
    await wb.commit();
    const bytes = new Uint8Array(Buffer.concat(chunks));
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = await parseOrderImport('big.xlsx', bytes);
    const used = process.cpuUsage(cpu);
    console.log(
      `100k rows XLSX import (${(bytes.length / 1e6).toFixed(1)} MB): ${Math.round(performance.now() - t)} ms wall, ${Math.round((used.user + used.system) / 1000)} ms CPU`,
    );
    expect(r.totalRows).toBe(N);
    expect(r.rows).toHaveLength(N);
    expect(r.rowErrors).toHaveLength(0);
    expect(r.rows[N - 1]).toEqual({ row: N + 1, orderId: ID(N - 1), erpRef: `E${N - 1}` });
  });
});
