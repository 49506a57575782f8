/**
 * Electron security checklist for the editor window: no remote content, navigation and new
 * windows blocked, permissions denied, webviews refused, and IPC accepted only from the app's
 * own top-level frame (file:// URL of dist/renderer/index.html).
 */
import { app, session, type IpcMainInvokeEvent } from 'electron';

export function lockDown(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) => callback({ cancel: true }));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** True when an IPC message comes from the main frame showing the app's own page. */
export function fromAppFrame(event: IpcMainInvokeEvent, pageUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    const expected = new URL(pageUrl);
    return url.protocol === 'file:' && url.pathname === expected.pathname;
  } catch {
    return false;
  }
}
