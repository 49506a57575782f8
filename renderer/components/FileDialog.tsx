/**
 * Browser-mode file dialog: a path field plus recent files and example graphs (examples open as
 * untitled copies). Saving onto an existing file asks first (use-editor's saveAs).
 */
import { useEffect, useState } from 'react';
import { bridge } from '../ipc-client.ts';
import type { Editor } from '../use-editor.ts';

export function FileDialog({ editor }: { editor: Editor }) {
  const mode = editor.dialog;
  const [path, setPath] = useState(editor.store.path ?? '');
  const [recent, setRecent] = useState<string[]>([]);
  const [examples, setExamples] = useState<{ name: string; path: string }[]>([]);
  useEffect(() => {
    void bridge.invoke('recentFiles', {}).then((r) => setRecent(r.paths)).catch(editor.setNotice);
    if (mode === 'open') void bridge.invoke('examples', {}).then((r) => setExamples(r.examples)).catch(editor.setNotice);
  }, [mode, editor.setNotice]);
  if (!mode) return null;
  const confirm = () => (mode === 'open' ? void editor.openPath(path) : void editor.saveAs(path));
  const label = mode === 'open' ? 'Open graph' : 'Save graph as';
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label={label}>
        <h2>{label}</h2>
        <input aria-label="File path" placeholder="/path/to/graph.json" value={path} autoFocus onChange={(e) => setPath(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && confirm()} />
        <div className="dialog-buttons">
          <button onClick={confirm} className="primary" aria-label={mode === 'open' ? 'Open file' : 'Save file'}>{mode === 'open' ? 'Open file' : 'Save file'}</button>
          <button onClick={() => editor.setDialog(undefined)} aria-label="Close dialog">Close</button>
        </div>
        {recent.length > 0 && <h3>Recent</h3>}
        <ul className="file-list">
          {recent.map((p) => <li key={p}><button onClick={() => (mode === 'open' ? void editor.openPath(p) : setPath(p))}>{p}</button></li>)}
        </ul>
        {examples.length > 0 && <h3>Examples</h3>}
        <ul className="file-list">
          {examples.map((x) => <li key={x.path}><button aria-label={`Example ${x.name}`} title={`${x.path} (opens as an untitled copy)`} onClick={() => void editor.openPath(x.path)}>{x.name}</button></li>)}
        </ul>
      </div>
    </div>
  );
}
