// Crashes: the real `tracker` CLI (a child process) syncing against a sandbox gateway in this
// process, SIGKILLed at random moments — during start-up and migrations, mid-sync at the n-th
// gateway request, while alerts and notifications are flushed — and started again each time,
// while the world clock moves on. Then one clean final sync, and the data must be whole: SQLite
// integrity ok, every step once, every signing announced at most once (ledger and stderr), one
// open alert per (subject, rule), one outbox row per key and every ERP duplicate byte-identical.
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSandboxGateway, type SandboxGateway } from '../../../electron/core/ali1688/sandbox';
import { openStore } from '../../../electron/core/store';
import { DB_FILE_NAME } from '../../../electron/core/store/database';
import { startErpReceiver, type ErpReceiver } from '../../helpers/erpReceiver';
import { DAY, differencesFromTruth, type Rig } from '../../helpers/sandboxRig';
import { cliEnv, prng, removeDir, spawnTracker, tempDir, type CliRun, type Figures } from './env';

export interface CrashLoopOptions {
  /** Independent data folders killed in parallel, each with its own gateway. */
  lanes: number;
  killsPerLane: number;
  orders: number;
  seed: number;
}

export interface CrashLoopResult {
  figures: Figures;
  problems: string[];
}

interface LaneFigures {
  kills: number;
  killsAtStartup: number;
  killsMidSync: number;
  killsInAlertsOrNotifications: number;
  runsCompleted: number;
  runsFailed: number;
  finalSyncs: number;
  notifyLines: number;
  deliveredLedgerRows: number;
  deliveredParcels: number;
  signingsAnnounced: number;
  openAlerts: number;
  outboxRows: number;
  erpDeliveries: number;
  erpDuplicates: number;
  stepsInDb: number;
}

const NOTIFY_LINE = /^\[通知\] (.+)$/gm;

async function runLane(lane: number, o: CrashLoopOptions, problems: string[]): Promise<LaneFigures> {
  const rnd = prng(o.seed * 31 + lane);
  const startAt = Math.floor(Date.now() / 60_000) * 60_000;
  let worldNow = startAt;
  const gw: SandboxGateway = await startSandboxGateway({
    seed: o.seed + lane,
    orders: o.orders,
    startAt,
    now: () => worldNow,
    qpsCap: 50,
    // A little trouble on top of the kills: 5xx pages and token expiry (a refresh mid-run).
    faults: { error5xxRate: 0.05, tokenExpiryEveryNCalls: 40, latencyMs: 3, latencyJitter: 0.8 },
  });
  const receiver: ErpReceiver = await startErpReceiver();
  const dataDir = tempDir(`crash${lane}`);
  const env = cliEnv({
    TRACKER_DATA_DIR: dataDir,
    TRACKER_GATEWAY_URL: gw.url,
    TRACKER_APP_KEY: gw.credentials.appKey,
    TRACKER_APP_SECRET: gw.credentials.appSecret,
    TRACKER_ACCESS_TOKEN: gw.credentials.accessToken,
    TRACKER_REFRESH_TOKEN: gw.credentials.refreshToken,
    TRACKER_QPS: '10',
    TRACKER_ERP_WEBHOOK_URL: receiver.url,
    TRACKER_ERP_WEBHOOK_SECRET: receiver.secret,
  });
  const end = gw.world.finishedAt() + DAY;
  const f: LaneFigures = {
    kills: 0,
    killsAtStartup: 0,
    killsMidSync: 0,
    killsInAlertsOrNotifications: 0,
    runsCompleted: 0,
    runsFailed: 0,
    finalSyncs: 0,
    notifyLines: 0,
    deliveredLedgerRows: 0,
    deliveredParcels: 0,
    signingsAnnounced: 0,
    openAlerts: 0,
    outboxRows: 0,
    erpDeliveries: 0,
    erpDuplicates: 0,
    stepsInDb: 0,
  };
  const shown: string[] = [];
  const collect = (run: CliRun) => {
    for (const m of run.stderr.matchAll(NOTIFY_LINE)) shown.push(m[1]!);
  };

  try {
    const planned = o.killsPerLane;
    // Requests the last sync made: kills are drawn inside that span, so they land mid-sync.
    let span = 20;
    for (let i = 0; f.kills < planned && i < planned * 4; i++) {
      worldNow = Math.min(end, startAt + Math.round(((i + 1) / (planned + 1)) * (end - startAt)));
      const r = rnd();
      const command =
        r < 0.08 ? ['alerts'] : r < 0.15 ? ['notifications'] : r < 0.4 ? ['sync', '--once', '--json'] : ['sync', '--once', '--all', '--json'];
      const isSync = command[0] === 'sync';
      const atStartup = !isSync || rnd() < 0.15;
      const child = spawnTracker(command, env);
      const requestsBefore = gw.log.length;
      let killed = false;
      const kill = () => {
        if (killed || child.exitCode !== null || child.signalCode !== null) return;
        killed = true;
        child.kill('SIGKILL');
      };
      let timer: NodeJS.Timeout | null = null;
      let poll: NodeJS.Timeout | null = null;
      if (atStartup) {
        // Start-up, migrations, the alert tick and the notification flush all live here.
        timer = setTimeout(kill, 150 + Math.floor(rnd() * (isSync ? 2300 : 2600)));
      } else {
        const nth = 1 + Math.floor(rnd() * Math.max(2, span - 1));
        const extraMs = Math.floor(rnd() * 40);
        poll = setInterval(() => {
          if (gw.log.length - requestsBefore >= nth) {
            clearInterval(poll!);
            poll = null;
            timer = setTimeout(kill, extraMs);
          }
        }, 2);
      }
      const run = await child.done;
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      collect(run);
      if (isSync && run.signal !== 'SIGKILL') span = Math.max(2, gw.log.length - requestsBefore);
      if (run.signal === 'SIGKILL') {
        f.kills++;
        if (!isSync) f.killsInAlertsOrNotifications++;
        else if (gw.log.length === requestsBefore) f.killsAtStartup++;
        else f.killsMidSync++;
      } else if (run.code === 0) f.runsCompleted++;
      else {
        f.runsFailed++;
        // A failed (not killed) run must be a clean, reported failure: no stack trace.
        if (/\n\s+at .+\(.+:\d+:\d+\)/.test(run.stderr)) problems.push(`lane ${lane}: a run crashed: ${run.stderr.slice(0, 300)}`);
      }
    }
    if (f.kills < planned) problems.push(`lane ${lane}: only ${f.kills} of ${planned} kills landed`);

    // The final, clean sync at the end of the world (again while anything still differs). The CLI
    // schedules on the system clock while this world runs ~1000× faster: let the app's own
    // re-check times fall due first, as if the clerk synced again the next morning.
    worldNow = end;
    const aged = new Database(path.join(dataDir, DB_FILE_NAME));
    aged.prepare('UPDATE orders SET next_parcel_check_at = 0 WHERE next_parcel_check_at IS NOT NULL').run();
    aged.prepare('UPDATE shipments SET next_poll_at = 0 WHERE done = 0').run();
    aged.close();
    const store0 = { gw } as unknown as Rig;
    for (let k = 0; k < 2; k++) {
      const run = await spawnTracker(['sync', '--once', '--all', '--json'], env).done;
      collect(run);
      f.finalSyncs++;
      if (run.code !== 0 && run.code !== 1) problems.push(`lane ${lane}: final sync exited ${run.code}: ${run.stderr.slice(0, 300)}`);
      const store = openStore(dataDir);
      const diffs = differencesFromTruth({ ...store0, store } as Rig, end);
      store.close();
      // A second pass only if the first met a gateway fault (5% of calls fail, retried 3 times).
      if (diffs.length === 0 && run.code === 0) break;
    }

    // SQLite's own verdict first, on the raw file as the kills left it (no repair by opening).
    const raw = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
    const integrity = raw.pragma('integrity_check', { simple: true });
    // Every stored step is in the trace search, once, and no sync batch left steps pending
    // (a batch indexes its steps just before it commits: traceSearch.deferSearch).
    const search = raw
      .prepare('SELECT (SELECT count(*) FROM trace_events) AS steps, (SELECT count(*) FROM trace_search) AS indexed, (SELECT count(*) FROM trace_search_pending) + (SELECT count(*) FROM trace_search_batch) AS pending')
      .get() as { steps: number; indexed: number; pending: number };
    raw.close();
    if (integrity !== 'ok') problems.push(`lane ${lane}: integrity_check ${String(integrity)}`);
    if (search.indexed !== search.steps || search.pending) problems.push(`lane ${lane}: ${search.steps} steps, ${search.indexed} in the trace search, ${search.pending} pending`);

    const store = openStore(dataDir);
    try {
      const db = store.db;
      const diffs = differencesFromTruth({ ...store0, store } as Rig, end);
      if (diffs.length) {
        // Which orders: completed at 1688 before a parcel of theirs was read is the known gap.
        const ids = [...new Set(diffs.map((d) => /^order (\d+):/.exec(d)?.[1]).filter((x): x is string => !!x))];
        const completed = ids.filter((id) => store.orders.get(id)?.status === 'completed').length;
        problems.push(
          `lane ${lane}: ${diffs.length} differences from truth (${completed} of ${ids.length} orders completed before the parcel was read): ${diffs.slice(0, 3).join('; ')}`,
        );
      }
      f.stepsInDb = (db.prepare('SELECT COUNT(*) AS n FROM trace_events').get() as { n: number }).n;
      const dupSteps = db
        .prepare('SELECT COUNT(*) AS n FROM (SELECT 1 FROM trace_events GROUP BY shipment_id, occurred_at, remark HAVING COUNT(*) > 1)')
        .get() as { n: number };
      if (dupSteps.n) problems.push(`lane ${lane}: ${dupSteps.n} doubled steps`);

      // Signings: one ledger row per delivered parcel, and none for a parcel that is not delivered.
      const delivered = (
        db.prepare("SELECT order_id || '/' || logistics_id AS s FROM shipments WHERE status = 'delivered'").all() as { s: string }[]
      ).map((r) => r.s);
      const ledger = (db.prepare("SELECT subject FROM notifications WHERE kind = 'delivered'").all() as { subject: string }[]).map((r) => r.subject);
      f.deliveredParcels = delivered.length;
      f.deliveredLedgerRows = ledger.length;
      if (new Set(ledger).size !== ledger.length) problems.push(`lane ${lane}: a signing is in the ledger twice`);
      const inLedger = new Set(ledger);
      const notRecorded = delivered.filter((s) => !inLedger.has(s));
      if (notRecorded.length) problems.push(`lane ${lane}: ${notRecorded.length} delivered parcels never recorded as signed: ${notRecorded[0]}`);
      // Every notification shown on stderr (summaries aside) names one subject, once.
      const single = shown.filter((s) => !s.startsWith('1688 物流跟踪：'));
      f.notifyLines = shown.length;
      const seen = new Set<string>();
      for (const s of single) {
        if (seen.has(s)) problems.push(`lane ${lane}: notified twice: ${s}`);
        seen.add(s);
      }
      // Signings announced, one by one or counted in a summary, never exceed the ledger's rows
      // (a kill between "marked shown" and the notice may lose one; none may come twice).
      const announced =
        single.filter((s) => s.startsWith('已签收：')).length +
        shown.reduce((n, s) => n + Number(/^1688 物流跟踪：(\d+) 个包裹已签收/.exec(s)?.[1] ?? 0), 0);
      if (announced > ledger.length) problems.push(`lane ${lane}: ${announced} signings announced for ${ledger.length} ledger rows`);
      f.signingsAnnounced = announced;

      const dupAlerts = db
        .prepare('SELECT COUNT(*) AS n FROM (SELECT 1 FROM alerts WHERE resolved_at IS NULL GROUP BY subject, rule HAVING COUNT(*) > 1)')
        .get() as { n: number };
      if (dupAlerts.n) problems.push(`lane ${lane}: ${dupAlerts.n} (subject, rule) pairs with two open alerts`);
      f.openAlerts = (db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE resolved_at IS NULL').get() as { n: number }).n;

      const hasOutbox = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").get() !== undefined;
      if (hasOutbox) {
        const rows = db.prepare('SELECT idempotency_key AS k, payload, state FROM outbox').all() as { k: string; payload: string; state: string }[];
        f.outboxRows = rows.length;
        if (new Set(rows.map((r) => r.k)).size !== rows.length) problems.push(`lane ${lane}: an outbox key twice`);
        const byKey = new Map(rows.map((r) => [r.k, r]));
        // Sent twice "in effect" = the ERP applied two different things under one key: never.
        const first = new Map(receiver.deliveries.map((d) => [d.key, d.body]));
        for (const d of receiver.duplicates) if (first.get(d.key) !== d.body) problems.push(`lane ${lane}: key ${d.key} re-sent with other bytes`);
        for (const d of receiver.deliveries) {
          const row = byKey.get(d.key);
          if (!row) problems.push(`lane ${lane}: the ERP got key ${d.key} that the outbox does not hold`);
          else if (row.payload !== d.body) problems.push(`lane ${lane}: key ${d.key} delivered with bytes the outbox does not hold`);
        }
        const undelivered = rows.filter((r) => r.state !== 'delivered' || !first.has(r.k));
        if (undelivered.length) problems.push(`lane ${lane}: ${undelivered.length} outbox rows not delivered after the final sync`);
        if (receiver.rejected.length) problems.push(`lane ${lane}: ${receiver.rejected.length} ERP requests failed signature checks`);
        f.erpDeliveries = receiver.deliveries.length;
        f.erpDuplicates = receiver.duplicates.length;
      }
    } finally {
      store.close();
    }
    return f;
  } finally {
    await receiver.close();
    await gw.close();
    // A lane that found a problem keeps its data folder for a post-mortem.
    if (process.env.CHAOS_KEEP || problems.some((p) => p.startsWith(`lane ${lane}:`))) process.stdout.write(`[kept] lane ${lane}: ${dataDir}\n`);
    else removeDir(dataDir);
  }
}

export async function runCrashLoop(o: CrashLoopOptions): Promise<CrashLoopResult> {
  const problems: string[] = [];
  const started = Date.now();
  const lanes = await Promise.all(Array.from({ length: o.lanes }, (_, i) => runLane(i, o, problems)));
  const sum = (k: keyof LaneFigures) => lanes.reduce((n, l) => n + l[k], 0);
  return {
    problems,
    figures: {
      lanes: o.lanes,
      ordersPerLane: o.orders,
      kills: sum('kills'),
      killsAtStartup: sum('killsAtStartup'),
      killsMidSync: sum('killsMidSync'),
      killsInAlertsOrNotifications: sum('killsInAlertsOrNotifications'),
      runsCompletedUnkilled: sum('runsCompleted'),
      runsFailedCleanly: sum('runsFailed'),
      finalSyncRuns: sum('finalSyncs'),
      stepsInDb: sum('stepsInDb'),
      deliveredParcels: sum('deliveredParcels'),
      deliveredLedgerRows: sum('deliveredLedgerRows'),
      notificationLines: sum('notifyLines'),
      signingsAnnounced: sum('signingsAnnounced'),
      openAlerts: sum('openAlerts'),
      outboxRows: sum('outboxRows'),
      erpDeliveries: sum('erpDeliveries'),
      erpDuplicatesDeduped: sum('erpDuplicates'),
      problems: problems.length,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    },
  };
}

