// Required characters of a regex source: what the classifier's speed-up (classifyRemark.ts, "speed")
// relies on to skip rules that cannot match. Pure; only speed depends on it, never an answer.



// Characters found in many trace lines, and the most frequent English letters: a set made of
// them rules out little, so requiredChars prefers others (only speed depends on this).
const COMMON = new Set(
  [...'已件快递的在中心到发往收送派站【】市您包裹正有经人员电话货网点司公取签天单运达师傅待揽请因成下物分转等原寄出不码订号客投商完etaoinsrhldcu0123456789 '].map((c) =>
    c.charCodeAt(0),
  ),
);
// In nearly every line, Chinese or English (a space, a digit, a comma or colon): a set holding one rules out almost nothing.
const EVERYWHERE = new Set([...' 0123456789,:'].map((c) => c.charCodeAt(0)));
const weight = (chars: Set<number>): number => {
  let w = 0;
  for (const c of chars) w += EVERYWHERE.has(c) ? 1000 : COMMON.has(c) ? 20 : 1;
  return w;
};

/**
 * A set of characters at least one of which is in every text the pattern (regex source, no
 * flags) matches; null when there is none (it may match empty text, or needs only characters
 * of open classes). Sound by construction: a literal needs itself; a class its members; a
 * sequence what any one of its mandatory parts needs (the rarest is kept); an alternation the
 * union of what its branches need; look-arounds, anchors, optional parts and open classes
 * (., \w, [^…]) need nothing. Syntax it does not know throws, so a new rule cannot slip past.
 */
export function requiredChars(source: string): Set<number> | null {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`classifyRemark: cannot read ${what} at ${i} in /${source}/`);
  };
  const peek = () => source[i];

  // One escape after the backslash: a literal character, an open class (\d \w \s …) or a
  // zero-width assertion (\b \B).
  function escape(inClass: boolean): { char: number } | { open: true } | { zeroWidth: true } {
    const e = source[i++];
    if (e === undefined) return fail('a trailing backslash');
    if ('bB'.includes(e) && !inClass) return { zeroWidth: true };
    if ('dDwWsS'.includes(e)) return { open: true };
    if (e === 'n') return { char: 10 };
    if (e === 't') return { char: 9 };
    if (e === 'r') return { char: 13 };
    if (e === 'u' || e === 'x') {
      const len = e === 'u' ? 4 : 2;
      const hex = source.slice(i, i + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return fail('an escape');
      i += len;
      return { char: parseInt(hex, 16) };
    }
    if (/[0-9a-zA-Z]/.test(e)) return fail(`the escape \\${e}`);
    return { char: e.charCodeAt(0) };
  }

  function charClass(): Set<number> | null {
    // after '['
    const negated = peek() === '^';
    if (negated) i++;
    const set = new Set<number>();
    let open = false;
    while (peek() !== ']') {
      let lo: number;
      const ch = source[i++];
      if (ch === undefined) return fail('an unclosed class');
      if (ch === '\\') {
        const e = escape(true);
        if ('open' in e) {
          open = true;
          continue;
        }
        if ('zeroWidth' in e) return fail('a class escape');
        lo = e.char;
      } else lo = ch.charCodeAt(0);
      if (peek() === '-' && source[i + 1] !== ']' && source[i + 1] !== undefined) {
        i++;
        const hiCh = source[i++] as string;
        let hi: number;
        if (hiCh === '\\') {
          const e = escape(true);
          if (!('char' in e)) return fail('a class range');
          hi = e.char;
        } else hi = hiCh.charCodeAt(0);
        if (hi < lo || hi - lo > 0x400) return fail('a class range');
        for (let c = lo; c <= hi; c++) set.add(c);
      } else set.add(lo);
    }
    i++; // ']'
    return negated || open ? null : set;
  }

  // One atom: what it requires (null: nothing in particular), and whether it is zero-width.
  function atom(): { req: Set<number> | null; zeroWidth: boolean } {
    const ch = source[i++] as string;
    if (ch === '(') {
      let zeroWidth = false;
      if (peek() === '?') {
        i++;
        const k = source[i++];
        if (k === ':') zeroWidth = false;
        else if (k === '=' || k === '!') zeroWidth = true;
        else if (k === '<' && (peek() === '=' || peek() === '!')) {
          i++;
          zeroWidth = true;
        } else if (k === '<') {
          while (peek() !== '>' && peek() !== undefined) i++;
          i++;
        } else return fail('a group');
      }
      const req = alternation();
      if (source[i++] !== ')') return fail('an unclosed group');
      return zeroWidth ? { req: null, zeroWidth: true } : { req, zeroWidth: false };
    }
    if (ch === '[') return { req: charClass(), zeroWidth: false };
    if (ch === '.') return { req: null, zeroWidth: false };
    if (ch === '^' || ch === '$') return { req: null, zeroWidth: true };
    if (ch === '\\') {
      const e = escape(false);
      if ('zeroWidth' in e) return { req: null, zeroWidth: true };
      if ('open' in e) return { req: null, zeroWidth: false };
      return { req: new Set([e.char]), zeroWidth: false };
    }
    if ('*+?{'.includes(ch)) return fail('a quantifier with nothing before it');
    return { req: new Set([ch.charCodeAt(0)]), zeroWidth: false };
  }

  // Minimum repetitions of the quantifier here (consumed), 1 when there is none.
  function quantifier(): number {
    const q = peek();
    let min = 1;
    if (q === '?' || q === '*') {
      i++;
      min = 0;
    } else if (q === '+') i++;
    else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (!m) return fail('a quantifier');
      i += m[0].length;
      min = Number(m[1]);
    } else return 1;
    if (peek() === '?') i++; // lazy
    return min;
  }

  function sequence(): Set<number> | null {
    let best: Set<number> | null = null;
    while (i < source.length && peek() !== '|' && peek() !== ')') {
      const a = atom();
      const min = quantifier();
      if (a.zeroWidth || min === 0 || a.req === null) continue;
      if (best === null || weight(a.req) < weight(best)) best = a.req;
    }
    return best;
  }

  function alternation(): Set<number> | null {
    let union: Set<number> | null = new Set();
    for (;;) {
      const s = sequence();
      if (s === null) union = null;
      else if (union !== null) for (const c of s) union.add(c);
      if (peek() !== '|') return union;
      i++;
    }
  }

  const req = alternation();
  if (i !== source.length) fail('an unmatched )');
  return req;
}


/** The top-level branches of a regex source (its `|` outside groups and classes). */
export function topLevelBranches(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

/** Length of the group opening at `i` (a `(` in `source`), up to and including its `)`. */
function groupLength(source: string, i: number): number {
  let depth = 0;
  let inClass = false;
  for (let j = i; j < source.length; j++) {
    const ch = source[j];
    if (ch === '\\') j++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return j - i + 1;
  }
  throw new Error(`regexRequiredChars: unclosed group in /${source}/`);
}

/**
 * The same language with the word-boundary `\b` that starts many branches tested once: the branches
 * that begin with `\b` (after look-behinds only, which are zero-width at the same place, so they commute
 * with it) are gathered behind one leading `\b`. A regex engine then drops the middle of every word after
 * one test instead of trying each English branch there. Only speed depends on it (tests hold it to the
 * plain alternation).
 */
export function wordStartFirst(source: string): string {
  const word: string[] = [];
  const rest: string[] = [];
  for (const b of topLevelBranches(source)) {
    const w = afterWordStart(b);
    if (w === null) rest.push(b);
    else word.push(w);
  }
  if (word.length < 2) return source;
  return [`\\b(?:${word.join('|')})`, ...rest].join('|');
}

/** Where `x` goes on after the look-behinds it opens with (zero-width at the same place as what follows). */
function afterLookBehinds(x: string): number {
  let k = 0;
  while (x.startsWith('(?<!', k) || x.startsWith('(?<=', k)) k += groupLength(x, k);
  return k;
}

/** `x` without the `\b` it opens with (after its look-behinds), or null when it does not open with one. */
function withoutLeadingWordStart(x: string): string | null {
  const k = afterLookBehinds(x);
  return x.startsWith('\\b', k) ? x.slice(0, k) + x.slice(k + 2) : null;
}

/**
 * A branch that must begin at a word start, without that `\b` (look-behinds before it kept), or null.
 * A leading group whose every branch begins with `\b` counts (one level deep).
 */
function afterWordStart(b: string): string | null {
  const direct = withoutLeadingWordStart(b);
  if (direct !== null) return direct;
  const i = afterLookBehinds(b);
  if (!b.startsWith('(?:', i)) return null;
  const len = groupLength(b, i);
  const inner = topLevelBranches(b.slice(i + 3, i + len - 1)).map(withoutLeadingWordStart);
  if (inner.some((x) => x === null)) return null;
  return `${b.slice(0, i)}(?:${inner.join('|')})${b.slice(i + len)}`;
}
