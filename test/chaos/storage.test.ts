// Storage faults: a damaged database file, a read-only data folder, a full disk, a database from a
// newer version. Each must give a clear Chinese + English message and a safe state: a damaged file
// is moved aside byte for byte (never overwritten or deleted), nothing committed is lost, and the
// next start works (no crash loop). Real faults where the OS allows them (a tmpfs that is full or
// remounted read-only fails even for root); injected ones (PRAGMA max_page_count) elsewhere.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTrackerCore } from '../../electron/core/api/createCore';
import { memorySecretStore } from '../../electron/core/ports';
import { openStore } from '../../electron/core/store';
import {
  asStorageError,
  DB_FILE_NAME,
  DatabaseTooNewError,
  LATEST_SCHEMA_VERSION,
  StorageError,
  type StorageErrorKind,
} from '../../electron/core/store/database';
import { differencesFromTruth, DAY, startRig, type Rig } from '../helpers/sandboxRig';
import { cliEnv, isRoot, prng, removeDir, reportFigures, runTracker, sha256, tempDir, tryMountTmpfs, type Mount } from './lib/env';
import { runRandomDamage } from './lib/randomDamage';

const dirs: string[] = [];
const mounts: Mount[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});
afterAll(() => {
  for (const m of mounts.splice(0)) m.unmount();
});
function dir(tag: string): string {
  const d = tempDir(tag);
  dirs.push(d);
  return d;
}
function mount(sizeKb: number): Mount | null {
  const m = tryMountTmpfs(sizeKb);
  if (m) mounts.push(m);
  return m;
}

const ids = (n: number, base = 3712345678900000000n) => Array.from({ length: n }, (_, i) => String(base + BigInt(i)));
const NOW = Date.UTC(2026, 10, 29, 2, 0, 0);

/** A data folder whose database holds `n` committed orders, closed cleanly. */
function seeded(d: string, n = 400): string[] {
  const store = openStore(d);
  const list = ids(n);
  store.transaction(() => list.forEach((id) => store.orders.addTracked(id, 'manual', `ERP-${id.slice(-4)}`, NOW)));
  store.close();
  return list;
}

const bilingual = (m: string) => /[\u4e00-\u9fff]/.test(m) && /[A-Za-z]{4,} [A-Za-z]{2,}/.test(m);

function expectStorageError(fn: () => unknown, kind: StorageErrorKind): StorageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StorageError);
    const err = e as StorageError;
    expect(err.kind).toBe(kind);
    expect(bilingual(err.message), err.message).toBe(true);
    return err;
  }
  throw new Error(`expected a StorageError of kind ${kind}, nothing was thrown`);
}

const asideFiles = (d: string) => fs.readdirSync(d).filter((f) => f.startsWith(`${DB_FILE_NAME}.corrupt-`));

type Damage = (file: string) => void;
const DAMAGES: [string, Damage][] = [
  [
    'random bytes over the header',
    (f) => {
      const fd = fs.openSync(f, 'r+');
      const r = prng(7);
      fs.writeSync(fd, Buffer.from(Array.from({ length: 100 }, () => Math.floor(r() * 256))), 0, 100, 0);
      fs.closeSync(fd);
    },
  ],
  ['truncated to half', (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2))],
  ['truncated inside the header (50 bytes)', (f) => fs.truncateSync(f, 50)],
  [
    'garbage over the pages after the first two',
    (f) => {
      const b = fs.readFileSync(f);
      const r = prng(11);
      for (let i = 8192; i < b.length; i++) b[i] = Math.floor(r() * 256);
      fs.writeFileSync(f, b);
    },
  ],
  [
    'one b-tree page zeroed',
    (f) => {
      const fd = fs.openSync(f, 'r+');
      fs.writeSync(fd, Buffer.alloc(4096), 0, 4096, 4096 * 3);
      fs.closeSync(fd);
    },
  ],
];

describe('a damaged database file', () => {
  it.each(DAMAGES)('%s: moved aside unchanged with a clear error; the next start works', (_name, damage) => {
    const d = dir('corrupt');
    seeded(d);
    const file = path.join(d, DB_FILE_NAME);
    damage(file);
    const before = sha256(file);
    const size = fs.statSync(file).size;

    const err = expectStorageError(() => openStore(d), 'corrupt');
    expect(err.message).toContain('已损坏');
    expect(err.message).toContain('moved aside');
    expect(err.movedTo).toMatch(/tracker\.db\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(err.message).toContain(err.movedTo!);
    // Moved, not copied and not rewritten: same bytes under the new name, nothing at the old one.
    expect(fs.existsSync(file)).toBe(false);
    expect(sha256(err.movedTo!)).toBe(before);
    expect(fs.statSync(err.movedTo!).size).toBe(size);

    // No crash loop: the next start opens a fresh database, and leaves the moved file alone.
    const store = openStore(d);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual({ n: 0 });
    store.close();
    const again = openStore(d);
    again.close();
    expect(asideFiles(d)).toHaveLength(1);
    expect(sha256(err.movedTo!)).toBe(before);
  });

  it('after a crash the -wal and -shm move with it, under the same new name', () => {
    const live = dir('live');
    seeded(live);
    const store = openStore(live);
    store.transaction(() => ids(5, 3799000000000000000n).forEach((id) => store.orders.addTracked(id, 'manual', null, NOW)));
    // A crash snapshot: the files as a killed process leaves them (WAL not checkpointed).
    const d = dir('crashcopy');
    for (const f of fs.readdirSync(live)) fs.copyFileSync(path.join(live, f), path.join(d, f));
    store.close();
    const file = path.join(d, DB_FILE_NAME);
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    // Pages the WAL holds mask the file's own; garbage over the rest is found by the check.
    DAMAGES[3]![1](file);
    const sums = { db: sha256(file), wal: sha256(`${file}-wal`) };

    const err = expectStorageError(() => openStore(d), 'corrupt');
    expect(sha256(err.movedTo!)).toBe(sums.db);
    expect(sha256(`${err.movedTo!}-wal`)).toBe(sums.wal);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.existsSync(`${file}-shm`)).toBe(false);
    // A WAL left behind would be replayed into the fresh file: there is none, and it is empty.
    const fresh = openStore(d);
    expect(fresh.db.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual({ n: 0 });
    fresh.close();
  });

  it('only the explicit option starts a fresh database in the same call, and says where the old one went', () => {
    const d = dir('fresh');
    seeded(d);
    const file = path.join(d, DB_FILE_NAME);
    DAMAGES[0]![1](file);
    const before = sha256(file);
    const told: StorageError[] = [];
    const store = openStore(d, { startFreshIfCorrupt: true, onCorruptMovedAside: (e) => told.push(e) });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual({ n: 0 });
    store.close();
    expect(told).toHaveLength(1);
    expect(sha256(told[0]!.movedTo!)).toBe(before);
  });

  it('a big file closed cleanly skips the full check, and a cut-off one is still caught', () => {
    const d = dir('big');
    seeded(d, 2000);
    const file = path.join(d, DB_FILE_NAME);
    const fd = fs.openSync(file, 'r+');
    // Keep the header intact, cut the tail: only the size-against-page-count check sees it.
    fs.ftruncateSync(fd, fs.statSync(file).size - 4096 * 2);
    fs.closeSync(fd);
    const err = expectStorageError(() => openStore(d, { quickCheck: false }), 'corrupt');
    expect(fs.existsSync(err.movedTo!)).toBe(true);
  });

  it('the real CLI: one clear failure (exit 1), the file kept aside, then it works again', async () => {
    const d = dir('clicorrupt');
    seeded(d);
    DAMAGES[0]![1](path.join(d, DB_FILE_NAME));
    const before = sha256(path.join(d, DB_FILE_NAME));
    const env = cliEnv({ TRACKER_DATA_DIR: d });
    const first = await runTracker(['orders'], env);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('已损坏');
    expect(first.stderr).toContain('damaged');
    expect(first.stdout).toBe('');
    const aside = asideFiles(d);
    expect(aside).toHaveLength(1);
    expect(sha256(path.join(d, aside[0]!))).toBe(before);
    for (let i = 0; i < 2; i++) {
      const next = await runTracker(['orders'], env);
      expect(next.code).toBe(0);
      expect(next.stdout).toContain('还没有订单');
    }
    expect(asideFiles(d)).toEqual(aside);
  }, 60_000);
});

describe('random damage', () => {
  it('40 damaged files: each opens (then fails typed, if at all) or is moved aside byte for byte', () => {
    const r = runRandomDamage({ iterations: 40, seed: 2026 });
    reportFigures('storage.randomDamage', r.figures);
    expect(r.problems).toEqual([]);
    expect(r.figures.movedAside as number).toBeGreaterThan(0);
  }, 60_000);
});

describe('a database from a newer version', () => {
  it('is refused with a clear message everywhere, and left exactly as it was (not moved)', async () => {
    const d = dir('toonew');
    seeded(d, 20);
    const file = path.join(d, DB_FILE_NAME);
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
    raw.close();
    const before = sha256(file);

    const err = expectStorageError(() => openStore(d), 'too_new');
    expect(err).toBeInstanceOf(DatabaseTooNewError);
    expect(err.message).toContain('更新版本');
    expect(err.message).toContain(String(LATEST_SCHEMA_VERSION + 3));
    await expect(createTrackerCore({ dataDir: d, secrets: memorySecretStore(), notifier: { notify: () => undefined } })).rejects.toThrow(
      DatabaseTooNewError,
    );
    const cli = await runTracker(['orders'], cliEnv({ TRACKER_DATA_DIR: d }));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('更新版本');
    expect(sha256(file)).toBe(before);
    expect(asideFiles(d)).toEqual([]);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  }, 60_000);
});

describe('a data folder that cannot be written', () => {
  it('read-only: a clear message, nothing changed, and every committed order is there once it is writable again', async () => {
    // tmpfs remounted read-only fails for root too; chmod works for anyone else.
    const m = mount(2048);
    const strategy = m ? 'tmpfs remounted ro' : isRoot ? null : 'chmod 0555';
    if (strategy === null) {
      // Root without mount(2): nothing is read-only to root; the ENOTDIR and /proc cases below
      // still prove a clear, fast failure.
      reportFigures('storage.readonly', { strategy: 'none available (root without mount)' });
      return;
    }
    const d = m ? path.join(m.dir, 'data') : dir('ro');
    const list = seeded(d, 300);
    const file = path.join(d, DB_FILE_NAME);
    const before = sha256(file);
    if (m) m.remount('ro');
    else fs.chmodSync(d, 0o555);
    try {
      const err = expectStorageError(() => openStore(d), 'readonly');
      expect(err.message).toContain('不可写');
      expect(err.message).toContain('not writable');
      const cli = await runTracker(['orders'], cliEnv({ TRACKER_DATA_DIR: d }));
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('不可写');
      expect(cli.ms).toBeLessThan(20_000);
      // A brand-new data folder on the read-only disk: the same clear answer.
      if (m) expectStorageError(() => openStore(path.join(m.dir, 'never-made')), 'readonly');
    } finally {
      if (m) m.remount('rw');
      else fs.chmodSync(d, 0o755);
    }
    expect(sha256(file)).toBe(before);
    const store = openStore(d);
    const stored = (store.db.prepare('SELECT id FROM orders ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    store.close();
    expect(stored).toEqual(list);
    reportFigures('storage.readonly', { strategy, committedOrders: list.length, keptOrders: stored.length });
  }, 60_000);

  it('a data "folder" that is a file, or under /proc: a clear message at once, no hang', () => {
    const d = dir('notdir');
    const asFile = path.join(d, 'data');
    fs.writeFileSync(asFile, 'I am a file');
    for (const target of [asFile, path.join(asFile, 'deeper')]) {
      const err = expectStorageError(() => openStore(target), 'cantopen');
      expect(err.message).toContain('无法打开');
    }
    expect(fs.readFileSync(asFile, 'utf8')).toBe('I am a file');
    if (fs.existsSync('/proc/self')) {
      // Node's recursive mkdir loops forever here; openDatabase must not.
      const t0 = Date.now();
      expectStorageError(() => openStore('/proc/tracker-chaos/data'), 'cantopen');
      expect(Date.now() - t0).toBeLessThan(2_000);
    }
  });
});

describe('a full disk', () => {
  it('mid-run: the write fails with code storage, the core stays up, nothing committed is lost, and it works again with room', async () => {
    const m = mount(1024);
    const d = m ? path.join(m.dir, 'data') : dir('full');
    const core = await createTrackerCore({ dataDir: d, secrets: memorySecretStore(), notifier: { notify: () => undefined } });
    const filler = m ? path.join(m.dir, 'filler') : null;
    let injected = 'tmpfs 1 MiB';
    try {
      if (filler) {
        // Leave ~128 KiB: the next few batches fit (a batch of 50 orders touches ~10 b-trees and the
        // search index: ~80 KiB of WAL), then the disk is full.
        const free = fs.statfsSync(m!.dir);
        fs.writeFileSync(filler, Buffer.alloc(Math.max(0, Number(free.bavail) * Number(free.bsize) - 128 * 1024)));
      } else {
        injected = 'PRAGMA max_page_count';
        const db = core.internals.store.db;
        db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 8}`);
      }
      const committed: string[] = [];
      let failure: { code: string; message: string } | null = null;
      for (let batch = 0; batch < 400 && !failure; batch++) {
        const list = ids(50, 3700000000000000000n + BigInt(batch) * 1000n);
        try {
          const r = (await core.handle('orders.add', { ids: list })) as { added: string[] };
          committed.push(...r.added);
        } catch (e) {
          failure = e as { code: string; message: string };
        }
      }
      expect(failure, 'the disk never filled up').not.toBeNull();
      expect(failure!.code).toBe('storage');
      expect(failure!.message).toMatch(/磁盘空间已满.*已经保存的数据没有丢失/);
      expect(committed.length).toBeGreaterThan(0);
      // Still up, still reading: every order that was committed is listed, none of the failed batch.
      const list = (await core.handle('orders.list', { limit: 1, includeArchived: true })) as { total: number };
      expect(list.total).toBe(committed.length);
      const status = (await core.handle('sync.status', {})) as { state: string };
      expect(typeof status.state).toBe('string');

      if (filler) fs.rmSync(filler);
      else core.internals.store.db.pragma('max_page_count = 1073741823');
      const after = (await core.handle('orders.add', { ids: ['3799999999999999999'] })) as { added: string[] };
      expect(after.added).toEqual(['3799999999999999999']);
      reportFigures('storage.full', { injected, committedBeforeFull: committed.length, failure: failure!.message.slice(0, 60) });
    } finally {
      await core.stop();
    }
    const store = openStore(d);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  }, 60_000);

  it('at start: a clear message, not a crash', () => {
    const m = mount(256);
    if (!m) {
      // Without a real full disk, the mapping of the error SQLite gives is what there is to prove.
      const err = asStorageError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), '/x/tracker.db');
      expect(err?.kind).toBe('full');
      return;
    }
    fs.writeFileSync(path.join(m.dir, 'filler'), Buffer.alloc(250 * 1024));
    const err = expectStorageError(() => openStore(path.join(m.dir, 'data')), 'full');
    expect(err.message).toContain('磁盘空间已满');
    expect(err.message).toContain('disk is full');
  });

  it('during sync: the cycle reports the failure without throwing, and with room again it converges to the truth', async () => {
    let rig: Rig | null = await startRig({ orders: 30, seed: 17 });
    try {
      const t0 = rig.clock.now();
      await rig.engine.runCycle({ trigger: 'test' });
      const db = rig.store.db;
      const eventsBefore = (db.prepare('SELECT COUNT(*) AS n FROM trace_events').get() as { n: number }).n;
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      rig.clock.set(t0 + 5 * DAY);
      const full = await rig.engine.runCycle({ trigger: 'test', all: true });
      expect(full.ok).toBe(false);
      expect(full.errors.length).toBeGreaterThan(0);
      // Nothing that was committed went away.
      expect((db.prepare('SELECT COUNT(*) AS n FROM trace_events').get() as { n: number }).n).toBeGreaterThanOrEqual(eventsBefore);
      db.pragma('max_page_count = 1073741823');
      const end = rig.gw.world.finishedAt() + DAY;
      rig.clock.set(end);
      const ok = await rig.engine.runCycle({ trigger: 'test', all: true, discover: 'force' });
      expect(ok.errors).toEqual([]);
      expect(differencesFromTruth(rig, end)).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      reportFigures('storage.fullDuringSync', { errorsWhileFull: full.errors.length, firstError: full.errors[0]?.code ?? '' });
    } finally {
      await rig.close();
      rig = null;
    }
  }, 60_000);
});

describe('asStorageError', () => {
  it('maps SQLite and file-system codes to a kind, and leaves everything else alone', () => {
    const d = dir('map');
    const f = path.join(d, DB_FILE_NAME);
    const err = (code: string) => Object.assign(new Error(code), { code });
    const table: [string, StorageErrorKind | null][] = [
      ['SQLITE_FULL', 'full'],
      ['ENOSPC', 'full'],
      ['SQLITE_READONLY', 'readonly'],
      ['SQLITE_READONLY_DBMOVED', 'readonly'],
      ['EROFS', 'readonly'],
      ['EACCES', 'readonly'],
      ['EPERM', 'readonly'],
      ['SQLITE_CANTOPEN', 'cantopen'],
      ['ENOTDIR', 'cantopen'],
      ['SQLITE_NOTADB', 'corrupt'],
      ['SQLITE_CORRUPT', 'corrupt'],
      ['SQLITE_CORRUPT_INDEX', 'corrupt'],
      ['SQLITE_BUSY', 'busy'],
      ['SQLITE_IOERR_FSYNC', 'io'],
      ['SQLITE_CONSTRAINT_UNIQUE', null],
      ['SQLITE_ERROR', null],
      ['ECONNREFUSED', null],
    ];
    for (const [code, kind] of table) {
      const mapped = asStorageError(err(code), f);
      expect(mapped?.kind ?? null, code).toBe(kind);
      if (mapped) {
        expect(bilingual(mapped.message), mapped.message).toBe(true);
        expect(mapped.causeCode).toBe(code);
      }
    }
    expect(asStorageError(new Error('no code'))).toBeNull();
    expect(asStorageError('a string')).toBeNull();
    // SQLITE_CANTOPEN in a folder that cannot be written is the read-only case.
    if (!isRoot) {
      fs.chmodSync(d, 0o555);
      expect(asStorageError(err('SQLITE_CANTOPEN'), f)?.kind).toBe('readonly');
      fs.chmodSync(d, 0o755);
    }
  });
});
