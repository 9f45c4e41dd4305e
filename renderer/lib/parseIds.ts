// Splitting and pre-checking pasted order ids, for the live preview on the add-orders page.
// The server validates again and has the last word.
import { ORDER_ID_PATTERN } from '../../shared/domain';

/** Newlines, spaces, commas (ASCII and Chinese), the 顿号 and semicolons. */
const SEPARATORS = /[\s,，、;；]+/u;

export type EntryProblem = 'not_number' | 'wrong_length' | 'duplicate';

export interface ParsedEntry {
  /** The entry as pasted (what is sent to orders.add). */
  raw: string;
  problem: EntryProblem | null;
}

export function splitEntries(text: string): string[] {
  return text.split(SEPARATORS).filter((s) => s !== '');
}

export function checkEntries(entries: string[]): ParsedEntry[] {
  const seen = new Set<string>();
  return entries.map((raw) => {
    let problem: EntryProblem | null = null;
    if (!/^\d+$/.test(raw)) problem = 'not_number';
    else if (!ORDER_ID_PATTERN.test(raw)) problem = 'wrong_length';
    else if (seen.has(raw)) problem = 'duplicate';
    seen.add(raw);
    return { raw, problem };
  });
}

export function parseIds(text: string): ParsedEntry[] {
  return checkEntries(splitEntries(text));
}
