// Shared plumbing of the chaos and soak scenarios: temp folders, tmpfs mounts (where the OS lets
// us), running the real `tracker` CLI, and a place to put the figures each run reports.
// No vitest imports: the soak runner (scripts/soak.js) loads these files with plain tsx.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

export const ROOT = path.resolve(__dirname, '../../..');
export const TRACKER_BIN = path.join(ROOT, 'bin/tracker.js');

export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tracker-chaos-${tag}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export interface Mount {
  dir: string;
  remount(opts: string): void;
  unmount(): void;
}

/**
 * A tmpfs of `sizeKb` at a new folder, or null where mounting is not allowed (non-root, a
 * container without CAP_SYS_ADMIN, macOS/Windows). Real ENOSPC/EROFS, even for root.
 */
export function tryMountTmpfs(sizeKb: number): Mount | null {
  if (process.platform !== 'linux' || !isRoot) return null;
  const dir = tempDir('mnt');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0755`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    removeDir(dir);
    return null;
  }
  let mounted = true;
  return {
    dir,
    remount(opts: string) {
      execFileSync('mount', ['-o', `remount,${opts}`, dir], { stdio: 'ignore' });
    },
    unmount() {
      if (!mounted) return;
      mounted = false;
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
      removeDir(dir);
    },
  };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The environment of a CLI child: nothing from ours but PATH (no stray TRACKER_* settings). */
export function cliEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: os.tmpdir(), TZ: 'Asia/Shanghai', ...extra };
}

export function spawnTracker(args: string[], env: NodeJS.ProcessEnv): ChildProcess & { done: Promise<CliRun> } {
  const started = Date.now();
  const child = spawn(process.execPath, [TRACKER_BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
  return Object.assign(child, { done });
}

export function runTracker(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return spawnTracker(args, env).done;
}

export type Figures = Record<string, number | string | boolean>;

/** Prints a scenario's figures (and appends them to CHAOS_FIGURES_FILE when the soak asks). */
export function reportFigures(scenario: string, figures: Figures): void {
  const line = JSON.stringify({ scenario, ...figures });
  process.stdout.write(`[figures] ${line}\n`);
  const file = process.env.CHAOS_FIGURES_FILE;
  if (file) fs.appendFileSync(file, `${line}\n`);
}

/** A seeded PRNG (mulberry32) for reproducible kill moments and junk. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The entries of a ZIP (an XLSX), inflated: enough of the format to read what Excel would. */
export function unzipEntries(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  // End of central directory: signature 0x06054b50, searched from the end (comment ≤ 64 KiB).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    out.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Every file under `dir` (recursively), as [path, bytes]. */
export function allFiles(dir: string): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...allFiles(p));
    else if (e.isFile()) out.push([p, fs.readFileSync(p)]);
  }
  return out;
}
