/**
 * Browser-mode file dialog (Electron uses native dialogs): a folder browser (FolderBrowser.tsx)
 * that starts in the document's folder, or the host's folder for an untitled graph, and shows
 * which folder relative names resolve against; below it recent files and, for Open, the example
 * graphs (examples open as untitled copies). Save As: choose a folder, type a file name. Saving
 * onto an existing file asks first (use-editor's saveAs). Escape closes.
 */
import { useEffect, useState } from 'react';
import { bridge } from '../ipc-client.ts';
import { folderOf, nameOf } from '../folder-path.ts';
import type { Editor } from '../use-editor.ts';
import { FolderBrowser } from './FolderBrowser.tsx';

export function FileDialog({ editor }: { editor: Editor }) {
  const mode = editor.dialog;
  const [recent, setRecent] = useState<string[]>([]);
  const [examples, setExamples] = useState<{ name: string; path: string }[]>([]);
  // Chosen in the browser's path field for Save As from a recent file (the browser remounts on it).
  const [savePath, setSavePath] = useState<string>();
  useEffect(() => {
    setSavePath(undefined);
    if (!mode) return;
    void bridge.invoke('recentFiles', {}).then((r) => setRecent(r.paths)).catch(editor.setNotice);
    if (mode === 'open') void bridge.invoke('examples', {}).then((r) => setExamples(r.examples)).catch(editor.setNotice);
  }, [mode, editor.setNotice]);
  if (!mode) return null;
  const close = () => editor.setDialog(undefined);
  const label = mode === 'open' ? 'Open graph' : 'Save graph as';
  const current = savePath ?? editor.store.path;
  const start = current ? folderOf(current) || undefined : undefined;
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.stopPropagation()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={label}>
        <h2>{label}</h2>
        <FolderBrowser
          key={`${mode}:${current ?? ''}`}
          mode={mode}
          start={start}
          initialText={mode === 'save' && current ? nameOf(current) : ''}
          extensions={['json']}
          pickLabel={mode === 'open' ? 'Open file' : 'Save file'}
          placeholder={mode === 'open' ? 'graph.json, a folder, or /path/to/graph.json' : 'graph.json (in the folder below), or /path/to/graph.json'}
          onPick={(path) => (mode === 'open' ? void editor.openPath(path) : void editor.saveAs(path))}
          onClose={close}
        />
        {recent.length > 0 && <h3>Recent</h3>}
        <ul className="file-list">
          {recent.map((p) => <li key={p}><button onClick={() => (mode === 'open' ? void editor.openPath(p) : setSavePath(p))}>{p}</button></li>)}
        </ul>
        {examples.length > 0 && <h3>Examples</h3>}
        <ul className="file-list">
          {examples.map((x) => <li key={x.path}><button aria-label={`Example ${x.name}`} title={`${x.path} (opens as an untitled copy)`} onClick={() => void editor.openPath(x.path)}>{x.name}</button></li>)}
        </ul>
      </div>
    </div>
  );
}
