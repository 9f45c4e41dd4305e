// Runs in: headless Node. `tracker team …`: join a team's PostgreSQL, show this member's part in
// it, leave it (the local copy stays), or run as a headless member (a server, a test).
// `tracker serve` takes part through attachTeam() exactly like `team run`.
import { parseArgs } from 'node:util';
import type { TeamMember } from './core/team/member';
import type { TeamShell } from './core/team/teamMode';
import {
  attachTeamMember,
  createPollGate,
  forgetTeamConfig,
  readTeamConfig,
  saveTeamConfig,
  startTeamMode,
  TeamConfigError,
  type TeamConfig,
} from './core/team/teamMode';

export class TeamUsageError extends Error {}

export const TEAM_USAGE = `  team join --database-url URL --name N [--tls disable|require|verify-full] [--json]
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
      const tls = (values.tls ?? 'disable') as TeamConfig['tls'];
      const config = await saveTeamConfig(store, shell.secrets, { databaseUrl: values['database-url'], member: values.name, tls });
      let member: TeamMember | null = null;
      try {
        member = await startTeamMode({ store, secrets: shell.secrets, logger: shell.logger, clock: shell.clock, config, passive: true, register: true });
        const uploaded = await member.uploadExisting();
        await member.pull();
        const status = await member.status();
        if (values.json) print({ ...status, uploaded });
        else
          io.stdout.write(
            `已以「${config.member}」加入团队，上传本机记录 ${uploaded} 条，已同步到变更 #${status.cursor}。\n` +
              `(Joined as ${config.member}: uploaded ${uploaded} records, replica at change #${status.cursor}.)\n`,
          );
        return 0;
      } catch (e) {
        await forgetTeamConfig(store, shell.secrets);
        throw e;
      } finally {
        await member?.stop();
      }
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
      const config = need(readTeamConfig(store));
      const member = await startTeamMode({ store, secrets: shell.secrets, logger: shell.logger, clock: shell.clock, config, passive: true }).catch(() => null);
      await member?.pool.query('UPDATE team_members SET left_at = now() WHERE name = $1', [config.member]).catch(() => undefined);
      await member?.stop();
      const pending = store.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM team_actions').get()?.n ?? 0;
      store.transaction(() => {
        store.db.exec('DELETE FROM team_actions; DELETE FROM team_dirty;');
        store.syncState.delete('team.cursor');
      });
      await forgetTeamConfig(store, shell.secrets);
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
