// Starts the real browser-mode server (`node bin/tracker.js serve …`) as a child process per
// test file, reads the printed one-time link from stdout and opens it once (as a clerk's browser
// would) to learn the per-run token, which the tests then use for every page and API call.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';

const root = path.resolve(__dirname, '../..');

export interface TrackerServer {
  /** A reusable URL with the token (the printed link works only once). */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  demo?: boolean;
  env?: NodeJS.ProcessEnv;
}

function waitForUrl(child: ChildProcess, what: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no URL within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`)), timeoutMs);
    child.stdout?.on('data', (d) => {
      out += d;
      const m = what.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.stderr?.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The link `tracker serve` prints: a one-time code, never the token. */
export const PRINTED_LINK = /http:\/\/127\.0\.0\.1:\d+\/\?code=[A-Za-z0-9_-]+/;

/** Opens the printed link once, as the clerk's browser does, and reads the session cookie it sets. */
export async function openPrintedLink(printed: string): Promise<{ origin: string; token: string }> {
  const u = new URL(printed);
  const res = await fetch(printed, { redirect: 'manual' });
  const cookie = /^tracker_token_\d+=([A-Za-z0-9_-]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (res.status !== 302 || !cookie) throw new Error(`the printed link did not log in (${res.status})`);
  return { origin: u.origin, token: cookie[1]! };
}

export async function startServe(opts: ServeOptions = {}): Promise<TrackerServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-e2e-'));
  const args = [path.join(root, 'bin/tracker.js'), 'serve', '--port', '0', ...(opts.demo ? ['--demo'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: dataDir, TRACKER_DATA_DIR: dataDir, TZ: 'Asia/Shanghai', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const printed = await waitForUrl(child, PRINTED_LINK);
  const { origin, token } = await openPrintedLink(printed);
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    dataDir,
    async stop() {
      await stopChild(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A sandbox gateway in its own process, so a test can take it away (offline). */
export async function startSandboxProcess(port = 0): Promise<{ env: NodeJS.ProcessEnv; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/tracker.js'), 'sandbox', '--port', String(port), '--orders', '40'], {
    cwd: root,
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const text = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      if (/TRACKER_REFRESH_TOKEN=\S+/.test(out)) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${out}`)));
  });
  const env: NodeJS.ProcessEnv = {};
  for (const m of text.matchAll(/^export (\w+)=(\S+)$/gm)) env[m[1]!] = m[2]!;
  return { env, stop: () => stopChild(child) };
}

// `{}`: no test-scoped fixtures (Playwright's own idiom; Record<string, never> breaks its typing).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export const test = base.extend<{}, { demo: TrackerServer }>({
  demo: [
    async ({}, use) => {
      const server = await startServe({ demo: true });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
});

export const expect = test.expect;

/** Saves a screenshot of the page as a test artifact (test-results/screenshots). */
export async function screenshot(page: import('@playwright/test').Page, name: string): Promise<void> {
  const dir = path.join(root, 'test-results', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
