// How far the corpus's labels, two blind relabellers and the classifier agree, on the samples in
// test/fixtures/corpus/relabels.tsv (stop 17: 300 study lines; stop 18: 400 frozen lines). Each
// relabeller read only tracking-domain.md §1 and the corpus README's labelling conventions, never the
// corpus, the code or each other's labels. Prints counts only, never a line: the frozen sample must
// not be read to write rules.
//
//   npx tsx scripts/remark-label-agreement.ts
import fs from 'node:fs';
import path from 'node:path';
import { classifyRemark } from '../electron/core/tracking/classifyRemark';

const CORPUS = path.join(__dirname, '..', 'test/fixtures/corpus');
const CJK = /[\u4e00-\u9fff]/;

function tsv(file: string): string[][] {
  return fs
    .readFileSync(path.join(CORPUS, file), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split('\t'));
}

const parts: Record<string, string[][]> = { study: tsv('study.tsv'), frozen: tsv('frozen.tsv') };
const samples = new Map<string, { remark: string; corpus: string; a: string; b: string; cls: string }[]>();
for (const [part, row, a, , b, , stop] of tsv('relabels.tsv')) {
  const line = parts[part!]?.[Number(row) - 1];
  if (!line) throw new Error(`relabels.tsv: no row ${row} in ${part}.tsv`);
  const key = `stop ${stop}, ${part}`;
  if (!samples.has(key)) samples.set(key, []);
  samples.get(key)!.push({ remark: line[1]!, corpus: line[2]!, a: a!, b: b!, cls: classifyRemark(line[1]!) });
}

const pct = (n: number, d: number) => `${n}/${d} = ${d ? ((100 * n) / d).toFixed(1) : '-'}%`;
for (const [key, all] of samples) {
  for (const [script, xs] of [
    ['all', all],
    ['Chinese', all.filter((x) => CJK.test(x.remark))],
    ['Latin', all.filter((x) => !CJK.test(x.remark))],
  ] as const) {
    const labelled = (l: string) => l !== '' && l !== 'unclear';
    const a = xs.filter((x) => labelled(x.a));
    const b = xs.filter((x) => labelled(x.b));
    const both = xs.filter((x) => labelled(x.a) && labelled(x.b));
    const consensus = both.filter((x) => x.a === x.b);
    const misses = xs.filter((x) => x.cls !== x.corpus);
    const kind = (x: (typeof misses)[number]) =>
      !labelled(x.a) || !labelled(x.b)
        ? 'a relabeller unsure of any stage'
        : x.a !== x.b
          ? 'relabellers split'
          : x.a === x.corpus
            ? 'both relabellers = corpus'
            : x.a === x.cls
              ? 'both relabellers = classifier'
              : 'both relabellers on a third stage';
    const kinds = new Map<string, number>();
    for (const m of misses) kinds.set(kind(m), (kinds.get(kind(m)) ?? 0) + 1);
    console.log(`${key}, ${script} (${xs.length} lines)`);
    console.log(`  relabeller A = corpus ${pct(a.filter((x) => x.a === x.corpus).length, a.length)}; B = corpus ${pct(b.filter((x) => x.b === x.corpus).length, b.length)}; A = B ${pct(consensus.length, both.length)}; where A = B, corpus agrees ${pct(consensus.filter((x) => x.a === x.corpus).length, consensus.length)}`);
    console.log(`  classifier = corpus ${pct(xs.length - misses.length, xs.length)}; classifier = A and B where they agree ${pct(consensus.filter((x) => x.cls === x.a).length, consensus.length)}`);
    console.log(`  the classifier's ${misses.length} misses: ${[...kinds].sort((p, q) => q[1] - p[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
}
