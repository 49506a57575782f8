/**
 * The toolbar: file, history, run and view commands, each with an accessible name, and the run
 * status ("starting…" from the Run click until the engine's first event, then "running…").
 */
import { useReactFlow } from '@xyflow/react';
import { bridge } from '../ipc-client.ts';
import { autoLayout } from '../layout.ts';
import { moveNodes } from '../store/commands.ts';
import type { Editor } from '../use-editor.ts';

export function Toolbar({ editor }: { editor: Editor }) {
  const flow = useReactFlow();
  const { store, run, selection } = editor;
  const target = selection.nodes.length === 1 ? selection.nodes[0] : undefined;
  const layout = async () => {
    const positions = await autoLayout(store.doc, editor.catalogueById);
    editor.apply('Auto layout', moveNodes(positions));
    setTimeout(() => void flow.fitView({ duration: 200 }), 50);
  };
  return (
    <header className="toolbar" role="toolbar" aria-label="Editor toolbar">
      <strong className="brand">Bandwire</strong>
      <button onClick={editor.newDocument} aria-label="New">New</button>
      <button onClick={editor.open} aria-label="Open">Open</button>
      <button onClick={editor.save} aria-label="Save">Save</button>
      <button onClick={() => (bridge.shell === 'electron' ? void editor.saveAs() : editor.setDialog('save'))} aria-label="Save As">Save As</button>
      <span className="sep" />
      <button onClick={() => store.undo()} disabled={!store.canUndo} aria-label="Undo" title={store.undoName ? `Undo ${store.undoName}` : 'Undo'}>Undo</button>
      <button onClick={() => store.redo()} disabled={!store.canRedo} aria-label="Redo" title={store.redoName ? `Redo ${store.redoName}` : 'Redo'}>Redo</button>
      <span className="sep" />
      <button onClick={() => void editor.runGraph()} disabled={run.running} aria-busy={run.running} aria-label="Run" className="primary">Run</button>
      <button onClick={() => void editor.runGraph(target)} disabled={run.running || !target} aria-label="Run to selected">Run to selected</button>
      <button onClick={editor.cancelRun} disabled={!run.running || editor.starting} aria-label="Cancel">Cancel</button>
      <span className={`run-status${editor.starting ? ' starting' : ''}`} role="status" aria-live="polite" data-testid="run-status">
        {editor.starting ? 'starting…' : run.running ? 'running…' : ''}
      </span>
      <span className="sep" />
      <button onClick={() => void layout()} aria-label="Auto layout">Auto layout</button>
      <span className="doc-name" data-testid="doc-title" title={editor.backend ? `tensor backend: ${editor.backend}` : undefined}>
        {editor.dirty ? '• ' : ''}
        {editor.fileName}
      </span>
    </header>
  );
}
