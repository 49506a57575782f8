/** The editor window: toolbar, palette, canvas, inspector + previews, problems + run log. */
import { ReactFlowProvider } from '@xyflow/react';
import { BottomPanel } from './components/BottomPanel.tsx';
import { Canvas } from './components/Canvas.tsx';
import { FileDialog } from './components/FileDialog.tsx';
import { Inspector } from './components/Inspector.tsx';
import { Palette } from './components/Palette.tsx';
import { PreviewPanel } from './components/PreviewPanel.tsx';
import { Toolbar } from './components/Toolbar.tsx';
import { bridge } from './ipc-client.ts';
import { useEditor, type Editor } from './use-editor.ts';
import { useShortcuts } from './use-shortcuts.ts';

function RecoveryBanner({ editor }: { editor: Editor }) {
  const r = editor.recovery;
  if (!r) return null;
  const discard = () => {
    editor.setRecovery(undefined);
    void bridge.invoke('recoveryClear', {});
  };
  return (
    <div className="banner" role="alert">
      Unsaved graph “{r.doc.name ?? 'Untitled'}” ({r.doc.nodes.length} {r.doc.nodes.length === 1 ? 'node' : 'nodes'}) was recovered{r.savedAt ? ` from ${new Date(r.savedAt).toLocaleString()}` : ''}.
      <button aria-label="Restore" onClick={() => { editor.loadDocument(r.doc, r.path, true); editor.setRecovery(undefined); }}>Restore</button>
      <button aria-label="Discard" onClick={discard}>Discard</button>
    </div>
  );
}

function EditorWindow() {
  const editor = useEditor();
  useShortcuts(editor);
  return (
    <div className="app">
      <Toolbar editor={editor} />
      <RecoveryBanner editor={editor} />
      <div className="main">
        <Palette editor={editor} />
        <Canvas editor={editor} />
        <aside className="side">
          <Inspector editor={editor} />
          <PreviewPanel editor={editor} />
        </aside>
      </div>
      <BottomPanel editor={editor} />
      <FileDialog editor={editor} />
      <div className="notice" role="status" aria-live="polite" data-testid="notice">{editor.notice}</div>
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <EditorWindow />
    </ReactFlowProvider>
  );
}
