// Runs in: headless Node. What every `tracker` command shares: its streams, exit codes and errors,
// opening the core (data folder, secrets, credentials from TRACKER_*), and printing.
import type { CoreOptions } from './core/api/createCore';
import { createTrackerCore } from './core/api/createCore';
import type { TrackerCore } from './core/api/types';
import type { Credentials } from './core/ali1688/client';
import { dataDirForGateway } from './core/accounts/gatewayBinding';
import { fileSecretStore } from './core/fileSecretStore';
import { stderrLogger, systemClock, type Notifier } from './core/ports';
import { newPollGate, type TeamShell } from './cliTeam';
import { defaultDataDir } from './core/store/database';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  /** A terminal (`isTTY`) gets a progress line during long work; anything else gets none. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_CREDENTIALS = 2;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function envCredentials(env: NodeJS.ProcessEnv): Credentials | null {
  const { TRACKER_APP_KEY: appKey, TRACKER_APP_SECRET: appSecret, TRACKER_ACCESS_TOKEN: accessToken } = env;
  if (!appKey && !appSecret && !accessToken) return null;
  if (!appKey || !appSecret || !accessToken)
    throw new CliError(
      '凭据不完整：TRACKER_APP_KEY、TRACKER_APP_SECRET 和 TRACKER_ACCESS_TOKEN 需要一起设置。\n' +
        'Incomplete credentials: set TRACKER_APP_KEY, TRACKER_APP_SECRET and TRACKER_ACCESS_TOKEN together.',
      EXIT_CREDENTIALS,
    );
  return { appKey, appSecret, accessToken, refreshToken: env.TRACKER_REFRESH_TOKEN || null };
}

/** Notifications from the CLI are listed on stderr, not shown. */
export function listingNotifier(io: CliIo): Notifier {
  return { notify: (n) => io.stderr.write(`[通知] ${n.title}：${n.body}\n`) };
}

export async function openCore(io: CliIo, extra: Partial<CoreOptions> = {}): Promise<TrackerCore & Awaited<ReturnType<typeof createTrackerCore>>> {
  return (await openCoreShell(io, extra)).core;
}

/** The core and what a team member needs beside it (its SecretStore, logger, clock, poll gate). */
export async function openCoreShell(io: CliIo, extra: Partial<CoreOptions> = {}): Promise<TeamShell> {
  // Without a chosen data folder, another gateway's data (the sandbox's) goes to a folder of its own.
  const dataDir = io.env.TRACKER_DATA_DIR ? defaultDataDir(io.env) : dataDirForGateway(defaultDataDir(io.env), extra.gatewayUrl ?? io.env.TRACKER_GATEWAY_URL);
  const level = (io.env.TRACKER_LOG_LEVEL as 'debug' | 'info' | 'warn' | 'error' | undefined) ?? 'warn';
  const secrets = extra.secrets ?? fileSecretStore(dataDir);
  const logger = extra.logger ?? stderrLogger(level);
  const gate = newPollGate();
  const core = await createTrackerCore({
    dataDir,
    secrets,
    notifier: listingNotifier(io),
    logger,
    env: io.env,
    credentials: envCredentials(io.env),
    pollGate: gate,
    ...extra,
  });
  return { core, secrets, logger, clock: extra.clock ?? systemClock, gate };
}

export function out(io: CliIo, data: unknown) {
  io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
}

export const localTime = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: process.env.TZ || undefined }) : '—';

export function failCli(message: string): never {
  throw new CliError(message, EXIT_FAILED);
}
