/**
 * The React Flow canvas over the document: nodes and edges are derived from the document,
 * selection lives in editor state, and a drag commits one "Move" command when it ends.
 * Connections are checked with checkConnection (types via core/ports.ts canConnect, cycles): while
 * dragging (React Flow's isValidConnection marks the handle under the pointer valid or invalid) and
 * on the drop, where a refused connection says why in the notice.
 */
import { Background, Controls, MiniMap, ReactFlow, applyNodeChanges, useReactFlow, type Connection, type Edge, type EdgeChange, type FinalConnectionState, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { splitEnd } from '../../core/graph.ts';
import { PORT_COLORS } from '../../core/ports.ts';
import { connect, edgeKey, moveNodes } from '../store/commands.ts';
import { checkConnection } from '../store/connect-check.ts';
import type { Editor } from '../use-editor.ts';
import { GraphNode, type CanvasNode } from './GraphNode.tsx';

const nodeTypes = { bandwire: GraphNode };
/** The canvas controls' names; "Fit view" is the editor's only fit-view button (the toolbar has none). */
const ARIA_LABELS = { 'controls.fitView.ariaLabel': 'Fit view', 'controls.zoomIn.ariaLabel': 'Zoom in', 'controls.zoomOut.ariaLabel': 'Zoom out' };
export const DRAG_MIME = 'application/x-bandwire-node';

export function Canvas({ editor }: { editor: Editor }) {
  const { doc, catalogueById, selection, setSelection, run, stale, diagnostics } = editor;
  const flow = useReactFlow();
  const [nodes, setNodes] = useState<CanvasNode[]>([]);

  useEffect(() => {
    const selected = new Set(selection.nodes);
    setNodes((previous) => {
      const before = new Map(previous.map((n) => [n.id, n]));
      return doc.nodes.map((node, i) => ({
        ...before.get(node.id),
        id: node.id,
        type: 'bandwire' as const,
        position: node.position ?? { x: 40 + (i % 4) * 260, y: 40 + Math.floor(i / 4) * 180 },
        selected: selected.has(node.id),
        data: {
          node,
          info: catalogueById.get(node.type),
          run: run.nodes[node.id],
          stale: stale.has(node.id),
          problems: diagnostics.filter((d) => d.node === node.id && d.code !== 'MISSING_INPUT').map((d) => d.message),
        },
      }));
    });
  }, [doc, catalogueById, selection, run.nodes, stale, diagnostics]);

  useEffect(() => {
    if (editor.loadCount === 0) return;
    const timer = setTimeout(() => void flow.fitView({ maxZoom: 1, padding: 0.15 }), 60);
    return () => clearTimeout(timer);
  }, [editor.loadCount, flow]);

  const edges: Edge[] = useMemo(() => {
    const selected = new Set(selection.edges);
    return doc.edges.flatMap((e) => {
      const from = splitEnd(e.from);
      const to = splitEnd(e.to);
      if (!from || !to) return [];
      const type = catalogueById.get(doc.nodes.find((n) => n.id === from.node)?.type ?? '')?.outputs.find((p) => p.name === from.port)?.type;
      return [{ id: edgeKey(e), source: from.node, sourceHandle: from.port, target: to.node, targetHandle: to.port, selected: selected.has(edgeKey(e)), style: { stroke: type ? PORT_COLORS[type] : '#888', strokeWidth: 2 } }];
    });
  }, [doc, catalogueById, selection.edges]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const selects = changes.filter((c) => c.type === 'select');
      if (selects.length) {
        setSelection((s) => {
          const set = new Set(s.nodes);
          for (const c of selects) c.selected ? set.add(c.id) : set.delete(c.id);
          return { nodes: [...set], edges: s.edges };
        });
      }
      const rest = changes.filter((c) => c.type === 'position' || c.type === 'dimensions');
      if (rest.length) setNodes((n) => applyNodeChanges(rest, n));
    },
    [setSelection],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const selects = changes.filter((c) => c.type === 'select');
      if (!selects.length) return;
      setSelection((s) => {
        const set = new Set(s.edges);
        for (const c of selects) c.selected ? set.add(c.id) : set.delete(c.id);
        return { nodes: s.nodes, edges: [...set] };
      });
    },
    [setSelection],
  );

  const isValidConnection = useCallback(
    (c: Connection | Edge) => checkConnection(editor.store.doc, catalogueById, `${c.source}.${c.sourceHandle}`, `${c.target}.${c.targetHandle}`).ok,
    [editor, catalogueById],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const from = `${c.source}.${c.sourceHandle}`;
      const to = `${c.target}.${c.targetHandle}`;
      const verdict = checkConnection(editor.store.doc, catalogueById, from, to);
      if (!verdict.ok) {
        editor.setNotice(`Connection refused: ${verdict.reason}`);
        return;
      }
      editor.apply('Connect', connect(from, to));
      editor.setNotice(`connected ${from} → ${to}`);
    },
    [editor, catalogueById],
  );

  // A drop on a handle that isValidConnection refused: React Flow makes no connection (onConnect is not
  // called), so say why here. The drag may start at either end.
  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.fromHandle || !state.toHandle) return;
      const [source, target] = state.fromHandle.type === 'source' ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
      const verdict = checkConnection(editor.store.doc, catalogueById, `${source.nodeId}.${source.id}`, `${target.nodeId}.${target.id}`);
      if (!verdict.ok) editor.setNotice(`Connection refused: ${verdict.reason}`);
    },
    [editor, catalogueById],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: CanvasNode, dragged: CanvasNode[]) => {
      const positions = Object.fromEntries(dragged.map((n) => [n.id, n.position]));
      editor.apply(dragged.length > 1 ? `Move ${dragged.length} nodes` : 'Move node', moveNodes(positions));
    },
    [editor],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(DRAG_MIME);
      if (!type) return;
      event.preventDefault();
      editor.addNodeOfType(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [editor, flow],
  );

  return (
    <div className="canvas" onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; }} onDrop={onDrop} data-testid="canvas">
      <ReactFlow<CanvasNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStop={onNodeDragStop}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Control', 'Meta']}
        defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        maxZoom={2}
        colorMode="dark"
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={ARIA_LABELS}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable ariaLabel="Minimap" style={{ width: 160, height: 110 }} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
