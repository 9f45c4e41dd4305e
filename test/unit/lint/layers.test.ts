// The layer rule must fire: electron/core never imports electron; renderer imports only shared/
// and browser packages; shared/ is pure.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/boundaries').map((m) => m.message);
}

describe('layer boundaries (lint)', () => {
  it.each([
    ['electron/core/sync/x.ts', "import { app } from 'electron';"],
    ['electron/core/sync/x.ts', "const e = require('electron');"],
    ['electron/core/sync/x.ts', "export { app } from 'electron/main';"],
    ['electron/core/sync/x.ts', "import React from 'react';"],
    ['electron/core/sync/x.ts', "import { registerIpc } from '../../ipc';"],
    ['electron/core/sync/x.ts', "import { App } from '../../../renderer/App';"],
    ['renderer/pages/x.tsx', "import fs from 'node:fs';"],
    ['renderer/pages/x.tsx', "import fs from 'fs';"],
    ['renderer/pages/x.tsx', "import Database from 'better-sqlite3';"],
    ['renderer/pages/x.tsx', "import { ipcRenderer } from 'electron';"],
    ['renderer/pages/x.tsx', "import { openStore } from '../../electron/core/store';"],
    ['renderer/pages/x.tsx', "const m = await import('../../electron/core/store');"],
    ['shared/x.ts', "import fs from 'node:fs';"],
    ['shared/x.ts', "import { openStore } from '../electron/core/store';"],
    ['shared/x.ts', "import React from 'react';"],
  ])('%s: %s is refused', async (file, code) => {
    expect((await layerErrors(file, code)).length).toBe(1);
  });

  it.each([
    ['electron/core/sync/x.ts', "import fs from 'node:fs';\nimport { z } from 'zod';\nimport type { Stage } from '../../../shared/domain';"],
    ['electron/main.ts', "import { app } from 'electron';\nimport { createTrackerCore } from './core/api/createCore';"],
    ['renderer/pages/x.tsx', "import { Table } from 'antd';\nimport { methods } from '../../shared/contract';\nimport { t } from '../i18n';"],
    ['shared/x.ts', "import { z } from 'zod';\nimport { STAGES } from './domain';"],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
