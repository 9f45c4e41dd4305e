#!/usr/bin/env node
// Builds / checks the labelled trace-remark corpus split (test/fixtures/corpus/README.md).
//
//   node scripts/corpus-split.js build <rows.tsv>   one-time: mask phones, drop duplicate remarks,
//                                                   split by source, write study.tsv + frozen.tsv
//   node scripts/corpus-split.js add <rows.tsv>     later lines: mask phones, drop remarks already in
//                                                   either part, append each row to the part its
//                                                   source's hash says (existing rows never move)
//   node scripts/corpus-split.js check              verify both files follow the split rule
//
// The split rule: a row belongs to the frozen part when the first byte of sha1(source) is < 77
// (≈ 30% of sources); every row of one source lands in the same part. It never looks at the remark,
// the label or any classifier, so it can be re-checked at any time and never moves a row.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const DIR = path.join(__dirname, '..', 'test', 'fixtures', 'corpus');
const HEADER = 'carrier\tremark\tstage\tsource';
const STAGES = new Set([
  'info_received', 'picked_up', 'in_transit', 'out_for_delivery', 'awaiting_pickup',
  'delivered', 'failed_attempt', 'exception', 'returning', 'returned',
]);

const isFrozen = (source) => crypto.createHash('sha1').update(source).digest()[0] < 77;
/** Mobile numbers keep their shape: 13812345678 -> 138****5678. */
const maskPhones = (s) => s.replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2');

function read(file) {
  return fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() && l !== HEADER).map((l, i) => {
    const cols = l.split('\t');
    if (cols.length !== 4) throw new Error(`${file}:${i + 1}: expected 4 columns, got ${cols.length}`);
    const [carrier, remark, stage, source] = cols;
    if (!STAGES.has(stage)) throw new Error(`${file}:${i + 1}: unknown stage ${stage}`);
    if (!source) throw new Error(`${file}:${i + 1}: no source`);
    return { carrier, remark, stage, source };
  });
}
const write = (file, rows) =>
  fs.writeFileSync(file, [HEADER, ...rows.map((r) => [r.carrier, r.remark, r.stage, r.source].join('\t'))].join('\n') + '\n');

const [cmd, input] = process.argv.slice(2);
if (cmd === 'build') {
  const seen = new Set();
  const rows = [];
  for (const r of read(input)) {
    const remark = maskPhones(r.remark.trim());
    if (seen.has(remark)) continue;
    seen.add(remark);
    rows.push({ ...r, remark });
  }
  write(path.join(DIR, 'study.tsv'), rows.filter((r) => !isFrozen(r.source)));
  write(path.join(DIR, 'frozen.tsv'), rows.filter((r) => isFrozen(r.source)));
  console.log(`${rows.length} distinct rows`);
} else if (cmd === 'add') {
  const parts = { study: read(path.join(DIR, 'study.tsv')), frozen: read(path.join(DIR, 'frozen.tsv')) };
  const seen = new Set([...parts.study, ...parts.frozen].map((r) => r.remark));
  const added = { study: 0, frozen: 0 };
  for (const r of read(input)) {
    const remark = maskPhones(r.remark.trim());
    if (seen.has(remark)) continue;
    seen.add(remark);
    const part = isFrozen(r.source) ? 'frozen' : 'study';
    parts[part].push({ ...r, remark });
    added[part] += 1;
  }
  write(path.join(DIR, 'study.tsv'), parts.study);
  write(path.join(DIR, 'frozen.tsv'), parts.frozen);
  console.log(`added ${added.study} study, ${added.frozen} frozen`);
} else if (cmd === 'check') {
  const study = read(path.join(DIR, 'study.tsv'));
  const frozen = read(path.join(DIR, 'frozen.tsv'));
  const bad = [...study.filter((r) => isFrozen(r.source)), ...frozen.filter((r) => !isFrozen(r.source))];
  const remarks = [...study, ...frozen].map((r) => r.remark);
  const dupes = remarks.length - new Set(remarks).size;
  const unmasked = remarks.filter((r) => /(?<!\d)1[3-9]\d{9}(?!\d)/.test(r)).length;
  console.log(`study ${study.length}, frozen ${frozen.length}, misplaced ${bad.length}, duplicates ${dupes}, unmasked phones ${unmasked}`);
  if (bad.length || dupes || unmasked) process.exit(1);
} else {
  console.error('usage: corpus-split.js build <rows.tsv> | add <rows.tsv> | check');
  process.exit(2);
}
