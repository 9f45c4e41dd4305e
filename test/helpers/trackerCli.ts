// Runs the real `tracker` command (bin/tracker.js) as a child process and collects its output.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const TRACKER_BIN = path.join(ROOT, 'bin/tracker.js');

export interface TrackerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runTracker(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<TrackerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TRACKER_BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
