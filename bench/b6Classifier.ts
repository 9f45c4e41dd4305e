// B6: the trace-remark classifier — its speed over the labelled corpus repeated to N remarks, and
// its accuracy on the real-trace corpus (test/fixtures/corpus: the frozen part is never tuned on).
import fs from 'node:fs';
import path from 'node:path';
import { classifyRemark, classifyRemarkWithEvidence } from '../electron/core/tracking/classifyRemark';
import { readCorpus, scoreCorpus } from '../test/helpers/traceCorpus';
import { atLeast, atMost, figure, log, ms, now, ROOT, type Figure, type Scale } from './lib';

/** Column 2 (remark) of test/fixtures/trace-remarks.tsv, with its expected stage (column 3). */
export function loadCorpus(): { remark: string; stage: string }[] {
  const text = fs.readFileSync(path.join(ROOT, 'test/fixtures/trace-remarks.tsv'), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((cols) => (cols[1] ?? '') !== '')
    .map((cols) => ({ remark: cols[1] as string, stage: cols[2] ?? '' }));
}

export async function runB6(scale: Scale): Promise<Figure[]> {
  const total = scale.quick ? 100_000 : 1_000_000;
  const corpus = loadCorpus().map((c) => c.remark);
  // A short warm-up so the figure is the steady state of the JIT-compiled regexes, as in a long sync.
  for (let i = 0; i < 5_000; i++) classifyRemark(corpus[i % corpus.length] as string);
  let sink = 0;
  const t0 = now();
  for (let i = 0; i < total; i++) sink += classifyRemark(corpus[i % corpus.length] as string).length;
  const elapsed = ms(t0);
  if (sink === 0) throw new Error('classifier returned nothing');
  const perSec = total / (elapsed / 1000);
  log(`B6: ${total} remarks (${corpus.length} distinct) in ${elapsed.toFixed(0)} ms`);
  // With evidence (the rule and the n-gram model's doubt on a delivered/returned): what sync runs per newest step.
  const t1 = now();
  for (let i = 0; i < total; i++) sink += classifyRemarkWithEvidence(corpus[i % corpus.length] as string).rule.length;
  const evidencePerSec = total / (ms(t1) / 1000);
  const study = scoreCorpus(readCorpus('study'), classifyRemark);
  const frozen = scoreCorpus(readCorpus('frozen'), classifyRemark);
  log(`B6: real-trace corpus: study ${study.correct}/${study.total}, frozen ${frozen.correct}/${frozen.total}`);
  const percent = (x: number) => Math.round(x * 1000) / 10;
  return [
    figure('B6.remarksPerSec', Math.round(perSec), 'remarks/s', atLeast(200_000)),
    figure('B6.frozenAccuracy', percent(frozen.accuracy), '% right', atLeast(97)),
    figure('B6.studyAccuracy', percent(study.accuracy), '% right', null),
    figure('B6.evidencePerSec', Math.round(evidencePerSec), 'remarks/s', null),
    figure('B6.falseDelivered', study.falseDelivered.length + frozen.falseDelivered.length, 'lines', atMost(0)),
    // A doubtful delivered is held by the second witness until 1688 confirms it: these would be committed on text alone.
    figure('B6.falseDeliveredCommitted', [...study.falseDelivered, ...frozen.falseDelivered].filter((r) => !classifyRemarkWithEvidence(r.remark).doubtful).length, 'lines', atMost(0)),
  ];
}
