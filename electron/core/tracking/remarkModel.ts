// A small character n-gram model of trace remarks (a linear model over 1–3-character grams: since
// issue 12's sixth pass a logistic regression, before it naive Bayes; the same form for both), the
// classifier's second opinion (classifyRemark.ts). Its weights are data (remarkModel.json), trained
// by scripts/train-remark-model.ts on the study part of the corpus, the probes and the hand-written
// remark fixtures only — never on the frozen part. Pure and deterministic: no I/O at run time.
import type { Stage } from '../../../shared/domain';
import weights from './remarkModel.json';

export interface ModelJson {
  stages: Stage[];
  /** Per stage: the bias (logistic) or log prior (naive Bayes), in hundredths. */
  base: number[];
  /** n-gram → per-stage weight (logistic) or log-probability of the n-gram given the stage (naive Bayes), in hundredths. */
  grams: Record<string, number[]>;
}


/** The text the model reads: digits folded to 0, whitespace dropped, bounded by ^ and $. */
export function modelText(normalised: string): string {
  return `^${normalised.replace(/\s+/g, '').replace(/[0-9]+/g, '0')}$`;
}

/** Distinct 1–3-character grams of a model text (each counted once: short lines, binary features). */
export function gramsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    out.add(text[i]!);
    if (i + 1 < text.length) out.add(text.slice(i, i + 2));
    if (i + 2 < text.length) out.add(text.slice(i, i + 3));
  }
  return out;
}

export interface ModelVerdict {
  stage: Stage;
  /** The model's probability for `stage`. */
  p: number;
  /** The model's probability of every stage. */
  probs: Record<Stage, number>;
}

/** A model from its weights: its stage of an already-normalised remark (normalizeRemark). */
export function makeModel(json: ModelJson): (normalised: string) => ModelVerdict {
  const grams = new Map<string, number[]>(Object.entries(json.grams));
  const K = json.stages.length;
  return (normalised) => {
  const score = json.base.slice();
  for (const g of gramsOf(modelText(normalised))) {
    const w = grams.get(g);
    if (w) for (let k = 0; k < K; k++) score[k]! += w[k]!;
  }
  let best = 0;
  for (let k = 1; k < K; k++) if (score[k]! > score[best]!) best = k;
  let sum = 0;
  const e = score.map((s) => Math.exp((s - score[best]!) / 100));
  for (const x of e) sum += x;
  const probs = Object.fromEntries(json.stages.map((s, k) => [s, e[k]! / sum])) as Record<Stage, number>;
  return { stage: json.stages[best]!, p: e[best]! / sum, probs };
  };
}

/** The shipped model (remarkModel.json). */
export const modelClassify = makeModel(weights as ModelJson);
