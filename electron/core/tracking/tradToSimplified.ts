// Traditional → simplified Chinese, one character for one (Taiwan's and Hong Kong's carriers and
// convenience-store logistics write traditional). Used by the remark classifier's normalisation.
// Issue 12's eleventh pass: the whole of OpenCC's character table (tradToSimplifiedTable.ts, generated),
// where until then the table held the 236 characters met in the study part: a traditional line the
// study part never had now reads as its simplified twin, which the rules know.
import { TRAD_PAIRS } from './tradToSimplifiedTable';

export const TRAD_MAP = new Map<string, string>();
for (let i = 0; i + 1 < TRAD_PAIRS.length; i += 2) TRAD_MAP.set(TRAD_PAIRS[i]!, TRAD_PAIRS[i + 1]!);
export const TRAD_RE = new RegExp(`[${[...TRAD_MAP.keys()].join('')}]`, 'g');
export const toSimplified = (ch: string): string => TRAD_MAP.get(ch) ?? ch;
