/**
 * Electron main process, kept thin: one window on dist/renderer/index.html, the same host-side
 * handlers as `bandwire serve` (cli/editor-host/handlers.ts) behind one validated IPC channel,
 * native open/save dialogs, and a confirm before closing with unsaved changes. The engine host
 * (TypeScript, worker thread) is loaded at runtime through tsx.
 * Bundled by `node scripts/build-renderer.mjs --electron` to dist/electron/main.cjs.
 */
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunEvent } from '../core/events.ts';
import { ELECTRON_EVENT, ELECTRON_INVOKE } from '../core/ipc.ts';
import { createHandlers, dispatch, type Dialogs } from '../cli/editor-host/handlers.ts';
import { defaultConfigDir } from '../cli/editor-host/storage.ts';
import type { EngineHost } from '../engine/host.ts';
import { fromAppFrame, lockDown } from './security.ts';

/** dist/electron → the app root (package folder). */
const ROOT = join(__dirname, '..', '..');
const PAGE = join(ROOT, 'dist', 'renderer', 'index.html');
const PAGE_URL = pathToFileURL(PAGE).href;

async function loadEngineHost(): Promise<EngineHost> {
  const { register } = await import('tsx/esm/api');
  register();
  const registry = (await import(pathToFileURL(join(ROOT, 'cli', 'registry.ts')).href)) as typeof import('../cli/registry.ts');
  return registry.cliHost(process.env, ROOT);
}

function dialogsFor(window: () => BrowserWindow | undefined): Dialogs {
  const filters = (extensions?: string[]) => (extensions?.length ? [{ name: extensions.join(', '), extensions }, { name: 'All files', extensions: ['*'] }] : []);
  return {
    async open(extensions) {
      const w = window();
      const options = { properties: ['openFile' as const], filters: filters(extensions) };
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
      return r.canceled ? undefined : r.filePaths[0];
    },
    async save(extensions) {
      const w = window();
      const options = { filters: filters(extensions) };
      const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
      return r.canceled ? undefined : r.filePath;
    },
  };
}

async function start(): Promise<void> {
  lockDown();
  const host = await loadEngineHost();
  let window: BrowserWindow | undefined;
  const handlers = createHandlers({
    host,
    emit: (event: RunEvent) => window?.webContents.send(ELECTRON_EVENT, event),
    configDir: defaultConfigDir(),
    examplesDir: join(ROOT, 'graphs', 'examples'),
    cwd: app.getPath('documents'),
    shell: 'electron',
    dialogs: dialogsFor(() => window),
  });
  ipcMain.handle(ELECTRON_INVOKE, async (event, channel: unknown, payload: unknown) => {
    if (!fromAppFrame(event, PAGE_URL)) throw new Error('IPC refused: not from the editor page');
    return dispatch(handlers, String(channel), payload);
  });

  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Bandwire',
    backgroundColor: '#1e2127',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  window.removeMenu();
  // The page's beforeunload vetoes closing while there are unsaved changes: ask the user.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window!, { type: 'question', buttons: ['Discard changes', 'Cancel'], defaultId: 1, cancelId: 1, message: 'The graph has unsaved changes.', detail: 'Close anyway and lose them?' });
    if (choice === 0) event.preventDefault();
  });
  window.on('closed', () => {
    window = undefined;
  });
  await window.loadFile(PAGE);
  app.on('window-all-closed', () => {
    void host.dispose().finally(() => app.quit());
  });
}

// A failure of start() itself (engine host, renderer files) must end the app with a message, not hang windowless.
app.whenReady().then(start).catch((e) => {
  console.error(`bandwire: ${(e as Error).stack ?? (e as Error).message}`);
  app.exit(1);
});
