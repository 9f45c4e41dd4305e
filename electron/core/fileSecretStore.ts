// Runs in: headless Node (CLI, browser mode).
// The headless SecretStore: a JSON file readable by the user alone (0600) in the data directory.
// The desktop app uses the OS's secret storage instead (electron/secretStore.ts, safeStorage).
import fs from 'node:fs';
import path from 'node:path';
import type { SecretStore } from './ports';

export function fileSecretStore(dataDir: string, fileName = 'secrets.json'): SecretStore {
  const file = path.join(dataDir, fileName);
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = (data: Record<string, string>) => {
    fs.mkdirSync(dataDir, { recursive: true });
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
