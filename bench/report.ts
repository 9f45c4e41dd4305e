// Prints the run: a table for people, or one JSON object for scripts. Both on stdout only.
import type { Figure, Target } from './lib';

export interface Report {
  mode: 'quick' | 'full';
  figures: Figure[];
  machine: Record<string, unknown>;
  notes: string[];
  seconds: number;
}

const targetText = (t: Target | null) => (t === null ? 'reported' : `${t.op === '>=' ? '≥' : '≤'} ${fmt(t.value)}`);

function fmt(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString('en-US');
  if (abs >= 100 || Number.isInteger(v)) return v.toFixed(0);
  if (abs >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function printTable(r: Report): void {
  const rows = r.figures.map((f) => [
    f.id,
    fmt(f.value),
    f.unit,
    targetText(f.target),
    f.met === null ? '' : f.met ? '✓' : '✗',
    f.baseline ? `${fmt(f.baseline.ratio)}× ${f.baseline.id}` : '',
  ]);
  const head = ['figure', 'value', 'unit', 'target', 'met', 'ratio to same-run baseline'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => [...(row[i] as string)].length)));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat((width[i] as number) - [...c].length)).join('  ').trimEnd();
  const out: string[] = [];
  out.push(`1688 Tracker benchmarks (${r.mode}, ${r.seconds} s)`);
  out.push(line(head), line(width.map((w) => '-'.repeat(w))));
  for (const row of rows) out.push(line(row));
  const targets = r.figures.filter((f) => f.met !== null);
  out.push('', `targets met: ${targets.filter((f) => f.met).length} of ${targets.length}`);
  const m = r.machine;
  out.push(
    `machine: ${String(m.cpus)} × ${String(m.cpuModel)}, ${String(m.memoryGB)} GB, node ${String(m.node)}, ${String(m.platform)}`,
    `load average (1/5/15 min): start ${(m.loadAvgStart as number[]).join(' ')}, end ${(m.loadAvgEnd as number[]).join(' ')}`,
  );
  if (m.chromium) out.push(`chromium: ${String(m.chromium)}`);
  if (r.notes.length) out.push('', 'notes:', ...r.notes.map((n) => `  - ${n}`));
  process.stdout.write(`${out.join('\n')}\n`);
}

export function printJson(r: Report): void {
  const figures = r.figures.map((f) => ({
    id: f.id,
    value: f.value,
    unit: f.unit,
    target: f.target === null ? null : `${f.target.op} ${f.target.value}`,
    met: f.met,
    ...(f.baseline ? { baseline: f.baseline } : {}),
    ...(f.note ? { note: f.note } : {}),
  }));
  process.stdout.write(`${JSON.stringify({ mode: r.mode, seconds: r.seconds, figures, machine: r.machine, notes: r.notes }, null, 2)}\n`);
}
