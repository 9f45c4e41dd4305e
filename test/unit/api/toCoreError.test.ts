// What a failure becomes on the contract: the clerk reads `message`, the UI branches on `code`.
import { describe, expect, it } from 'vitest';
import { toCoreError } from '../../../electron/core/api/createCore';
import { silentLogger } from '../../../electron/core/ports';
import { DatabaseTooNewError, StorageError } from '../../../electron/core/store/database';

const sqliteError = (code: string) => Object.assign(new Error(`sqlite said ${code}`), { code });

describe('toCoreError', () => {
  it('gives each storage fault the contract code storage with its own message', () => {
    const full = toCoreError(sqliteError('SQLITE_FULL'), silentLogger);
    expect(full).toMatchObject({ code: 'storage' });
    expect(full.message).toContain('磁盘空间已满');
    expect(toCoreError(sqliteError('SQLITE_READONLY_DBMOVED'), silentLogger).message).toContain('数据文件夹不可写');
    expect(toCoreError(sqliteError('SQLITE_BUSY'), silentLogger).message).toContain('正被另一个程序占用');
    expect(toCoreError(sqliteError('SQLITE_CORRUPT'), silentLogger).message).toContain('已损坏');
    const moved = new StorageError('corrupt', '数据库文件已损坏，原文件已原样移到 /x/tracker.db.corrupt-1', { movedTo: '/x/tracker.db.corrupt-1' });
    expect(toCoreError(moved, silentLogger)).toMatchObject({ code: 'storage', message: moved.message });
    expect(toCoreError(new DatabaseTooNewError(9, 3), silentLogger)).toMatchObject({ code: 'storage' });
    // A SQLite code with no kind of its own still reads as a database problem.
    expect(toCoreError(sqliteError('SQLITE_CONSTRAINT_UNIQUE'), silentLogger)).toMatchObject({ code: 'storage' });
  });

  it('does not blame the data folder for an errno from somewhere else', () => {
    const e = Object.assign(new Error('EACCES: permission denied, open /root/export.csv'), { code: 'EACCES' });
    const out = toCoreError(e, silentLogger);
    expect(out.code).toBe('internal');
    expect(out.message).not.toContain('数据文件夹');
  });

  it('logs the kind and the cause code, never a bare stack for a storage fault', () => {
    const lines: unknown[] = [];
    const logger = { ...silentLogger, error: (msg: string, meta?: unknown) => lines.push([msg, meta]) };
    toCoreError(sqliteError('SQLITE_FULL'), logger);
    expect(lines).toEqual([['storage error', expect.objectContaining({ kind: 'full', code: 'SQLITE_FULL' })]]);
  });
});
