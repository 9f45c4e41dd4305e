// Runs in: Vitest (node). The headless SecretStore (CLI, browser mode): its folder is created
// for the user alone, its file is 0600, and a damaged file is refused, never replaced by an
// empty one (which would silently lose the clerk's keys).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSecretStore } from '../../../electron/core/fileSecretStore';

const base = mkdtempSync(path.join(tmpdir(), 'file-secrets-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const posix = process.platform !== 'win32';

describe('fileSecretStore', () => {
  it('creates its data folder 0700 and writes the file 0600; round-trips', async () => {
    const dir = path.join(base, 'new', 'data');
    const store = fileSecretStore(dir);
    if (posix) expect(statSync(dir).mode & 0o777).toBe(0o700);
    await store.set('1688.appSecret', 's3cret');
    expect(await store.get('1688.appSecret')).toBe('s3cret');
    if (posix) expect(statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    await store.delete('1688.appSecret');
    expect(await store.get('1688.appSecret')).toBeNull();
  });

  it('leaves the mode of a folder that already exists alone', async () => {
    const dir = mkdtempSync(path.join(base, 'existing-'));
    const before = statSync(dir).mode & 0o777;
    await fileSecretStore(dir).set('k', 'v');
    expect(statSync(dir).mode & 0o777).toBe(before);
  });

  it.each([
    ['not JSON', '{"1688.appSecret": "s3c'],
    ['a JSON array', '["s3cret"]'],
    ['a non-string value', '{"1688.appSecret": 42}'],
  ])('a damaged file (%s) is refused with a clear error and kept byte for byte, also by set()', async (_name, content) => {
    const dir = mkdtempSync(path.join(base, 'damaged-'));
    const file = path.join(dir, 'secrets.json');
    writeFileSync(file, content);
    const store = fileSecretStore(dir);
    await expect(store.get('1688.appSecret')).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('密钥文件已损坏') });
    await expect(store.set('1688.accessToken', 'new')).rejects.toMatchObject({ code: 'storage' });
    await expect(store.delete('1688.appSecret')).rejects.toMatchObject({ code: 'storage' });
    expect(readFileSync(file, 'utf8')).toBe(content);
  });
});
