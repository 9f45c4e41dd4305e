// Cross-validation of the n-gram model and of ways to combine it with the rules, on the study part
// only. Run: npx tsx scripts/train-remark-model.ts --cv
//
// Leave-one-source-out: for each source (repository) of the study part, the model is trained on every other
// source (+ probes and fixtures) and judged on the held-out one. The rules themselves were written on
// the study part, so "rules" here is an upper bound for them; how the combination does on tables the
// rules were NOT written on was measured with the rules of an earlier commit (classifyRemark.ts, the
// comment above MODEL_NAME_MAX_CHARS). Chinese-script lines are reported apart: most unseen carrier
// text the app meets is Chinese.
import { classifierInternals, classifyRemarkWithEvidence, normalizeRemark } from '../electron/core/tracking/classifyRemark';
import { makeModel } from '../electron/core/tracking/remarkModel';
import { BAYES, DEFAULTS, extra, study, train } from './train-remark-model';

// Held out by repository ("github:owner/repo/…" → "github:owner/repo"), not by file: one repository's
// files are often one table in two scripts or languages (Kerry TJ's zh-TW / zh-CN / en tables), and a
// fold by file let the model learn a table from its own twin.
const familyOf = (source: string): string => /^github:[^/]+\/[^/]+/.exec(source)?.[0] ?? source;
const rows = study().map((r) => ({ ...r, source: familyOf(r.source) }));
const sources = [...new Set(rows.map((r) => r.source))];
const CJK = /[\u4e00-\u9fff]/;
const preds: { stage: string; rule: string; ruleStage: string; shipped: string; m: string; p: number; nb: string; t: string; doubtful: boolean; pDel: number; zh: boolean; src: string }[] = [];
const more = extra();
for (const s of sources) {
  const rest = [...rows.filter((r) => r.source !== s), ...more];
  const model = makeModel(train(rest, DEFAULTS));
  const bayes = makeModel(train(rest, BAYES));
  for (const r of rows.filter((x) => x.source === s)) {
    const v = classifyRemarkWithEvidence(r.remark);
    const t = normalizeRemark(r.remark);
    const m = model(t);
    // The classifier as shipped, with the model of this fold in place of the shipped one.
    const rulesOnly = v.rule === 'fallback.model_status_name' ? 'in_transit' : v.stage;
    const unknown = v.rule === 'fallback.model_status_name' || v.rule === 'fallback.unknown';
    const shipped = unknown ? (classifierInternals.modelNamedStage(t, model) ?? 'in_transit') : v.stage;
    preds.push({ stage: r.stage, rule: unknown ? 'fallback.unknown' : v.rule, ruleStage: rulesOnly, shipped, m: m.stage, p: m.p, nb: bayes(t).stage, t, doubtful: v.doubtful, pDel: m.probs.delivered, zh: CJK.test(r.remark), src: s });
  }
}
type P = (typeof preds)[number];
const score = (f: (x: P) => string, sel: (x: P) => boolean = () => true) => {
  const xs = preds.filter(sel);
  return `${((100 * xs.filter((x) => f(x) === x.stage).length) / xs.length).toFixed(1)}%`;
};
const acc = (f: (x: P) => string) => `${score(f)} (Chinese ${score(f, (x) => x.zh)}, Latin ${score(f, (x) => !x.zh)})`;
const falseDelivered = (f: (x: P) => string) => preds.filter((x) => f(x) === 'delivered' && x.stage !== 'delivered').length;
console.log(`leave-one-source-out on the study part: ${rows.length} lines (${preds.filter((x) => x.zh).length} Chinese), ${sources.length} sources`);
console.log(`  model alone: logistic ${acc((x) => x.m)}; naive Bayes ${acc((x) => x.nb)}`);
console.log(`  rules alone ${acc((x) => x.ruleStage)}`);
console.log(`  rules + model naming short unknown status names (shipped) ${acc((x) => x.shipped)}`);
console.log(`  false delivered: rules ${falseDelivered((x) => x.ruleStage)}, shipped ${falseDelivered((x) => x.shipped)}`);
const unknown = preds.filter((x) => x.rule === 'fallback.unknown');
console.log(`  unrecognised lines ${unknown.length}, of which in_transit ${unknown.filter((x) => x.stage === 'in_transit').length}; the model right on ${unknown.filter((x) => x.m === x.stage).length}`);
for (const max of [12, 20, 40, 1e9])
  console.log(
    `  model names unknown lines of <= ${max} chars at p >= …`,
    [0.5, 0.7, 0.9, 0.99].map((th) => `${th}: ${score((x) => (x.rule === 'fallback.unknown' && x.t.length <= max && x.p >= th && !['delivered', 'returned'].includes(x.m) ? x.m : x.ruleStage))}`).join(', '),
  );
for (const d of [0.01, 0.1]) {
  const del = preds.filter((x) => x.ruleStage === 'delivered');
  console.log(`  doubt when P(delivered) < ${d}: true delivered newly held ${del.filter((x) => x.stage === 'delivered' && !x.doubtful && x.pDel < d).length}/${del.filter((x) => x.stage === 'delivered').length}, false delivered newly held ${del.filter((x) => x.stage !== 'delivered' && !x.doubtful && x.pDel < d).length}/${del.filter((x) => x.stage !== 'delivered').length}`);
}
// Seventh pass: a wider use — the model names ANY line that falls to fallback.unknown (any length, any
// script; never delivered, returned or in_transit), at a threshold. Gains and losses are counted with the
// repositories they come from: gains that come only from one table learnt from its twin are not gains.
for (const th of [0.5, 0.7, 0.9, 0.95]) {
  const wider = (x: P) => (x.rule === 'fallback.unknown' && x.p >= th && !['delivered', 'returned', 'in_transit'].includes(x.m) ? x.m : x.shipped);
  const gained = preds.filter((x) => wider(x) === x.stage && x.shipped !== x.stage);
  const lost = preds.filter((x) => wider(x) !== x.stage && x.shipped === x.stage);
  const bySource = (xs: P[]) => [...new Set(xs.map((x) => x.src))].length;
  console.log(`  wider naming at p >= ${th}: ${acc(wider)}; gained ${gained.length} (from ${bySource(gained)} repositories), lost ${lost.length} (from ${bySource(lost)})`);
}
