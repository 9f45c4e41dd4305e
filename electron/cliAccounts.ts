// Runs in: headless Node. `tracker accounts …`: the 1688 accounts of the data folder, through the
// same handler table as the app (accounts.list / add / remove). Credentials for `add` come from
// the TRACKER_* variables, as every headless mode takes them, and are checked before saving.
import { parseArgs } from 'node:util';
import type { AccountView } from '../shared/contract';
import type { TrackerCore } from './core/api/types';

export interface AccountsIo {
  stdout: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export class AccountsUsageError extends Error {}

export const ACCOUNTS_USAGE = `  accounts [--json]                   列出 1688 账号
  accounts add --name N [--json]      用 TRACKER_APP_KEY / _APP_SECRET / _ACCESS_TOKEN / _REFRESH_TOKEN 添加账号（先校验）
  accounts remove <id> [--delete-data] 移除账号（默认保留其订单以便查看；--delete-data 一并删除）`;

/** One account as `tracker accounts --json` prints it. */
function row(a: AccountView) {
  return {
    id: a.id,
    name: a.name,
    memberId: a.memberId,
    loginId: a.loginId,
    state: a.state,
    accessTokenExpiresAt: a.accessTokenExpiresAt,
    refreshTokenExpiresAt: a.refreshTokenExpiresAt,
    lastSyncAt: a.lastSyncAt,
    orders: a.orders,
  };
}

const STATE_LABEL: Record<AccountView['state'], string> = { active: '正常', paused: '已暂停', needs_reconnect: '需要重新连接' };

export async function cmdAccounts(io: AccountsIo, args: string[], core: TrackerCore): Promise<number> {
  const [sub, ...rest] = args[0] && !args[0].startsWith('-') ? args : ['list', ...args];
  const print = (data: unknown) => io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  switch (sub) {
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
      const accounts = (await core.handle('accounts.list', {})) as AccountView[];
      if (values.json) print(accounts.map(row));
      else
        io.stdout.write(
          accounts.length
            ? accounts
                .map((a) => `${a.id}  ${a.name}  ${a.loginId ?? a.memberId ?? ''}  ${STATE_LABEL[a.state]}  订单 ${a.orders}` +
                  `${a.refreshTokenExpiresAt ? `  授权至 ${a.refreshTokenExpiresAt.slice(0, 10)}` : ''}\n`)
                .join('')
            : '还没有 1688 账号。用 `tracker accounts add --name 名称` 添加（凭据取自 TRACKER_* 环境变量）。\n',
        );
      return 0;
    }
    case 'add': {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, json: { type: 'boolean' } } });
      if (!values.name?.trim()) throw new AccountsUsageError('请用 --name 给账号起个名称。(Give the account a name with --name.)');
      const { TRACKER_APP_KEY: appKey, TRACKER_APP_SECRET: appSecret, TRACKER_ACCESS_TOKEN: accessToken } = io.env;
      if (!appKey || !appSecret || !accessToken)
        throw new AccountsUsageError(
          '需要凭据：请设置 TRACKER_APP_KEY、TRACKER_APP_SECRET 和 TRACKER_ACCESS_TOKEN（可选 TRACKER_REFRESH_TOKEN）。\n' +
            'Credentials needed: set TRACKER_APP_KEY, TRACKER_APP_SECRET and TRACKER_ACCESS_TOKEN.',
        );
      const refreshToken = io.env.TRACKER_REFRESH_TOKEN;
      const a = (await core.handle('accounts.add', { name: values.name, appKey, appSecret, accessToken, ...(refreshToken ? { refreshToken } : {}) })) as AccountView;
      if (values.json) print(row(a));
      else io.stdout.write(`已添加账号 ${a.id}：${a.name}（${a.loginId ?? a.memberId ?? a.appKey}）\n`);
      return 0;
    }
    case 'remove': {
      const { values, positionals } = parseArgs({ args: rest, options: { 'delete-data': { type: 'boolean' } }, allowPositionals: true });
      const id = Number(positionals[0]);
      if (positionals.length !== 1 || !Number.isInteger(id) || id <= 0) throw new AccountsUsageError('用法：tracker accounts remove <账号编号> [--delete-data]');
      const deleteData = values['delete-data'] ?? false;
      await core.handle('accounts.remove', { id, deleteData });
      io.stdout.write(deleteData ? `已移除账号 ${id} 及其订单数据。\n` : `已移除账号 ${id}；其订单保留以便查看。\n`);
      return 0;
    }
    default:
      throw new AccountsUsageError(`未知的子命令 "${sub}"。\n${ACCOUNTS_USAGE}`);
  }
}
