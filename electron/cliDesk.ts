// Runs in: headless Node. The purchasing desk from a terminal: `tracker arrivals`, `tracker
// suppliers`, `tracker received`. Each goes through core.handle (the contract's validation and
// the one handler table); --json prints the documented shapes on stdout.
import { parseArgs } from 'node:util';
import type { MethodOutputs } from '../shared/contract';

export interface DeskCore {
  handle(method: string, input: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export interface DeskCliDeps {
  stdout: NodeJS.WritableStream;
  openCore(): Promise<DeskCore>;
  /** Gives the ERP what is pending for at most `waitS` seconds (as `sync --once` does). */
  deliverErp(core: DeskCore, waitS: number): Promise<void>;
  fail(message: string): never;
}

/** YYYY-MM-DD (a day in China, UTC+8) or an ISO time → ISO; the end of the day when `end`. */
export function cliDateToIso(d: string | undefined, end: boolean, fail: (m: string) => never): string | undefined {
  if (!d) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T${end ? '23:59:59.999' : '00:00:00.000'}+08:00`) : new Date(d);
  if (Number.isNaN(t.getTime())) fail(`无法识别的日期 "${d}"（用 YYYY-MM-DD）`);
  return t.toISOString();
}

const json = (deps: DeskCliDeps, data: unknown) => deps.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
const local = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

async function withCore<T>(deps: DeskCliDeps, fn: (core: DeskCore) => Promise<T>): Promise<T> {
  const core = await deps.openCore();
  try {
    return await fn(core);
  } finally {
    await core.stop();
  }
}

export async function cmdArrivals(deps: DeskCliDeps, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const a = await withCore(deps, async (core) => (await core.handle('arrivals.list', {})) as MethodOutputs['arrivals.list']);
  if (values.json) {
    json(deps, {
      expected: a.expected.map((x) => ({ orderId: x.orderId, logisticsId: x.logisticsId, billNo: x.billNo, seller: x.seller, expectedAt: x.expectedAt, basis: x.basis })),
      outForDelivery: a.outForDelivery.map((x) => ({ orderId: x.orderId, logisticsId: x.logisticsId, billNo: x.billNo, seller: x.seller, since: x.since })),
      waiting: a.waiting.map((x) => ({
        orderId: x.orderId,
        logisticsId: x.logisticsId,
        billNo: x.billNo,
        seller: x.seller,
        station: x.station,
        address: x.address,
        pickupCode: x.pickupCode,
        since: x.since,
      })),
    });
    return 0;
  }
  const lines: string[] = [];
  let lastStation: string | null = null;
  if (a.waiting.length) lines.push(`待取件 ${a.waiting.length} 个：`);
  for (const w of a.waiting) {
    if (w.stationKey !== lastStation) {
      lastStation = w.stationKey;
      lines.push(`  ▸ ${w.station ?? '（未写明驿站）'}${w.address ? `  ${w.address}` : ''}`);
    }
    lines.push(`      ${w.pickupCode ? `取件码 ${w.pickupCode}` : '无取件码'}  ${w.carrierName ?? ''} ${w.billNo ?? ''}  订单 ${w.orderId}`);
  }
  if (a.outForDelivery.length) lines.push(`派送中 ${a.outForDelivery.length} 个：`, ...a.outForDelivery.map((o) => `  ${o.carrierName ?? ''} ${o.billNo ?? ''}  订单 ${o.orderId}  自 ${local(o.since)}`));
  if (a.expected.length) lines.push(`预计今明到达 ${a.expected.length} 个：`, ...a.expected.map((x) => `  ${x.day === 'today' ? '今天' : '明天'} ${local(x.expectedAt)}  ${x.carrierName ?? ''} ${x.billNo ?? ''}  订单 ${x.orderId}（${x.basis}）`));
  deps.stdout.write(lines.length ? `${lines.join('\n')}\n` : '今天和明天没有要到的包裹。\n');
  return 0;
}

export async function cmdSuppliers(deps: DeskCliDeps, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, from: { type: 'string' }, to: { type: 'string' } } });
  const input = {
    ...(values.from ? { from: cliDateToIso(values.from, false, deps.fail) } : {}),
    ...(values.to ? { to: cliDateToIso(values.to, true, deps.fail) } : {}),
  };
  const s = await withCore(deps, async (core) => (await core.handle('suppliers.scorecard', input)) as MethodOutputs['suppliers.scorecard']);
  if (values.json) {
    json(
      deps,
      s.rows.map((r) => ({
        seller: r.seller,
        orders: r.orders,
        parcels: r.parcels,
        samples: r.samples,
        shipP50Hours: r.shipP50Hours,
        shipP80Hours: r.shipP80Hours,
        firstScanP50Hours: r.firstScanP50Hours,
        transitP50Hours: r.transitP50Hours,
        transitP80Hours: r.transitP80Hours,
        onTimeRate: r.onTimeRate,
        exceptionRate: r.exceptionRate,
        returnRate: r.returnRate,
        lastProblemAt: r.lastProblemAt,
      })),
    );
    return 0;
  }
  const n = (v: number | null, unit: string) => (v === null ? '—' : `${v}${unit}`);
  const p = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
  deps.stdout.write(
    `${local(s.from)} – ${local(s.to)}，样本少于 ${s.minSamples} 个的数字不显示\n` +
      s.rows
        .map((r) => `${r.seller}  订单 ${r.orders} 包裹 ${r.parcels}（签收 ${r.samples}）  发货 P50 ${n(r.shipP50Hours, 'h')}  运输 P50 ${n(r.transitP50Hours, 'h')} P80 ${n(r.transitP80Hours, 'h')}  准时 ${p(r.onTimeRate)}  异常 ${p(r.exceptionRate)}  退回 ${p(r.returnRate)}\n`)
        .join(''),
  );
  return 0;
}

export async function cmdReceived(deps: DeskCliDeps, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, 'erp-wait': { type: 'string' } } });
  const [orderId, logisticsId] = positionals;
  if (!orderId || !logisticsId) deps.fail('用法：tracker received <orderId> <logisticsId>');
  const waitS = values['erp-wait'] === undefined ? 10 : Number(values['erp-wait']);
  if (!Number.isFinite(waitS) || waitS < 0) deps.fail(`--erp-wait 应为秒数（≥ 0），而不是 "${values['erp-wait']}"`);
  const r = await withCore(deps, async (core) => {
    const result = (await core.handle('shipments.markReceived', { orderId, logisticsId })) as MethodOutputs['shipments.markReceived'];
    if (result.erpEvent === 'recorded') await deps.deliverErp(core, waitS);
    return result;
  });
  if (values.json) json(deps, r);
  else
    deps.stdout.write(
      r.alreadyReceived
        ? `包裹 ${logisticsId} 已于 ${local(r.receivedAt)} 标记为已收货（未重复发送）。\n`
        : `已收货：订单 ${orderId} 包裹 ${logisticsId}` +
            `${r.closedAlerts ? `，关闭了 ${r.closedAlerts} 个异常` : ''}` +
            `${r.erpEvent === 'recorded' ? '，已通知 ERP（shipment.received）' : r.erpEvent === 'no_erp' ? '（未设置 ERP，不发送）' : ''}。\n`,
    );
  return 0;
}

