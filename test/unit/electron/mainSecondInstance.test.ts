// Runs in: Vitest (node), with a fake 'electron'. A second instance quits at once and touches
// nothing (the first instance owns the database and shows its window).
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electronMock.js'));
const createTrackerCore = vi.hoisted(() => ({ fn: null as null | ReturnType<typeof vi.fn> }));
vi.mock('../../../electron/core/ali1688/sandbox', () => ({ startSandboxGateway: vi.fn() }));
vi.mock('../../../electron/core/api/createCore', () => {
  createTrackerCore.fn = vi.fn();
  return { createTrackerCore: createTrackerCore.fn };
});

import * as E from './electronMock';

describe('main process: second instance', () => {
  it('quits without enabling anything, creating the core or a window', async () => {
    E.app.singleInstance = false;
    await import('../../../electron/main.js');
    await new Promise((r) => setTimeout(r, 10));
    expect(E.app.quit).toHaveBeenCalled();
    expect(E.app.whenReady).not.toHaveBeenCalled();
    expect(E.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(createTrackerCore.fn).not.toHaveBeenCalled();
    expect(E.FakeBrowserWindow.instances).toHaveLength(0);
  });
});
