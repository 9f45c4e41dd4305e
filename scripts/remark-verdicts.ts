// What the classifier answers on every line we may study: the study part of the corpus, the probes, the
// hand-written fixture file and the hand-written batches of test/unit/tracking/*Remarks.ts. Never the frozen part.
// A rule change is checked with it before and after: which verdicts (stage, rule, doubt) moved.
//
//   npx tsx scripts/remark-verdicts.ts --save <file>   write every verdict (TSV) to <file>
//   npx tsx scripts/remark-verdicts.ts --diff <file>   compare today's verdicts with a saved file: counts per set
//                                                      right before → after, and each line that moved
import fs from 'node:fs';
import path from 'node:path';
import { classifyRemarkWithEvidence } from '../electron/core/tracking/classifyRemark';
import { readCorpus } from '../test/helpers/traceCorpus';
import { extra } from './train-remark-model';

interface Line {
  set: string;
  remark: string;
  expected: string;
}

const BATCHES = path.join(__dirname, '../test/unit/tracking');

/** Every `[remark, stage, …]` (or HOLDOUT's `[carrier, remark, stage]`) array a hand-written batch file exports. */
async function handWritten(): Promise<Line[]> {
  const out: Line[] = [];
  for (const file of fs.readdirSync(BATCHES).filter((f) => /Remarks\.ts$/.test(f)).sort()) {
    const mod = (await import(path.join(BATCHES, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (!Array.isArray(value)) continue;
      for (const item of value) {
        if (typeof item === 'string') out.push({ set: `${file}:${name}`, remark: item, expected: '' });
        else if (Array.isArray(item) && typeof item[0] === 'string') {
          const holdout = item.length >= 3 && typeof item[2] === 'string';
          out.push({ set: `${file}:${name}`, remark: holdout ? item[1] : item[0], expected: String(holdout ? item[2] : item[1] ?? '') });
        }
      }
    }
  }
  return out;
}

const STAGE = 'info_received|picked_up|in_transit|out_for_delivery|awaiting_pickup|delivered|failed_attempt|exception|returning|returned';
/** The `['remark', 'stage'` pairs written inline in the tracking tests (quoted strings without escapes). */
function inlineCases(): Line[] {
  const pair = new RegExp(`\\[\\s*(['"])((?:(?!\\1)[^\\\\\\n])+)\\1\\s*,\\s*'(${STAGE})'`, 'g');
  const stageName = new RegExp(`^(?:${STAGE})$`);
  const out: Line[] = [];
  for (const file of fs.readdirSync(BATCHES).filter((f) => /\.test\.ts$/.test(f)).sort())
    for (const m of fs.readFileSync(path.join(BATCHES, file), 'utf8').matchAll(pair)) if (!stageName.test(m[2]!)) out.push({ set: file, remark: m[2]!, expected: m[3]! });
  return out;
}

async function lines(): Promise<Line[]> {
  return [
    ...readCorpus('study').map((r) => ({ set: 'study', remark: r.remark, expected: r.stage })),
    ...extra().map((r) => ({ set: r.source.replace(/^.*\//, ''), remark: r.remark, expected: r.stage })),
    ...(await handWritten()),
    ...inlineCases(),
  ];
}

const verdictOf = (remark: string): string => {
  const v = classifyRemarkWithEvidence(remark);
  return `${v.stage}\t${v.rule}\t${v.doubtful ? 'doubtful' : ''}`;
};

async function main(): Promise<void> {
  const [flag, file] = process.argv.slice(2);
  if (!file || (flag !== '--save' && flag !== '--diff')) throw new Error('usage: remark-verdicts.ts --save|--diff <file>');
  const rows = (await lines()).map((l) => [l.set, l.remark, l.expected, verdictOf(l.remark)].join('\t'));
  if (flag === '--save') {
    fs.writeFileSync(file, `${rows.join('\n')}\n`);
    console.log(`${rows.length} verdicts written to ${file}`);
    return;
  }
  // Compared by set and remark: a line added to or dropped from a set since the file was saved is counted, not diffed.
  const key = (cols: string[]) => `${cols[0]}\t${cols[1]}`;
  const saved = new Map(fs.readFileSync(file, 'utf8').split('\n').slice(0, -1).map((l) => [key(l.split('\t')), l.split('\t')] as const));
  const right = new Map<string, [number, number]>();
  let moved = 0;
  let added = 0;
  for (const row of rows) {
    const [set, remark, expected, stage1, rule1, doubt1] = row.split('\t');
    const old = saved.get(key([set!, remark!]));
    if (!old) {
      added++;
      continue;
    }
    const [, , , stage0, rule0, doubt0] = old;
    const r = right.get(set!) ?? [0, 0];
    if (expected && stage0 === expected) r[0]++;
    if (expected && stage1 === expected) r[1]++;
    right.set(set!, r);
    if (stage0 !== stage1 || rule0 !== rule1 || doubt0 !== doubt1) {
      moved++;
      console.log(`${set}\t${expected || '-'}\t${stage0}/${rule0}${doubt0 ? '?' : ''} → ${stage1}/${rule1}${doubt1 ? '?' : ''}\t${remark}`);
    }
  }
  // A line written twice in one set (a batch repeating a case) is one key: compared once per occurrence, never "added".
  const now = new Set(rows.map((row) => key(row.split('\t'))));
  const gone = [...saved.keys()].filter((k) => !now.has(k)).length;
  if (added || gone) console.log(`${added} lines not in the saved file, ${gone} saved lines no longer here`);
  console.log(`${moved} verdicts moved`);
  for (const [set, [a, b]] of right) if (a !== b) console.log(`  ${set}: right ${a} → ${b}`);
}

void main();
