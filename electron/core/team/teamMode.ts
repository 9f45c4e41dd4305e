// Runs in: main process / headless Node.
// Team mode for a shell (the desktop app, `tracker serve`, `tracker team run`): the saved team
// settings (database URL without its password, TLS options, this member's name), the password
// in the SecretStore, and a member running over the core's store, gating its sync engine.
// The URL's password never lands in the settings table, in PostgreSQL or in a log line.
import type pg from 'pg';
import { z } from 'zod';
import type { CoreInternals } from '../api/createCore';
import type { TrackerCore } from '../api/types';
import type { Clock, Logger, SecretStore } from '../ports';
import type { Store } from '../store';
import { createTeamMember, type TeamMember } from './member';

const CONFIG_KEY = 'team.config';
export const TEAM_PASSWORD_KEY = 'team.databasePassword';

export const teamConfigSchema = z.strictObject({
  /** postgres://user@host:port/db — never with a password. */
  url: z.string().max(2_000),
  member: z.string().regex(/^[\p{L}\p{N}_.@-]{1,64}$/u, 'member name: letters, digits, _ . @ - (at most 64)'),
  tls: z.enum(['disable', 'require', 'verify-full']).default('disable'),
  /** PEM of the CA to trust for verify-full (optional; the system's CAs otherwise). */
  caPem: z.string().max(20_000).nullable().default(null),
});
export type TeamConfig = z.infer<typeof teamConfigSchema>;

export class TeamConfigError extends Error {
  readonly code = 'team_config';
}

/** Splits a database URL into the stored part (no password) and its password. */
export function splitDatabaseUrl(raw: string): { url: string; password: string | null } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new TeamConfigError('团队数据库地址无法识别，应形如 postgres://用户@主机:5432/库名 (The team database URL should look like postgres://user@host:5432/db)');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
    throw new TeamConfigError('团队数据库地址应以 postgres:// 开头 (The team database URL must start with postgres://)');
  const password = u.password ? decodeURIComponent(u.password) : null;
  u.password = '';
  return { url: u.toString(), password };
}

export function readTeamConfig(store: Store): TeamConfig | null {
  const raw = store.settings.get<unknown>(CONFIG_KEY);
  if (raw === undefined) return null;
  const r = teamConfigSchema.safeParse(raw);
  return r.success ? r.data : null;
}

export async function saveTeamConfig(store: Store, secrets: SecretStore, input: { databaseUrl: string; member: string; tls?: TeamConfig['tls']; caPem?: string | null }) {
  const { url, password } = splitDatabaseUrl(input.databaseUrl);
  const config = teamConfigSchema.parse({ url, member: input.member, tls: input.tls ?? 'disable', caPem: input.caPem ?? null });
  if (password !== null) await secrets.set(TEAM_PASSWORD_KEY, password);
  store.settings.set(CONFIG_KEY, config);
  return config;
}

export async function forgetTeamConfig(store: Store, secrets: SecretStore) {
  store.settings.delete(CONFIG_KEY);
  await secrets.delete(TEAM_PASSWORD_KEY);
}

export async function connectionOf(config: TeamConfig, secrets: SecretStore): Promise<pg.ClientConfig> {
  const password = await secrets.get(TEAM_PASSWORD_KEY);
  const ssl =
    config.tls === 'disable' ? false : config.tls === 'require' ? { rejectUnauthorized: false } : { rejectUnauthorized: true, ...(config.caPem ? { ca: config.caPem } : {}) };
  return { connectionString: config.url, ...(password !== null ? { password } : {}), ssl };
}

/** The accounts this desktop may poll: saved, live, with their credentials in its SecretStore. */
export function accountsWithCredentials(store: Store): string[] {
  const rows = store.db
    .prepare<[], { member_id: string }>("SELECT member_id FROM accounts WHERE state IN ('active', 'needs_reconnect') AND member_id IS NOT NULL ORDER BY id")
    .all();
  return rows.map((r) => r.member_id);
}

/**
 * The gate the core's sync asks before polling an account. Solo (every account polled) until a
 * team member is attached; then only the accounts whose lease it holds. enterTeam() closes it
 * while the member is starting, so nothing is polled twice in between.
 */
export function createPollGate() {
  let member: TeamMember | null | 'solo' = 'solo';
  return {
    mayPoll: (memberId: string | null) =>
      member === 'solo' || (member !== null && memberId !== null && member.lease.isLeader(memberId)),
    enterTeam() {
      member = null;
    },
    attach(m: TeamMember) {
      member = m;
    },
    /** The team.status method's answer: null in solo mode. */
    status: async () => (member !== null && member !== 'solo' ? member.status() : null),
  };
}

export interface TeamModeOptions {
  store: Store;
  secrets: SecretStore;
  logger: Logger;
  clock: Clock;
  config: TeamConfig;
  /** Called when this desktop starts polling an account (run a cycle now rather than at the next tick). */
  onLeadership?: () => void;
  onChange?: () => void;
  /** A follower's received mark reached this desktop, the leader of its account: record the ERP event. */
  onReceived?: (orderId: string, logisticsId: string, at: number) => void;
  /** Status only: no lease, no loops (a `tracker team status` next to a running member). */
  passive?: boolean;
  /** With passive: migrate the team schema and record this member (joining). */
  register?: boolean;
  tuning?: { leaseTtlMs?: number; leaseTickMs?: number; pollMs?: number; pushMs?: number };
}

export async function startTeamMode(opts: TeamModeOptions): Promise<TeamMember> {
  const connection = await connectionOf(opts.config, opts.secrets);
  let leading = new Set<string>();
  const member = createTeamMember({
    store: opts.store,
    connection,
    member: opts.config.member,
    accounts: accountsWithCredentials(opts.store),
    logger: opts.logger,
    clock: opts.clock,
    ...opts.tuning,
    onReceived: (r) => opts.onReceived?.(r.orderId, r.logisticsId, r.receivedAt),
    onChange: () => {
      const now = new Set(member.lease.states().filter((s) => s.role === 'leader').map((s) => s.account));
      const gained = [...now].some((a) => !leading.has(a));
      leading = now;
      if (gained) opts.onLeadership?.();
      opts.onChange?.();
    },
  });
  if (opts.passive) await member.connectOnly({ register: opts.register ?? false });
  else await member.start();
  return member;
}

/** What a shell hands over to take part in its team. */
export interface TeamShell {
  core: TrackerCore & { internals: CoreInternals };
  secrets: SecretStore;
  logger: Logger;
  clock: Clock;
  /** The gate the core was created with (CoreOptions.pollGate). */
  gate: ReturnType<typeof createPollGate>;
}

/** Test and bench knobs (shorter leases); the defaults suit real teams. */
function tuningFromEnv(env: NodeJS.ProcessEnv) {
  const n = (k: string) => (env[k] ? Number(env[k]) : undefined);
  return { leaseTtlMs: n('TRACKER_TEAM_LEASE_TTL_MS'), leaseTickMs: n('TRACKER_TEAM_LEASE_TICK_MS'), pollMs: n('TRACKER_TEAM_POLL_MS') };
}

/**
 * Joins the core to its team when the data folder has a team config (the desktop app,
 * `tracker serve`, `tracker team run`): the member starts, the gate lets the sync poll only the
 * accounts it leads, a new lease starts a cycle at once, and replicated changes refresh the page.
 * Returns null in solo mode.
 */
export async function attachTeamMember(shell: TeamShell, env: NodeJS.ProcessEnv = process.env): Promise<TeamMember | null> {
  const config = readTeamConfig(shell.core.internals.store);
  if (!config) return null;
  shell.gate.enterTeam();
  const member = await startTeamMode({
    store: shell.core.internals.store,
    secrets: shell.secrets,
    logger: shell.logger,
    clock: shell.clock,
    config,
    onLeadership: () => shell.core.internals.scheduler.wake(),
    onReceived: shell.core.internals.recordReceived,
    onChange: () => shell.core.events.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 0 }),
    tuning: tuningFromEnv(env),
  });
  shell.gate.attach(member);
  shell.core.internals.scheduler.wake();
  return member;
}
