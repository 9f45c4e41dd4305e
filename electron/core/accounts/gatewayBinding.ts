// Runs in: main process / headless Node.
// A database belongs to the gateway its data came from. The first time the core opens a data
// folder it records which gateway that is; opened later against another gateway (the sandbox, a
// test double, the real 1688), it refuses with a message that says what to do, so no order of
// one world is ever shown, exported or written to the ERP as the other's. The CLI puts the data
// of a gateway other than 1688's in a folder of its own when no data folder was chosen.
import path from 'node:path';
import { CoreError } from '../api/types';
import type { Store } from '../store';

const BINDING_KEY = 'gateway.identity';
const OFFICIAL_HOST = 'gw.open.1688.com';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Which world a gateway URL is: 1688 itself, the local sandbox (any port: the demo and tests
 * start it on a new port each time, and every run of it is the same seeded world), or another
 * gateway by its origin and path.
 */
export function gatewayIdentity(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.hostname === OFFICIAL_HOST) return '1688';
  if (LOOPBACK.has(u.hostname)) return 'local-sandbox';
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/** Records the gateway of a new database, or refuses one that belongs to another gateway. */
export function bindDatabaseToGateway(store: Store, gatewayUrl: string, dataDir: string): void {
  const identity = gatewayIdentity(gatewayUrl);
  const bound = store.syncState.get<string>(BINDING_KEY);
  if (bound === undefined) {
    store.syncState.set(BINDING_KEY, identity);
    return;
  }
  if (bound === identity) return;
  const shown = (i: string) => (i === '1688' ? '1688 开放平台' : i === 'local-sandbox' ? '本地沙箱网关' : i);
  throw new CoreError(
    'storage',
    `数据目录 ${dataDir} 里是来自「${shown(bound)}」的数据，而现在连接的是「${shown(identity)}」：为免两边的订单混在一起，没有打开它。` +
      `请用 TRACKER_DATA_DIR 为「${shown(identity)}」指定另一个数据目录。` +
      ` (This data folder holds data from ${bound}, not from ${identity}; set TRACKER_DATA_DIR to another folder for it.)`,
  );
}

/**
 * The data folder for a gateway when none was chosen: 1688's data in the base folder, any other
 * gateway's in `<base>/gateways/<name>` (like the demo's `<base>/demo`).
 */
export function dataDirForGateway(baseDir: string, gatewayUrl: string | undefined): string {
  if (!gatewayUrl) return baseDir;
  const identity = gatewayIdentity(gatewayUrl);
  if (identity === '1688') return baseDir;
  return path.join(baseDir, 'gateways', identity.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 80));
}
