// Runs in: headless Node (CLI, browser mode).
// The headless SecretStore: a JSON file readable by the user alone (0600) in a folder only the
// user may enter (0700). The desktop app uses the OS's secret storage instead (electron/secretStore.ts).
import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from './api/types';
import type { SecretStore } from './ports';

/** No prototype, so a key like "__proto__" is just a key. */
function emptyRecord(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

/**
 * Creates the data folder 0700 when it does not exist yet (called before the database opens, so
 * the folder is made here, not by the store). An existing folder keeps the mode its owner gave it.
 */
export function fileSecretStore(dataDir: string, fileName = 'secrets.json'): SecretStore {
  const file = path.join(dataDir, fileName);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const read = (): Record<string, string> => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyRecord();
      throw new CoreError('storage', `无法读取密钥文件 ${file}。(Cannot read the secrets file)`);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('shape');
      const out = emptyRecord();
      for (const [k, v] of Object.entries(parsed)) {
        if (typeof v !== 'string') throw new Error('shape');
        out[k] = v;
      }
      return out;
    } catch {
      // Refuse rather than start empty: the next write would replace the clerk's keys with nothing.
      throw new CoreError(
        'storage',
        `密钥文件已损坏：${file}。请检查或删除该文件后重新连接 1688 账号。(The secrets file is damaged and was left as it is; check or delete it, then reconnect)`,
      );
    }
  };
  const write = (data: Record<string, string>) => {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  return {
    get: async (k) => read()[k] ?? null,
    set: async (k, v) => write({ ...read(), [k]: v }),
    delete: async (k) => {
      const data = read();
      if (k in data) {
        delete data[k];
        write(data);
      }
    },
  };
}
