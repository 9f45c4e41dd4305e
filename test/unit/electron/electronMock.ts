// Runs in: Vitest (node). A fake 'electron' module for the shell's unit tests: the real one
// would try to download the Electron binary. Use: vi.mock('electron', () => import('./electronMock')).
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type WindowOpenHandler = (details: { url: string }) => { action: 'deny' | 'allow' };

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  url = '';
  destroyed = false;
  readonly sent: unknown[][] = [];
  readonly mainFrame = { url: '', parent: null, processId: 7, routingId: 1 };
  setWindowOpenHandler(h: WindowOpenHandler) {
    this.windowOpenHandler = h;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.url;
  }
}

/** A navigation event as will-navigate / will-redirect hand it over. */
export function navEvent(url: string, isMainFrame = true) {
  return { url, isMainFrame, preventDefault: vi.fn() };
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  destroyed = false;
  readonly loadURL = vi.fn(async (url: string) => {
    this.webContents.url = url;
  });
  readonly show = vi.fn();
  readonly hide = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  get webPreferences(): Record<string, unknown> {
    return this.options.webPreferences as Record<string, unknown>;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  close() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export class FakeSession extends EventEmitter {
  constructor(readonly partition: string) {
    super();
  }
  readonly setPermissionRequestHandler = vi.fn();
  readonly setPermissionCheckHandler = vi.fn();
}

const partitions = new Map<string, FakeSession>();
export const session = {
  defaultSession: new FakeSession(''),
  fromPartition: vi.fn((p: string) => {
    let s = partitions.get(p);
    if (!s) partitions.set(p, (s = new FakeSession(p)));
    return s;
  }),
};

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static supported = true;
  static isSupported() {
    return Notification.supported;
  }
  readonly show = vi.fn();
  constructor(readonly options: { title: string; body: string }) {
    super();
    Notification.instances.push(this);
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  tooltip = '';
  menu: { label?: string; type?: string; click?: () => void }[] = [];
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    Tray.instances.push(this);
  }
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setContextMenu(m: { items: Tray['menu'] }) {
    this.menu = m.items;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

export const Menu = { buildFromTemplate: vi.fn((items: Tray['menu']) => ({ items })), setApplicationMenu: vi.fn() };
export const nativeImage = { createFromPath: vi.fn((p: string) => ({ path: p })) };

export const contextBridge = { exposeInMainWorld: vi.fn() };
export const ipcRenderer = Object.assign(new EventEmitter(), { invoke: vi.fn() });

export const BrowserWindow = FakeBrowserWindow;

// ── main-process modules main.ts uses ─────────────────────────────────────────

export const app = Object.assign(new EventEmitter(), {
  singleInstance: true,
  requestSingleInstanceLock: vi.fn(() => app.singleInstance),
  enableSandbox: vi.fn(),
  whenReady: vi.fn(() => Promise.resolve()),
  getPath: vi.fn((_name: string) => '/nonexistent/userData'),
  getAppPath: vi.fn(() => '/nonexistent/app'),
  isPackaged: false,
  setAppUserModelId: vi.fn(),
  quit: vi.fn(),
  exit: vi.fn(),
});

export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };

export const ipcMain = {
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  handle: vi.fn((channel: string, fn: (...args: unknown[]) => unknown) => {
    ipcMain.handlers.set(channel, fn);
  }),
  removeHandler: vi.fn((channel: string) => {
    ipcMain.handlers.delete(channel);
  }),
};

export const powerMonitor = new EventEmitter();

export const safeStorage = {
  isAsyncEncryptionAvailable: vi.fn(async () => false),
  encryptStringAsync: vi.fn(),
  decryptStringAsync: vi.fn(),
  getSelectedStorageBackend: vi.fn(() => 'unknown'),
};

export const dialog = { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) };
