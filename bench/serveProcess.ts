// Starts `node bin/tracker.js serve --port 0` as its own process (as test/e2e/fixtures.ts does),
// reads the printed one-time link from its stdout and opens it once to learn the per-run token.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ms, now, ROOT } from './lib';

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  origin: string;
  token: string;
  /** hrtime of the spawn, to time readiness from. */
  spawnedAt: bigint;
  /** Spawn → URL line on stdout. */
  urlMs: number;
  stop(): Promise<void>;
}

const URL_RE = /http:\/\/127\.0\.0\.1:\d+\/\?code=[A-Za-z0-9_-]+/;

/** `root`: the checkout whose built app to serve (another build of the app, to compare with: bench/b4Compare.ts). */
export async function startServe(dataDir: string, timeoutMs = 60_000, root = ROOT): Promise<ServeProcess> {
  const t0 = now();
  const child = spawn(process.execPath, [path.join(root, 'bin/tracker.js'), 'serve', '--port', '0'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: dataDir, TRACKER_DATA_DIR: dataDir, TZ: 'Asia/Shanghai' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within ${timeoutMs} ms\n${out}\n${err}`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = URL_RE.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}\n${out}\n${err}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  const urlMs = ms(t0);
  const u = new URL(url);
  // The printed link works once: open it as the clerk's browser would and keep the cookie's token.
  const res = await fetch(url, { redirect: 'manual' });
  const token = /^tracker_token_\d+=([A-Za-z0-9_-]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  if (!token) {
    await stop();
    throw new Error(`the printed link did not log in (${res.status})`);
  }
  return { child, pid: child.pid as number, url: `${u.origin}/?token=${token}`, origin: u.origin, token, spawnedAt: t0, urlMs, stop };
}
