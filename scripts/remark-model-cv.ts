// Cross-validation of the n-gram model and of ways to combine it with the rules, on the study part
// only. Run: npx tsx scripts/train-remark-model.ts --cv
//
// Leave-one-source-out: for each source (repository) of the study part, the model is trained on every other
// source (+ probes and fixtures) and judged on the held-out one. The rules themselves were written on
// the study part, so "rules" here is an upper bound for them; how the combination does on tables the
// rules were NOT written on was measured with the rules of an earlier commit (classifyRemark.ts, the
// comment above MODEL_NAME_MAX_CHARS) and, since the ninth pass, on each round's fresh lines. Chinese-script
// lines are reported apart. Since the eleventh pass it compares the shipped model (words and the grams
// inside them) with the word model of the ninth and tenth passes, in the same folds (naive Bayes, last measured in the eighth pass,
// is no longer run: it halves the time).
import { classifierInternals, classifyRemarkWithEvidence, normalizeRemark } from '../electron/core/tracking/classifyRemark';
import { makeModel, type ModelVerdict } from '../electron/core/tracking/remarkModel';
import type { Stage } from '../shared/domain';
import { DEFAULTS, extra, study, train, WORDS } from './train-remark-model';

// Held out by repository ("github:owner/repo/…" → "github:owner/repo"), not by file: one repository's
// files are often one table in two scripts or languages (Kerry TJ's zh-TW / zh-CN / en tables), and a
// fold by file let the model learn a table from its own twin.
const familyOf = (source: string): string => /^github:[^/]+\/[^/]+/.exec(source)?.[0] ?? source;
const rows = study().map((r) => ({ ...r, source: familyOf(r.source) }));
const sources = [...new Set(rows.map((r) => r.source))];
const CJK = /[\u4e00-\u9fff]/;
const NEVER = new Set<string>(['delivered', 'returned', 'in_transit']);
interface P { stage: string; rule: string; ruleStage: string; shipped: string; shippedWords: string; before: string; m: ModelVerdict; c: ModelVerdict; t: string; doubtful: boolean; zh: boolean; src: string }
const preds: P[] = [];
const more = extra();
for (const s of sources) {
  const rest = [...rows.filter((r) => r.source !== s), ...more];
  const model = makeModel(train(rest, DEFAULTS));
  const words = makeModel(train(rest, WORDS));
  for (const r of rows.filter((x) => x.source === s)) {
    const v = classifyRemarkWithEvidence(r.remark);
    const t = normalizeRemark(r.remark);
    // The classifier as shipped, with the model of this fold in place of the shipped one.
    const rulesOnly = v.rule === 'fallback.model_status_name' ? 'in_transit' : v.stage;
    const unknown = v.rule === 'fallback.model_status_name' || v.rule === 'fallback.unknown';
    const shipped = unknown ? (classifierInternals.modelNamedStage(t, model) ?? 'in_transit') : v.stage;
    const shippedWords = unknown ? (classifierInternals.modelNamedStage(t, words) ?? 'in_transit') : v.stage;
    // As before the ninth pass: the model names short Chinese status names only.
    const before = unknown ? (classifierInternals.modelNamedStage(t, words, false) ?? 'in_transit') : v.stage;
    preds.push({ stage: r.stage, rule: unknown ? 'fallback.unknown' : v.rule, ruleStage: rulesOnly, shipped, shippedWords, before, m: model(t), c: words(t), t, doubtful: v.doubtful, zh: CJK.test(r.remark), src: s });
  }
}
const score = (f: (x: P) => string, sel: (x: P) => boolean = () => true) => {
  const xs = preds.filter(sel);
  return `${((100 * xs.filter((x) => f(x) === x.stage).length) / xs.length).toFixed(1)}%`;
};
const acc = (f: (x: P) => string) => `${score(f)} (Chinese ${score(f, (x) => x.zh)}, Latin ${score(f, (x) => !x.zh)})`;
const falseDelivered = (f: (x: P) => string) => preds.filter((x) => f(x) === 'delivered' && x.stage !== 'delivered').length;
const bySource = (xs: P[]) => {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x.src, (n.get(x.src) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1]).map(([s, k]) => `${s.replace('github:', '')} ${k}`).join(', ');
};
/** A use of the model against the shipped one: accuracy, and its gains and losses by repository. */
const against = (label: string, f: (x: P) => string, base: (x: P) => string = (x) => x.shipped) => {
  const gained = preds.filter((x) => f(x) === x.stage && base(x) !== x.stage);
  const lost = preds.filter((x) => f(x) !== x.stage && base(x) === x.stage);
  console.log(`  ${label}: ${acc(f)}, false delivered ${falseDelivered(f)}; gained ${gained.length}, lost ${lost.length}`);
  if (gained.length + lost.length > 0 && gained.length + lost.length <= 60) console.log(`    gained: ${bySource(gained)}\n    lost: ${bySource(lost)}`);
};
console.log(`leave-one-source-out on the study part: ${rows.length} lines (${preds.filter((x) => x.zh).length} Chinese), ${sources.length} sources`);
console.log(`  model alone: shipped (concepts) ${acc((x) => x.m.stage)}; words ${acc((x) => x.c.stage)}`);
console.log(`  rules alone ${acc((x) => x.ruleStage)}`);
console.log(`  rules + model naming short unknown Chinese names (p >= 0.5) and unknown Latin lines (p >= 0.9): shipped (concepts) ${acc((x) => x.shipped)}; words ${acc((x) => x.shippedWords)}`);
against('shipped against naming short Chinese names only (as before the ninth pass, words model)', (x) => x.shipped, (x) => x.before);
console.log(`  before the ninth pass: ${acc((x) => x.before)}`);
console.log(`  false delivered: rules ${falseDelivered((x) => x.ruleStage)}, inner grams ${falseDelivered((x) => x.shipped)}, words ${falseDelivered((x) => x.shippedWords)}`);
const unknown = preds.filter((x) => x.rule === 'fallback.unknown');
const unknownLatin = unknown.filter((x) => !x.zh);
console.log(`  unrecognised lines ${unknown.length} (Latin ${unknownLatin.length}), of which in_transit ${unknown.filter((x) => x.stage === 'in_transit').length} (Latin ${unknownLatin.filter((x) => x.stage === 'in_transit').length}); right: inner grams ${unknown.filter((x) => x.m.stage === x.stage).length} (Latin ${unknownLatin.filter((x) => x.m.stage === x.stage).length}), words ${unknown.filter((x) => x.c.stage === x.stage).length} (Latin ${unknownLatin.filter((x) => x.c.stage === x.stage).length})`);
// Ninth pass: the wider uses for English, with the word model. Naming unknown Latin lines (never delivered,
// returned or in_transit), by length and threshold; and the same with the word model, for comparison.
for (const [name, pick] of [['inner grams', (x: P) => x.m], ['words', (x: P) => x.c]] as const)
  for (const max of [30, 60, 1e9])
    for (const th of [0.7, 0.9, 0.95])
      against(`${name}: naming unknown Latin lines of <= ${max} chars at p >= ${th}`, (x) => {
        const m = pick(x);
        return x.rule === 'fallback.unknown' && !x.zh && x.t.length <= max && m.p >= th && !NEVER.has(m.stage) ? m.stage : x.shipped;
      });
// Doubting English terminal verdicts the model finds implausible (the shipped doubt, MODEL_DOUBT, with the fold's model).
for (const [name, pick] of [['inner grams', (x: P) => x.m], ['words', (x: P) => x.c]] as const)
  for (const d of [0.01, 0.05, 0.2]) {
    const term = preds.filter((x) => (x.ruleStage === 'delivered' || x.ruleStage === 'returned') && !x.doubtful);
    const held = term.filter((x) => pick(x).probs[x.ruleStage as Stage] < d);
    const line = (zh: boolean) => {
      const h = held.filter((x) => x.zh === zh);
      return `${h.filter((x) => x.stage === x.ruleStage).length} right / ${h.filter((x) => x.stage !== x.ruleStage).length} wrong (of ${term.filter((x) => x.zh === zh && x.stage !== x.ruleStage).length} wrong)`;
    };
    console.log(`  ${name}: doubt terminal verdicts at P < ${d}: Chinese ${line(true)}, Latin ${line(false)}`);
  }
