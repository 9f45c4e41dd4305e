// How a choice about the model would have done on text neither the rules nor the model had read: each round's study
// lines, judged by the rules of the commit before the round (from a temporary git worktree) with a model trained on
// the study part of that time, probes and fixtures included. The way stop 18 chose the naming bar and stop 19 the
// overrule and the word classes. Reads the study part only, never the frozen part.
//
//   npx tsx scripts/remark-replay.ts [--sets r8,r7,r6w2,r9,r10,r11,r12,r13,r14,r15,r16,r17,r18,r19,r20] [--variants '<json>']
//
//   --variants  name -> training options (TrainOptions of train-remark-model.ts) plus `overrule: true` to let the
//               model overrule the rules as classifyRemark.ts does (modelOverrule); default: stop 18's model, today's
//               model without the overrule, today's model with it.
//   --compare   also set the classifier (rules, then the model's naming and overrule, as shipped) beside the model
//               alone (its most likely stage, today's training options) on each set, by script: how often each is
//               right, how often one of the two is (the most any choice between them could reach), and how often both
//               are wrong with the same answer. Stop 24 used it to ask whether a better combination of the two is worth
//               building (it is not: see the corpus README).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifierInternals, normalizeRemark } from '../electron/core/tracking/classifyRemark';
import { makeModel } from '../electron/core/tracking/remarkModel';
import type { Stage } from '../shared/domain';
import { DEFAULTS, rowsOfTsv, train, type TrainOptions } from './train-remark-model';

const ROOT = path.join(__dirname, '..');

/** A round: the commit before it (its study part trains the model), the commit after it, the rules that judge it. */
interface ReplaySet {
  before: string;
  after: string;
  rules: string;
  what: string;
}
const SETS: Record<string, ReplaySet> = {
  r6w2: { before: '26bca29^1', after: 'dade4c5', rules: '4f1ba0a', what: "the sixth round's second wave" },
  r7: { before: '5ba9c2a^1', after: '0cdf90c', rules: 'b0e1976', what: 'the seventh round' },
  r8: { before: 'ed4c5c3', after: '5db9716', rules: 'ca3235d', what: 'the eighth round' },
  r9: { before: 'e015779', after: '9388a28', rules: 'e015779', what: 'the ninth round (stop 19)' },
  r10: { before: '3dad5c9', after: '712ba9d', rules: '3dad5c9', what: 'the tenth round (stop 20)' },
  r11: { before: '68fa023', after: '15213bf', rules: '68fa023', what: 'the eleventh round (stop 20)' },
  r12: { before: '2f06285', after: '4dbc485', rules: '2f06285', what: 'the twelfth round (stop 21)' },
  r13: { before: 'e5115fb', after: 'e94efef', rules: 'e5115fb', what: 'the thirteenth round (stop 22)' },
  r14: { before: '1f82c84', after: 'a96455c', rules: '1f82c84', what: 'the fourteenth round (stop 22)' },
  r15: { before: 'a96455c', after: 'd93d0aa', rules: 'a96455c', what: 'the fifteenth round (stop 22)' },
  r16: { before: 'd93d0aa', after: '3f76eb8', rules: 'd93d0aa', what: 'the sixteenth round (stop 22)' },
  r17: { before: '6aad01d', after: 'a845a31', rules: '6aad01d', what: 'the seventeenth round (stop 23)' },
  r18: { before: 'c59d5bf', after: 'a96c100', rules: 'c59d5bf', what: 'the eighteenth round (stop 23)' },
  r19: { before: '4423c5c', after: '350c8c8', rules: '4423c5c', what: 'the nineteenth round (stop 23)' },
  r20: { before: 'b2a10c6', after: 'abdb1ff', rules: 'b2a10c6', what: 'the twentieth round (stop 23)' },
};

type Variant = Partial<TrainOptions> & { overrule?: boolean };
const DEFAULT_VARIANTS: Record<string, Variant> = {
  'stop 18': { features: 'subwords' },
  concepts: {},
  'concepts + overrule': { overrule: true },
};

const show = (rev: string, file: string): string => execFileSync('git', ['show', `${rev}:${file}`], { cwd: ROOT, maxBuffer: 1e9 }).toString('utf8');
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

interface Verdict {
  stage: Stage;
  rule: string;
}

/** How the classifier and the model alone did on one script's lines (--compare). */
interface Comparison {
  lines: number;
  classifier: number;
  model: number;
  either: number;
  bothWrong: number;
  bothSame: number;
}
function tally(into: Map<string, Comparison>, script: string, label: Stage, classifier: Stage, model: Stage): void {
  const c = into.get(script) ?? { lines: 0, classifier: 0, model: 0, either: 0, bothWrong: 0, bothSame: 0 };
  into.set(script, c);
  c.lines++;
  if (classifier === label) c.classifier++;
  if (model === label) c.model++;
  if (classifier === label || model === label) c.either++;
  else {
    c.bothWrong++;
    if (classifier === model) c.bothSame++;
  }
}

async function main(args: string[]): Promise<void> {
  const names = (option(args, '--sets') ?? 'r8,r7,r6w2,r9,r10,r11,r12,r13,r14,r15,r16,r17,r18,r19,r20').split(',');
  const variants = JSON.parse(option(args, '--variants') ?? JSON.stringify(DEFAULT_VARIANTS)) as Record<string, Variant>;
  const totals = new Map<string, number>();
  const compare = args.includes('--compare') ? new Map<string, Comparison>() : null;
  for (const name of names) {
    const set = SETS[name];
    if (!set) throw new Error(`unknown set ${name}: ${Object.keys(SETS).join(', ')}`);
    const study = { col: 3 };
    const before = rowsOfTsv(show(set.before, 'test/fixtures/corpus/study.tsv'), 1, 2, study);
    const seen = new Set(before.map((r) => r.remark));
    const fresh = rowsOfTsv(show(set.after, 'test/fixtures/corpus/study.tsv'), 1, 2, study).filter((r) => !seen.has(r.remark));
    const extra = [
      ...rowsOfTsv(show(set.before, 'test/fixtures/trace-probes.tsv'), 0, 1, { name: 'test/fixtures/trace-probes.tsv' }),
      ...rowsOfTsv(show(set.before, 'test/fixtures/trace-remarks.tsv'), 1, 2, { name: 'test/fixtures/trace-remarks.tsv' }),
    ];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remark-replay-'));
    let verdicts: Verdict[];
    try {
      execFileSync('git', ['worktree', 'add', '--detach', '--quiet', tmp, set.rules], { cwd: ROOT });
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
      const old = (await import(path.join(tmp, 'electron/core/tracking/classifyRemark.ts'))) as { classifyRemarkWithEvidence(r: string): Verdict };
      verdicts = fresh.map((r) => old.classifyRemarkWithEvidence(r.remark));
    } finally {
      execFileSync('git', ['worktree', 'remove', '--force', tmp], { cwd: ROOT });
    }
    const unknown = (v: Verdict) => v.rule === 'fallback.unknown' || v.rule === 'fallback.model_status_name';
    const out: string[] = [];
    for (const [label, v] of Object.entries(variants)) {
      const model = makeModel(train([...before, ...extra], { ...DEFAULTS, ...v }));
      let right = 0;
      fresh.forEach((r, i) => {
        const verdict = verdicts[i]!;
        const t = normalizeRemark(r.remark);
        let stage: Stage = unknown(verdict) ? (classifierInternals.modelNamedStage(t, model) ?? 'in_transit') : verdict.stage;
        if (v.overrule && !unknown(verdict)) stage = classifierInternals.modelOverrule(t, stage, model) ?? stage;
        if (stage === r.stage) right++;
      });
      totals.set(label, (totals.get(label) ?? 0) + right);
      out.push(`${label} ${right}`);
    }
    console.log(`${name}, ${set.what}: ${fresh.length} lines (rules of ${set.rules}): ${out.join(', ')}`);
    if (compare) {
      const model = makeModel(train([...before, ...extra], DEFAULTS));
      fresh.forEach((r, i) => {
        const verdict = verdicts[i]!;
        const t = normalizeRemark(r.remark);
        let stage: Stage = unknown(verdict) ? (classifierInternals.modelNamedStage(t, model) ?? 'in_transit') : verdict.stage;
        if (!unknown(verdict)) stage = classifierInternals.modelOverrule(t, stage, model) ?? stage;
        tally(compare, /[\u4e00-\u9fff]/.test(r.remark) ? 'Chinese' : 'Latin', r.stage, stage, model(t).stage);
      });
    }
  }
  console.log(`all: ${[...totals].map(([label, n]) => `${label} ${n}`).join(', ')}`);
  if (compare)
    for (const [script, c] of compare)
      console.log(
        `${script}: ${c.lines} lines; classifier ${c.classifier}, model alone ${c.model}, one of the two ${c.either}; both wrong ${c.bothWrong}, ${c.bothSame} of them with the same answer`,
      );
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
