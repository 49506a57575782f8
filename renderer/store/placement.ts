/**
 * Where added, duplicated and pasted nodes go: the wanted place when it is free, else straight
 * below, stepping under each node it would overlap until nothing overlaps (canvas pixels).
 * Node boxes are estimated from the catalogue, as GraphNode draws them: 220 px wide, a header of
 * ~56 px and one 22 px row per port pair.
 */
import type { GraphDoc } from '../../core/graph.ts';
import type { NodeInfo } from '../../core/node-def.ts';
import type { Position } from './commands.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Width of a node on the canvas (styles.css .bw-node). */
export const NODE_WIDTH = 220;
/** Free space kept between a placed node and its neighbours. */
export const NODE_GAP = 20;

/** Estimated height of a node of type `info` (title, id line, one row per input/output pair). */
export function nodeHeight(info: NodeInfo | undefined): number {
  const rows = info ? Math.max(info.inputs.length, info.outputs.length) : 0;
  return 56 + 22 * rows;
}

/** Boxes of the document's nodes that have a position (nodes without one are laid out by the canvas). */
export function nodeBoxes(doc: GraphDoc, catalogue: ReadonlyMap<string, NodeInfo>, except: ReadonlySet<string> = new Set()): Box[] {
  return doc.nodes.flatMap((n) => (n.position && !except.has(n.id) ? [{ ...n.position, width: NODE_WIDTH, height: nodeHeight(catalogue.get(n.type)) }] : []));
}

/** True when `a` and `b` overlap or come closer than NODE_GAP. */
function crowds(a: Box, b: Box): boolean {
  return a.x < b.x + b.width + NODE_GAP && b.x < a.x + a.width + NODE_GAP && a.y < b.y + b.height + NODE_GAP && b.y < a.y + a.height + NODE_GAP;
}

/**
 * The offset to add to every box of `group` (the nodes being placed, at their wanted places) so
 * that none crowds a box of `occupied`: starts at `start` and moves down below the lowest box in
 * the way until the group is free. Whole pixels.
 */
export function freeOffset(group: readonly Box[], occupied: readonly Box[], start: Position = { x: 0, y: 0 }): Position {
  const x = Math.round(start.x);
  let y = Math.round(start.y);
  for (let step = 0; step <= occupied.length; step++) {
    let below = -Infinity;
    for (const box of group) {
      const moved = { ...box, x: box.x + x, y: box.y + y };
      for (const other of occupied) if (crowds(moved, other)) below = Math.max(below, other.y + other.height + NODE_GAP - box.y);
    }
    if (below === -Infinity) break;
    y = Math.ceil(below);
  }
  return { x, y };
}
