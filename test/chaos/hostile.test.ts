// Hostile input, short. Property tests (fast-check) over every contract method through
// core.handle and over every gateway body normaliser; the HTTP bridge with the real core behind
// it (the transport's own edge cases are in test/unit/server: bad JSON, 415, 413 at a small
// limit, traversal, tokens, Host/Origin); imports of junk and of 100,000 rows; spreadsheet
// formula injection checked on the exported bytes. Bigger runs: `npm run test:soak`.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackerCore } from '../../electron/core/api/createCore';
import { startSandboxGateway, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import { memorySecretStore } from '../../electron/core/ports';
import { startBrowserServer, type BrowserServer } from '../../electron/core/server';
import { rawRequest } from '../unit/server/helpers';
import { prng, removeDir, reportFigures, tempDir } from './lib/env';
import { ERROR_CODES, methodName, NORMALISERS, realBodies, runContractFuzz, runNormaliserFuzz } from './lib/hostile';

type Core = Awaited<ReturnType<typeof createTrackerCore>>;
let gw: SandboxGateway;
let core: Core;
let dataDir: string;
const unhandled: unknown[] = [];
const onUnhandled = (r: unknown) => unhandled.push(r);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  gw = await startSandboxGateway({ seed: 5, orders: 10 });
  dataDir = tempDir('hostile');
  core = await createTrackerCore({
    dataDir,
    secrets: memorySecretStore(),
    notifier: { notify: () => undefined },
    gatewayUrl: gw.url,
    clientTuning: { timeoutMs: 2_000, retry: { retries: 0 } },
  });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await core.stop();
  await gw.close();
  removeDir(dataDir);
});

describe('every contract method, any input', () => {
  it('answers only with plain JSON or a typed contract error; nothing pollutes Object.prototype', async () => {
    const r = await runContractFuzz({ perMethod: 120, seed: 1688, handle: (m, i) => core.handle(m, i) });
    reportFigures('hostile.contract', r.figures);
    // 'internal' is a contract code, but here it would mean an unexpected exception: a problem.
    expect(r.problems).toEqual([]);
    expect(r.stats.resolved).toBeGreaterThan(100);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(unhandled).toEqual([]);
    // The core is still up and answering.
    expect(await core.handle('sync.status', {})).toMatchObject({ state: expect.any(String) });
  }, 120_000);
});

describe('every gateway body normaliser, any body', () => {
  it('returns a value or throws GatewayError malformed/business — for arbitrary and for mutated real bodies', () => {
    // The real bodies themselves normalise.
    const bodies = realBodies();
    for (const [name, fn] of Object.entries(NORMALISERS)) for (const b of bodies[name] ?? []) expect(() => fn(b), name).not.toThrow();
    const r = runNormaliserFuzz({ runs: 300, seed: 11 });
    reportFigures('hostile.normalisers', r.figures);
    expect(r.problems).toEqual([]);
    expect(r.figures.malformed as number).toBeGreaterThan(0);
    expect(r.figures.normalised as number).toBeGreaterThan(0);
  }, 60_000);
});

describe('the HTTP bridge with the real core behind it', () => {
  let server: BrowserServer;
  let staticDir: string;
  beforeAll(async () => {
    staticDir = tempDir('ui');
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    server = await startBrowserServer({ core, host: '127.0.0.1', port: 0, staticDir });
  });
  afterAll(async () => {
    await server.close();
    removeDir(staticDir);
  });
  const post = (name: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    rawRequest({
      port: server.port,
      method: 'POST',
      path: `/api/${name}`,
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...headers },
      body,
    });
  const OK_STATUSES = [200, 400, 404, 409, 413, 415, 502, 507];

  it('any method, any body, any content type: a JSON answer with a contract code, never a 500', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        methodName.map((m) => encodeURIComponent(m)),
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          fc.string({ unit: 'binary', maxLength: 200 }),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/json; charset=gbk', 'application/x-www-form-urlencoded'),
        async (name, body, ct) => {
          const res = await post(name, body, { 'Content-Type': ct });
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          if (!OK_STATUSES.includes(res.status) && res.status !== 405) return false;
          const parsed = JSON.parse(res.body) as { ok: boolean; error?: { code: string; message: string } };
          if (res.status === 200) return parsed.ok === true;
          return parsed.ok === false && (ERROR_CODES as readonly string[]).includes(parsed.error!.code) && parsed.error!.message.length > 0;
        },
      ),
      { numRuns: 250, seed: 23 },
    );
    reportFigures('hostile.http', { requests: 250, byStatus: [...seen.entries()].map(([s, n]) => `${s}:${n}`).join(' ') });
    expect(seen.get(500) ?? 0).toBe(0);
  }, 60_000);

  it('a 10 MB body: 413 at the default 1 MiB limit, a typed 400 for a 10 MB junk import, and the server stays up', async () => {
    const tenMb = JSON.stringify({ search: 'x'.repeat(10 * 1024 * 1024) });
    const big = await post('orders.list', tenMb);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const r = prng(3);
    const junk = Buffer.from(Array.from({ length: 7 * 1024 * 1024 }, () => Math.floor(r() * 256)));
    const imp = await post('orders.importFile', JSON.stringify({ fileName: 'junk.xlsx', contentBase64: junk.toString('base64') }));
    expect(imp.status).toBe(400);
    expect(JSON.parse(imp.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const next = await post('sync.status', '{}');
    expect(next.status).toBe(200);
  }, 60_000);

  it('method names that are prototype members or path tricks reach no handler', async () => {
    const tricks = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'orders.list%00', '%2e%2e%2fsync.status', 'orders.list/..%2fsync.status', 'ORDERS.LIST', 'orders.list%20'];
    for (const t of tricks) {
      const res = await post(t, '{}');
      expect([404, 405], t).toContain(res.status);
      expect(JSON.parse(res.body), t).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    for (const p of ['/api/../api/sync.status', '/api//sync.status', '/api/./sync.status']) {
      const res = await rawRequest({ port: server.port, method: 'POST', path: p, headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: '{}' });
      expect(res.status, p).not.toBe(500);
      expect(res.status, p).not.toBe(200);
    }
  });
});

describe('imports and exports', () => {
  it('binary junk of every kind is a typed invalid_input or a row report, never a crash', async () => {
    const r = prng(5);
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
    const zipHead = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), bytes(2000)]);
    const cases: [string, Buffer][] = [
      ['a.csv', bytes(5000)],
      ['a.xlsx', bytes(5000)],
      ['a.xlsx', zipHead],
      ['a.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), bytes(3001)])],
      ['a.csv', Buffer.from('\u0000'.repeat(10_000))],
      ['a.csv', Buffer.from(`订单号\n${'"'.repeat(50_000)}`)],
      ['a.csv', Buffer.from(`${'a,'.repeat(100_000)}\n`)],
      ['a.pdf', Buffer.from('%PDF-1.7\n')],
      ['../../etc/passwd', Buffer.from('root:x:0:0')],
      ['a.csv', Buffer.alloc(0)],
    ];
    const codes: string[] = [];
    for (const [fileName, content] of cases) {
      try {
        const rep = (await core.handle('orders.importFile', { fileName, contentBase64: content.toString('base64') })) as { totalRows: number };
        expect(typeof rep.totalRows).toBe('number');
        codes.push('report');
      } catch (e) {
        expect((e as { code: string }).code, fileName).toBe('invalid_input');
        codes.push('invalid_input');
      }
    }
    reportFigures('hostile.importJunk', { files: cases.length, reports: codes.filter((c) => c === 'report').length, refused: codes.filter((c) => c === 'invalid_input').length });
  }, 60_000);

  it('formula-like text from clerks and carriers is neutralised in the exported CSV and XLSX bytes', async () => {
    const store = core.internals.store;
    const now = Date.UTC(2026, 10, 1);
    const FORMULAS = ["=cmd|' /C calc'!A0", '+SUM(1,2)', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', ' =HYPERLINK("http://x")', '=1+1'];
    store.transaction(() => {
      FORMULAS.forEach((f, i) => {
        const id = String(3790000000000000000n + BigInt(i));
        store.orders.addTracked(id, 'import', f, now);
        store.shipments.upsertParcel(
          id,
          {
            logisticsId: `LPF${i}`,
            billNo: `BILL${i}`,
            carrierCode: 'ZTO',
            carrierName: f,
            status1688: 'TRANSPORT',
            shippedAt: now,
            sender: { province: null, city: null, county: null },
            receiver: { province: null, city: null, county: null },
            goods: [],
            raw: {},
          },
          now,
        );
        const sh = store.shipments.byOrder(id)[0]!;
        store.shipments.insertEvent(sh.id, now + i, f, 'in_transit', now);
        store.shipments.applyPoll({
          id: sh.id,
          status: 'in_transit',
          last_event_at: now + i,
          last_remark: f,
          last_stage: 'in_transit',
          event_count: 1,
          delivered_at: null,
          next_poll_at: null,
          done: false,
          now,
        });
      });
    });
    const risky = (s: string) => /^\s*[=+\-@\t\r]/.test(s);

    const csv = (await core.handle('export.file', { format: 'csv', tab: 'all' })) as { contentBase64: string };
    const text = Buffer.from(csv.contentBase64, 'base64').toString('utf8').replace(/^\ufeff/, '');
    const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    const cells = rows.flat();
    for (const f of FORMULAS) expect(cells, JSON.stringify(f)).toContain(`'${f}`);
    expect(cells.filter(risky)).toEqual([]);

    const xlsx = (await core.handle('export.file', { format: 'xlsx', tab: 'all' })) as { contentBase64: string };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
    const xCells: string[] = [];
    let formulas = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula || cell.formula) formulas++;
          if (typeof cell.value === 'string') xCells.push(cell.value);
        }),
      ),
    );
    expect(formulas).toBe(0);
    // XML keeps no bare CR: Excel reads "\r" back as "\n". Still neutralised, which is the point.
    for (const f of FORMULAS) expect(xCells, JSON.stringify(f)).toContain(`'${f.replace(/\r/g, '\n')}`);
    expect(xCells.filter(risky)).toEqual([]);
    reportFigures('hostile.formulas', { payloads: FORMULAS.length, csvCells: cells.length, xlsxCells: xCells.length, formulaCells: formulas });
  }, 60_000);

  it('100,000 rows import in one call, every row accounted for', async () => {
    const N = 100_000;
    const lines = ['订单号,ERP单号'];
    for (let i = 0; i < N; i++) lines.push(`${3700000000000000000n + BigInt(i)},PO-${i}`);
    const t0 = Date.now();
    const rep = (await core.handle('orders.importFile', { fileName: 'big.csv', contentBase64: Buffer.from(lines.join('\n')).toString('base64') })) as {
      totalRows: number;
      added: string[];
      existing: string[];
      rejected: unknown[];
      rowErrors: unknown[];
    };
    const ms = Date.now() - t0;
    expect(rep.totalRows).toBe(N);
    expect(rep.added.length + rep.existing.length + rep.rejected.length + rep.rowErrors.length).toBe(N);
    const list = (await core.handle('orders.list', { limit: 1, includeArchived: true })) as { total: number };
    expect(list.total).toBeGreaterThanOrEqual(N);
    reportFigures('hostile.import100k', { rows: N, added: rep.added.length, seconds: ms / 1000 });
  }, 120_000);
});
