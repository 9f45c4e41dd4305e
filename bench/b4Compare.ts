// B4 (first row, longest task while loading) of this checkout's build against another build of the
// app, measured in the same period: cold loads alternated between the two servers (old, new, old,
// new …), each server on its own copy of the same fixture database, in one Chromium. On a machine
// other work shares, the ratios hold where the absolute figures do not; the load average is printed
// with them.
//
//   npm run bench -- --b4-base /tmp/b4base [--runs 9] [--quick]
//
// `--b4-base`: a checkout of the other version with `npm run build` done (e.g. `git archive main |
// tar -x -C /tmp/b4base`, node_modules hard-linked, then built). The fixture is B4's: 100,000
// orders, 10,000 with `--quick`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DB_FILE_NAME } from '../electron/core/store/database';
import { launchChromium, openOrders } from './b45Serve';
import { buildFixtureDb } from './fixtureDb';
import { log, percentile, removeDir, ROOT, tempDir, type Scale } from './lib';
import { startServe, type ServeProcess } from './serveProcess';

interface Side {
  name: string;
  root: string;
  server: ServeProcess;
  dataDir: string;
  firstRow: number[];
  loadTask: number[];
}

export async function compareB4(baseDir: string, runs: number, scale: Scale): Promise<number> {
  const roots = [
    { name: 'base', root: path.resolve(baseDir) },
    { name: 'this', root: ROOT },
  ];
  for (const r of roots) {
    if (!fs.existsSync(path.join(r.root, 'dist/renderer/index.html'))) {
      log(`${r.root}: not built (run \`npm run build\` there)`);
      return 2;
    }
  }
  const db = buildFixtureDb(scale);
  const sides: Side[] = [];
  const browser = await launchChromium();
  const loadStart = os.loadavg();
  try {
    for (const r of roots) {
      const dataDir = tempDir(`b4-${r.name}`);
      fs.copyFileSync(db.file, path.join(dataDir, DB_FILE_NAME));
      sides.push({ ...r, dataDir, server: await startServe(dataDir, 60_000, r.root), firstRow: [], loadTask: [] });
    }
    // One untimed load each: the servers' first answers (SQLite pages into the OS cache).
    for (const s of sides) await (await openOrders(browser, s.server)).page.context().close();
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first, so neither always follows the other.
      const order = i % 2 === 0 ? sides : [...sides].reverse();
      for (const s of order) {
        const o = await openOrders(browser, s.server);
        await o.page.context().close();
        s.firstRow.push(o.firstRowMs);
        s.loadTask.push(o.longestLoadTaskMs);
        log(`${s.name} load ${i + 1}: first row ${o.firstRowMs.toFixed(0)} ms, longest task while loading ${o.longestLoadTaskMs.toFixed(0)} ms`);
      }
    }
  } finally {
    await browser.close();
    for (const s of sides) {
      await s.server.stop();
      removeDir(s.dataDir);
    }
    removeDir(db.dir);
  }
  const loadEnd = os.loadavg();
  const [base, mine] = sides;
  if (!base || !mine) throw new Error('the two servers did not start');
  const row = (label: string, pick: (s: Side) => number[], target: number) => {
    const b = percentile(pick(base), 50);
    const m = percentile(pick(mine), 50);
    return `${label.padEnd(22)} ${b.toFixed(0).padStart(6)} ${m.toFixed(0).padStart(6)}   ${(m / b).toFixed(2)}×   ≤ ${target}  ${m <= target ? '✓' : '✗'}   (this: min ${Math.min(...pick(mine)).toFixed(0)}, max ${Math.max(...pick(mine)).toFixed(0)})`;
  };
  process.stdout.write(
    [
      `B4 on ${db.orders.toLocaleString('en')} orders, medians of ${runs} cold loads each, alternated; ${os.cpus().length} CPUs, load average ${loadStart.map((x) => x.toFixed(2)).join(' ')} → ${loadEnd.map((x) => x.toFixed(2)).join(' ')}`,
      `${'figure'.padEnd(22)} ${'base'.padStart(6)} ${'this'.padStart(6)}   ratio  target`,
      row('B4.firstRowMs', (s) => s.firstRow, 800),
      row('B4.longestLoadTaskMs', (s) => s.loadTask, 200),
      '',
    ].join('\n'),
  );
  return 0;
}
