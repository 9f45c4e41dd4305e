// `npm run bench [-- --quick] [-- --json] [-- --only B2,B6]`: runs the scenarios of issue 6 and
// prints every figure with its target. `-- --b4-base <dir> [--runs 9]`: B4 of this build against
// another one instead (bench/b4Compare.ts). Benchmarks report, they do not fail: the exit code is 0
// whatever the figures say, and non-zero only when the harness itself broke.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runB1 } from './b1Budget';
import { runB2 } from './b2Ingest';
import { runB3 } from './b3Queries';
import { runB4B5 } from './b45Serve';
import { compareB4 } from './b4Compare';
import { runB6 } from './b6Classifier';
import { runB7 } from './b7Freshness';
import { runB8 } from './b8Team';
import { buildFixtureDb, type FixtureDb } from './fixtureDb';
import { log, machineExtras, removeDir, type Figure, type Scale } from './lib';
import { printJson, printTable, type Report } from './report';

interface Scenario {
  ids: string[];
  run(scale: Scale, db: () => FixtureDb): Promise<Figure[]>;
}

const SCENARIOS: Scenario[] = [
  { ids: ['B1', 'B1b'], run: (scale) => runB1(scale) },
  { ids: ['B2'], run: (scale) => runB2(scale) },
  { ids: ['B3'], run: (scale, db) => runB3(scale, db()) },
  { ids: ['B4', 'B5'], run: (scale, db) => runB4B5(scale, db()) },
  { ids: ['B6'], run: (scale) => runB6(scale) },
  { ids: ['B7'], run: (scale) => runB7(scale) },
  { ids: ['B8a', 'B8b', 'B8c', 'B8d', 'B8e'], run: (scale) => runB8(scale) },
];

function machine(loadStart: number[]) {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAvgStart: loadStart.map((x) => Math.round(x * 100) / 100),
    loadAvgEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
    ...machineExtras,
  };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      quick: { type: 'boolean' },
      only: { type: 'string' },
      'b4-base': { type: 'string' },
      runs: { type: 'string' },
    },
  });
  const scale: Scale = { quick: values.quick ?? false };
  if (values['b4-base']) return compareB4(values['b4-base'], Number(values.runs ?? 9), scale);
  const only = values.only ? new Set(values.only.split(',').map((s) => s.trim().toUpperCase())) : null;
  const loadStart = os.loadavg();
  const started = Date.now();
  const figures: Figure[] = [];
  const notes: string[] = [];
  let broken = false;

  // B3, B4 and B5 share one database, built once (lazily: `--only B2` does not pay for it).
  let db: FixtureDb | null = null;
  const fixture = () => (db ??= buildFixtureDb(scale));

  try {
    for (const s of SCENARIOS) {
      if (only && !s.ids.some((id) => only.has(id.toUpperCase()))) continue;
      log(`${s.ids.join('+')}: start${scale.quick ? ' (quick)' : ''}`);
      const t0 = Date.now();
      try {
        const got = await s.run(scale, fixture);
        log(`${s.ids.join('+')}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        figures.push(...got);
        for (const f of got) if (f.note) notes.push(`${f.id}: ${f.note}`);
      } catch (e) {
        // A scenario that throws is a harness bug: report it, keep going, exit non-zero.
        broken = true;
        const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
        log(`${s.ids.join('+')} FAILED: ${msg}`);
        notes.push(`${s.ids.join('+')}: harness error: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    if (db) removeDir((db as FixtureDb).dir);
  }

  const report: Report = { mode: scale.quick ? 'quick' : 'full', figures, machine: machine(loadStart), notes, seconds: Math.round((Date.now() - started) / 100) / 10 };
  if (values.json) printJson(report);
  else printTable(report);
  return broken ? 1 : 0;
}
