/**
 * Auto-layout with elkjs (layered, left to right), ports ordered as the node lists them. The
 * Auto layout button runs it; opening a graph whose nodes mostly lack positions runs it once too.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { GraphDoc } from '../core/graph.ts';
import { splitEnd } from '../core/graph.ts';
import type { NodeInfo } from '../core/node-def.ts';

const elk = new ELK();
const WIDTH = 220;

export async function autoLayout(doc: GraphDoc, catalogue: ReadonlyMap<string, NodeInfo>): Promise<Record<string, { x: number; y: number }>> {
  const graph = {
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.spacing.nodeNode': '40', 'elk.layered.spacing.nodeNodeBetweenLayers': '80' },
    children: doc.nodes.map((n) => {
      const info = catalogue.get(n.type);
      const rows = Math.max(info?.inputs.length ?? 0, info?.outputs.length ?? 0);
      return { id: n.id, width: WIDTH, height: 70 + rows * 22 };
    }),
    edges: doc.edges.flatMap((e, i) => {
      const a = splitEnd(e.from)?.node;
      const b = splitEnd(e.to)?.node;
      return a && b ? [{ id: `e${i}`, sources: [a], targets: [b] }] : [];
    }),
  };
  const result = await elk.layout(graph);
  return Object.fromEntries((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}

/** True when more than half of the document's nodes have no position (a hand-written or generated graph). */
export function mostlyUnplaced(doc: Pick<GraphDoc, 'nodes'>): boolean {
  const unplaced = doc.nodes.filter((n) => !n.position).length;
  return unplaced > 0 && unplaced * 2 > doc.nodes.length;
}
