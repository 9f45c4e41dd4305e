// Runs in: main process / headless Node.
// Search inside every trace step (migration 6: trace_search, an FTS5 trigram index over the steps'
// text, kept in sync by triggers on trace_events; a sync batch fills it once per batch instead:
// deferSearch, migration 13). Three characters or more: the text is one
// trigram phrase. Two characters: the OR of the indexed trigrams that begin with them (every step
// is indexed with a newline after it, so each two-character piece begins a trigram), read from
// the index's vocabulary by a range of terms. The newest steps come first (FTS rowid order is the
// order steps were stored), and a step is returned only if its text really holds the search.
import type { Db } from './database';
import type { Stage } from '../../../shared/domain';

export interface TraceHitRow {
  order_id: string;
  shipment_id: number;
  logistics_id: string;
  bill_no: string | null;
  carrier_name: string | null;
  seller: string | null;
  status: string;
  received_at: number | null;
  occurred_at: number;
  remark: string;
  stage: Stage;
}

export interface TraceSearchResult {
  rows: TraceHitRow[];
  /** More steps match than were returned. */
  more: boolean;
}

/** Most trigrams a two-character search is expanded to (the rest would only add noise). */
const MAX_TERMS = 400;

/**
 * Where the words occur in `text`, case-insensitively (as the index matches), as sorted,
 * non-overlapping [start, end) ranges in UTF-16 units: what the UI highlights (as text).
 */
export function matchRanges(text: string, words: readonly string[]): [number, number][] {
  const hay = text.toLowerCase();
  // Lower-casing can change lengths (rare: İ); then match the exact text.
  const folded = hay.length === text.length;
  const h = folded ? hay : text;
  const marks = new Uint8Array(text.length);
  for (const w of words) {
    const n = folded ? w.toLowerCase() : w;
    if (!n) continue;
    for (let i = h.indexOf(n); i >= 0; i = h.indexOf(n, i + 1)) marks.fill(1, i, i + n.length);
  }
  const out: [number, number][] = [];
  for (let i = 0; i < marks.length; i++) {
    if (!marks[i]) continue;
    const start = i;
    while (i < marks.length && marks[i]) i++;
    out.push([start, i]);
  }
  return out;
}

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

export function createTraceSearch(db: Db) {
  const termsStmt = db.prepare<[string, string, number], { term: string }>(
    'SELECT term FROM trace_search_terms WHERE term >= ? AND term < ? LIMIT ?',
  );
  const hitsStmt = db.prepare<[string, number], TraceHitRow>(`
    SELECT s.order_id, s.id AS shipment_id, s.logistics_id, s.bill_no, s.carrier_name,
      COALESCE(o.seller_company, o.seller_login_id) AS seller, s.status, s.received_at,
      f.occurred_at, substr(f.remark, 1, length(f.remark) - 1) AS remark,
      (SELECT e.stage FROM trace_events e WHERE e.shipment_id = f.shipment_id AND e.occurred_at = f.occurred_at
         AND e.remark = substr(f.remark, 1, length(f.remark) - 1)) AS stage
    FROM (SELECT rowid, remark, shipment_id, occurred_at FROM trace_search WHERE trace_search MATCH ? ORDER BY rowid DESC LIMIT ?) f
    JOIN shipments s ON s.id = f.shipment_id
    JOIN orders o ON o.id = s.order_id
    ORDER BY f.rowid DESC`);
  // A sync batch's steps, indexed once (migration 13): the flag row on, the pending steps moved
  // into the index in the order they were stored (the newest-first order is the rowid order),
  // both tables emptied. Nothing of it outlives the transaction it runs in.
  const batchOpen = db.prepare('INSERT OR IGNORE INTO trace_search_batch (open) VALUES (1)');
  const fillPending = db.prepare(`INSERT INTO trace_search (remark, shipment_id, occurred_at)
    SELECT remark || char(10), shipment_id, occurred_at FROM trace_search_pending ORDER BY rowid`);
  const clearPending = db.prepare('DELETE FROM trace_search_pending');
  const batchClose = db.prepare('DELETE FROM trace_search_batch');
  const leftOver = db.prepare<[], { n: number }>(
    'SELECT (SELECT count(*) FROM trace_search_batch) + (SELECT count(*) FROM (SELECT 1 FROM trace_search_pending LIMIT 1)) AS n',
  );
  let depth = 0;
  function flush() {
    fillPending.run();
    clearPending.run();
    batchClose.run();
  }
  // Only a writer that broke its own rule could commit the flag or pending steps: index them now.
  if (!db.readonly && (leftOver.get()?.n ?? 0) > 0) db.transaction(flush)();

  /** The FTS query for one word, or null when the index cannot narrow it (one character, or no such trigram). */
  function wordQuery(word: string): string | null {
    const chars = [...word];
    if (chars.length >= 3) return quote(word);
    if (chars.length < 2) return null;
    // Terms are stored lower-cased (the trigram tokenizer folds case); U+10FFFF sorts after any third character.
    const prefix = word.toLowerCase();
    const terms = termsStmt.all(prefix, `${prefix}\u{10FFFF}`, MAX_TERMS).map((r) => r.term);
    return terms.length ? `(${terms.map(quote).join(' OR ')})` : '';
  }

  return {
    /**
     * Runs `fn` (inside the caller's transaction) with the steps it stores added to the search
     * once, set-wise, at its end, instead of one index write per step: what a sync batch does.
     * Searches inside `fn` do not see its own steps yet; every other reader sees them with the
     * commit, as before. Nested calls index once, at the outermost end.
     */
    deferSearch<T>(fn: () => T): T {
      if (!db.inTransaction) throw new Error('deferSearch runs inside a transaction');
      if (depth === 0) batchOpen.run();
      depth++;
      let ok = false;
      try {
        const out = fn();
        ok = true;
        return out;
      } finally {
        // Also after a failure the caller may catch and commit: the steps stored are then indexed.
        if (--depth === 0 && db.inTransaction) {
          try {
            flush();
          } catch (e) {
            if (ok) throw e;
          }
        }
      }
    },
    /**
     * Steps whose text holds every word of `text` (words split at spaces; at least one of two
     * characters or more), newest first, at most `limit`.
     */
    search(raw: string, limit: number): TraceSearchResult {
      const words = searchWords(raw);
      const parts = words.map(wordQuery);
      // A word of two characters that no step holds: nothing matches.
      if (parts.includes('')) return { rows: [], more: false };
      const q = parts.filter((p): p is string => p !== null).join(' AND ');
      if (!q) return { rows: [], more: false };
      const found = hitsStmt.all(q, limit + 1);
      // One-character words are checked here (the index cannot look them up).
      const needles = words.map((w) => w.toLowerCase());
      const rows = found.filter((r) => {
        const text = r.remark.toLowerCase();
        return needles.every((n) => text.includes(n));
      });
      return { rows: rows.slice(0, limit), more: found.length > limit };
    },
  };
}

/** The words of a search: split at spaces (also full-width), empty ones dropped. */
export function searchWords(raw: string): string[] {
  return raw.split(/[\s\u3000]+/u).filter(Boolean).slice(0, 8);
}

export type TraceSearch = ReturnType<typeof createTraceSearch>;
