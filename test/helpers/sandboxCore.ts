// A real tracker core on a sandbox gateway, in a throwaway data folder, stopped and removed by the
// test's cleanup: the set-up the multi-account tests share.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTrackerCore, type CoreOptions } from '../../electron/core/api/createCore';
import { memorySecretStore } from '../../electron/core/ports';

export async function openCoreOnSandbox(
  gatewayUrl: string,
  cleanups: (() => Promise<void> | void)[],
  folderPrefix: string,
  extra: Partial<CoreOptions> = {},
) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), folderPrefix));
  const core = await createTrackerCore({
    dataDir,
    secrets: memorySecretStore(),
    notifier: { notify: () => undefined },
    gatewayUrl,
    clientTuning: { timeoutMs: 5_000, retry: { baseMs: 20, capMs: 200 } },
    ...extra,
  });
  cleanups.push(async () => {
    await core.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return core;
}
