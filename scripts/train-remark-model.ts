// Trains the trace-remark n-gram model (electron/core/tracking/remarkModel.ts) and writes its
// weights to electron/core/tracking/remarkModel.json. Deterministic: same inputs, same file.
//
//   npx tsx scripts/train-remark-model.ts          train on everything allowed, write the JSON
//   npx tsx scripts/train-remark-model.ts --cv     5-fold cross-validation on the study part
//                                                  (folds by source, as the frozen split is)
//
// Trained ONLY on test/fixtures/corpus/study.tsv, test/fixtures/trace-probes.tsv and
// test/fixtures/trace-remarks.tsv. The frozen part is never read here.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Stage } from '../shared/domain';
import { normalizeRemark } from '../electron/core/tracking/classifyRemark';
import { gramsOf, modelText, type ModelJson } from '../electron/core/tracking/remarkModel';

const ROOT = path.join(__dirname, '..');
export const STAGES: Stage[] = ['info_received', 'picked_up', 'in_transit', 'out_for_delivery', 'awaiting_pickup', 'delivered', 'failed_attempt', 'exception', 'returning', 'returned'];

export interface Row {
  remark: string;
  stage: Stage;
  source: string;
}

function tsv(file: string, remarkCol: number, stageCol: number, sourceCol: number | null): Row[] {
  const [, ...lines] = fs.readFileSync(path.join(ROOT, file), 'utf8').split(/\r?\n/);
  return lines
    .filter((l) => l.trim())
    .map((l) => l.split('\t'))
    .filter((c) => STAGES.includes(c[stageCol] as Stage))
    .map((c) => ({ remark: c[remarkCol]!, stage: c[stageCol] as Stage, source: sourceCol === null ? file : c[sourceCol]! }));
}

export const study = (): Row[] => tsv('test/fixtures/corpus/study.tsv', 1, 2, 3);
export const extra = (): Row[] => [...tsv('test/fixtures/trace-probes.tsv', 0, 1, null), ...tsv('test/fixtures/trace-remarks.tsv', 1, 2, null)];

export interface TrainOptions {
  alpha: number;
  minDocs: number;
  uniformPrior: boolean;
}
export const DEFAULTS: TrainOptions = { alpha: 1, minDocs: 2, uniformPrior: false };

/** Binarised multinomial naive Bayes over 1–3-character grams of the normalised remark. */
export function train(rows: readonly Row[], o: TrainOptions = DEFAULTS): ModelJson {
  const seen = new Set<string>();
  const docs: { stage: number; grams: Set<string> }[] = [];
  for (const r of rows) {
    if (seen.has(r.remark)) continue;
    seen.add(r.remark);
    docs.push({ stage: STAGES.indexOf(r.stage), grams: gramsOf(modelText(normalizeRemark(r.remark))) });
  }
  const df = new Map<string, number>();
  for (const d of docs) for (const g of d.grams) df.set(g, (df.get(g) ?? 0) + 1);
  const vocab = [...df.keys()].filter((g) => df.get(g)! >= o.minDocs).sort();
  const index = new Map(vocab.map((g, i) => [g, i]));
  const K = STAGES.length;
  const counts = vocab.map(() => new Array<number>(K).fill(0));
  const totals = new Array<number>(K).fill(0);
  const nDocs = new Array<number>(K).fill(0);
  for (const d of docs) {
    nDocs[d.stage]!++;
    for (const g of d.grams) {
      const i = index.get(g);
      if (i === undefined) continue;
      counts[i]![d.stage]!++;
      totals[d.stage]!++;
    }
  }
  const q = (x: number) => Math.round(100 * x);
  const base = STAGES.map((_, k) => q(o.uniformPrior ? 0 : Math.log((nDocs[k]! + 1) / (docs.length + K))));
  const grams: Record<string, number[]> = {};
  vocab.forEach((g, i) => {
    grams[g] = STAGES.map((_, k) => q(Math.log((counts[i]![k]! + o.alpha) / (totals[k]! + o.alpha * vocab.length))));
  });
  return { stages: STAGES, base, grams };
}

/** Fold of a source (0..n-1), by its hash, so every row of a source lands in one fold. */
export const foldOf = (source: string, n: number): number => crypto.createHash('sha1').update(`cv:${source}`).digest()[0]! % n;

if (require.main === module) {
  if (process.argv.includes('--cv')) {
    // see scripts/remark-model-cv.ts
    require('./remark-model-cv');
  } else {
    const model = train([...study(), ...extra()]);
    const out = path.join(ROOT, 'electron/core/tracking/remarkModel.json');
    fs.writeFileSync(out, `${JSON.stringify(model)}\n`);
    console.log(`wrote ${out}: ${Object.keys(model.grams).length} grams, ${fs.statSync(out).size} bytes`);
  }
}
