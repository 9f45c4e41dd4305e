// Runs in: Vitest (node), with a fake safeStorage. Secrets reach the disk only as ciphertext,
// and without a secure backend nothing is stored at all.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electronMock.js'));

import { createSafeStorageSecretStore, type SafeStorageLike } from '../../../electron/secretStore';

const SECRET = 'appSecret-Zx9!-私密-0123456789';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'secrets-'));
  dirs.push(d);
  return path.join(d, 'nested', 'secrets.safestorage.json');
}

/** A stand-in "OS encryption": reversible, but the bytes look nothing like the input. */
function fakeSafeStorage(opts: { available?: boolean; backend?: ReturnType<SafeStorageLike['getSelectedStorageBackend']>; prefix?: 'v10' | 'v11' } = {}) {
  const key = 0x5a;
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
  return {
    isAsyncEncryptionAvailable: vi.fn(async () => opts.available ?? true),
    encryptStringAsync: vi.fn(async (s: string) => Buffer.concat([Buffer.from(opts.prefix ?? 'v11'), xor(Buffer.from(s, 'utf8'))])),
    decryptStringAsync: vi.fn(async (b: Buffer) => ({ shouldReEncrypt: false, result: xor(b.subarray(3)).toString('utf8') })),
    getSelectedStorageBackend: vi.fn(() => opts.backend ?? 'gnome_libsecret'),
  } satisfies SafeStorageLike;
}

describe('safeStorage SecretStore', () => {
  it('Linux: refuses to store when the ciphertext is Chromium\'s fixed-key "v10", though a keyring is reported', async () => {
    const filePath = tempFile();
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage({ prefix: 'v10', backend: 'gnome_libsecret' }), filePath, platform: 'linux' });
    await expect(store.set('1688.appSecret', SECRET)).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('basic_text') });
    expect(existsSync(filePath)).toBe(false);
    // On macOS/Windows "v10" is the real OS-keyed format: stored as usual.
    const mac = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage({ prefix: 'v10' }), filePath, platform: 'darwin' });
    await mac.set('1688.appSecret', SECRET);
    expect(await mac.get('1688.appSecret')).toBe(SECRET);
  });

  it('round-trips a secret and writes only ciphertext, 0600', async () => {
    const filePath = tempFile();
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), filePath, platform: 'linux' });
    await store.set('1688.appSecret', SECRET);
    await store.set('1688.accessToken', 'tok-abc');
    expect(await store.get('1688.appSecret')).toBe(SECRET);
    expect(await store.get('1688.accessToken')).toBe('tok-abc');
    expect(await store.get('missing')).toBeNull();

    const raw = readFileSync(filePath, 'utf8');
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('私密');
    expect(raw).not.toContain(Buffer.from(SECRET, 'utf8').toString('base64'));
    expect(raw).not.toContain('tok-abc');
    expect(JSON.parse(raw)).toMatchObject({ version: 1, secrets: { '1688.appSecret': expect.any(String) } });
    if (process.platform !== 'win32') expect(statSync(filePath).mode & 0o777).toBe(0o600);
  });

  it('delete removes the key', async () => {
    const filePath = tempFile();
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), filePath, platform: 'darwin' });
    await store.set('k', SECRET);
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
    expect(readFileSync(filePath, 'utf8')).not.toContain('"k"');
  });

  it('refuses set and get when encryption is unavailable, with a clear Chinese + English message, and writes nothing', async () => {
    const filePath = tempFile();
    const safeStorage = fakeSafeStorage({ available: false });
    const store = createSafeStorageSecretStore({ safeStorage, filePath, platform: 'win32' });
    await expect(store.set('1688.appSecret', SECRET)).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringMatching(/系统的安全存储不可用，无法保存 1688 密钥.*secure storage is unavailable/s),
    });
    await expect(store.get('1688.appSecret')).rejects.toMatchObject({ code: 'storage' });
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(existsSync(filePath)).toBe(false);
  });

  it.each(['basic_text', 'unknown'] as const)('refuses the Linux %s backend as not secure', async (backend) => {
    const filePath = tempFile();
    const safeStorage = fakeSafeStorage({ backend });
    const store = createSafeStorageSecretStore({ safeStorage, filePath, platform: 'linux' });
    await expect(store.set('k', SECRET)).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('basic_text') });
    await expect(store.get('k')).rejects.toMatchObject({ code: 'storage' });
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(existsSync(filePath)).toBe(false);
  });

  it('the Linux backend check does not apply on other platforms', async () => {
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }), filePath: tempFile(), platform: 'darwin' });
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');
  });

  it('refuses a damaged file instead of silently starting over', async () => {
    const filePath = tempFile();
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), filePath, platform: 'darwin' });
    await store.set('k', 'v');
    writeFileSync(filePath, '{not json');
    await expect(store.get('k')).rejects.toMatchObject({ code: 'storage' });
    await expect(store.set('k2', 'v2')).rejects.toMatchObject({ code: 'storage' });
    expect(readFileSync(filePath, 'utf8')).toBe('{not json');
  });

  it('concurrent sets keep every key', async () => {
    const filePath = tempFile();
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), filePath, platform: 'darwin' });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    for (let i = 0; i < 10; i++) expect(await store.get(`k${i}`)).toBe(`v${i}`);
  });
});
