// Runs in: headless Node (a terminal, a script, an ERP server). Never imports 'electron'.
// `tracker <command>`: the same core as the desktop app. Machine output goes to stdout alone;
// logs and notifications go to stderr, so `--json` output can be piped.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ORDER_TABS, OUTBOX_STATES, type MethodOutputs, type OutboxRowView } from '../shared/contract';
import { startSandboxGateway } from './core/ali1688/sandbox';
import { ACCOUNTS_USAGE, AccountsUsageError, cmdAccounts } from './cliAccounts';
import { startDemo } from './core/demo';
import { stderrLogger } from './core/ports';
import { attachTeam, cmdTeam, TEAM_USAGE, TeamUsageError } from './cliTeam';
import { TeamConfigError } from './core/team/teamMode';
import { startBrowserServer } from './core/server';
import { defaultDataDir } from './core/store/database';
import { classifyRemark, classifyRemarkWithEvidence, RULE_DESCRIPTIONS } from './core/tracking/classifyRemark';
import { progressLine, type ProgressStream } from './cliProgress';
import { cmdSyncStatus } from './cliStatus';
import { cmdArrivals, cmdReceived, cmdSuppliers, type DeskCliDeps } from './cliDesk';
import { CliError, EXIT_CREDENTIALS, EXIT_FAILED, EXIT_OK, failCli, localTime, openCore, openCoreShell, out, type CliIo } from './cliCore';
import { cmdAdd, cmdAlerts, cmdExport, cmdImport, cmdNotifications, cmdOrders, cmdTrace } from './cliOrders';

export type { CliIo } from './cliCore';

const USAGE = `1688 物流跟踪 — tracker <command>

  sync --once [--all] [--json] [--erp-wait S]
                                      同步一次（--all 忽略轮询时间），再把 ERP 事件最多等 S 秒送出（默认 30）
  sync status [--json] [--wait S]     同步状态与实时消息通道（实时 / 轮询，自何时起，原因）；最多等 S 秒连接（默认 5，0 不连接）
  outbox [--state S] [--json]         ERP 发件箱（S: pending | delivered | dead | discarded）
  outbox resend|discard <key>         重新发送 / 放弃一条发送失败的 ERP 事件
  orders [--status S] [--json]        列出订单（S: ${ORDER_TABS.join(' | ')}）
  trace <orderId> [--json]            打印订单的物流轨迹
  add [--account <id>] <orderId...>   按订单号添加跟踪（不指定账号：各启用账号依次尝试）
  import [--account <id>] <file>      从 CSV/XLSX 导入订单号
  export --format csv|xlsx --out F [--status S] [--from D --to D]
  alerts [--json]                     列出未处理的异常
  arrivals [--json]                   今明到货：预计到达、派送中、待取件（驿站、取件码）
  suppliers [--json] [--from D --to D]  供应商表现（默认最近 90 天）
  received <orderId> <logisticsId> [--json]  标记包裹已收货（通知 ERP：shipment.received）
  notifications [--json]              列出通知记录
  classify [--why]                    从标准输入逐行读取轨迹文本，输出阶段（--why：附判定依据）
  sandbox [--port P] [--seed S] [--orders N] [--members M]   启动本地 1688 沙箱网关（M 个买家账号共用一个 AppKey）
  serve [--port P] [--demo]           浏览器模式（仅 127.0.0.1）
${ACCOUNTS_USAGE}
${TEAM_USAGE}

Environment: TRACKER_DATA_DIR, TRACKER_GATEWAY_URL, TRACKER_APP_KEY, TRACKER_APP_SECRET,
TRACKER_ACCESS_TOKEN, TRACKER_REFRESH_TOKEN, TRACKER_QPS, TRACKER_LOG_LEVEL,
TRACKER_ERP_WEBHOOK_URL, TRACKER_ERP_WEBHOOK_SECRET (see README).
`;

/** How long `sync --once` waits for the ERP to take what is pending, by default. */
const DEFAULT_ERP_WAIT_S = 30;

async function cmdSync(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { once: { type: 'boolean' }, all: { type: 'boolean' }, json: { type: 'boolean' }, 'erp-wait': { type: 'string' } },
  });
  if (!values.once) throw new CliError('目前只支持 `tracker sync --once`（持续同步请用桌面程序或 `tracker serve`）。', EXIT_FAILED);
  const erpWaitS = values['erp-wait'] === undefined ? DEFAULT_ERP_WAIT_S : Number(values['erp-wait']);
  if (!Number.isFinite(erpWaitS) || erpWaitS < 0) throw new CliError(`--erp-wait 应为秒数（≥ 0），而不是 "${values['erp-wait']}"`, EXIT_FAILED);
  const core = await openCore(io);
  try {
    if (!(await core.internals.account.hasCredentials()))
      throw new CliError(
        '没有 1688 凭据：请设置 TRACKER_APP_KEY、TRACKER_APP_SECRET、TRACKER_ACCESS_TOKEN（可选 TRACKER_REFRESH_TOKEN）。\n' +
          'No 1688 credentials: set TRACKER_APP_KEY, TRACKER_APP_SECRET and TRACKER_ACCESS_TOKEN.',
        EXIT_CREDENTIALS,
      );
    // On a terminal, one line on stderr says how far the run is (it takes a while on a big account).
    const progress = progressLine(io.stderr as ProgressStream);
    const calls = core.internals.gatewayStats;
    const callsBefore = calls().calls;
    const offProgress = core.events.on('sync.progress', (p) =>
      progress.update({ phase: p.phase, done: p.done, total: p.total, calls: calls().calls - callsBefore }),
    );
    let r: Awaited<ReturnType<typeof core.internals.engine.runCycle>>;
    try {
      r = await core.internals.engine.runCycle({ trigger: 'cli', all: values.all ?? false, discover: 'force' });
      offProgress();
      progress.clear(); // notifications and the ERP report are listed on stderr next
      core.internals.alerts.tick(Date.now());
      await deliverErpEvents(io, core, erpWaitS, () => progress.update({ phase: 'erp', done: 0, total: 0, calls: calls().calls - callsBefore }), progress.clear);
    } finally {
      offProgress();
      progress.clear();
    }
    const summary = {
      orders: r.orders,
      shipments: r.shipments,
      newEvents: r.newEvents,
      calls: r.calls,
      retries: r.retries,
      errors: r.errors.map((e) => ({ code: e.code, message: e.message, ...(e.orderId ? { orderId: e.orderId } : {}) })),
      durationMs: r.durationMs,
    };
    if (values.json) out(io, summary);
    else
      io.stdout.write(
        `同步完成：订单 ${r.orders}，包裹 ${r.shipments}，新轨迹 ${r.newEvents}，调用 ${r.calls} 次（重试 ${r.retries}），` +
          `错误 ${r.errors.length}，用时 ${(r.durationMs / 1000).toFixed(1)} 秒\n` +
          r.errors.slice(0, 10).map((e) => `  ✗ ${e.orderId ?? ''} ${e.message}\n`).join(''),
      );
    const rejected = r.unauthorized || r.errors.some((e) => e.code === 'signature' || e.code === 'acl');
    if (rejected) {
      io.stderr.write(`1688 拒绝了凭据：${r.errors.find((e) => ['unauthorized', 'signature', 'acl'].includes(e.code))?.message ?? ''}\n`);
      return EXIT_CREDENTIALS;
    }
    return r.ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    await core.stop();
  }
}

/**
 * Gives the ERP what is pending (this run's events and any left from before) for at most
 * `waitS` seconds, and says on stderr how it went; stdout keeps the documented summary alone.
 * What is not delivered stays in the outbox for the next run.
 */
async function deliverErpEvents(
  io: CliIo,
  core: Awaited<ReturnType<typeof openCore>>,
  waitS: number,
  showWaiting: () => void = () => undefined,
  clearWaiting: () => void = () => undefined,
) {
  const { target, targetProblem } = (await core.handle('outbox.list', { limit: 1 })) as MethodOutputs['outbox.list'];
  clearWaiting();
  if (targetProblem) io.stderr.write(`ERP：${targetProblem}\n`);
  if (!target) return;
  if (waitS > 0) showWaiting();
  const d = waitS > 0 ? await core.internals.erp.drain({ timeoutMs: waitS * 1000 }) : { delivered: 0, ...core.internals.outbox.counts() };
  clearWaiting();
  io.stderr.write(
    `ERP：已送达 ${d.delivered} 条，待发送 ${d.pending} 条${d.failing ? `（其中 ${d.failing} 条正在重试）` : ''}` +
      `${d.dead ? `，发送失败需处理 ${d.dead} 条（tracker outbox --state dead）` : ''}\n` +
      `ERP: delivered ${d.delivered}, pending ${d.pending}, dead ${d.dead}\n`,
  );
}

async function cmdOutbox(io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, state: { type: 'string' } } });
  const [action, key] = positionals;
  if (action !== undefined && action !== 'resend' && action !== 'discard') throw new CliError(`用法：tracker outbox [--state S] [--json] | tracker outbox resend|discard <key>`, EXIT_FAILED);
  const state = values.state;
  if (state !== undefined && !(OUTBOX_STATES as readonly string[]).includes(state))
    throw new CliError(`未知的状态 "${state}"。可用：${OUTBOX_STATES.join(', ')}`, EXIT_FAILED);
  const core = await openCore(io);
  try {
    if (action) {
      if (!key) throw new CliError(`用法：tracker outbox ${action} <key>`, EXIT_FAILED);
      try {
        const row = (await core.handle(action === 'resend' ? 'outbox.resend' : 'outbox.discard', { idempotencyKey: key })) as OutboxRowView;
        io.stdout.write(`${action === 'resend' ? '已重新排队' : '已放弃'}：${row.idempotencyKey}\n`);
        return EXIT_OK;
      } catch (e) {
        throw new CliError((e as Error).message, EXIT_FAILED);
      }
    }
    const rows: OutboxRowView[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = (await core.handle('outbox.list', { ...(state ? { state } : {}), offset, limit: 500 })) as MethodOutputs['outbox.list'];
      rows.push(...page.rows);
      if (page.rows.length < 500) break;
    }
    // Pending rows come in send order; the rest newest first: show all oldest first.
    if (state !== 'pending') rows.reverse();
    if (values.json) out(io, rows.map((r) => ({ idempotencyKey: r.idempotencyKey, type: r.type, state: r.state, attempts: r.attempts, lastError: r.lastError })));
    else
      io.stdout.write(
        rows.length
          ? rows.map((r) => `${r.state.padEnd(9)} ${String(r.attempts).padStart(3)}  ${r.idempotencyKey}${r.lastError ? `\n          ${r.lastError}` : ''}\n`).join('')
          : '发件箱是空的。\n',
      );
    return EXIT_OK;
  } finally {
    await core.stop();
  }
}

async function cmdClassify(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { why: { type: 'boolean' } } });
  let buf = '';
  for await (const chunk of io.stdin) buf += chunk.toString();
  const lines = buf.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const line = (l: string): string => {
    if (!values.why) return classifyRemark(l);
    const v = classifyRemarkWithEvidence(l);
    return `${v.stage}\t${v.rule}${v.doubtful ? '\t存疑' : ''}\t${RULE_DESCRIPTIONS[v.rule]?.zh ?? ''}`;
  };
  io.stdout.write(lines.map((l) => `${line(l)}\n`).join(''));
  return EXIT_OK;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

async function cmdSandbox(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, seed: { type: 'string' }, orders: { type: 'string' }, members: { type: 'string' } },
  });
  const gw = await startSandboxGateway({
    port: values.port ? Number(values.port) : 8688,
    seed: values.seed ? Number(values.seed) : 1688,
    orders: values.orders ? Number(values.orders) : 200,
    members: values.members ? Number(values.members) : 1,
  });
  const c = gw.credentials;
  const more = gw.members
    .slice(1)
    .map((m) => `\n# ${m.loginId}（tracker accounts add --name ${m.loginId}）\nexport TRACKER_ACCESS_TOKEN=${m.accessToken}\nexport TRACKER_REFRESH_TOKEN=${m.refreshToken}\n`)
    .join('');
  io.stdout.write(
    `1688 沙箱网关已启动 / sandbox gateway listening: ${gw.url}\n\n` +
      `export TRACKER_GATEWAY_URL=${gw.url}\nexport TRACKER_APP_KEY=${c.appKey}\nexport TRACKER_APP_SECRET=${c.appSecret}\n` +
      `export TRACKER_ACCESS_TOKEN=${c.accessToken}\nexport TRACKER_REFRESH_TOKEN=${c.refreshToken}\n${more}\n按 Ctrl+C 停止。\n`,
  );
  await waitForSignal();
  await gw.close();
  return EXIT_OK;
}

async function cmdServe(io: CliIo, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, demo: { type: 'boolean' }, 'data-dir': { type: 'string' } } });
  const staticDir = path.resolve(__dirname, '..', 'dist', 'renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html')))
    throw new CliError('界面尚未构建：请先运行 `npm run build`。(The UI is not built: run `npm run build` first.)', EXIT_FAILED);
  const env = { ...io.env };
  if (values['data-dir']) env.TRACKER_DATA_DIR = values['data-dir'];
  const demo = values.demo ? await startDemo(defaultDataDir(env), env) : null;
  if (demo) env.TRACKER_DATA_DIR = demo.dataDir;
  // In the browser mode notifications reach the page (Web Notifications or a toast) as events.
  let emit: ((n: { kind: string; title: string; body: string; orderId?: string }) => void) | null = null;
  const shell = await openCoreShell({ ...io, env }, { ...(demo?.options ?? {}), notifier: { notify: (n) => emit?.(n) } });
  const { core } = shell;
  emit = (n) => core.events.emit('notification', n);
  // A data folder that joined a team takes part in it like a desktop.
  if (!demo) await attachTeam(shell);
  const server = await startBrowserServer({
    core,
    host: '127.0.0.1',
    port: values.port ? Number(values.port) : 0,
    staticDir,
    logger: stderrLogger('warn'),
  });
  core.start();
  io.stdout.write(
    `1688 物流跟踪${values.demo ? '（演示数据）' : ''}已在浏览器模式启动，请打开：\n${server.url}\n` +
      `(Browser mode${values.demo ? ', demo data' : ''}: open the link above. Ctrl+C stops it.)\n`,
  );
  await waitForSignal();
  await server.close();
  await shell.gate.stop();
  await core.stop();
  await demo?.close();
  return EXIT_OK;
}

function deskDeps(io: CliIo): DeskCliDeps {
  return {
    stdout: io.stdout,
    openCore: () => openCore(io),
    deliverErp: (core, waitS) => deliverErpEvents(io, core as Awaited<ReturnType<typeof openCore>>, waitS),
    fail: failCli,
  };
}

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'sync':
        if (rest[0] === 'status')
          return await cmdSyncStatus({ stdout: io.stdout, open: () => openCore(io), localTime, fail: (m) => new CliError(m, EXIT_FAILED) }, rest.slice(1));
        return await cmdSync(io, rest);
      case 'orders':
        return await cmdOrders(io, rest);
      case 'trace':
        return await cmdTrace(io, rest);
      case 'add':
        return await cmdAdd(io, rest);
      case 'import':
        return await cmdImport(io, rest);
      case 'export':
        return await cmdExport(io, rest);
      case 'alerts':
        return await cmdAlerts(io, rest);
      case 'arrivals':
        return await cmdArrivals(deskDeps(io), rest);
      case 'suppliers':
        return await cmdSuppliers(deskDeps(io), rest);
      case 'received':
        return await cmdReceived(deskDeps(io), rest);
      case 'notifications':
        return await cmdNotifications(io, rest);
      case 'outbox':
        return await cmdOutbox(io, rest);
      case 'classify':
        return await cmdClassify(io, rest);
      case 'sandbox':
        return await cmdSandbox(io, rest);
      case 'serve':
        return await cmdServe(io, rest);
      case 'team': {
        const shell = await openCoreShell(io);
        try {
          return await cmdTeam(io, rest, shell, waitForSignal);
        } finally {
          await shell.core.stop();
        }
      }
      case 'accounts': {
        const core = await openCore(io);
        try {
          return await cmdAccounts(io, rest, core);
        } finally {
          await core.stop();
        }
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? EXIT_FAILED : EXIT_OK;
      default:
        io.stderr.write(`未知命令 "${command}"\n\n${USAGE}`);
        return EXIT_FAILED;
    }
  } catch (e) {
    if (e instanceof AccountsUsageError || e instanceof TeamUsageError || e instanceof TeamConfigError) {
      io.stderr.write(`${e.message}\n`);
      return EXIT_FAILED;
    }
    if (e instanceof CliError) {
      io.stderr.write(`${e.message}\n`);
      return e.exitCode;
    }
    const msg = (e as { message?: string })?.message ?? String(e);
    io.stderr.write(`${msg}\n`);
    return EXIT_FAILED;
  }
}
