/**
 * The editor's state hook: document store (undoable), catalogue, selection, run state,
 * diagnostics and notices, with the actions the toolbar, canvas and shortcuts call.
 */
import { produce } from 'immer';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore } from 'react';
import type { Diagnostic } from '../core/errors.ts';
import type { GraphDoc } from '../core/graph.ts';
import type { NodeInfo } from '../core/node-def.ts';
import { bridge } from './ipc-client.ts';
import { autoLayout, mostlyUnplaced } from './layout.ts';
import { initialRunState, reduceRun, refusedWriters } from './run-state.ts';
import { fingerprints, staleNodes } from './staleness.ts';
import { addNode, allowOverwrite, copySelection, deleteItems, disconnect, edgeKey, outputsBesideGraph, paste, uniqueId, usePixelAsSpectrum, type Clip, type Position } from './store/commands.ts';
import { DocumentStore, emptyDocument, type Recipe } from './store/document-store.ts';
import { freeOffset, nodeBoxes, nodeHeight, NODE_WIDTH } from './store/placement.ts';

/** Where a pasted or duplicated group goes first: a little right and down of the copied nodes, then below whatever it covers. */
const PASTE_OFFSET = { x: 40, y: 40 };

export interface Selection {
  nodes: string[];
  edges: string[];
}

export type FileDialogMode = 'open' | 'save' | undefined;

export function useEditor() {
  const store = useMemo(() => new DocumentStore(), []);
  useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.revision,
  );
  const doc = store.doc;
  const [catalogue, setCatalogue] = useState<NodeInfo[]>([]);
  const catalogueById = useMemo(() => new Map(catalogue.map((n) => [n.id, n])), [catalogue]);
  const [selection, setSelection] = useState<Selection>({ nodes: [], edges: [] });
  // Undo, redo or a delete can remove selected nodes and edges: keep only what the document still has
  // (React Flow sends no deselect for an element it no longer shows, so a ghost selection would stick).
  useEffect(() => {
    const nodeIds = new Set(doc.nodes.map((n) => n.id));
    const edgeIds = new Set(doc.edges.map(edgeKey));
    setSelection((s) => {
      const nodes = s.nodes.filter((id) => nodeIds.has(id));
      const edges = s.edges.filter((id) => edgeIds.has(id));
      return nodes.length === s.nodes.length && edges.length === s.edges.length ? s : { nodes, edges };
    });
  }, [doc]);
  const [run, dispatchRun] = useReducer(reduceRun, initialRunState);
  const runRef = useRef(run);
  runRef.current = run;
  /** Nodes whose result or error came from a run of a different graph than the one shown (renderer/staleness.ts). */
  const folder = folderOf(store.path);
  const stale = useMemo(() => staleNodes(doc, run.nodes, folder, catalogueById), [doc, run.nodes, folder, catalogueById]);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [fileProblems, setFileProblems] = useState<Diagnostic[]>([]);
  /** The document as opened: problems found when the file was opened describe it, and only it. */
  const openedDoc = useRef<GraphDoc | undefined>(undefined);
  /** While the document is an untitled example copy: its output folder under example-outputs/. */
  const exampleOutputs = useRef<string | undefined>(undefined);
  // After the first edit the live validation (same checks, current document) takes over: a problem the user
  // fixed must not linger, and one about a deleted node neither.
  const liveFileProblems = useMemo(() => (doc === openedDoc.current ? fileProblems : []), [fileProblems, doc]);
  const [notice, setNotice] = useState('');
  const [dialog, setDialog] = useState<FileDialogMode>();
  const clipboard = useRef<Clip | undefined>(undefined);
  /** Bumped whenever a whole document is loaded, so the canvas fits the view. */
  const [loadCount, setLoadCount] = useState(0);
  const [backend, setBackend] = useState('');
  /** A recovered graph offered by the banner, until the user restores or discards it. */
  const [recovery, setRecovery] = useState<{ doc: GraphDoc; path?: string; savedAt?: string }>();
  /** Whether the host has answered if there is a recovery copy (none is written before). */
  const [recoveryChecked, setRecoveryChecked] = useState(false);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(''), 8000);
    return () => clearTimeout(timer);
  }, [notice]);

  const report = useCallback((e: unknown) => setNotice((e as Error).message ?? String(e)), []);

  useEffect(() => {
    bridge.invoke('catalogue', {}).then((r) => setCatalogue(r.nodes), report);
    bridge.invoke('runtimeInfo', {}).then((r) => setBackend(`${r.backend} · ${r.threads} threads`), report);
    bridge
      .invoke('recoveryLoad', {})
      .then((r) => r.doc && setRecovery({ doc: r.doc, path: r.path, savedAt: r.savedAt }), report)
      .finally(() => setRecoveryChecked(true));
    return bridge.onRunEvent(dispatchRun);
  }, [report]);

  // Validate on every change (debounced) and autosave a recovery copy while unsaved. While the banner
  // offers a recovered graph (neither restored nor discarded) nothing is autosaved: the copy on disk is
  // that graph, and another crash must not lose it. Restore or Discard ends the offer and saves then.
  const recoveryPending = !recoveryChecked || recovery !== undefined;
  useEffect(() => {
    const timer = setTimeout(() => {
      // A reply for a document that has since been replaced or edited is dropped.
      // Relative input paths resolve against the graph's folder: saving elsewhere re-validates (folder below).
      const path = store.path;
      bridge.invoke('validate', { doc, path }).then((r) => store.doc === doc && store.path === path && setDiagnostics(r.diagnostics), report);
      if (store.dirty && doc.nodes.length > 0 && !recoveryPending) void bridge.invoke('recoverySave', { doc, path: store.path }).catch(report);
    }, 400);
    return () => clearTimeout(timer);
  }, [doc, folder, store, report, recoveryPending]);

  // Title shows unsaved changes; closing with unsaved changes asks.
  const dirty = store.dirty;
  const fileName = titleOf(store.path, doc);
  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${fileName} — Bandwire`;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (store.dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, [dirty, fileName, store]);

  // Read-only hook for end-to-end tests and debugging: the current document as saved JSON.
  useEffect(() => {
    window.bandwireDocument = () => JSON.parse(JSON.stringify(store.doc)) as GraphDoc;
  }, [store]);

  const apply = useCallback((name: string, recipe: Recipe) => store.apply(name, recipe), [store]);

  /** Adds a node of `type` at `position`, or below it where that would cover a node (store/placement.ts). */
  const addNodeOfType = useCallback(
    (type: string, position: Position) => {
      const id = uniqueId(store.doc.nodes.map((n) => n.id), type);
      const wanted = { x: Math.round(position.x), y: Math.round(position.y), width: NODE_WIDTH, height: nodeHeight(catalogueById.get(type)) };
      const offset = freeOffset([wanted], nodeBoxes(store.doc, catalogueById));
      store.apply('Add node', addNode({ id, type, position: { x: wanted.x + offset.x, y: wanted.y + offset.y } }));
      setSelection({ nodes: [id], edges: [] });
      return id;
    },
    [store, catalogueById],
  );

  /** Pastes `clip` as `name`, shifted from its nodes' places to where it covers no node, and selects it. */
  const placeClip = useCallback(
    (name: string, clip: Clip) => {
      const group = nodeBoxes({ bandwire: 1, nodes: clip.nodes, edges: [] }, catalogueById);
      const { recipe, ids } = paste(store.doc, clip, freeOffset(group, nodeBoxes(store.doc, catalogueById), PASTE_OFFSET));
      store.apply(name, recipe);
      setSelection({ nodes: ids, edges: [] });
    },
    [store, catalogueById],
  );

  /** Adds pixel (row, col) of cube output `source` to a prep.pixelSpectra node (new or existing) and selects it. */
  const usePixel = useCallback(
    (source: string, row: number, col: number) => {
      const { recipe, id } = usePixelAsSpectrum(store.doc, source, row, col);
      store.apply('Use pixel as spectrum', recipe);
      setNotice(`Pixel (${row}, ${col}) added to '${id}': connect its 'spectra' output to a detector's 'target'`);
    },
    [store],
  );

  const deleteSelection = useCallback(() => {
    if (selection.nodes.length + selection.edges.length === 0) return;
    if (selection.nodes.length === 0) store.apply('Disconnect', disconnect(selection.edges));
    else store.apply('Delete', deleteItems(selection.nodes, selection.edges));
    setSelection({ nodes: [], edges: [] });
  }, [store, selection]);

  const copy = useCallback(() => {
    if (selection.nodes.length) clipboard.current = copySelection(store.doc, selection.nodes);
  }, [store, selection]);

  const pasteClip = useCallback(() => {
    if (clipboard.current) placeClip('Paste', clipboard.current);
  }, [placeClip]);

  const duplicate = useCallback(() => {
    if (selection.nodes.length) placeClip('Duplicate', copySelection(store.doc, selection.nodes));
  }, [store, selection, placeClip]);

  const selectAll = useCallback(() => setSelection({ nodes: store.doc.nodes.map((n) => n.id), edges: [] }), [store]);

  const loadDocument = useCallback(
    (next: GraphDoc, path?: string, markDirty = false) => {
      store.replace(next, path, markDirty);
      exampleOutputs.current = undefined;
      openedDoc.current = store.doc;
      setLoadCount((n) => n + 1);
      setSelection({ nodes: [], edges: [] });
      setFileProblems([]);
      setDiagnostics([]);
      // Statuses and previews are keyed by node id: none of the previous graph's may show on this one.
      // no runId: while a run is still starting, runId is the previous run's; the host has at most one run
      if (runRef.current.running) void bridge.invoke('cancel', {}).catch(report);
      dispatchRun({ type: 'reset', label: titleOf(path, next) });
    },
    [store, report],
  );

  const newDocument = useCallback(() => {
    if (store.dirty && !window.confirm('Discard unsaved changes?')) return;
    loadDocument(emptyDocument());
    void bridge.invoke('recoveryClear', {}).catch(report);
  }, [store, loadDocument, report]);

  const openPath = useCallback(
    async (path?: string) => {
      if (store.dirty && !window.confirm('Discard unsaved changes?')) return;
      try {
        const result = await bridge.invoke('openFile', { path });
        setDialog(undefined);
        // An example opens as an untitled copy: no path (Save asks where), outputs under result.outputDir.
        const opened = result.path ?? result.copyOf;
        if (!opened) return;
        const structural = result.diagnostics.filter((d) => d.code === 'GRAPH_PARSE' || d.code === 'GRAPH_SCHEMA' || d.code === 'GRAPH_VERSION' || d.code === 'FILE_NOT_FOUND');
        if (result.doc && structural.length === 0) {
          // Nodes mostly without positions (a hand-written graph) would sit on a grid with wires through
          // them: lay the graph out once before loading. The layout is part of the loaded document, not an
          // edit: no undo step, not dirty (the file's meaning is unchanged; Save writes the positions).
          const placed = mostlyUnplaced(result.doc) ? await laidOut(result.doc, catalogueById) : undefined;
          loadDocument(placed ?? result.doc, result.path);
          exampleOutputs.current = result.copyOf ? result.outputDir : undefined;
          setFileProblems(result.diagnostics);
          const problems = result.diagnostics.length ? ` with ${result.diagnostics.length} problem(s)` : '';
          const arranged = placed ? '; its nodes had no positions, so it was laid out automatically' : '';
          setNotice(result.copyOf
            ? `opened example ${opened} as an untitled copy${problems}${arranged}; Save asks where to keep it, and its outputs go to ${result.outputDir}`
            : `opened ${opened}${problems}${arranged}`);
        } else {
          // the file could not be loaded: its problems show over the unchanged document until the next edit
          openedDoc.current = store.doc;
          setFileProblems(result.diagnostics);
          setNotice(`could not open ${opened}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
        }
      } catch (e) {
        report(e);
      }
    },
    [store, loadDocument, report, catalogueById],
  );

  /** Saves to `path` (none: the native dialog); an existing file is replaced only with `overwrite` or after the user confirms. */
  const saveAs = useCallback(
    async (path?: string, overwrite = false) => {
      try {
        // An example copy's first save: its outputs go beside the saved graph, not to example-outputs/.
        const relocate = exampleOutputs.current && !store.path ? outputsBesideGraph(store.doc, exampleOutputs.current, catalogueById) : undefined;
        const doc = relocate?.changed.length ? produce(store.doc, relocate.recipe) : store.doc;
        let result = await bridge.invoke('saveFile', { path, doc, overwrite });
        if (result.exists) {
          if (!window.confirm(`Replace existing file ${result.exists}?`)) {
            setNotice(`not saved: ${result.exists} already exists`);
            return;
          }
          result = await bridge.invoke('saveFile', { path: result.exists, doc, overwrite: true });
        }
        setDialog(undefined);
        if (!result.path) return;
        const moved = relocate?.changed ?? [];
        if (moved.length) store.apply('Outputs beside the saved graph', relocate!.recipe);
        exampleOutputs.current = undefined;
        store.markSaved(result.path);
        setNotice(moved.length ? `saved ${result.path}; its outputs now go beside it (${moved.join(', ')})` : `saved ${result.path}`);
        void bridge.invoke('recoveryClear', {}).catch(report);
      } catch (e) {
        report(e);
      }
    },
    [store, report, catalogueById],
  );

  const save = useCallback(() => {
    if (store.path) void saveAs(store.path, true);
    else if (bridge.shell === 'electron') void saveAs();
    else setDialog('save');
  }, [store, saveAs]);

  const open = useCallback(() => {
    if (bridge.shell === 'electron') void openPath();
    else setDialog('open');
  }, [openPath]);

  /**
   * Set from the Run click until the run's first event (or its refusal): the engine may take a
   * second or two to start (worker, tensor backend), and the toolbar says "starting…" meanwhile.
   * Holds the run id seen at the click; the `started` event brings a new one.
   */
  const [startingFrom, setStartingFrom] = useState<{ runId?: string }>();
  const starting = startingFrom !== undefined && run.running && run.runId === startingFrom.runId;
  useEffect(() => {
    if (startingFrom && !starting) setStartingFrom(undefined);
  }, [startingFrom, starting]);

  const runGraph = useCallback(
    async (target?: string) => {
      // The fingerprints of the submitted graph tell later which results an edit made stale.
      const submitted = store.doc;
      setStartingFrom({ runId: runRef.current.runId });
      dispatchRun({ type: 'submit', fingerprints: fingerprints(submitted, folderOf(store.path), catalogueById) });
      try {
        await bridge.invoke('run', { doc: submitted, target, path: store.path });
      } catch (e) {
        dispatchRun({ type: 'rejected', message: (e as Error).message ?? String(e) });
        report(e);
      }
    },
    [store, report, catalogueById],
  );

  /** The param the inspector should focus (from a clicked problem); `serial` repeats a request. */
  const [paramFocus, setParamFocus] = useState<{ node: string; param: string; serial: number }>();
  /** A clicked problem: selects its node and, when it names a param, focuses that param's field. */
  const revealProblem = useCallback((problem: Diagnostic) => {
    if (!problem.node || !store.doc.nodes.some((n) => n.id === problem.node)) return;
    setSelection({ nodes: [problem.node], edges: [] });
    const { node, param } = problem;
    if (param) setParamFocus((previous) => ({ node, param, serial: (previous?.serial ?? 0) + 1 }));
  }, [store]);

  /**
   * After a run in which writers refused to replace their existing files (FILE_EXISTS): sets
   * `overwrite: true` on exactly those writers (one undoable command) and runs again.
   */
  const overwriteAndRun = useCallback(() => {
    const writers = refusedWriters(runRef.current, store.doc);
    if (!writers.length) return;
    store.apply(writers.length > 1 ? `Overwrite outputs of ${writers.length} writers` : `Overwrite output of '${writers[0]}'`, allowOverwrite(writers));
    void runGraph();
  }, [store, runGraph]);

  const cancelRun = useCallback(() => {
    void bridge.invoke('cancel', { runId: run.runId }).catch(report);
  }, [run.runId, report]);

  return {
    store, doc, dirty, loadCount, backend, fileName, catalogue, catalogueById, selection, setSelection, run, stale, diagnostics, fileProblems: liveFileProblems,
    notice, setNotice, dialog, setDialog, recovery, setRecovery, apply, addNodeOfType, usePixel, deleteSelection, copy,
    pasteClip, duplicate, selectAll, loadDocument, newDocument, openPath, open, save, saveAs, runGraph, cancelRun,
    starting, paramFocus, revealProblem, overwriteAndRun,
  };
}

export type Editor = ReturnType<typeof useEditor>;

/** Folder of a graph file ('' for an untitled graph): relative paths resolve against it. */
function folderOf(path: string | undefined): string {
  return path ? path.replace(/[\\/][^\\/]*$/, '') : '';
}

/** What the window and run log call a graph: its file name, else its name, else Untitled. */
function titleOf(path: string | undefined, doc: GraphDoc): string {
  return path?.split(/[\\/]/).pop() ?? doc.name ?? 'Untitled';
}

/** `doc` with every node placed by the auto layout (renderer/layout.ts); undefined when the layout fails. */
async function laidOut(doc: GraphDoc, catalogue: ReadonlyMap<string, NodeInfo>): Promise<GraphDoc | undefined> {
  try {
    const positions = await autoLayout(doc, catalogue);
    return { ...doc, nodes: doc.nodes.map((n) => (positions[n.id] ? { ...n, position: { x: Math.round(positions[n.id].x), y: Math.round(positions[n.id].y) } } : n)) };
  } catch {
    return undefined;
  }
}
