// Runs in: main process / headless Node.
// The demo: a local sandbox gateway whose world runs 60× real time, its own database folder, and
// the options that point the core at it. One place, used by `tracker serve --demo` and by the
// desktop app's --demo, so the two never drift apart.
import path from 'node:path';
import type { CoreOptions } from './api/createCore';
import { startSandboxGateway } from './ali1688/sandbox';
import { acceleratedClock, frozenClock } from './ports';

export const DEMO_SPEED = 60;
export const DEMO_ORDERS = 80;
/** Buyer accounts the demo shows syncing side by side on one AppKey (one QPS budget). */
export const DEMO_ACCOUNTS = 2;

export interface Demo {
  /** Where the demo's database lives: `<baseDir>/demo`, never mixed with a real account's data. */
  dataDir: string;
  options: Partial<CoreOptions>;
  close(): Promise<void>;
}

/**
 * `TRACKER_DEMO_CLOCK` (an ISO time) stops the demo's clock at that instant: with the seed
 * (`TRACKER_DEMO_SEED`) the demo then shows the same orders, parcels and relative times on every
 * run — what the end-to-end screenshot comparisons need. Unset, the world runs 60× real time.
 */
export async function startDemo(baseDir: string, env: NodeJS.ProcessEnv = {}): Promise<Demo> {
  const frozenAt = env.TRACKER_DEMO_CLOCK ? Date.parse(env.TRACKER_DEMO_CLOCK) : null;
  if (frozenAt !== null && !Number.isFinite(frozenAt)) throw new Error(`TRACKER_DEMO_CLOCK is not an ISO time: "${env.TRACKER_DEMO_CLOCK}"`);
  const clock = frozenAt !== null ? frozenClock(frozenAt) : acceleratedClock(Date.now(), DEMO_SPEED);
  const gateway = await startSandboxGateway({
    port: 0,
    seed: Number(env.TRACKER_DEMO_SEED ?? 1688),
    orders: DEMO_ORDERS,
    now: clock.now,
    qpsCap: 10,
    deskScenes: true,
    members: DEMO_ACCOUNTS,
  });
  const { appKey, appSecret } = gateway.credentials;
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
      // Every member is a saved account with its own tokens, so the Orders page shows both.
      presetAccounts: gateway.members.map((m) => ({
        name: `演示账号 ${m.index + 1}`,
        memberId: m.memberId,
        loginId: m.loginId,
        credentials: { appKey, appSecret, accessToken: m.accessToken, refreshToken: m.refreshToken },
      })),
    },
    close: () => gateway.close(),
  };
}
