// Cross-validation of the n-gram model and of ways to combine it with the rules, on the study part
// only (5 folds by source). Run: npx tsx scripts/train-remark-model.ts --cv
import { classifyRemarkWithEvidence, normalizeRemark } from '../electron/core/tracking/classifyRemark';
import { makeModel } from '../electron/core/tracking/remarkModel';
import { DEFAULTS, extra, foldOf, study, train, type TrainOptions } from './train-remark-model';

const N = 5;
const rows = study();
const opts: TrainOptions[] = [DEFAULTS, { ...DEFAULTS, alpha: 0.3 }, { ...DEFAULTS, uniformPrior: true }];
for (const o of opts) {
  const preds: { stage: string; rule: string; ruleStage: string; doubtful: boolean; m: string; p: number; pDel: number }[] = [];
  for (let f = 0; f < N; f++) {
    const model = makeModel(train([...rows.filter((r) => foldOf(r.source, N) !== f), ...extra()], o));
    for (const r of rows.filter((x) => foldOf(x.source, N) === f)) {
      const v = classifyRemarkWithEvidence(r.remark);
      const m = model(normalizeRemark(r.remark));
      preds.push({ stage: r.stage, rule: v.rule, ruleStage: v.stage, doubtful: v.doubtful, m: m.stage, p: m.p, pDel: m.probs.delivered });
    }
  }
  const acc = (f: (x: (typeof preds)[number]) => string) => (preds.filter((x) => f(x) === x.stage).length / preds.length).toFixed(3);
  const line = [`alpha ${o.alpha} minDocs ${o.minDocs} uniform ${o.uniformPrior}:`, `model ${acc((x) => x.m)}`, `rules ${acc((x) => x.ruleStage)}`];
  line.push(`rules+unknown ${acc((x) => (x.rule === 'fallback.unknown' ? x.m : x.ruleStage))}`);
  for (const t of [0.5, 0.9, 0.99, 0.999]) line.push(`unknown@${t} ${acc((x) => (x.rule === 'fallback.unknown' && x.p >= t && x.m !== 'delivered' && x.m !== 'returned' ? x.m : x.ruleStage))}`);
  line.push(`\n  unknown lines ${preds.filter((x) => x.rule === 'fallback.unknown').length}, of which in_transit ${preds.filter((x) => x.rule === 'fallback.unknown' && x.stage === 'in_transit').length}\n `);
  for (const t of [0.9, 0.99, 0.999]) line.push(`override@${t} ${acc((x) => (x.rule === 'fallback.unknown' || (x.p >= t && x.m !== 'delivered' && x.ruleStage !== 'delivered') ? x.m : x.ruleStage))}`);
  console.log(line.join('  '));
  for (const d of [0.01, 0.1, 0.5]) {
    const del = preds.filter((x) => x.ruleStage === 'delivered');
    const heldTrue = del.filter((x) => x.stage === 'delivered' && !x.doubtful && x.pDel < d).length;
    const heldFalse = del.filter((x) => x.stage !== 'delivered' && !x.doubtful && x.pDel < d).length;
    console.log(`   doubt when P(delivered) < ${d}: true delivered newly held ${heldTrue}/${del.filter((x) => x.stage === 'delivered').length}, false delivered newly held ${heldFalse}/${del.filter((x) => x.stage !== 'delivered').length}`);
  }
}
