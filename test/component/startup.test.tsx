// What the first screen loads. antd is imported component by component (renderer/lib/antd.ts for
// the first screen, lib/antdPages.ts for the pages loaded on demand): antd's index would
// initialise every component the app uses anywhere before the first render, and in these tests
// 'antd' and 'antd/es/…' are two copies of antd whose contexts do not meet.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = path.resolve(__dirname, '../../renderer');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/** The specifiers a file imports statically (`import(…)`, the lazy pages, excluded). */
function staticImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => (m[1] ?? m[2])!);
}

/** Every renderer file the entry loads before anything lazy. */
function firstScreen(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (!spec.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), spec.replace(/\.js$/, ''));
      const found = ['.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find((f) => fs.existsSync(f));
      if (found && found.startsWith(RENDERER)) visit(found);
    }
  };
  visit(path.join(RENDERER, 'main.tsx'));
  return [...seen];
}

describe('startup imports', () => {
  it('nothing in the renderer imports antd’s index', () => {
    const offenders = sources(RENDERER).filter((f) => staticImports(f).includes('antd'));
    expect(offenders.map((f) => path.relative(RENDERER, f))).toEqual([]);
  });

  it('the first screen does not load the on-demand pages’ antd components', () => {
    const files = firstScreen();
    expect(files.map((f) => path.relative(RENDERER, f))).toContain(path.join('pages', 'OrdersTable.tsx'));
    const offenders = files.filter((f) => staticImports(f).some((s) => s.endsWith('lib/antdPages')));
    expect(offenders.map((f) => path.relative(RENDERER, f))).toEqual([]);
  });

  it('the chart library and the desk’s charts are not on the first screen (they load with the desk pages)', () => {
    const files = firstScreen();
    expect(files.map((f) => path.relative(RENDERER, f))).not.toContain(path.join('components', 'DeskCharts.tsx'));
    const offenders = files.filter((f) => staticImports(f).some((s) => s === 'recharts' || s.startsWith('recharts/')));
    expect(offenders.map((f) => path.relative(RENDERER, f))).toEqual([]);
    // Only the desk's lazy pages import them.
    const importers = sources(RENDERER).filter((f) => staticImports(f).some((s) => s === 'recharts' || s.endsWith('components/DeskCharts')));
    expect(importers.map((f) => path.relative(RENDERER, f)).sort()).toEqual(
      [path.join('components', 'DeskCharts.tsx'), path.join('pages', 'ArrivalsPage.tsx'), path.join('pages', 'SuppliersPage.tsx')].sort(),
    );
  });
});
