// Runs the real `tracker` command (bin/tracker.js) as a child process and collects its output.
import { spawn } from 'node:child_process';
import os from 'node:os';
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

/** The variables that point `tracker` at a sandbox gateway with its credentials (QPS 10). */
export function sandboxGatewayEnv(gw: {
  url: string;
  credentials: { appKey: string; appSecret: string; accessToken: string; refreshToken: string };
}): NodeJS.ProcessEnv {
  return {
    TRACKER_GATEWAY_URL: gw.url,
    TRACKER_APP_KEY: gw.credentials.appKey,
    TRACKER_APP_SECRET: gw.credentials.appSecret,
    TRACKER_ACCESS_TOKEN: gw.credentials.accessToken,
    TRACKER_REFRESH_TOKEN: gw.credentials.refreshToken,
    TRACKER_QPS: '10',
  };
}

/** A child's whole environment: nothing of this process's but PATH, a throwaway HOME, the data folder. */
export function trackerEnv(dataDir: string, vars: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: os.tmpdir(), TRACKER_DATA_DIR: dataDir, ...vars };
}
