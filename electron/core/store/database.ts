// Runs in: main process / headless Node.
// Opens the SQLite file with the pragmas the store relies on, and brings its schema up to date.
// Storage faults (a damaged file, a read-only folder, a full disk) become one typed StorageError
// with a Chinese + English message; a damaged file is moved aside unchanged, never overwritten.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { finishBulkLoad } from './bulkLoad';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export type StorageErrorKind = 'corrupt' | 'readonly' | 'full' | 'cantopen' | 'busy' | 'io' | 'too_new';

export interface StorageErrorInit {
  /** The SQLite or errno code behind it (SQLITE_FULL, EACCES …): for logs, never shown alone. */
  causeCode?: string | null;
  file?: string | null;
  /** Where a damaged database was moved (kind 'corrupt'). */
  movedTo?: string | null;
  cause?: unknown;
}

/**
 * The local database cannot be used as it is. `message` is Chinese then English and says what
 * happened to the data and what to do; toCoreError maps it to the contract code 'storage'.
 */
export class StorageError extends Error {
  override name = 'StorageError';
  readonly kind: StorageErrorKind;
  readonly causeCode: string | null;
  readonly file: string | null;
  readonly movedTo: string | null;

  constructor(kind: StorageErrorKind, message: string, init: StorageErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    this.causeCode = init.causeCode ?? null;
    this.file = init.file ?? null;
    this.movedTo = init.movedTo ?? null;
  }
}

/** The database was written by a newer version of the app: refuse rather than corrupt it. */
export class DatabaseTooNewError extends StorageError {
  override name = 'DatabaseTooNewError';
  readonly code = 'db_too_new';
  constructor(
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      'too_new',
      `数据库由更新版本的 1688 物流跟踪创建（结构版本 ${fileVersion}），本程序只支持到版本 ${supportedVersion}。请升级程序后再打开；数据未被改动。` +
        ` (The database was created by a newer version: schema ${fileVersion} > ${supportedVersion}. Upgrade the app; nothing was changed.)`,
    );
  }
}

export const DB_FILE_NAME = 'tracker.db';

/** Where the app keeps its data: TRACKER_DATA_DIR, else the OS's app-data folder (as Electron's userData). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.TRACKER_DATA_DIR) return path.resolve(env.TRACKER_DATA_DIR);
  const home = os.homedir();
  const appName = '1688 Tracker';
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), appName);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', appName);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), appName);
}

export interface OpenOptions {
  /** Apply these migrations instead of the app's (tests of the migration mechanism). */
  migrations?: readonly Migration[];
  readonly?: boolean;
  /**
   * A damaged file is always moved aside; by default the open then fails with a StorageError
   * (the clerk must learn that the data is gone before working on an empty list). Only with
   * this option does the same call go on with a fresh, empty database.
   */
  startFreshIfCorrupt?: boolean;
  /** Told where a damaged file went when `startFreshIfCorrupt` carried on. */
  onCorruptMovedAside?: (error: StorageError) => void;
  /**
   * `PRAGMA quick_check` before anything writes. Default: when the file is at most
   * QUICK_CHECK_MAX_BYTES, or when the last run did not close it (a -wal file is left): the
   * check reads every page (~0.25 s for 10,000 orders, ~2.2 s for 100,000), so a big file that
   * was closed cleanly gets only the cheap checks (header, size against page count).
   */
  quickCheck?: boolean;
  /** Names the moved-aside file (tests). Default Date.now. */
  now?: () => number;
  /**
   * The path of better-sqlite3's native module (its `nativeBinding` option). The Electron main
   * process passes its own build (electron/nativeSqlite.ts); headless Node uses the default.
   */
  nativeBinding?: string;
}

const errCode = (e: unknown): string | null => {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : null;
};

const isCorruptCode = (code: string | null) => code !== null && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));

function writable(dir: string | null): boolean {
  if (!dir) return true;
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function messageFor(kind: Exclude<StorageErrorKind, 'too_new' | 'corrupt'>, code: string, where: string | null): string {
  const at = where ? `：${where}` : '';
  const atEn = where ? `: ${where}` : '';
  switch (kind) {
    case 'full':
      return (
        `磁盘空间已满（${code}），无法写入数据${at}。请清理磁盘空间后重试；已经保存的数据没有丢失。` +
        ` (The disk is full (${code}); nothing more can be written${atEn}. Free some space and try again; data already saved is intact.)`
      );
    case 'readonly':
      return (
        `数据文件夹不可写（${code}）${at}。请检查该文件夹的权限、磁盘是否只读，或用 TRACKER_DATA_DIR 指定另一个文件夹；已经保存的数据没有改动。` +
        ` (The data folder is not writable (${code})${atEn}. Check its permissions or whether the disk is read-only, or set TRACKER_DATA_DIR to another folder; saved data was not changed.)`
      );
    case 'cantopen':
      return (
        `无法打开数据文件（${code}）${at}。请确认数据文件夹存在、确实是一个文件夹且有访问权限，或用 TRACKER_DATA_DIR 指定另一个文件夹。` +
        ` (Cannot open the data file (${code})${atEn}. Make sure the data folder exists, is a folder and is accessible, or set TRACKER_DATA_DIR to another folder.)`
      );
    case 'busy':
      return (
        `数据库正被另一个程序占用（${code}）${at}。请关闭其他正在运行的 1688 物流跟踪后重试。` +
        ` (The database is locked by another program (${code})${atEn}. Close the other running copy of 1688 Tracker and try again.)`
      );
    case 'io':
      return (
        `读写数据文件时出错（${code}）${at}。请检查磁盘是否正常、空间是否足够。` +
        ` (A disk error occurred (${code})${atEn}. Check the disk and its free space.)`
      );
  }
}

function corruptMessage(code: string, file: string | null, movedTo: string | null, moveProblem: string | null): string {
  if (movedTo) {
    return (
      `数据库文件已损坏（${code}），无法使用。原文件已原样移到 ${movedTo}（没有删除或改写）。` +
      `重新启动后会新建一个空数据库，并从 1688 重新同步订单；手动添加或导入的订单需要重新导入。如需找回数据，请把该文件交给技术支持。` +
      ` (The database file is damaged (${code}). It was moved aside unchanged to ${movedTo}. The next start creates a new, empty database and syncs again from 1688; re-import orders you added by hand.)`
    );
  }
  return (
    `数据库文件已损坏（${code}）${file ? `：${file}` : ''}。${moveProblem ? `无法把它移开（${moveProblem}），文件保持原样；请检查数据文件夹的权限后重试。` : '请重新启动程序，损坏的文件会被移到一旁保存。'}` +
    ` (The database file is damaged (${code}).${moveProblem ? ` It could not be moved aside (${moveProblem}) and was left as it is; check the folder's permissions and try again.` : ' Restart the app: the damaged file will be moved aside and kept.'})`
  );
}

/**
 * The storage fault behind `e`, as a StorageError; null when `e` is not about storage (a bug,
 * a constraint, a failed migration). Works for errors from better-sqlite3 and from node:fs.
 */
export function asStorageError(e: unknown, file: string | null = null): StorageError | null {
  if (e instanceof StorageError) return e;
  const code = errCode(e);
  if (code === null) return null;
  const dir = file && file !== ':memory:' ? path.dirname(file) : null;
  const init = { causeCode: code, file, cause: e };
  let kind: Exclude<StorageErrorKind, 'too_new' | 'corrupt'> | null = null;
  if (isCorruptCode(code)) return new StorageError('corrupt', corruptMessage(code, file, null, null), init);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_IOERR_WRITE_ENOSPC') kind = 'full';
  else if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') kind = 'readonly';
  else if (code.startsWith('SQLITE_CANTOPEN')) kind = writable(dir) ? 'cantopen' : 'readonly';
  else if (code === 'ENOTDIR' || code === 'ENOENT' || code === 'EISDIR' || code === 'ENAMETOOLONG' || code === 'ELOOP') kind = 'cantopen';
  else if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) kind = 'busy';
  else if (code.startsWith('SQLITE_IOERR') || code === 'EIO') kind = 'io';
  if (kind === null) return null;
  return new StorageError(kind, messageFor(kind, code, dir ?? file), init);
}

/**
 * mkdir -p, one level at a time. Node's own recursive mkdir spins forever under /proc (it
 * retries ENOENT): a data folder there must fail, not hang the app.
 */
function ensureDir(dir: string): void {
  const missing: string[] = [];
  let d = path.resolve(dir);
  for (;;) {
    try {
      if (!fs.statSync(d).isDirectory()) {
        throw new StorageError('cantopen', messageFor('cantopen', 'ENOTDIR', d), { causeCode: 'ENOTDIR', file: d });
      }
      break;
    } catch (e) {
      if (e instanceof StorageError) throw e;
      if (errCode(e) !== 'ENOENT') throw asStorageError(e, path.join(d, DB_FILE_NAME)) ?? e;
      missing.push(d);
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
    }
  }
  for (const m of missing.reverse()) {
    try {
      fs.mkdirSync(m);
    } catch (e) {
      if (errCode(e) !== 'EEXIST') throw asStorageError(e, path.join(m, DB_FILE_NAME)) ?? e;
    }
  }
}

/** Files up to this size get a full quick_check at every open (about 0.5 s at most). */
export const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/** Thrown inside the open when the file is damaged; openDatabase moves it aside. */
class DamagedFile extends Error {
  constructor(
    readonly code: string,
    cause: unknown,
  ) {
    super(`damaged database (${code})`, { cause });
  }
}

/** A name next to `file` that does not exist yet: tracker.db.corrupt-<UTC timestamp>[-n]. */
function asideName(file: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const base = `${file}.corrupt-${stamp}`;
  const taken = (p: string) => fs.existsSync(p) || fs.existsSync(`${p}-wal`) || fs.existsSync(`${p}-shm`);
  if (!taken(base)) return base;
  for (let n = 1; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Moves the damaged file and its -wal/-shm aside under one new name (so they can still be
 * opened together for recovery). Rename only: the bytes are never rewritten or deleted.
 */
function moveAside(file: string, damage: DamagedFile, now: number): StorageError {
  let target: string;
  try {
    target = asideName(file, now);
    fs.renameSync(file, target);
  } catch (e) {
    return new StorageError('corrupt', corruptMessage(damage.code, file, null, errCode(e) ?? String(e)), {
      causeCode: damage.code,
      file,
      cause: e,
    });
  }
  const moved: string[] = [''];
  for (const suffix of ['-wal', '-shm']) {
    if (!fs.existsSync(`${file}${suffix}`)) continue;
    try {
      fs.renameSync(`${file}${suffix}`, `${target}${suffix}`);
      moved.push(suffix);
    } catch (e) {
      // A WAL left behind would be replayed into a fresh database: put back what was moved, so
      // the three files stay together, and report (no fresh start happens, see openDatabase).
      for (const m of moved.reverse()) {
        try {
          fs.renameSync(`${target}${m}`, `${file}${m}`);
        } catch {
          // Nothing more to do: both names are on disk, the message names the problem.
        }
      }
      return new StorageError('corrupt', corruptMessage(damage.code, file, null, `${suffix}: ${errCode(e) ?? String(e)}`), {
        causeCode: damage.code,
        file,
        cause: e,
      });
    }
  }
  return new StorageError('corrupt', corruptMessage(damage.code, file, target, null), { causeCode: damage.code, file, movedTo: target, cause: damage.cause });
}

function fileSize(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

/** Runs `fn` on a connection and closes it; SQLite errors come out as DamagedFile/StorageError. */
function withConnection<T>(file: string, readonly: boolean, fn: (db: Db) => T, keepOpen: boolean, nativeBinding?: string): T {
  let db: Db;
  try {
    db = new Database(file, nativeBinding ? { readonly, nativeBinding } : { readonly });
  } catch (e) {
    throw asStorageError(e, file) ?? e;
  }
  try {
    const out = fn(db);
    if (!keepOpen) db.close();
    return out;
  } catch (e) {
    db.close();
    if (e instanceof DamagedFile) throw e;
    const code = errCode(e);
    if (isCorruptCode(code)) throw new DamagedFile(code as string, e);
    throw asStorageError(e, file) ?? e;
  }
}

/** Refuses a newer database and finds a damaged one, before anything writes to the file. */
function check(db: Db, file: string, opts: OpenOptions, latest: number, uncleanExit: boolean): void {
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const onDisk = fileSize(file);
  if (onDisk === null || onDisk === 0) return;
  // A damaged file must not be "migrated": a truncated one reads as version 0 and would be
  // overwritten with a new schema.
  if (opts.quickCheck ?? (uncleanExit || onDisk <= QUICK_CHECK_MAX_BYTES)) {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') throw new DamagedFile('QUICK_CHECK_FAILED', rows.slice(0, 5));
  } else if (!uncleanExit) {
    // Without a WAL the file holds every page: shorter than that means it was cut off.
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    if (onDisk < pages * pageSize) throw new DamagedFile('TRUNCATED', { onDisk, expected: pages * pageSize });
  }
}

function openChecked(file: string, opts: OpenOptions): Db {
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const onDisk = file === ':memory:' ? null : fileSize(file);
  // A WAL left behind: the last run did not close the file (a crash, a kill, a power cut).
  const uncleanExit = onDisk !== null && fs.existsSync(`${file}-wal`);
  // Closing a writable connection checkpoints the WAL into the file, which would rewrite the
  // bytes of a damaged file that must be kept as they are: with a WAL, look read-only first.
  if (uncleanExit) withConnection(file, true, (db) => check(db, file, opts, latest, true), false, opts.nativeBinding);
  return withConnection(
    file,
    opts.readonly ?? false,
    (db) => {
      // Without a WAL, closing this connection after a failed check writes nothing.
      if (onDisk !== null && !uncleanExit) check(db, file, opts, latest, false);
      else if (schemaVersion(db) > latest) throw new DatabaseTooNewError(schemaVersion(db), latest);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      // A bulk load cut short (a kill during a first download): its indexes, triggers and
      // search back first, before a migration or a query needs them (store/bulkLoad.ts).
      if (!opts.readonly) finishBulkLoad(db);
      migrate(db, migrations);
      return db;
    },
    true,
    opts.nativeBinding,
  );
}

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') ensureDir(path.dirname(file));
  try {
    return openChecked(file, opts);
  } catch (e) {
    if (!(e instanceof DamagedFile)) throw e;
    if (file === ':memory:') throw new StorageError('corrupt', corruptMessage(e.code, null, null, null), { causeCode: e.code });
    const error = moveAside(file, e, (opts.now ?? Date.now)());
    if (!error.movedTo || !opts.startFreshIfCorrupt) throw error;
    opts.onCorruptMovedAside?.(error);
    return openChecked(file, opts);
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      // PRAGMA cannot take a bound parameter; the version is an integer from our own table.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    })();
  }
  return schemaVersion(db);
}

export { LATEST_SCHEMA_VERSION };
