// The CLI's progress line (electron/cliProgress.ts): drawn in place on a terminal, nothing at all
// when stderr is piped.
import { describe, expect, it } from 'vitest';
import { progressLine, progressText } from '../../../electron/cliProgress';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, s: { isTTY, columns: 200, write: (c: string) => chunks.push(c) } };
}

describe('CLI progress line', () => {
  it('says the phase, done of total, the calls and their rate', () => {
    expect(progressText({ phase: 'traces', done: 120, total: 300, calls: 412 }, 43_000)).toBe('同步中 · 轨迹 120/300 (40%) · 调用 412 次 · 9.6 次/秒 · 43 秒');
    expect(progressText({ phase: 'discover', done: 40, total: 0, calls: 2 }, 1_000)).toBe('同步中 · 发现订单 40 · 调用 2 次 · 2.0 次/秒 · 1 秒');
    expect(progressText({ phase: 'erp', done: 0, total: 0, calls: 500 }, 50_000)).toContain('送出 ERP 事件');
  });

  it('on a terminal: one line redrawn in place, at most every 100 ms except at a phase edge, erased at the end', () => {
    let t = 0;
    const { chunks, s } = stream(true);
    const line = progressLine(s, () => t);
    line.update({ phase: 'parcels', done: 1, total: 10, calls: 1 });
    t = 50;
    line.update({ phase: 'parcels', done: 2, total: 10, calls: 2 }); // too soon: skipped
    t = 150;
    line.update({ phase: 'parcels', done: 3, total: 10, calls: 3 });
    t = 160;
    line.update({ phase: 'parcels', done: 10, total: 10, calls: 10 }); // the phase's end: drawn
    line.clear();
    expect(chunks).toHaveLength(4);
    for (const c of chunks.slice(0, 3)) expect(c.startsWith('\r\x1b[K同步中 · 包裹 ')).toBe(true);
    expect(chunks.some((c) => c.includes('\n'))).toBe(false);
    expect(chunks[2]).toContain('10/10 (100%)');
    expect(chunks[3]).toBe('\r\x1b[K');
  });

  it('not a terminal: writes nothing', () => {
    const { chunks, s } = stream(false);
    const line = progressLine(s);
    line.update({ phase: 'traces', done: 1, total: 2, calls: 1 });
    line.clear();
    expect(chunks).toEqual([]);
  });
});
