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
export type FeatureKind = 'chars' | 'words' | 'subwords' | 'concepts';

/**
 * `concepts`: `subwords`, plus the class of each Latin word that tracking text says in many ways (a parcel, the
 * recipient, a locker or counter, an attempt, a refusal …) and the bigrams of words and classes, so a line that
 * says "addressee" where the training text said "consignee" still shares features with it. Stop 19: on the rounds'
 * study lines with the rules and a model that predate each (classifyRemark.ts, MODEL_OVERRULE_MIN_P), naming unknown
 * lines only: 5,026 -> 5,038 of 6,332; with the overrule 5,055 with `subwords`, 5,079 with `concepts`.
 */
const WORD_CLASSES: [string, RegExp][] = [
  ['parcel', /^(?:parcel|packag|package|shipment|item|consignment|mailpiece|piece|article|good|cargo|freight|packet|mail|envelope)$/],
  ['recipient', /^(?:recipient|consignee|addressee|receiver|customer|buyer|client|resident)$/],
  ['sender', /^(?:sender|shipper|seller|merchant|consignor|vendor|retailer|origin|originator)$/],
  ['courier', /^(?:courier|driver|agent|postman|postwoman|rider|messenger|deliveryman|associate)$/],
  ['point', /^(?:locker|parcelshop|pudo|shop|store|counter|kiosk|packstation|point|outlet|branch)$/],
  ['facility', /^(?:facility|hub|depot|center|centre|terminal|warehouse|station|gateway|office)$/],
  ['attempt', /^(?:attempt|tri|try|tried|retri|retry|reattempt)$/],
  ['absent', /^(?:absent|unavailable|closed|unreachable|vacant|away|nobody|noone)$/],
  ['refuse', /^(?:refus|refuse|reject|declin|decline|rejected)$/],
  ['return', /^(?:return|rts|rto|returned)$/],
  ['hold', /^(?:hold|held|detain|retain|retention|retained|seiz|seize|confiscat|confiscate)$/],
  ['delay', /^(?:delay|late|postpon|postpone|reschedul|reschedule|miss)$/],
  ['damage', /^(?:damag|damage|broken|lost|loss|missing|destroy|destroyed)$/],
  ['customs', /^(?:custom|customs|clearance|clear|duty|duti|tax|taxe|import|export)$/],
  ['collect', /^(?:collect|pick|pickup|retriev|retrieve|claim|fetch)$/],
  ['depart', /^(?:depart|left|leav|leave|dispatch|despatch|sent|forward|transit|transfer|rout|route|onward)$/],
  ['arrive', /^(?:arriv|arrive|reach|reached|scan|process|sort)$/],
  ['deliver', /^(?:deliver|drop|dropp|hand|handed)$/],
  ['sign', /^(?:sign|signatur|signature|pod)$/],
  ['label', /^(?:label|manifest|electronic|advice|book|booked|creat|create|register|registered)$/],
  ['address', /^(?:address|incorrect|wrong|insufficient|incomplete|unknown|invalid)$/],
  ['contact', /^(?:contact|call|phone|telephone|reachabl)$/],
  ['notice', /^(?:notice|card|notif|notification|notifi|slip)$/],
];

/** The class of a stemmed Latin word (WORD_CLASSES), or null. Scoring looks it up once per word (makeModel's wordOf). */
export function classOfWord(word: string): string | null {
  for (const [name, re] of WORD_CLASSES) if (re.test(word)) return name;
  return null;
}

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

/** Whether text left after the Latin words have been cut out has anything for character grams. */
const GRAM_TEXT = /[^\s0-9\p{P}]/u;

/** What one Latin word contributes by itself: its inner grams' keys, its `w:` key, and the word or its class for the `concepts` bigrams. */
interface WordParts<T> {
  inner: T[];
  word: T;
  /** The word, or its class (`#recipient`, `!#collect`) for the `concepts` features. */
  mapped: string;
  classed: boolean;
}

/** A word's own feature keys for a model of `kind`: the one definition training (featuresOf) and scoring (makeModel) share. */
function wordParts(word: string, kind: FeatureKind): WordParts<string> {
  // A negated word's grams are marked as the word is: "not delivered" shares none with "delivered".
  const negated = word.startsWith('!');
  const bare = negated ? word.slice(1) : word;
  const inner: string[] = [];
  if (kind === 'subwords' || kind === 'concepts') {
    const bounded = `<${bare}>`;
    for (let i = 0; i + SUBWORD_GRAM <= bounded.length; i++) inner.push(`${negated ? '!s:' : 's:'}${bounded.slice(i, i + SUBWORD_GRAM)}`);
  }
  const c = kind === 'concepts' ? classOfWord(bare) : null;
  return { inner, word: `w:${word}`, mapped: c ? `${negated ? '!' : ''}#${c}` : word, classed: c !== null };
}

/**
 * Each Latin-word feature of `words` (wordsOf) for a model of `kind`, in a fixed order: each word's own parts (`own`, looked up
 * once per word by the caller) through `ownFeature`, the features that join words (classes, bigrams, the first word) through `keyed`.
 */
function walkWordFeatures<T>(words: readonly string[], kind: FeatureKind, own: (word: string) => WordParts<T>, ownFeature: (f: T) => void, keyed: (key: string) => void): void {
  if (words.length === 0) return;
  const parts = words.map(own);
  for (const o of parts) for (const f of o.inner) ownFeature(f);
  if (kind === 'concepts')
    for (let i = 0; i < parts.length; i++) {
      if (parts[i]!.classed) keyed(`c:${parts[i]!.mapped}`);
      if (i + 1 < parts.length && (parts[i]!.classed || parts[i + 1]!.classed)) keyed(`c:${parts[i]!.mapped} ${parts[i + 1]!.mapped}`);
    }
  keyed(`w:^${words[0]}`);
  for (let i = 0; i < words.length; i++) {
    ownFeature(parts[i]!.word);
    if (i + 1 < words.length) keyed(`w:${words[i]} ${words[i + 1]}`);
  }
}

/** The features of a normalised remark for a model of `kind` (see FeatureKind). */
export function featuresOf(normalised: string, kind: FeatureKind = 'chars'): Set<string> {
  if (kind === 'chars') return gramsOf(modelText(normalised));
  const rest = normalised.replace(LATIN_RUN, ' ');
  const out = GRAM_TEXT.test(rest) ? gramsOf(modelText(rest)) : new Set<string>();
  const add = (f: string): void => void out.add(f);
  walkWordFeatures(wordsOf(normalised), kind, (w) => wordParts(w, kind), add, add);
  return out;
}

export interface ModelVerdict {
  stage: Stage;
  /** The model's probability for `stage`. */
  p: number;
  /** The model's probability of every stage. */
  probs: Record<Stage, number>;
}

/** One feature's weights, and the call that last added them (a feature counts once per remark). */
interface Weight {
  w: number[];
  seen: number;
}
/** A trie of the model's character grams by UTF-16 code unit: a remark's grams are found without slicing strings. */
interface GramNode {
  weight: Weight | null;
  next: Map<number, GramNode> | null;
}
/** A character gram of the `words`/`subwords`/`concepts` kinds: 1–3 units, never a Latin-word feature (`w:`, `s:`, `c:`). */
const isCharGram = (g: string): boolean => g.length <= 3 && !/^[a-z]:/.test(g);

/**
 * A model from its weights: its stage of an already-normalised remark (normalizeRemark). It scores exactly
 * the features featuresOf gives, each once; the character grams are looked up in a trie by code unit instead
 * of as sliced strings (the classifier asks the model of most lines since stop 19, so this is its hot path), and
 * the word features go through the same walk as featuresOf (walkWordFeatures), each word's parts looked up once.
 */
export function makeModel(json: ModelJson): (normalised: string) => ModelVerdict {
  const K = json.stages.length;
  const kind = json.features ?? 'chars';
  const byKey = new Map<string, Weight>();
  const root = new Map<number, GramNode>();
  for (const [g, w] of Object.entries(json.grams)) {
    const weight: Weight = { w, seen: 0 };
    byKey.set(g, weight);
    if (kind === 'chars' || !isCharGram(g)) continue;
    let level = root;
    for (let i = 0; i < g.length; i++) {
      const c = g.charCodeAt(i);
      let node = level.get(c);
      if (!node) level.set(c, (node = { weight: null, next: null }));
      if (i === g.length - 1) node.weight = weight;
      else level = node.next ??= new Map();
    }
  }
  // A word's own features (wordParts: its inner grams, `w:word`, its class) as weights: looked up once per word, not once per remark.
  const words = new Map<string, WordParts<Weight | undefined>>();
  const wordOf = (word: string): WordParts<Weight | undefined> => {
    let o = words.get(word);
    if (o) return o;
    const keys = wordParts(word, kind);
    o = { inner: keys.inner.map((k) => byKey.get(k)).filter((w) => w !== undefined), word: byKey.get(keys.word), mapped: keys.mapped, classed: keys.classed };
    if (words.size >= 20_000) words.clear();
    words.set(word, o);
    return o;
  };
  // The remark being scored: its sums, and its call number (a feature counts once per remark). Set at each call, so
  // `add` and `keyed` are made once, not once per remark.
  let score: number[] = [];
  let seen = 0;
  const add = (weight: Weight | null | undefined): void => {
    if (!weight || weight.seen === seen) return;
    weight.seen = seen;
    for (let k = 0; k < K; k++) score[k]! += weight.w[k]!;
  };
  const keyed = (key: string): void => add(byKey.get(key));
  return (normalised) => {
    score = json.base.slice();
    seen++;
    if (kind === 'chars') for (const g of gramsOf(modelText(normalised))) add(byKey.get(g));
    else {
      const rest = normalised.replace(LATIN_RUN, ' ');
      if (GRAM_TEXT.test(rest)) {
        const text = modelText(rest);
        for (let i = 0; i < text.length; i++) {
          const one = root.get(text.charCodeAt(i));
          if (!one) continue;
          add(one.weight);
          const two = i + 1 < text.length ? one.next?.get(text.charCodeAt(i + 1)) : undefined;
          if (!two) continue;
          add(two.weight);
          if (i + 2 < text.length) add(two.next?.get(text.charCodeAt(i + 2))?.weight);
        }
      }
      walkWordFeatures(wordsOf(normalised), kind, wordOf, add, keyed);
    }
    let best = 0;
    for (let k = 1; k < K; k++) if (score[k]! > score[best]!) best = k;
    let sum = 0;
    const e = score.map((x) => Math.exp((x - score[best]!) / 100));
    for (const x of e) sum += x;
    const probs = {} as Record<Stage, number>;
    for (let k = 0; k < K; k++) probs[json.stages[k]!] = e[k]! / sum;
    return { stage: json.stages[best]!, p: e[best]! / sum, probs };
  };
}

/** The shipped model (remarkModel.json). */
export const modelClassify = makeModel(weights as ModelJson);
