// Runs in: main process. The core's SecretStore on Electron's safeStorage (Keychain, DPAPI,
// libsecret/KWallet): only ciphertext touches the disk, and never a plain-text fallback.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SafeStorage } from 'electron';
import { CoreError } from './core/api/types';
import type { SecretStore } from './core/ports';

/** The safeStorage calls we use (the non-deprecated async API of Electron 45). */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export const SECRET_STORE_UNAVAILABLE =
  '系统的安全存储不可用，无法保存 1688 密钥。请启用系统的钥匙串 / 凭据管理器 / 密钥环（GNOME Keyring 或 KWallet）后重试，或改用浏览器模式并通过环境变量提供密钥。' +
  ' (The OS secure storage is unavailable, so the 1688 keys cannot be saved. Enable the keychain / credential manager / keyring and try again.)';

export const SECRET_STORE_BASIC_TEXT =
  '系统的安全存储不可用，无法保存 1688 密钥：未找到 Linux 密钥环（当前只有 basic_text，等同明文）。请安装并解锁 GNOME Keyring 或 KWallet 后重试。' +
  ' (No Linux keyring was found: the basic_text backend is not secure. Install and unlock GNOME Keyring or KWallet.)';

interface SecretFile {
  version: 1;
  /** key → base64 of safeStorage ciphertext */
  secrets: Record<string, string>;
}

/** No prototype, so a key like "__proto__" is just a key. */
function emptyRecord(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

export interface SafeStorageSecretStoreOptions {
  safeStorage: SafeStorageLike;
  /** e.g. <userData>/secrets.json */
  filePath: string;
  platform?: NodeJS.Platform;
}

export function createSafeStorageSecretStore(opts: SafeStorageSecretStoreOptions): SecretStore {
  const { safeStorage, filePath } = opts;
  const platform = opts.platform ?? process.platform;
  // One write at a time, so two set() calls cannot lose each other's key.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  async function ensureSecure(): Promise<void> {
    if (platform === 'linux') {
      // basic_text "encrypts" with a hard-coded key: as good as plain text. 'unknown' means
      // Electron could not tell (we only run after ready), so refuse that too.
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') throw new CoreError('storage', SECRET_STORE_BASIC_TEXT);
    }
    let available = false;
    try {
      available = await safeStorage.isAsyncEncryptionAvailable();
    } catch {
      available = false;
    }
    if (!available) throw new CoreError('storage', SECRET_STORE_UNAVAILABLE);
  }

  async function readFile(): Promise<SecretFile> {
    let text: string;
    try {
      text = await fs.readFile(filePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: emptyRecord() };
      throw new CoreError('storage', `无法读取密钥文件 ${filePath}。(Cannot read the secrets file)`);
    }
    try {
      const parsed = JSON.parse(text) as Partial<SecretFile>;
      if (parsed.version !== 1 || typeof parsed.secrets !== 'object' || parsed.secrets === null) throw new Error('shape');
      return { version: 1, secrets: Object.assign(emptyRecord(), parsed.secrets) };
    } catch {
      // Refuse rather than start empty: an empty start would overwrite the clerk's keys.
      throw new CoreError('storage', `密钥文件已损坏：${filePath}。删除该文件后重新连接 1688 账号即可。(The secrets file is damaged; delete it and reconnect)`);
    }
  }

  async function writeFile(data: SecretFile): Promise<void> {
    await fs.mkdir(path.dirname(filePath), { recursive: true });
    const tmp = `${filePath}.${process.pid}.tmp`;
    // 0600 from the first byte, then an atomic rename: never a half-written or world-readable file.
    await fs.writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    await fs.chmod(tmp, 0o600);
    await fs.rename(tmp, filePath);
  }

  async function decrypt(key: string, base64: string): Promise<{ value: string; reEncrypt: boolean }> {
    try {
      const r = await safeStorage.decryptStringAsync(Buffer.from(base64, 'base64'));
      return { value: r.result, reEncrypt: r.shouldReEncrypt };
    } catch {
      throw new CoreError('storage', `无法解密已保存的密钥（${key}），系统钥匙串可能已更换。请重新连接 1688 账号。(Cannot decrypt a stored secret; reconnect the account)`);
    }
  }

  return {
    async get(key) {
      await ensureSecure();
      const data = await readFile();
      const stored = data.secrets[key];
      if (stored === undefined) return null;
      const { value, reEncrypt } = await decrypt(key, stored);
      if (reEncrypt) {
        // The OS rotated its key: store the value again under the new one (best effort).
        await serial(async () => {
          const fresh = await readFile();
          if (fresh.secrets[key] !== stored) return;
          fresh.secrets[key] = (await safeStorage.encryptStringAsync(value)).toString('base64');
          await writeFile(fresh);
        }).catch(() => undefined);
      }
      return value;
    },

    async set(key, value) {
      await ensureSecure();
      const encrypted = await safeStorage.encryptStringAsync(value);
      // Linux: a backend can be reported while Chromium still encrypts with its fixed fallback
      // key; that ciphertext starts with "v10" (a keyring's key gives "v11"). As good as plain text.
      if (platform === 'linux' && encrypted.subarray(0, 3).toString('latin1') === 'v10') throw new CoreError('storage', SECRET_STORE_BASIC_TEXT);
      const cipher = encrypted.toString('base64');
      await serial(async () => {
        const data = await readFile();
        data.secrets[key] = cipher;
        await writeFile(data);
      });
    },

    async delete(key) {
      // Deleting needs no encryption: a clerk can always disconnect, even without a keyring.
      await serial(async () => {
        const data = await readFile();
        if (!(key in data.secrets)) return;
        delete data.secrets[key];
        await writeFile(data);
      });
    },
  };
}
