// Runs in: main process / headless Node.
// Results kept until the database changes: PRAGMA data_version moves with other connections'
// commits, total_changes() with every change this connection makes (as orderQueries' tab counts).
// For the purchasing desk's whole-table views (arrivals, the in-transit book, the scorecard),
// which a clerk reopens and re-sorts far more often than a sync writes.
import type { Db } from './database';

export function createUntilChanged(db: Db) {
  const versionStmt = db.prepare<[], { v: number; c: number }>('SELECT data_version AS v, total_changes() AS c FROM pragma_data_version');
  let version = '';
  const kept = new Map<string, unknown>();
  return {
    /**
     * The value kept under `key` while the database is unchanged, else `compute()` (kept).
     * `key` names the query and every input its result depends on besides the data.
     */
    get<T>(key: string, compute: () => T): T {
      const r = versionStmt.get();
      const v = r ? `${r.v}:${r.c}` : '';
      if (v !== version) {
        kept.clear();
        version = v;
      }
      if (kept.has(key)) return kept.get(key) as T;
      const value = compute();
      // Several views can be kept at once (one per key), but only a few of each kind.
      if (kept.size >= 16) kept.delete(kept.keys().next().value as string);
      kept.set(key, value);
      return value;
    },
  };
}

export type UntilChanged = ReturnType<typeof createUntilChanged>;
