// Runs in: main process / headless Node.
// Writes replicated trace steps into a desktop's SQLite. A page with few steps goes through the
// store's own triggers (trace search, a parcel's first scan and problems: SQLite migrations 6
// and 10). A page with many (a new member's first download, a catch-up after days away) has
// those triggers dropped at the start of its SQLite transaction and put back, from their own
// text in sqlite_master, before it commits; what they would have written is written set-wise
// once for the page (one statement each over the page's new steps as JSON). Search, first scan
// and problems come out the same, in the same transaction: a crash or a rolled-back page leaves
// the triggers as they were. Per step, the triggers cost ~20 µs (the FTS5 insert run from a
// trigger program); set-wise it is ~2 µs.
// During a first download (store/bulkLoad.ts) the triggers and indexes are already set aside for
// the whole download and rebuilt once at its end: pages are then written bare.
import { STEP_TRIGGERS } from '../store/bulkLoad';
import type { Db } from '../store/database';
import type { TeamStep } from './teamChanges';
/** From this many steps in one page on, the page is written in bulk. */
export const BULK_STEPS = 500;
/**
 * SQLite's page cache while pages come in bulk (KiB): the order and parcel indexes of a 100,000
 * order replica (~320 MB) outgrow the default 2 MB, and each page then re-reads them from the
 * file (63 s → 41 s for 100,000 orders). Back to what it was once the download is done.
 */
const BULK_CACHE_KIB = 256 * 1024;

interface FreshStep {
  s: number;
  a: number;
  r: string;
  st: string;
}

/** bulkSteps: the threshold (Infinity: never in bulk, as before; the bench's baseline). */
export function createStepWriter(db: Db, bulkSteps = BULK_STEPS) {
  const insertStep = db.prepare(
    'INSERT OR IGNORE INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, ?, ?, ?)',
  );
  const triggerSql = db.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
  // What the three triggers do, for every new step of the page at once (the same order as
  // inserted one by one, so the search's newest-first order is unchanged).
  const searchFill = db.prepare(`INSERT INTO trace_search (remark, shipment_id, occurred_at)
    SELECT value ->> 'r' || char(10), value ->> 's', value ->> 'a' FROM json_each(?) ORDER BY key`);
  // A parcel's first scan and problems from the page's new steps, aggregated per parcel first.
  const parcelFill = db.prepare(`UPDATE shipments SET
      first_scan_at = CASE WHEN x.scan IS NULL THEN first_scan_at ELSE MIN(COALESCE(first_scan_at, x.scan), x.scan) END,
      problems = problems | x.bits,
      last_problem_at = CASE WHEN x.problem IS NULL THEN last_problem_at ELSE MAX(COALESCE(last_problem_at, x.problem), x.problem) END
    FROM (SELECT value ->> 's' AS s, value ->> 'scan' AS scan, value ->> 'bits' AS bits, value ->> 'problem' AS problem FROM json_each(?)) AS x
    WHERE shipments.id = x.s`);

  // A bare page's steps, inserted at its end in one statement (the page's JSON, one row per step).
  const insertSteps = db.prepare(`INSERT OR IGNORE INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?) ORDER BY key`);

  let bulk: { fresh: FreshStep[]; triggers: string[] } | null = null;
  let bare: [number, number, string, string, number][] | null = null;
  let cacheBefore: number | null = null;

  return {
    /** Inside the page's transaction: bulk or not, for this page (bare: a bulk load rebuilds what the triggers write). */
    begin(stepCount: number, bareLoad = false) {
      bulk = null;
      bare = null;
      if (stepCount < bulkSteps && !bareLoad) return;
      if (cacheBefore === null) {
        cacheBefore = db.pragma('cache_size', { simple: true }) as number;
        db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
      }
      if (bareLoad) {
        bare = [];
        return;
      }
      const triggers: string[] = [];
      for (const name of STEP_TRIGGERS) {
        const t = triggerSql.get(name);
        if (!t) continue;
        triggers.push(t.sql);
        db.exec(`DROP TRIGGER main.${name}`);
      }
      bulk = { fresh: [], triggers };
    },
    /** Where a row's savepoint is rolled back to: its steps are forgotten with it. */
    mark(): number {
      return bare?.length ?? bulk?.fresh.length ?? 0;
    },
    rollbackTo(mark: number) {
      if (bare) bare.length = mark;
      if (bulk) bulk.fresh.length = mark;
    },
    insert(shipmentId: number, steps: readonly TeamStep[]) {
      if (bare) {
        for (const x of steps) bare.push([shipmentId, x.occurred_at, x.remark, x.stage, x.first_seen_at]);
        return;
      }
      for (const x of steps) {
        const r = insertStep.run(shipmentId, x.occurred_at, x.remark, x.stage, x.first_seen_at);
        if (bulk && r.changes) bulk.fresh.push({ s: shipmentId, a: x.occurred_at, r: x.remark, st: x.stage });
      }
    },
    /** Before the page commits: the set-wise writes, and the triggers back as they were. */
    finish() {
      if (bare) {
        if (bare.length) insertSteps.run(JSON.stringify(bare));
        bare = null;
        return;
      }
      if (!bulk) return;
      const { fresh, triggers } = bulk;
      bulk = null;
      if (fresh.length) {
        searchFill.run(JSON.stringify(fresh));
        const parcels = parcelFacts(fresh);
        if (parcels.length) parcelFill.run(JSON.stringify(parcels));
      }
      for (const sql of triggers) db.exec(sql);
    },
    /** Caught up: the page cache back to its usual size. */
    settle() {
      if (cacheBefore === null) return;
      db.pragma(`cache_size = ${cacheBefore}`);
      cacheBefore = null;
    },
    /** The page's transaction failed: the rollback restores the triggers, nothing to write. */
    abandon() {
      bulk = null;
      bare = null;
    },
  };
}

const PROBLEM_BITS: Readonly<Record<string, number>> = { exception: 1, failed_attempt: 2, returning: 4, returned: 4 };

/** Per parcel: its earliest scan and its problem steps among the new steps (as migration 10's triggers count them). */
function parcelFacts(fresh: readonly FreshStep[]) {
  const by = new Map<number, { s: number; scan: number | null; bits: number; problem: number | null }>();
  for (const x of fresh) {
    const bit = PROBLEM_BITS[x.st] ?? 0;
    const scan = x.st === 'info_received' ? null : x.a;
    if (scan === null && bit === 0) continue;
    const p = by.get(x.s) ?? { s: x.s, scan: null, bits: 0, problem: null };
    if (scan !== null) p.scan = p.scan === null ? scan : Math.min(p.scan, scan);
    if (bit) {
      p.bits |= bit;
      p.problem = p.problem === null ? x.a : Math.max(p.problem, x.a);
    }
    by.set(x.s, p);
  }
  return [...by.values()];
}
