// Runs in: main process / headless Node.
// Team mode for a shell (the desktop app, `tracker serve`, `tracker team run`): the saved team
// settings (database URL without its password, TLS options, this member's name), the password
// in the SecretStore, and a member running over the core's store, gating its sync engine.
// The URL's password never lands in the settings table, in PostgreSQL or in a log line.
import type pg from 'pg';
import { z } from 'zod';
import type { TeamStatusView } from '../../../shared/contract';
import type { CoreInternals } from '../api/createCore';
import { CoreError, type TrackerCore } from '../api/types';
import type { Clock, Logger, SecretStore } from '../ports';
import type { Store } from '../store';
import { CAUGHT_UP_KEY, createTeamMember, type TeamMember } from './member';
import { forgetPublishedAccounts } from './teamAccounts';
import { announceReplicated } from './teamNotices';
import { adoptTeamSettings, queueTeamSettings } from './teamSettings';

const CONFIG_KEY = 'team.config';
export const TEAM_PASSWORD_KEY = 'team.databasePassword';

export const teamConfigSchema = z.strictObject({
  /** postgres://user@host:port/db — never with a password. */
  url: z.string().max(2_000),
  member: z.string().regex(/^[\p{L}\p{N}_.@-]{1,64}$/u, 'member name: letters, digits, _ . @ - (at most 64)'),
  /** require by default (as 设置 → 团队): disable only on a trusted local network. */
  tls: z.enum(['disable', 'require', 'verify-full']).default('require'),
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
  const config = teamConfigSchema.parse({ url, member: input.member, tls: input.tls ?? 'require', caPem: input.caPem ?? null });
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
    .prepare<[], { member_id: string }>(
      "SELECT member_id FROM accounts WHERE state IN ('active', 'needs_reconnect') AND team_only = 0 AND member_id IS NOT NULL ORDER BY id",
    )
    .all();
  return rows.map((r) => r.member_id);
}

/** What the 设置 → 团队 form (team.join) and `tracker team join` hand over. */
export interface TeamJoinInput {
  databaseUrl: string;
  member: string;
  tls?: TeamConfig['tls'];
  caPem?: string | null;
}

/**
 * The gate the core's sync asks before polling an account. Solo (every account polled) until a
 * team member is attached; then only the accounts whose lease it holds. enterTeam() closes it
 * while the member is starting, so nothing is polled twice in between. Once a shell is bound
 * (attachTeamMember), the gate also joins and leaves the team for the team.join / team.leave
 * methods, so the desktop's form and the CLI share one path.
 */
export function createPollGate() {
  let member: TeamMember | null | 'solo' = 'solo';
  let shell: TeamShell | null = null;
  const current = () => (member !== null && member !== 'solo' ? member : null);
  const gate = {
    mayPoll: (memberId: string | null) =>
      member === 'solo' || (member !== null && memberId !== null && member.lease.isLeader(memberId)),
    enterTeam() {
      member = null;
    },
    attach(m: TeamMember) {
      member = m;
    },
    /** The shell whose core this gate serves: needed to join or leave from the form. */
    bind(s: TeamShell) {
      shell = s;
    },
    /** The running member (null: solo, or still starting). */
    current,
    /** The team.status method's answer: null in solo mode. */
    status: async () => (current() ? current()!.status() : null),
    /** team.join: registers this desktop, uploads its records, then takes part at once. */
    async join(input: TeamJoinInput): Promise<TeamStatusView & { uploaded: number }> {
      if (!shell) throw new CoreError('invalid_input', '此模式不能加入团队（演示数据）。(Joining a team is not available here, e.g. with demo data.)');
      if (readTeamConfig(shell.core.internals.store))
        throw new CoreError('invalid_input', '本机已在团队中：请先退出当前团队。(Already in a team: leave it first.)');
      const joined = await joinTeam(shell, input).catch((e: unknown) => {
        throw asTeamError(e);
      });
      // The first download may have brought the team's settings (alert thresholds).
      shell.core.internals.settings.reload();
      shell.core.events.emit('settings.changed', { keys: [] });
      await attachTeamMember(shell);
      return joined;
    },
    /** team.leave: stops taking part, keeps the local copy; unsent actions stay local only. */
    async leave(): Promise<{ unsent: number }> {
      if (!shell || !readTeamConfig(shell.core.internals.store)) throw new CoreError('invalid_input', '本机不在团队中。(Not in a team.)');
      const m = current();
      member = null;
      await m?.stop();
      const left = await leaveTeam(shell);
      member = 'solo';
      shell.core.internals.push.reconfigure();
      shell.core.internals.scheduler.wake();
      shell.core.events.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 0 });
      return left;
    },
    /** settings.update: the team settings in the patch are queued for the team (solo: nothing). */
    settingsChanged(patch: Record<string, unknown>) {
      const m = current();
      if (m) queueTeamSettings(m, patch);
    },
    /** Stops the running member (quitting); the config stays, it takes part at the next start. */
    async stop() {
      await current()?.stop();
    },
  };
  return gate;
}

/** A failed join as the clerk should read it: a bad URL is the input's fault, a refused connection is offline. */
function asTeamError(e: unknown): Error {
  if (e instanceof CoreError) return e;
  if (e instanceof TeamConfigError) return new CoreError('invalid_input', e.message);
  if (e instanceof z.ZodError) return new CoreError('invalid_input', `团队设置有误：${e.issues.map((i) => i.message).join('；')}`);
  const msg = e instanceof Error ? e.message : String(e);
  return new CoreError('offline', `无法连接团队数据库：${msg}（请检查地址、密码、TLS 设置和网络）(Cannot reach the team database: ${msg})`);
}

type TeamParts = Pick<TeamShell, 'secrets' | 'logger' | 'clock'> & { core: { internals: Pick<CoreInternals, 'store'> } };

/**
 * Joins the team's PostgreSQL: saves the config (the password to the SecretStore), migrates the
 * team schema, records this member, uploads this desktop's records without doubling the team's,
 * and pulls the team's. On failure nothing stays saved.
 */
export async function joinTeam(shell: TeamParts, input: TeamJoinInput): Promise<TeamStatusView & { uploaded: number }> {
  const store = shell.core.internals.store;
  const config = await saveTeamConfig(store, shell.secrets, input);
  let member: TeamMember | null = null;
  try {
    member = await startTeamMode({ store, secrets: shell.secrets, logger: shell.logger, clock: shell.clock, config, passive: true, register: true });
    const uploaded = await member.uploadExisting();
    await member.pull();
    return { ...(await member.status()), uploaded };
  } catch (e) {
    await forgetTeamConfig(store, shell.secrets);
    throw explainTls(e, config.tls);
  } finally {
    await member?.stop();
  }
}

/**
 * A server without TLS answers an encrypted connection with "does not support SSL": said so,
 * naming the option (TLS is required by default, in the form and in `tracker team join`).
 */
function explainTls(e: unknown, tls: TeamConfig['tls']): unknown {
  const msg = e instanceof Error ? e.message : String(e);
  if (tls === 'disable' || !/does not support SSL/i.test(msg)) return e;
  return new TeamConfigError(
    `团队数据库服务器未启用 TLS（加密连接）。请在服务器上启用 TLS；仅在可信的局域网内可改为不加密：命令行加 --tls disable，或在 设置 → 团队 选择“不加密”。` +
      ` (The team database server does not support TLS. Enable TLS on the server, or on a trusted local network only use --tls disable / 不加密 in Settings → Team.)`,
  );
}

/** Leaves the team: marks this member gone (when reachable), keeps the local copy, drops the queue. */
export async function leaveTeam(shell: TeamParts): Promise<{ unsent: number }> {
  const store = shell.core.internals.store;
  const config = readTeamConfig(store);
  if (!config) throw new TeamConfigError('本机尚未加入团队：先运行 tracker team join。(Not in a team: run `tracker team join` first.)');
  const member = await startTeamMode({ store, secrets: shell.secrets, logger: shell.logger, clock: shell.clock, config, passive: true }).catch(() => null);
  await member?.pool.query('UPDATE team_members SET left_at = now() WHERE name = $1', [config.member]).catch(() => undefined);
  await member?.stop();
  const unsent = store.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM team_actions').get()?.n ?? 0;
  store.transaction(() => {
    store.db.exec('DELETE FROM team_actions; DELETE FROM team_dirty;');
    store.syncState.delete('team.cursor');
    store.syncState.delete(CAUGHT_UP_KEY);
    forgetPublishedAccounts(store);
  });
  await forgetTeamConfig(store, shell.secrets);
  return { unsent };
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
  /** Team settings arrived from the change log and were copied into this desktop's settings. */
  onTeamSettings?: (keys: string[]) => void;
  /** Replicated signings or exceptions were recorded to be shown (flush the ledger). */
  onAnnounce?: () => void;
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
    accounts: () => accountsWithCredentials(opts.store),
    logger: opts.logger,
    clock: opts.clock,
    ...opts.tuning,
    onPulled: (history) => {
      try {
        const keys = adoptTeamSettings(opts.store);
        if (keys.length > 0) opts.onTeamSettings?.(keys);
        if (announceReplicated(opts.store, opts.clock.now(), history) > 0) opts.onAnnounce?.();
      } catch (e) {
        opts.logger.warn('team: recording notifications for replicated changes failed', { error: String(e) });
      }
    },
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
  shell.gate.bind(shell);
  const config = readTeamConfig(shell.core.internals.store);
  if (!config) return null;
  shell.gate.enterTeam();
  shell.core.internals.push.reconfigure();
  const member = await startTeamMode({
    store: shell.core.internals.store,
    secrets: shell.secrets,
    logger: shell.logger,
    clock: shell.clock,
    config,
    onLeadership: () => shell.core.internals.scheduler.wake(),
    onReceived: shell.core.internals.recordReceived,
    onAnnounce: () => shell.core.internals.alerts.tick(),
    onTeamSettings: (keys) => {
      shell.core.internals.settings.reload();
      shell.core.events.emit('settings.changed', { keys });
    },
    onChange: () => {
      // The push channel follows the lease: opened on taking an account over, closed on losing it.
      shell.core.internals.push.reconfigure();
      shell.core.events.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 0 });
    },
    tuning: tuningFromEnv(env),
  });
  shell.gate.attach(member);
  shell.core.internals.push.reconfigure();
  shell.core.internals.scheduler.wake();
  shell.core.events.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 0 });
  return member;
}
