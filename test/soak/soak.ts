// The long versions of test/chaos (run by scripts/soak.js, `npm run test:soak`, with --expose-gc):
// chaos sync over 50 cycles with the heap measured after GC, 200 SIGKILLs of the real CLI, a day
// offline, thousands of hostile inputs per contract method and per gateway normaliser, and 400
// randomly damaged database files. Each scenario prints its figures and passes or fails alone.
import { createTrackerCore } from '../../electron/core/api/createCore';
import { startSandboxGateway } from '../../electron/core/ali1688/sandbox';
import { memorySecretStore } from '../../electron/core/ports';
import { runChaosSync } from '../chaos/lib/chaosSync';
import { runCrashLoop } from '../chaos/lib/crashLoop';
import { removeDir, reportFigures, tempDir, type Figures } from '../chaos/lib/env';
import { runContractFuzz, runNormaliserFuzz } from '../chaos/lib/hostile';
import { runOffline } from '../chaos/lib/offline';
import { runRandomDamage } from '../chaos/lib/randomDamage';

interface Outcome {
  figures: Figures;
  problems: string[];
}

interface Scenario {
  name: string;
  run(quick: boolean): Promise<Outcome>;
}

const MB = 1024 * 1024;
/** Heap growth allowed between cycle 10 and cycle 50, after a forced GC at both (~10% of the ~28 MB heap). */
export const HEAP_GROWTH_LIMIT_MB = 3;

export const SCENARIOS: Scenario[] = [
  {
    name: 'chaos.sync',
    async run(quick) {
      const cycles = quick ? 12 : 50;
      const heapAt = quick ? [4, 12] : [10, 20, 30, 40, 50];
      const r = await runChaosSync({ orders: quick ? 40 : 120, seed: 4242, qps: 25, cycles, heapAt });
      const problems = [...r.problems];
      const figures: Figures = { ...r.figures };
      const gc = typeof (globalThis as { gc?: unknown }).gc === 'function';
      if (!gc) problems.push('no --expose-gc: the heap cannot be measured');
      for (const [c, bytes] of r.heap) figures[`heapMBAtCycle${c}`] = Math.round((bytes / MB) * 10) / 10;
      const first = r.heap.get(heapAt[0]!);
      const last = r.heap.get(heapAt[heapAt.length - 1]!);
      if (first !== undefined && last !== undefined) {
        const growth = (last - first) / MB;
        figures.heapGrowthMB = Math.round(growth * 10) / 10;
        figures.heapGrowthLimitMB = HEAP_GROWTH_LIMIT_MB;
        if (growth > HEAP_GROWTH_LIMIT_MB) problems.push(`heap grew ${growth.toFixed(1)} MB between cycle ${heapAt[0]} and ${heapAt[heapAt.length - 1]}`);
      }
      return { figures, problems };
    },
  },
  {
    name: 'crash.kills',
    async run(quick) {
      const r = await runCrashLoop({ lanes: 2, killsPerLane: quick ? 5 : 100, orders: 20, seed: 99 });
      const problems = [...r.problems];
      if (r.figures.kills !== (quick ? 10 : 200)) problems.push(`${r.figures.kills} kills landed`);
      return { figures: r.figures, problems };
    },
  },
  {
    name: 'offline.outage',
    run: (quick) => runOffline({ orders: 30, seed: 77, outageMs: quick ? 3600_000 : 24 * 3600_000 }),
  },
  {
    name: 'hostile.contract',
    async run(quick) {
      const gw = await startSandboxGateway({ seed: 5, orders: 10 });
      const dataDir = tempDir('soakfuzz');
      const core = await createTrackerCore({
        dataDir,
        secrets: memorySecretStore(),
        notifier: { notify: () => undefined },
        gatewayUrl: gw.url,
        clientTuning: { timeoutMs: 2_000, retry: { retries: 0 } },
      });
      const unhandled: unknown[] = [];
      const onUnhandled = (e: unknown) => unhandled.push(e);
      process.on('unhandledRejection', onUnhandled);
      try {
        const r = await runContractFuzz({ perMethod: quick ? 200 : 2000, seed: 31337, handle: (m, i) => core.handle(m, i) });
        const problems = [...r.problems];
        if (unhandled.length) problems.push(`${unhandled.length} unhandled rejections`);
        if (({} as Record<string, unknown>).polluted !== undefined) problems.push('Object.prototype polluted');
        return { figures: r.figures, problems };
      } finally {
        process.off('unhandledRejection', onUnhandled);
        await core.stop();
        await gw.close();
        removeDir(dataDir);
      }
    },
  },
  {
    name: 'hostile.normalisers',
    run: async (quick) => runNormaliserFuzz({ runs: quick ? 300 : 5000, seed: 2718 }),
  },
  {
    name: 'storage.randomDamage',
    run: async (quick) => runRandomDamage({ iterations: quick ? 40 : 400, seed: 1618 }),
  },
];

export async function runSoak(opts: { quick: boolean; only: string[] | null }): Promise<{ passed: number; failed: number }> {
  let passed = 0;
  let failed = 0;
  for (const s of SCENARIOS) {
    if (opts.only && !opts.only.some((o) => s.name.startsWith(o))) continue;
    const t0 = Date.now();
    process.stdout.write(`\n▶ ${s.name}${opts.quick ? ' (quick)' : ''}\n`);
    let outcome: Outcome;
    try {
      outcome = await s.run(opts.quick);
    } catch (e) {
      outcome = { figures: {}, problems: [`threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`] };
    }
    reportFigures(`soak.${s.name}`, { ...outcome.figures, wallSeconds: Math.round((Date.now() - t0) / 1000) });
    if (outcome.problems.length === 0) {
      passed++;
      process.stdout.write(`✓ ${s.name}\n`);
    } else {
      failed++;
      process.stdout.write(`✗ ${s.name}\n${outcome.problems.map((p) => `    ${p}\n`).join('')}`);
    }
  }
  return { passed, failed };
}
