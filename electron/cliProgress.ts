// Runs in: headless Node. Never imports 'electron'.
// The one progress line of long CLI work (`tracker sync --once`): the phase, done of total, the
// gateway calls so far and their rate, redrawn in place on stderr — only when stderr is a
// terminal. Piped or redirected (scripts, cron, an ERP server's log), it writes nothing at all,
// and stdout (the summary, `--json`) is never touched.

export interface ProgressStream {
  write(chunk: string): unknown;
  /** Set by Node on a terminal's stream; a test sets it on its own stream. */
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressState {
  /** The sync engine's phase (discover, details, parcels, traces), or `erp` while the ERP is given what is pending. */
  phase: string;
  done: number;
  total: number;
  /** Gateway calls made so far in this run. */
  calls: number;
}

export interface ProgressLine {
  update(p: ProgressState): void;
  /** Erases the line, so what is printed next starts on a clean line. */
  clear(): void;
}

const PHASE: Record<string, string> = {
  discover: '发现订单',
  details: '订单详情',
  parcels: '包裹',
  traces: '轨迹',
  erp: '送出 ERP 事件',
};

/** The line's text (no control characters): e.g. `同步中 · 轨迹 120/300 (40%) · 调用 412 次 · 9.6 次/秒 · 43 秒`. */
export function progressText(p: ProgressState, elapsedMs: number): string {
  if (p.phase === 'erp') return `同步完成，正在送出 ERP 事件 · 调用 ${p.calls} 次 · ${Math.round(elapsedMs / 1000)} 秒`;
  const count = p.total > 0 ? `${p.done}/${p.total} (${Math.floor((p.done / p.total) * 100)}%)` : String(p.done);
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? (p.calls / seconds).toFixed(1) : '0.0';
  return `同步中 · ${PHASE[p.phase] ?? p.phase} ${count} · 调用 ${p.calls} 次 · ${rate} 次/秒 · ${Math.round(seconds)} 秒`;
}

const NOOP: ProgressLine = { update: () => undefined, clear: () => undefined };

/** A progress line on `stream` if it is a terminal, else one that writes nothing. */
export function progressLine(stream: ProgressStream, now: () => number = Date.now, minIntervalMs = 100): ProgressLine {
  if (!stream.isTTY) return NOOP;
  const started = now();
  let shown = false;
  let lastDraw = -Infinity;
  let last: ProgressState | null = null;
  return {
    update(p) {
      const t = now();
      // Redraw at most every minIntervalMs, but always when a phase starts or ends.
      const edge = !last || last.phase !== p.phase || p.done === p.total;
      last = p;
      if (!edge && t - lastDraw < minIntervalMs) return;
      lastDraw = t;
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      stream.write(`\r\x1b[K${progressText(p, t - started).slice(0, width)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
