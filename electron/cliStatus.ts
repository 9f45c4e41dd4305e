// `tracker sync status [--json] [--wait S]`: the sync status as `sync.status` returns it, with the
// 1688 push channel's state (实时 / 轮询, since when, why not live).
import { parseArgs } from 'node:util';
import type { PushChannelStatus, SyncStatus } from '../shared/contract';
import type { TrackerCore } from './core/api/types';
import type { PushService } from './core/push/pushService';

/** How long `sync status` lets the channel connect before it reports, by default. */
export const DEFAULT_STATUS_WAIT_S = 5;

export interface StatusCliDeps {
  stdout: NodeJS.WritableStream;
  open: () => Promise<TrackerCore & { internals: { push: PushService }; stop(): Promise<void> }>;
  localTime: (iso: string | null) => string;
  fail: (message: string) => Error;
}

const SYNC_STATE_ZH: Record<SyncStatus['state'], string> = {
  not_connected: '未连接 1688 账号',
  idle: '空闲',
  syncing: '同步中',
  offline: '离线',
  needs_reconnect: '需要重新连接 1688 账号',
  paused: '已暂停',
};

/** 实时 while pushes arrive; otherwise the tracker polls alone (轮询). */
export function channelLine(c: PushChannelStatus | undefined, localTime: (iso: string | null) => string): string {
  if (!c || !c.enabled) return '实时消息：已关闭（轮询）';
  const label = c.state === 'live' ? '实时' : c.state === 'connecting' ? '轮询（正在连接实时通道）' : '轮询';
  return `实时消息：${label}，自 ${localTime(c.since)} 起${c.message ? `；原因：${c.message}` : ''}`;
}

export async function cmdSyncStatus(deps: StatusCliDeps, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, wait: { type: 'string' } } });
  const waitS = values.wait === undefined ? DEFAULT_STATUS_WAIT_S : Number(values.wait);
  if (!Number.isFinite(waitS) || waitS < 0) throw deps.fail(`--wait 应为秒数（≥ 0），而不是 "${values.wait}"`);
  const core = await deps.open();
  try {
    // This process is its own tracker: the channel is tried here, and reported once it has
    // settled (live, or down with its reason) or the wait is over.
    if (waitS > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitS * 1000);
        const off = core.events.on('sync.channel', (c) => {
          if (c.state !== 'connecting') done();
        });
        function done() {
          clearTimeout(timer);
          off();
          resolve();
        }
        core.internals.push.start();
      });
    }
    const s = (await core.handle('sync.status', {})) as SyncStatus;
    if (values.json) deps.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    else
      deps.stdout.write(
        `同步状态：${SYNC_STATE_ZH[s.state]}${s.message ? `（${s.message}）` : ''}\n` +
          `上次同步：${s.lastRun ? `${deps.localTime(s.lastRun.finishedAt ?? s.lastRun.startedAt)}，调用 ${s.lastRun.calls} 次，新轨迹 ${s.lastRun.newEvents}，错误 ${s.lastRun.errors}` : '—'}\n` +
          `数据截至：${deps.localTime(s.dataAsOf)}\n` +
          `${channelLine(s.channel, deps.localTime)}\n`,
      );
    return 0;
  } finally {
    await core.stop();
  }
}
