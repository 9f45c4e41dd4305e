// A small n-gram model of trace remarks (a linear model over 1–3-character grams, and since issue 12's
// ninth pass words for Latin script: featuresOf; since the sixth pass a logistic regression, before it
// naive Bayes; the same form for both), the
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
  /** Which features it reads (featuresOf): absent = character grams of the whole text (before issue 12's ninth pass). */
  features?: FeatureKind;
}

/**
 * `chars`: 1–3-character grams of the whole text (whitespace dropped, digits folded), the model
 * before issue 12's ninth pass. `words`: ninth pass — character grams of the non-Latin part (Chinese
 * has no word boundaries), and for Latin script lower-cased word unigrams and bigrams, lightly
 * stemmed, words after a negation up to the clause's end marked `!` ("not delivered" shares no
 * feature with "delivered"). `subwords`: issue 12's eleventh pass — `words`, plus the 5-character
 * grams inside each of those words (stemmed, bounded by < and >, marked `!` when negated: "consignee"
 * shares "<cons" and "signe" with "consignment"), so a word the training text never had still shares
 * parts with one it had.
 */
export type FeatureKind = 'chars' | 'words' | 'subwords';

/** Length of the character grams taken inside each Latin-script word by the `subwords` features. */
const SUBWORD_GRAM = 5;


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

const LATIN_RUN = /[a-z][a-z']*/g;
const TOKEN = /[a-z]+(?:'[a-z]+)?|[0-9]+|[.,;:!?()[\]|/<>\u3001\u3002\uff0c\uff1b\uff1a\uff08\uff09-]/g;
const CLAUSE_END = /^[.,;:!?()[\]|/<>\u3001\u3002\uff0c\uff1b\uff1a\uff08\uff09-]$/;
const NEGATION = new Set(['not', 'no', 'unable', 'never', 'failed', 'fail', 'failure', 'cannot', "can't", "couldn't", "wasn't", "didn't", "won't", "isn't", "hasn't", "haven't", 'unsuccessful', 'without', 'nobody', 'yet']);
const BREAK = new Set(['but', 'and', 'then']);

/** A light English stem: delivered / delivery / delivering / delivers → deliver. */
export function stemWord(w: string): string {
  if (/^.{4,}ery$/.test(w)) return w.slice(0, -1);
  const m = /^(.{4,}?)(?:ing|ed|ies|es|s)$/.exec(w);
  return m ? m[1]! : w;
}

/** The Latin-script words of a normalised remark: stemmed, digits folded to 0, negated ones marked `!`. */
export function wordsOf(normalised: string): string[] {
  const out: string[] = [];
  let negated = false;
  for (const tok of normalised.match(TOKEN) ?? []) {
    if (CLAUSE_END.test(tok)) {
      negated = false;
      continue;
    }
    if (/^[0-9]/.test(tok)) {
      out.push('0');
      continue;
    }
    if (BREAK.has(tok)) negated = false;
    if (NEGATION.has(tok)) {
      out.push(tok);
      negated = true;
      continue;
    }
    const w = stemWord(tok.replace(/'s$/, ''));
    out.push(negated ? `!${w}` : w);
  }
  return out;
}

/** The features of a normalised remark for a model of `kind` (see FeatureKind). */
export function featuresOf(normalised: string, kind: FeatureKind = 'chars'): Set<string> {
  if (kind === 'chars') return gramsOf(modelText(normalised));
  const rest = normalised.replace(LATIN_RUN, ' ');
  const out = /[^\s0-9\p{P}]/u.test(rest) ? gramsOf(modelText(rest)) : new Set<string>();
  const words = wordsOf(normalised);
  if (words.length === 0) return out;
  if (kind === 'subwords')
    for (const word of words) {
      // A negated word's grams are marked as the word is: "not delivered" shares none with "delivered".
      const negated = word.startsWith('!');
      const bounded = `<${negated ? word.slice(1) : word}>`;
      for (let i = 0; i + SUBWORD_GRAM <= bounded.length; i++) out.add(`${negated ? '!s:' : 's:'}${bounded.slice(i, i + SUBWORD_GRAM)}`);
    }
  out.add(`w:^${words[0]}`);
  for (let i = 0; i < words.length; i++) {
    out.add(`w:${words[i]}`);
    if (i + 1 < words.length) out.add(`w:${words[i]} ${words[i + 1]}`);
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
  const kind = json.features ?? 'chars';
  return (normalised) => {
  const score = json.base.slice();
  for (const g of featuresOf(normalised, kind)) {
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
