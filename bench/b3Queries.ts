// B3: what the Orders page asks for, through the real core (core.handle: zod, handler, SQL,
// row → contract mapping) on the fixture database. p50/p95 of 200 timed runs per query.
import Database from 'better-sqlite3';
import { createTrackerCore } from '../electron/core/api/createCore';
import { memorySecretStore, silentLogger } from '../electron/core/ports';
import { FIXTURE_NOW, type FixtureDb } from './fixtureDb';
import { atMost, figure, log, ms, now, percentile, type Figure, type Scale } from './lib';

const RUNS = 200; // quick mode too: the cap below bounds its time
const WARMUP = 5;
/**
 * Wall-time cap per query, so a slow build of the app cannot stall the harness for an hour: the
 * figure is then taken over fewer runs, and says so in its note.
 */
const CAP_MS = { quick: 1_000, full: 30_000 };
const MIN_RUNS = 10;
/**
 * The desk's views are kept until the database changes: the first call after a change computes
 * them again. Timed this many times, each right after a one-row write from another connection
 * (as a sync or the CLI would make), alternated with the cached runs above.
 */
const AFTER_CHANGE_RUNS = { quick: 3, full: 7 };
const KEPT_UNTIL_CHANGED = new Set<QueryMix['method']>(['arrivals.list', 'inTransit.book', 'suppliers.scorecard']);
/** The page size the Orders page asks for (renderer/api/hooks.ts ORDERS_PAGE_SIZE). */
const PAGE = 100;

/** Searches inside trace steps: words of the fixture's remarks (test/fixtures/trace-remarks.tsv). */
const TRACE_SEARCHES = ['破损', '驿站 3-2', '天河棠下', '5678', '转运中心', '拒收', '派送中', '丰巢'];

export interface QueryMix {
  id: string;
  method: 'orders.list' | 'orders.get' | 'traces.search' | 'arrivals.list' | 'inTransit.book' | 'suppliers.scorecard';
  input: (i: number) => unknown;
  targetMs: number;
}

/** The B3 queries; B5 replays the same mix over HTTP. */
export function queryMix(db: FixtureDb): QueryMix[] {
  const rot = <T>(list: T[], i: number) => list[i % list.length] as T;
  return [
    { id: 'ordersList.firstPage', method: 'orders.list', input: () => ({ tab: 'all', limit: PAGE }), targetMs: 20 },
    { id: 'ordersList.status', method: 'orders.list', input: () => ({ tab: 'in_transit', limit: PAGE }), targetMs: 20 },
    { id: 'ordersList.waybillSearch', method: 'orders.list', input: (i) => ({ tab: 'all', search: rot(db.waybillSearches, i), limit: PAGE }), targetMs: 20 },
    { id: 'ordersList.sellerSearch', method: 'orders.list', input: (i) => ({ tab: 'all', search: rot(db.sellerSearches, i), limit: PAGE }), targetMs: 20 },
    // "Last update" = the newest trace step (最新轨迹); the first page already sorts by updatedAt.
    { id: 'ordersList.sortLastUpdate', method: 'orders.list', input: () => ({ tab: 'all', sort: 'lastEventAt', dir: 'desc', limit: PAGE }), targetMs: 20 },
    { id: 'ordersGet', method: 'orders.get', input: (i) => ({ orderId: rot(db.orderIds, i) }), targetMs: 5 },
    // The purchasing desk (issue 18). A search inside every trace step (1,000,000 steps at full
    // size): two-character words, a station and a pickup code's start, a phone fragment, phrases.
    { id: 'traceSearch', method: 'traces.search', input: (i) => ({ text: rot(TRACE_SEARCHES, i) }), targetMs: 50 },
    // Today's arrivals: each route on the way estimated once, the parcels due read, the out-for-delivery and waiting ones read
    // with their stage's first step, the station parsed from its text.
    { id: 'arrivals', method: 'arrivals.list', input: () => ({}), targetMs: 150 },
    // Every open purchase with its value and totals (the page shows them all, virtualised).
    { id: 'inTransitBook', method: 'inTransit.book', input: () => ({}), targetMs: 200 },
    // The scorecard over the fixture's last 90 days (every parcel's first scan and problems).
    {
      id: 'suppliers90d',
      method: 'suppliers.scorecard',
      input: () => ({ from: new Date(FIXTURE_NOW - 90 * 86_400_000).toISOString(), to: new Date(FIXTURE_NOW).toISOString() }),
      targetMs: 500,
    },
  ];
}

export async function runB3(scale: Scale, db: FixtureDb): Promise<Figure[]> {
  const core = await createTrackerCore({
    dataDir: db.dir,
    secrets: memorySecretStore(),
    notifier: { notify: () => undefined },
    logger: silentLogger,
  });
  const figures: Figure[] = [];
  // A second connection writes the change (a parcel's updated_at): the core's connection sees it
  // through PRAGMA data_version, as it sees a sync's or the CLI's writes.
  const writer = new Database(db.file);
  const touch = writer.prepare('UPDATE shipments SET updated_at = updated_at + 1 WHERE id = (SELECT max(id) FROM shipments)');
  try {
    for (const q of queryMix(db)) {
      // The first call after start (or after a sync) pays for statement preparation and caches.
      const t0 = now();
      const first = (await core.handle(q.method, q.input(0))) as { rows?: unknown[] };
      const firstMs = ms(t0);
      for (let i = 1; i < WARMUP; i++) await core.handle(q.method, q.input(i));
      const times: number[] = [];
      const cap = scale.quick ? CAP_MS.quick : CAP_MS.full;
      const started = now();
      for (let i = 0; i < RUNS && (i < MIN_RUNS || ms(started) < cap); i++) {
        const t = now();
        await core.handle(q.method, q.input(i));
        times.push(ms(t));
      }
      const capped = times.length < RUNS ? `${times.length} runs (stopped at the ${cap / 1000} s cap)` : undefined;
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      const rows = first.rows ? `${first.rows.length} rows` : 'detail';
      log(`B3 ${q.id}: first ${firstMs.toFixed(1)} ms, p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${times.length} runs (${rows})`);
      figures.push(
        figure(`B3.${q.id}.p50`, p50, 'ms', null),
        figure(`B3.${q.id}.p95`, p95, 'ms', atMost(q.targetMs), capped),
      );
      if (q.method === 'orders.get') figures.push(figure(`B3.${q.id}.firstMs`, firstMs, 'ms', null));
      if (KEPT_UNTIL_CHANGED.has(q.method)) {
        const after: number[] = [];
        const n = scale.quick ? AFTER_CHANGE_RUNS.quick : AFTER_CHANGE_RUNS.full;
        for (let i = 0; i < n; i++) {
          touch.run();
          const t = now();
          await core.handle(q.method, q.input(i));
          after.push(ms(t));
          await core.handle(q.method, q.input(i)); // a cached call between two changes
        }
        const median = percentile(after, 50);
        log(`B3 ${q.id}: first call after a change: median ${median.toFixed(1)} ms (min ${Math.min(...after).toFixed(1)}, max ${Math.max(...after).toFixed(1)}) over ${n} changes`);
        figures.push(figure(`B3.${q.id}.afterChange`, median, 'ms', atMost(q.targetMs), `median of ${n} calls, each right after a one-row write`));
      }
    }
  } finally {
    writer.close();
    await core.stop();
  }
  return figures;
}
