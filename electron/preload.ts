/**
 * Preload (sandboxed, context-isolated): exposes `window.bandwire`, the BandwireBridge of
 * core/ipc.ts, to the page. Requests are validated here and again in the main process.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RunEvent } from '../core/events.ts';
import { ELECTRON_EVENT, ELECTRON_INVOKE, isChannel, validateRequest } from '../core/ipc.ts';

contextBridge.exposeInMainWorld('bandwire', {
  shell: 'electron',
  invoke(channel: unknown, request: unknown) {
    if (!isChannel(channel)) return Promise.reject(new Error(`unknown channel '${String(channel)}'`));
    return ipcRenderer.invoke(ELECTRON_INVOKE, channel, validateRequest(channel, request));
  },
  onRunEvent(listener: (event: RunEvent) => void) {
    const forward = (_event: IpcRendererEvent, runEvent: RunEvent) => listener(runEvent);
    ipcRenderer.on(ELECTRON_EVENT, forward);
    return () => ipcRenderer.removeListener(ELECTRON_EVENT, forward);
  },
});
