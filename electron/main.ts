// Runs in: main process (the Electron entry, bundled to dist/electron/main.js). Wires the core
// to the OS: app:// protocol, the secure window, IPC, tray, notifications, safeStorage, OAuth.
import * as path from 'node:path';
import { app, dialog, ipcMain, Menu, powerMonitor, protocol, safeStorage, type BrowserWindow } from 'electron';
import { dataDirForGateway } from './core/accounts/gatewayBinding';
import { createTrackerCore } from './core/api/createCore';
import { attachTeamMember, createPollGate } from './core/team/teamMode';
import type { TrackerCore } from './core/api/types';
import { startDemo } from './core/demo';
import { stderrLogger, systemClock } from './core/ports';
import { serveAppRequest } from './appProtocol';
import { registerIpc } from './ipc';
import { toContractError } from './ipcProtocol';
import { loadElectronSqlite } from './nativeSqlite';
import { createElectronNotifier } from './notifier';
import { OAuthCancelledError, openOAuthWindow } from './oauthWindow';
import { createSafeStorageSecretStore } from './secretStore';
import { createTray, type TrayHandle } from './tray';
import { APP_ORIGIN, APP_SCHEME, DEFAULT_AUTHORIZE_URL, isOAuthAuthorizeUrl, shellEnv } from './urlPolicy';
import { createSecureWindow, openExternalIfAllowed } from './windows';

const APP_ID = 'com.example.tracker1688';
const MAIN_URL = `${APP_ORIGIN}/index.html`;
/** How long quitting waits for the core to reach a safe point before exiting anyway. */
const STOP_TIMEOUT_MS = 15_000;

const logger = stderrLogger(process.env.TRACKER_LOG_LEVEL === 'debug' ? 'debug' : 'info');
// Bundled layout: dist/electron/{main,preload}.js, dist/electron/tray.png, dist/renderer/**.
const rendererDir = path.join(__dirname, '..', 'renderer');
const preloadPath = path.join(__dirname, 'preload.js');
const trayIconPath = path.join(__dirname, 'tray.png');
const SECRETS_FILE = 'secrets.safestorage.json';

let core: TrackerCore | null = null;
/** Team mode's gate: polls only the accounts this desktop leads; joins and leaves from 设置 → 团队. */
let teamGate: ReturnType<typeof createPollGate> | null = null;
let mainWindow: BrowserWindow | null = null;
let oauthWindow: BrowserWindow | null = null;
let tray: TrayHandle | null = null;
/** The OAuth authorize page (1688's, or the demo sandbox's on a random loopback port). */
let authorizeUrl = DEFAULT_AUTHORIZE_URL;
let demoClose: (() => Promise<void>) | null = null;
let quitting = false;
let stopping = false;
let stopped = false;

function showMainWindow(): void {
  if (!core) return;
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function isOAuthUrl(url: string): boolean {
  return isOAuthAuthorizeUrl(url, authorizeUrl);
}

/** window.open / blocked navigation from the main window: OAuth → child window, 1688 → browser. */
function routeOutgoingUrl(url: string): void {
  if (isOAuthUrl(url)) startOAuthWindow(url);
  else if (!openExternalIfAllowed(url)) logger.warn('refused to open a URL', { url: url.slice(0, 200) });
}

function startOAuthWindow(url: string): void {
  if (!core) return;
  // One OAuth window at a time; closing the old one rejects it quietly.
  if (oauthWindow && !oauthWindow.isDestroyed()) oauthWindow.close();
  try {
    const { promise, window } = openOAuthWindow(url, { core, ...(mainWindow ? { parent: mainWindow } : {}) });
    oauthWindow = window;
    promise.then(
      () => showMainWindow(),
      (e: unknown) => {
        if (e instanceof OAuthCancelledError) return;
        logger.warn('OAuth failed', { error: String(e) });
        // The renderer learns of success through account.changed; a failure needs saying here.
        const options = { type: 'error' as const, title: '连接 1688 账号失败', message: toContractError(e).message };
        void (mainWindow && !mainWindow.isDestroyed() ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
      },
    );
  } catch (e) {
    logger.warn('OAuth window not opened', { error: String(e) });
  }
}

function createMainWindow(): BrowserWindow {
  const win = createSecureWindow({
    title: '1688 物流跟踪',
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    preload: preloadPath,
    onWindowOpen: routeOutgoingUrl,
    onBlockedNavigation: routeOutgoingUrl,
  });
  win.once('ready-to-show', () => win.show());
  // With a tray the app keeps syncing and notifying after the window is closed.
  win.on('close', (event) => {
    if (!quitting && tray) {
      event.preventDefault();
      win.hide();
    }
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.webContents.on('render-process-gone', (_event, details) => logger.error('renderer gone', { reason: details.reason }));
  win.loadURL(MAIN_URL).catch((e: unknown) => logger.error('main window failed to load', { error: String(e) }));
  return win;
}

/** Shown instead of a stack trace when the app cannot start; the message says what to do. */
class StartupError extends Error {
  constructor(
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

/** better-sqlite3 built for Electron's ABI: build/native in development, <resources>/native when packaged. */
function loadSqlite(env: NodeJS.ProcessEnv): string {
  const nativeRoot = app.isPackaged ? path.join(process.resourcesPath, 'native') : (env.TRACKER_NATIVE_DIR ?? path.join(app.getAppPath(), 'build', 'native'));
  let jsVersion: string | null = null;
  try {
    jsVersion = (require('better-sqlite3/package.json') as { version: string }).version;
  } catch {
    jsVersion = null;
  }
  const sqlite = loadElectronSqlite({ nativeRoot, jsVersion });
  if (!sqlite.ok) {
    logger.error('SQLite native module not usable', { kind: sqlite.kind, file: sqlite.file });
    throw new StartupError('1688 物流跟踪无法打开数据库 (cannot open the database)', sqlite.message);
  }
  // Loaded (and checked) above; better-sqlite3 requires the same file again and gets it from the cache.
  return sqlite.file;
}

async function startApp(): Promise<void> {
  await app.whenReady();
  // A packaged app ignores the developer variables that would weaken it (plain-http gateway,
  // another authorize page, another native module folder).
  const env = shellEnv(process.env, app.isPackaged);
  const sqliteBinding = loadSqlite(env);
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID); // notifications need it on Windows
  // No View menu: its Ctrl/⌘+R "reload" would take the app's "sync now" shortcut (and reload
  // the UI mid-edit). Keep the app and edit menus so copy/paste shortcuts work on macOS.
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      { role: 'editMenu' as const },
      { role: 'windowMenu' as const },
    ]),
  );

  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererDir));

  const baseDir = env.TRACKER_DATA_DIR || app.getPath('userData');
  const demo = process.argv.includes('--demo') || env.TRACKER_DEMO === '1' ? await startDemo(baseDir, env) : null;
  demoClose = demo?.close ?? null;
  // Another gateway's data (TRACKER_GATEWAY_URL) goes to a folder of its own unless a folder was chosen.
  const dataDir = demo?.dataDir ?? (env.TRACKER_DATA_DIR ? baseDir : dataDirForGateway(baseDir, env.TRACKER_GATEWAY_URL));
  authorizeUrl = demo?.options.authorizeUrl ?? env.TRACKER_AUTHORIZE_URL ?? DEFAULT_AUTHORIZE_URL;
  // Not secrets.json: that name is the CLI's plain 0600 file in the same folder.
  const secrets = createSafeStorageSecretStore({ safeStorage, filePath: path.join(dataDir, SECRETS_FILE) });
  const notifier = createElectronNotifier({ showMainWindow, getEvents: () => core?.events ?? null, logger });
  const pollGate = createPollGate();
  teamGate = pollGate;
  const created = await createTrackerCore({
    dataDir,
    secrets,
    notifier,
    logger,
    env,
    sqliteBinding,
    ...demo?.options,
    // Passed explicitly so the core's authorize URL and the window policy's are the same.
    authorizeUrl,
    pollGate,
  });
  core = created;
  const started = created;
  // A data folder that joined a team (tracker team join) takes part in it: see core/team.
  if (!demo)
    await attachTeamMember({ core: created, secrets, logger, clock: systemClock, gate: pollGate }).catch((e: unknown) => {
      logger.error('team mode could not start; this desktop works alone', { error: String(e) });
    });

  registerIpc(ipcMain, started, {
    logger,
    isTrustedSender: (frame, event) => {
      const win = mainWindow;
      if (!win || win.isDestroyed() || event.sender !== win.webContents) return false;
      const top = win.webContents.mainFrame;
      return frame.processId === top.processId && frame.routingId === top.routingId;
    },
    getEventTarget: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null),
  });

  mainWindow = createMainWindow();
  try {
    tray = createTray({ core: started, iconPath: trayIconPath, showMainWindow, quit: () => app.quit(), logger });
  } catch (e) {
    // Some Linux desktops have no tray; the app still works, it just quits when closed.
    logger.warn('no tray icon', { error: String(e) });
  }

  powerMonitor.on('resume', () => {
    started.handle('sync.runNow', {}).catch((e: unknown) => logger.warn('sync after resume failed', { error: String(e) }));
  });
  started.start();
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the database; it shows its window (second-instance below).
  app.quit();
} else {
  app.enableSandbox();
  // Must happen before ready: app:// becomes a standard, secure origin with fetch support.
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: Vite's built index.html loads its module scripts with `crossorigin`.
    // codeCache: V8 keeps the bundle's compiled code between starts, as it does for https (a
    // cold start spends 0.3–0.5 s compiling the start-up chunks).
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);

  app.on('second-instance', () => showMainWindow());
  app.on('activate', () => showMainWindow());
  // A site asking for a TLS client certificate gets none: never one sent without the clerk asking.
  app.on('select-client-certificate', (event, _webContents, _url, _list, callback) => {
    event.preventDefault();
    callback();
  });
  app.on('web-contents-created', (_event, contents) => {
    // Belt and braces for any webContents not made by createSecureWindow. (No window-open
    // handler here: it could replace the factory's, which routes 1688 links and OAuth.)
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit = stop the scheduler and close the database cleanly, once, then exit.
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped || !core) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    const c = core;
    const t = teamGate?.current() ?? null;
    Promise.race([(t ? t.stop().then(() => c.stop()) : c.stop()).then(() => demoClose?.()), timeout])
      .catch((e: unknown) => logger.error('core.stop failed', { error: String(e) }))
      .finally(() => {
        stopped = true;
        tray?.destroy();
        app.exit(0);
      });
  });

  startApp().catch((e: unknown) => {
    logger.error('startup failed', { error: String(e) });
    const title = e instanceof StartupError ? e.title : '1688 物流跟踪无法启动';
    dialog.showErrorBox(title, e instanceof Error ? e.message : String(e));
    // Also on stderr for `npm start` and CI logs: the message, never a stack.
    process.stderr.write(`${title}\n${e instanceof Error ? e.message : String(e)}\n`);
    app.exit(1);
  });
}
