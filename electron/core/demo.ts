// Runs in: main process / headless Node.
// The demo: a local sandbox gateway whose world runs 60× real time, its own database folder, and
// the options that point the core at it. One place, used by `tracker serve --demo` and by the
// desktop app's --demo, so the two never drift apart.
import path from 'node:path';
import type { CoreOptions } from './api/createCore';
import { startSandboxGateway } from './ali1688/sandbox';
import { acceleratedClock } from './ports';

export const DEMO_SPEED = 60;
export const DEMO_ORDERS = 80;

export interface Demo {
  /** Where the demo's database lives: `<baseDir>/demo`, never mixed with a real account's data. */
  dataDir: string;
  options: Partial<CoreOptions>;
  close(): Promise<void>;
}

export async function startDemo(baseDir: string, env: NodeJS.ProcessEnv = {}): Promise<Demo> {
  const clock = acceleratedClock(Date.now(), DEMO_SPEED);
  const gateway = await startSandboxGateway({
    port: 0,
    seed: Number(env.TRACKER_DEMO_SEED ?? 1688),
    orders: DEMO_ORDERS,
    now: clock.now,
    qpsCap: 10,
  });
  return {
    dataDir: path.join(baseDir, 'demo'),
    options: {
      clock,
      demo: true,
      gatewayUrl: gateway.url,
      // The demo is real time too: the sandbox pushes as its world moves.
      pushUrl: gateway.pushUrl,
      authorizeUrl: gateway.url.replace(/\/openapi$/, '/oauth/authorize'),
      credentials: { ...gateway.credentials },
    },
    close: () => gateway.close(),
  };
}
