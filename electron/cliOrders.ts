// Runs in: headless Node. `tracker orders | trace | add | import | export | alerts | notifications`:
// reading and adding orders, their traces and alerts from a terminal or a script.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ORDER_TABS, type OrderTab } from '../shared/contract';
import { orderStatusLabel, shipmentStatusLabel } from '../shared/labels';
import { CliError, EXIT_FAILED, EXIT_OK, failCli, localTime, openCore, out, type CliIo } from './cliCore';
import { cliDateToIso } from './cliDesk';

function parseTab(s: string | undefined): OrderTab {
  if (!s) return 'all';
  if ((ORDER_TABS as readonly string[]).includes(s)) return s as OrderTab;
  throw new CliError(`未知的状态 "${s}"。可用：${ORDER_TABS.join(', ')}`, EXIT_FAILED);
}

export async function cmdOrders(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { status: { type: 'string' }, json: { type: 'boolean' } } });
  const tab = parseTab(values.status);
  const core = await openCore(io);
  try {
    const { store } = core.internals;
    const rows: unknown[] = [];
    const human: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = store.queries.list({ tab, sort: 'createdAt', dir: 'desc', offset, limit: 500, includeArchived: false });
      for (const o of page.rows) {
        const shipments = page.shipmentsByOrder.get(o.id) ?? [];
        rows.push({
          orderId: o.id,
          status: o.status,
          status1688: o.status_1688,
          seller: o.seller_company ?? o.seller_login_id,
          createdAt: o.created_at === null ? null : new Date(o.created_at).toISOString(),
          account: o.account_id ? (core.internals.account.registry.ref(o.account_id)?.memberId ?? null) : null,
          purchaser: o.purchaser ?? null,
          shipments: shipments.map((sh) => ({
            logisticsId: sh.logistics_id,
            billNo: sh.bill_no,
            carrierCode: sh.carrier_code,
            carrierName: sh.carrier_name,
            status: sh.status,
            status1688: sh.status_1688,
            lastEventAt: sh.last_event_at === null ? null : new Date(sh.last_event_at).toISOString(),
            lastRemark: sh.last_remark,
            eventCount: sh.event_count,
            receivedAt: sh.received_at == null ? null : new Date(sh.received_at).toISOString(),
          })),
        });
        human.push(
          `${o.id}  ${orderStatusLabel(o.status)}  ${o.seller_company ?? o.seller_login_id ?? ''}\n` +
            shipments
              .map((sh) => `    ${sh.carrier_name ?? sh.carrier_code ?? '?'} ${sh.bill_no ?? ''}  ${shipmentStatusLabel(sh.status)}  ${sh.last_remark ?? ''}\n`)
              .join(''),
        );
      }
      if (page.rows.length < 500) break;
    }
    if (values.json) out(io, rows);
    else io.stdout.write(human.length ? human.join('') : '还没有订单。先运行 `tracker sync --once` 或 `tracker add <订单号>`。\n');
    return EXIT_OK;
  } finally {
    await core.stop();
  }
}

export async function cmdTrace(io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const orderId = positionals[0];
  if (!orderId) throw new CliError('用法：tracker trace <订单号> [--json]', EXIT_FAILED);
  const core = await openCore(io);
  try {
    const detail = (await core.handle('orders.get', { orderId })) as import('../shared/contract').OrderDetail;
    const data = {
      orderId: detail.orderId,
      status: detail.status,
      account: detail.account?.memberId ?? null,
      lastError: detail.lastError ?? null,
      shipments: detail.parcels.map((p) => ({
        logisticsId: p.logisticsId,
        billNo: p.billNo,
        carrierCode: p.carrierCode,
        status: p.status,
        events: [...p.events].reverse(),
      })),
    };
    if (values.json) out(io, data);
    else {
      io.stdout.write(`订单 ${detail.orderId} · ${orderStatusLabel(detail.status)}${detail.account ? ` · ${detail.account.name}` : ''}\n`);
      if (detail.lastError) io.stdout.write(`  ⚠ ${detail.lastError}\n`);
      for (const p of detail.parcels) {
        io.stdout.write(`\n  ${p.carrierName ?? p.carrierCode ?? '?'} ${p.billNo ?? ''} · ${shipmentStatusLabel(p.status)}\n`);
        for (const e of p.events) io.stdout.write(`    ${localTime(e.at)}  ${e.remark}\n`);
      }
    }
    return EXIT_OK;
  } catch (e) {
    throw new CliError((e as Error).message, EXIT_FAILED);
  } finally {
    await core.stop();
  }
}

/** `--account <id>`: the account (as `tracker accounts` lists it) that bought the orders added. */
function parseAccountOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(v)) throw new CliError(`--account 应为账号编号（见 tracker accounts）：${v}`, EXIT_FAILED);
  return Number(v);
}

export async function cmdAdd(io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { account: { type: 'string' } } });
  if (!positionals.length) throw new CliError('用法：tracker add [--account <账号编号>] <订单号...>', EXIT_FAILED);
  const accountId = parseAccountOption(values.account);
  const core = await openCore(io);
  try {
    const r = (await core.handle('orders.add', { ids: positionals, ...(accountId ? { accountId } : {}) })) as import('../shared/contract').AddOrdersResult;
    for (const id of r.added) io.stdout.write(`✓ ${id} 已添加\n`);
    for (const id of r.existing) io.stdout.write(`· ${id} 已在跟踪\n`);
    for (const x of r.rejected) io.stdout.write(`✗ ${x.input}：${x.reason}\n`);
    return r.rejected.length ? EXIT_FAILED : EXIT_OK;
  } finally {
    await core.stop();
  }
}

export async function cmdImport(io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, account: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new CliError('用法：tracker import [--account <账号编号>] <文件.csv|文件.xlsx>', EXIT_FAILED);
  const accountId = parseAccountOption(values.account);
  const bytes = fs.readFileSync(file);
  const core = await openCore(io);
  try {
    const r = (await core.handle('orders.importFile', {
      fileName: path.basename(file),
      contentBase64: bytes.toString('base64'),
      ...(accountId ? { accountId } : {}),
    })) as import('../shared/contract').ImportReport;
    if (values.json) out(io, r);
    else {
      io.stdout.write(`共 ${r.totalRows} 行：新增 ${r.added.length}，已在跟踪 ${r.existing.length}，有问题 ${r.rowErrors.length + r.rejected.length}\n`);
      for (const e of r.rowErrors) io.stdout.write(`  第 ${e.row} 行 "${e.value}"：${e.reason}\n`);
      for (const e of r.rejected) io.stdout.write(`  "${e.input}"：${e.reason}\n`);
    }
    return r.rowErrors.length || r.rejected.length ? EXIT_FAILED : EXIT_OK;
  } catch (e) {
    throw new CliError((e as Error).message, EXIT_FAILED);
  } finally {
    await core.stop();
  }
}

export async function cmdExport(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string' }, out: { type: 'string' }, status: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  if (values.format !== 'csv' && values.format !== 'xlsx') throw new CliError('--format 应为 csv 或 xlsx', EXIT_FAILED);
  if (!values.out) throw new CliError('需要 --out <文件>', EXIT_FAILED);
  const toIso = (d: string | undefined, end: boolean) => cliDateToIso(d, end, failCli);
  const core = await openCore(io);
  try {
    const r = (await core.handle('export.file', {
      format: values.format,
      tab: parseTab(values.status),
      from: toIso(values.from, false),
      to: toIso(values.to, true),
    })) as import('../shared/contract').MethodOutputs['export.file'];
    fs.writeFileSync(values.out, Buffer.from(r.contentBase64, 'base64'));
    io.stderr.write(`已导出 ${r.rows} 个包裹到 ${values.out}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError((e as Error).message, EXIT_FAILED);
  } finally {
    await core.stop();
  }
}

export async function cmdAlerts(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const core = await openCore(io);
  try {
    core.internals.alerts.tick(Date.now());
    const rows = core.internals.store.alerts.list('open', 100_000, 0).map((a) => ({
      id: a.id,
      rule: a.rule,
      severity: a.severity,
      orderId: a.order_id,
      logisticsId: a.logistics_id,
      billNo: a.bill_no,
      openedAt: new Date(a.opened_at).toISOString(),
      message: a.message,
    }));
    if (values.json) out(io, rows);
    else
      io.stdout.write(
        rows.length
          ? rows.map((a) => `${a.severity === 'alert' ? '‼' : '!'} ${a.orderId} ${a.billNo ?? ''}  ${a.message}\n`).join('')
          : '没有未处理的异常。\n',
      );
    return EXIT_OK;
  } finally {
    await core.stop();
  }
}

export async function cmdNotifications(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const core = await openCore(io);
  try {
    const rows = core.internals.store.notifications.list(100_000).map((n) => ({
      id: n.id,
      kind: n.kind,
      subject: n.subject,
      orderId: n.order_id,
      title: n.title,
      body: n.body,
      createdAt: new Date(n.created_at).toISOString(),
      shownAt: n.shown_at === null ? null : new Date(n.shown_at).toISOString(),
    }));
    if (values.json) out(io, rows);
    else io.stdout.write(rows.map((n) => `${n.createdAt}  ${n.title}：${n.body}\n`).join('') || '没有通知记录。\n');
    return EXIT_OK;
  } finally {
    await core.stop();
  }
}
