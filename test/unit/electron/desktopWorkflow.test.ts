// Runs in: Vitest (node). What can be checked here of the parts that run elsewhere: the CI
// workflow that builds and proves the installers (.github/workflows/desktop.yml) is valid YAML
// whose every step names a script, file and action that exist; the Electron tests have their own
// Playwright config and are collected by it alone, never by `npm test`'s runners.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const workflowText = readFileSync(path.join(root, '.github/workflows/desktop.yml'), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; strategy: { matrix: { include: { os: string; dist: string }[] } }; steps: Step[]; env: Record<string, string> }>;
}

function workflow(): Workflow {
  const doc = parseDocument(workflowText, { uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Workflow;
}

const steps = () => workflow().jobs.desktop!.steps;
const stepRunning = (text: string) => steps().findIndex((s) => s.run?.includes(text));

describe('.github/workflows/desktop.yml', () => {
  it('is valid YAML with one job on Windows, macOS and Linux, read-only token', () => {
    const w = workflow();
    expect(Object.keys(w.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_dispatch']));
    expect(w.permissions).toEqual({ contents: 'read' });
    expect(w.jobs.desktop!['runs-on']).toBe('${{ matrix.os }}');
    expect(w.jobs.desktop!.strategy.matrix.include.map((m) => m.os)).toEqual(['windows-latest', 'macos-latest', 'ubuntu-latest']);
  });

  it('a malformed workflow is caught (the check is live)', () => {
    const doc = parseDocument(workflowText.replace('    steps:\n', '    steps:\n   - bad indent\n'));
    expect(doc.errors.length).toBeGreaterThan(0);
  });

  it('runs the steps in order: checkout, Node 22, npm ci, fetch Electron, SQLite for Electron, build, Electron tests, installers, artefacts', () => {
    const s = steps();
    const at = (pred: (x: Step) => boolean) => s.findIndex(pred);
    const order = [
      at((x) => x.uses?.startsWith('actions/checkout@') ?? false),
      at((x) => x.uses?.startsWith('actions/setup-node@') ?? false),
      stepRunning('npm ci'),
      stepRunning('node node_modules/electron/install.js'),
      stepRunning('node scripts/electronNative.js'),
      stepRunning('npm run build'),
      stepRunning('npm run test:electron'),
      stepRunning('electron-builder --config electron-builder.yml'),
      at((x) => x.uses?.startsWith('actions/upload-artifact@') ?? false),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(s.find((x) => x.uses?.startsWith('actions/setup-node@'))!.with).toMatchObject({ 'node-version': 22 });
  });

  it('on Linux the Electron tests run under Xvfb; elsewhere directly', () => {
    const linux = steps().find((x) => x.run?.includes('test:electron') && x.if === "runner.os == 'Linux'");
    expect(linux?.run).toMatch(/^xvfb-run .*npm run test:electron$/);
    expect(steps().find((x) => x.run?.includes('test:electron') && x.if === "runner.os != 'Linux'")?.run).toBe('npm run test:electron');
    expect(steps().some((x) => x.run?.includes('apt-get install -y xvfb'))).toBe(true);
  });

  it('every action is pinned to a major version, every script and file it runs exists', () => {
    for (const s of steps()) if (s.uses) expect(s.uses).toMatch(/^actions\/(checkout|setup-node|upload-artifact)@v\d+$/);
    const runs = steps().map((s) => s.run ?? '').join('\n');
    for (const m of runs.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts, m[1]).toHaveProperty(m[1]!);
    for (const m of runs.matchAll(/node ((?:scripts|node_modules)\/[\w./-]+\.js)/g)) expect(existsSync(path.join(root, m[1]!)), m[1]).toBe(true);
    for (const m of runs.matchAll(/--config ([\w.-]+\.ya?ml)/g)) expect(existsSync(path.join(root, m[1]!)), m[1]).toBe(true);
  });

  it('installers are unsigned unless the signing secrets are set, and are kept as artefacts', () => {
    const job = workflow().jobs.desktop!;
    expect(job.env).toMatchObject({ CSC_LINK: '${{ secrets.CSC_LINK }}', CSC_KEY_PASSWORD: '${{ secrets.CSC_KEY_PASSWORD }}' });
    const dist = steps().find((x) => x.run?.includes('electron-builder'))!;
    expect(dist.run).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
    expect(dist.run).toContain('--publish never');
    const upload = steps().find((x) => x.uses?.startsWith('actions/upload-artifact@') && !x.if)!;
    expect(upload.with).toMatchObject({ 'if-no-files-found': 'error' });
    expect(String(upload.with!.path)).toMatch(/out\/\*\.exe[\s\S]*out\/\*\.dmg[\s\S]*out\/\*\.AppImage/);
  });
});

describe('the Electron tests: their own config and script, not part of npm test', () => {
  it('npm run test:electron uses playwright.electron.config.ts, which lists the specs in test/electron', () => {
    expect(pkg.scripts['test:electron']).toBe('playwright test --config playwright.electron.config.ts');
    const specs = readdirSync(path.join(root, 'test/electron')).filter((f) => f.endsWith('.espec.ts'));
    expect(specs.length).toBeGreaterThan(0);
    const listed = spawnSync(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--config', 'playwright.electron.config.ts', '--list'], { cwd: root, encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    for (const spec of specs) expect(listed.stdout).toContain(spec);
    expect(listed.stdout).toMatch(/Total: \d+ tests? in \d+ files?/);
  }, 60_000);

  it('the browser-mode Playwright run (npm test) does not collect them', () => {
    const listed = spawnSync(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--list'], { cwd: root, encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain('espec');
    expect(listed.stdout).toContain('hostile.spec.ts');
  }, 60_000);

  it('Vitest does not collect them either: its projects read only *.test.ts(x) under test/unit, integration, chaos, component', async () => {
    const configFile = path.join(root, 'vitest.config.mts');
    const vitestConfig = ((await import(configFile)) as { default: { test?: { projects?: unknown } } }).default;
    const includes = (vitestConfig.test?.projects as { test: { include: string[] } }[]).flatMap((p) => p.test.include);
    expect(includes.length).toBeGreaterThan(0);
    for (const glob of includes) expect(glob).toMatch(/^test\/(unit|integration|chaos|component)\/\*\*\/\*\.test\.tsx?$/);
  });

  it('npm test says in one line that it did not run them, and why', () => {
    const { electronTestsLine } = createRequire(__filename)('../../../scripts/electronTests.js') as { electronTestsLine(root?: string): string };
    const line = electronTestsLine(root);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^Electron tests \(test\/electron\) not run by npm test: the Electron program is not installed here/);
    expect(line).toContain('npm run test:electron');
    expect(readFileSync(path.join(root, 'scripts/test.js'), 'utf8')).toContain('electronTestsLine()');
  });
});
