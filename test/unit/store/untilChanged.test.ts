import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store';

let dir: string;
const stores: Store[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-until-'));
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const setting = (s: Store) => s.settings.get('k') ?? null;

it('a kept desk view is read again once this process or another one changes the database, not before', () => {
  const app = openStore(dir);
  const cli = openStore(dir); // e.g. `tracker received …` from the CLI while the app is open
  stores.push(app, cli);
  let computed = 0;
  const view = () => app.untilChanged.get('view', () => (computed++, setting(app)));
  expect(view()).toBe(null);
  expect(view()).toBe(null);
  expect(computed).toBe(1);
  app.settings.set('k', 'mine');
  expect(view()).toBe('mine');
  cli.settings.set('k', 'theirs');
  expect(view()).toBe('theirs');
  expect(view()).toBe('theirs');
  expect(computed).toBe(3);
});
