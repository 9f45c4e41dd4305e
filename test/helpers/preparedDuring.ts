// The SQL statements a store prepares while a function runs: for tests of query plans
// (EXPLAIN QUERY PLAN of what the app really prepares). Statements are prepared once, so use a
// fresh store (or connection) for what you want to see.
import type { Store } from '../../electron/core/store';

export function preparedDuring(s: Store, fn: () => void): string[] {
  const seen: string[] = [];
  const prepare = s.db.prepare;
  s.db.prepare = function (this: typeof s.db, sql: string) {
    seen.push(sql);
    return prepare.call(this, sql);
  } as typeof prepare;
  try {
    fn();
  } finally {
    s.db.prepare = prepare;
  }
  return seen;
}
