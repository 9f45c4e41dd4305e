// How a classifier does on study lines it was not written on: the lines a corpus round added to the
// study part, classified by the classifier of an earlier commit. This is the "fresh" or "first contact"
// count of issue 12's notes, and the way to ask whether a pass carries over to text it never read.
//
//   npx tsx scripts/remark-fresh.ts --since <rev> [--until <rev>] [--classifier <rev>] [--misses <n>]
//
//   --since       the corpus before the round (its study lines are left out)
//   --until       the corpus after it (default: the working tree)
//   --classifier  the commit whose classifier and model judge the lines (default: the working tree)
//   --misses      print up to n misses (study lines only)
//
// Another commit's classifier is checked out in a temporary git worktree and run in a process of its
// own: two classifiers in one process share caches and slow each other. Reads the study part only,
// never the frozen part.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const STUDY = 'test/fixtures/corpus/study.tsv';
const CJK = /[\u3400-\u9fff]/;

interface Line {
  remark: string;
  stage: string;
  source: string;
}
interface Verdict {
  stage: string;
  doubtful: boolean;
  rule: string;
}

function studyAt(rev: string | undefined): Line[] {
  const text = rev
    ? execFileSync('git', ['show', `${rev}:${STUDY}`], { cwd: ROOT, maxBuffer: 1e9 }).toString('utf8')
    : fs.readFileSync(path.join(ROOT, STUDY), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split('\t'))
    .map((c) => ({ remark: c[1] ?? '', stage: c[2] ?? '', source: c[3] ?? '' }));
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
}

/** Child mode: classify the remarks in a file with the classifier under `dir`, print verdicts as JSON. */
async function classifyInChild(dir: string, linesFile: string): Promise<void> {
  const mod = (await import(path.join(dir, 'electron/core/tracking/classifyRemark.ts'))) as {
    classifyRemarkWithEvidence(r: string): { stage: string; doubtful?: boolean; rule?: string };
  };
  const remarks = JSON.parse(fs.readFileSync(linesFile, 'utf8')) as string[];
  const out: Verdict[] = remarks.map((r) => {
    const v = mod.classifyRemarkWithEvidence(r);
    return { stage: v.stage, doubtful: v.doubtful === true, rule: String(v.rule ?? '') };
  });
  fs.writeFileSync(linesFile, JSON.stringify(out));
}

function classifyWith(classifierRev: string | undefined, remarks: string[]): Verdict[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remark-fresh-'));
  const linesFile = path.join(tmp, 'lines.json');
  fs.writeFileSync(linesFile, JSON.stringify(remarks));
  let dir = ROOT;
  if (classifierRev) {
    dir = path.join(tmp, 'tree');
    execFileSync('git', ['worktree', 'add', '--detach', '--quiet', dir, classifierRev], { cwd: ROOT });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  }
  try {
    execFileSync(process.execPath, [...process.execArgv, __filename, '--child', dir, linesFile], { stdio: 'inherit', cwd: ROOT });
    return JSON.parse(fs.readFileSync(linesFile, 'utf8')) as Verdict[];
  } finally {
    if (classifierRev) execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function pct(a: number, b: number): string {
  return b ? `${((100 * a) / b).toFixed(1)}%` : '-';
}

function main(args: string[]): void {
  const since = option(args, '--since');
  if (!since) throw new Error('usage: remark-fresh.ts --since <rev> [--until <rev>] [--classifier <rev>] [--misses <n>]');
  const until = option(args, '--until');
  const classifier = option(args, '--classifier');
  const misses = Number(option(args, '--misses') ?? 0);
  const before = new Set(studyAt(since).map((l) => l.remark));
  const fresh = studyAt(until).filter((l) => !before.has(l.remark));
  const verdicts = classifyWith(classifier, fresh.map((l) => l.remark));

  const rows = fresh.map((l, i) => ({ ...l, v: verdicts[i]!, zh: CJK.test(l.remark) }));
  const right = (xs: typeof rows) => xs.filter((x) => x.v.stage === x.stage).length;
  const zh = rows.filter((x) => x.zh);
  const latin = rows.filter((x) => !x.zh);
  const falseDelivered = rows.filter((x) => x.v.stage === 'delivered' && x.stage !== 'delivered');
  console.log(
    `classifier ${classifier ?? 'working tree'} on the ${rows.length} study lines added since ${since}` +
      `${until ? ` until ${until}` : ''}: ${right(rows)} right (${pct(right(rows), rows.length)}); ` +
      `Chinese ${right(zh)}/${zh.length} (${pct(right(zh), zh.length)}), Latin ${right(latin)}/${latin.length} (${pct(right(latin), latin.length)}); ` +
      `false delivered ${falseDelivered.length} (${falseDelivered.filter((x) => !x.v.doubtful).length} committed)`,
  );
  const confusions = new Map<string, number>();
  for (const x of rows) if (x.v.stage !== x.stage) confusions.set(`${x.stage} → ${x.v.stage}`, (confusions.get(`${x.stage} → ${x.v.stage}`) ?? 0) + 1);
  const top = [...confusions].sort((a, b) => b[1] - a[1]).slice(0, 10);
  if (top.length) console.log(`commonest misses (label → said): ${top.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const x of rows.filter((r) => r.v.stage !== r.stage).slice(0, misses)) {
    console.log(`  ${x.stage} → ${x.v.stage} [${x.v.rule}] ${x.remark.slice(0, 160)}  (${x.source})`);
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  classifyInChild(args[1]!, args[2]!).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main(args);
}
