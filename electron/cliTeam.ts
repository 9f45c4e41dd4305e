// Runs in: headless Node. `tracker team …`: join a team's PostgreSQL, show this member's part in
// it, leave it (the local copy stays), or run as a headless member (a server, a test).
// `tracker serve` takes part through attachTeam() exactly like `team run`.
import { parseArgs } from 'node:util';
import type { TeamShell } from './core/team/teamMode';
import {
  attachTeamMember,
  createPollGate,
  joinTeam,
  leaveTeam,
  readTeamConfig,
  startTeamMode,
  TeamConfigError,
  type TeamConfig,
} from './core/team/teamMode';

export class TeamUsageError extends Error {}

export const TEAM_USAGE = `  team join --database-url URL --name N [--tls require|verify-full|disable] [--json]
                                      TLS 默认 require（加密）；disable 仅用于可信局域网
                                      加入团队（上传本机已有数据，不会重复；密码存入本机密钥库）
  team status [--json]                团队状态：谁在轮询各账号、本机同步进度、待上传的操作
  team leave                          退出团队（本机数据保留）
  team run                            作为无界面的团队成员运行（服务器）`;

export type { TeamShell };

export interface TeamIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}


/** The gate a shell passes to createTrackerCore (solo until attachTeam finds a team config). */
export const newPollGate = createPollGate;

/** Joins the core to its team when the data folder joined one (null in solo mode). */
export const attachTeam = (shell: TeamShell) => attachTeamMember(shell);

function need(config: TeamConfig | null): TeamConfig {
  if (!config) throw new TeamConfigError('本机尚未加入团队：先运行 tracker team join。(Not in a team: run `tracker team join` first.)');
  return config;
}

export async function cmdTeam(io: TeamIo, args: string[], shell: TeamShell, waitForSignal: () => Promise<void>): Promise<number> {
  const [sub, ...rest] = args;
  const store = shell.core.internals.store;
  const print = (data: unknown) => io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  switch (sub) {
    case 'join': {
      const { values } = parseArgs({
        args: rest,
        options: { 'database-url': { type: 'string' }, name: { type: 'string' }, tls: { type: 'string' }, json: { type: 'boolean' } },
      });
      if (!values['database-url'] || !values.name) throw new TeamUsageError(`用法 / usage:\n${TEAM_USAGE}`);
      const tls = values.tls ?? 'require';
      if (!['disable', 'require', 'verify-full'].includes(tls)) throw new TeamUsageError(`--tls 应为 disable、require 或 verify-full（默认 require）。(--tls must be disable, require or verify-full; default require.)`);
      const joined = await joinTeam(shell, { databaseUrl: values['database-url'], member: values.name, tls: tls as TeamConfig['tls'] });
      if (values.json) print(joined);
      else
        io.stdout.write(
          `已以「${joined.member}」加入团队，上传本机记录 ${joined.uploaded} 条，已同步到变更 #${joined.cursor}。\n` +
            `(Joined as ${joined.member}: uploaded ${joined.uploaded} records, replica at change #${joined.cursor}.)\n`,
        );
      return 0;
    }
    case 'status': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
      const member = await startTeamMode({ store, secrets: shell.secrets, logger: shell.logger, clock: shell.clock, config: need(readTeamConfig(store)), passive: true });
      try {
        const s = await member.status();
        if (values.json) print(s);
        else {
          io.stdout.write(`成员 ${s.member} · ${s.online ? '已连接' : '离线（使用本机副本）'} · 变更 #${s.cursor} · 落后 ${Math.round(s.lagMs / 1000)} 秒 · 待上传 ${s.pendingOps}\n`);
          for (const a of s.accounts)
            io.stdout.write(`  账号 ${a.id}：${a.role === 'leader' ? '本机轮询' : `由 ${a.leaseHolder ?? '（无人）'} 轮询`}（令牌 ${a.fencingToken ?? '—'}）\n`);
        }
        return 0;
      } finally {
        await member.stop();
      }
    }
    case 'leave': {
      need(readTeamConfig(store));
      const { unsent: pending } = await leaveTeam(shell);
      io.stdout.write(
        `已退出团队，本机数据保留${pending ? `（${pending} 个未上传的操作只保留在本机）` : ''}。\n(Left the team; the local copy is kept${pending ? `; ${pending} unsent actions stay local only` : ''}.)\n`,
      );
      return 0;
    }
    case 'run': {
      const member = await attachTeam(shell);
      if (!member) need(null);
      shell.core.start();
      io.stderr.write(`团队成员 ${readTeamConfig(store)?.member} 已运行；Ctrl+C 停止。(Team member running.)\n`);
      await waitForSignal();
      await member?.stop();
      return 0;
    }
    default:
      throw new TeamUsageError(`用法 / usage:\n${TEAM_USAGE}`);
  }
}
