// Runs in: main process / headless Node.
// Opens the SQLite file with the pragmas the store relies on, and brings its schema up to date.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/** The database was written by a newer version of the app: refuse rather than corrupt it. */
export class DatabaseTooNewError extends Error {
  readonly code = 'db_too_new';
  constructor(
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
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
}

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false });
  try {
    // Check the version before anything writes to the file: a newer database stays untouched.
    const migrations = opts.migrations ?? MIGRATIONS;
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    const current = schemaVersion(db);
    if (current > latest) throw new DatabaseTooNewError(current, latest);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
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
