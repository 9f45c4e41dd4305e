// The labelled corpus of real carrier trace lines (test/fixtures/corpus/README.md) and how a
// classifier is scored on it. Shared by the accuracy test and `npm run bench` (B6).
import fs from 'node:fs';
import path from 'node:path';
import type { Stage } from '../../shared/domain';

export interface CorpusRow {
  carrier: string;
  remark: string;
  stage: Stage;
  source: string;
}

export type CorpusPart = 'study' | 'frozen';

const DIR = path.resolve(__dirname, '../fixtures/corpus');

/** One part of the corpus, rows in file order. */
export function readCorpus(part: CorpusPart): CorpusRow[] {
  const [, ...lines] = fs.readFileSync(path.join(DIR, `${part}.tsv`), 'utf8').split(/\r?\n/);
  return lines
    .filter((l) => l.trim())
    .map((l) => {
      const [carrier = '', remark = '', stage = '', source = ''] = l.split('\t');
      return { carrier, remark, stage: stage as Stage, source };
    });
}

export interface CorpusScore {
  total: number;
  correct: number;
  accuracy: number;
  /** Rows the classifier called delivered whose label is not delivered. */
  falseDelivered: CorpusRow[];
  misses: { row: CorpusRow; got: Stage }[];
}

export function scoreCorpus(rows: readonly CorpusRow[], classify: (remark: string) => Stage): CorpusScore {
  const misses: { row: CorpusRow; got: Stage }[] = [];
  for (const row of rows) {
    const got = classify(row.remark);
    if (got !== row.stage) misses.push({ row, got });
  }
  const correct = rows.length - misses.length;
  return {
    total: rows.length,
    correct,
    accuracy: rows.length ? correct / rows.length : 0,
    falseDelivered: misses.filter((m) => m.got === 'delivered').map((m) => m.row),
    misses,
  };
}

/** A readable confusion summary: expected → got counts, then every miss. */
export function describeScore(label: string, s: CorpusScore): string {
  const pairs = new Map<string, number>();
  for (const m of s.misses) pairs.set(`${m.row.stage} → ${m.got}`, (pairs.get(`${m.row.stage} → ${m.got}`) ?? 0) + 1);
  const lines = [`${label}: ${s.correct}/${s.total} = ${(100 * s.accuracy).toFixed(1)}%, false delivered ${s.falseDelivered.length}`];
  for (const [k, n] of [...pairs].sort((a, b) => b[1] - a[1])) lines.push(`  ${n}\t${k}`);
  for (const m of s.misses) lines.push(`  ${m.row.carrier}\texpected ${m.row.stage}, got ${m.got}\t${m.row.remark}`);
  return lines.join('\n');
}
