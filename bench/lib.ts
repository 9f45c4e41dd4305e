// Shared pieces of the benchmark harness: the figure record, percentiles, logging, temp dirs.
// Figures are data: a scenario returns them and main.ts prints them; nothing here judges a run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Op = '>=' | '<=';

export interface Target {
  op: Op;
  value: number;
}

export interface Figure {
  id: string;
  /** null when the figure could not be measured (the reason is in `note`). */
  value: number | null;
  unit: string;
  /** null: reported only, no target. */
  target: Target | null;
  /** null when there is no target. */
  met: boolean | null;
  /** The same-run baseline this figure is compared with, and value / baseline. */
  baseline?: { id: string; value: number; ratio: number };
  note?: string;
}

export interface Scale {
  quick: boolean;
}

export function figure(id: string, value: number | null, unit: string, target: Target | null, note?: string): Figure {
  const met = target === null ? null : value !== null && Number.isFinite(value) && (target.op === '>=' ? value >= target.value : value <= target.value);
  return { id, value, unit, target, met, ...(note ? { note } : {}) };
}

export const atLeast = (value: number): Target => ({ op: '>=', value });
export const atMost = (value: number): Target => ({ op: '<=', value });

/** A figure compared with a baseline measured in the same run (a ratio survives a noisy machine). */
export function withBaseline(f: Figure, base: Figure): Figure {
  if (f.value === null || base.value === null || base.value === 0) return f;
  return { ...f, baseline: { id: base.id, value: base.value, ratio: f.value / base.value } };
}

/** A figure that could not be measured: it counts as missed, with the reason. */
export function unmeasured(id: string, unit: string, target: Target | null, reason: string): Figure {
  return { id, value: null, unit, target, met: target === null ? null : false, note: reason };
}

/** Nearest-rank percentile (p in 0..100) of an unsorted sample. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** Logs go to stderr so stdout holds only the table or the JSON. */
export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
export const now = (): bigint => process.hrtime.bigint();
export const sleep = (msec: number) => new Promise<void>((r) => setTimeout(r, msec));

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tracker-bench-${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export const ROOT = path.resolve(__dirname, '..');

/** Facts a scenario learns about the machine (e.g. the Chromium version), printed with the run. */
export const machineExtras: Record<string, unknown> = {};
