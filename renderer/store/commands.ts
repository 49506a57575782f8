/**
 * Document commands: pure recipes over the graph document, applied by DocumentStore.apply.
 * Edges are keyed `from->to` (both `node.port`).
 */
import type { Draft } from 'immer';
import type { GraphDoc, GraphEdge, GraphNode } from '../../core/graph.ts';
import { splitEnd } from '../../core/graph.ts';
import type { NodeInfo } from '../../core/node-def.ts';
import type { Recipe } from './document-store.ts';

export type Position = { x: number; y: number };

export const edgeKey = (edge: { from: string; to: string }) => `${edge.from}->${edge.to}`;

/** A free node id from `base` (the type's last segment): `rx`, `rx2`, `rx3`, ... */
export function uniqueId(taken: Iterable<string>, type: string): string {
  const used = new Set(taken);
  const base = (type.split('.').pop() ?? 'node').replace(/[^A-Za-z0-9_-]/g, '') || 'node';
  const start = /^[A-Za-z]/.test(base) ? base : `n${base}`;
  if (!used.has(start)) return start;
  for (let i = 2; ; i++) if (!used.has(`${start}${i}`)) return `${start}${i}`;
}

export function addNode(node: GraphNode): Recipe {
  return (draft) => {
    draft.nodes.push(node as Draft<GraphNode>);
  };
}

/** Deletes nodes (with every edge touching them) and edges. */
export function deleteItems(nodeIds: readonly string[], edgeKeys: readonly string[] = []): Recipe {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeKeys);
  return (draft) => {
    draft.nodes = draft.nodes.filter((n) => !nodes.has(n.id));
    draft.edges = draft.edges.filter((e) => !edges.has(edgeKey(e)) && !nodes.has(splitEnd(e.from)?.node ?? '') && !nodes.has(splitEnd(e.to)?.node ?? ''));
  };
}

/** Moves nodes to new positions (one drag = one command). Positions are rounded to whole pixels. */
export function moveNodes(positions: Record<string, Position>): Recipe {
  return (draft) => {
    for (const node of draft.nodes) {
      const p = positions[node.id];
      if (!p) continue;
      const x = Math.round(p.x);
      const y = Math.round(p.y);
      if (node.position?.x !== x || node.position?.y !== y) node.position = { x, y };
    }
  };
}

/** Connects `from` (node.port) to `to` (node.port), replacing any edge already feeding `to`. */
export function connect(from: string, to: string): Recipe {
  return (draft) => {
    draft.edges = draft.edges.filter((e) => e.to !== to);
    draft.edges.push({ from, to });
  };
}

export function disconnect(edgeKeys: readonly string[]): Recipe {
  const keys = new Set(edgeKeys);
  return (draft) => {
    draft.edges = draft.edges.filter((e) => !keys.has(edgeKey(e)));
  };
}

/** Sets a param; `undefined` removes it so the default applies. */
export function setParam(nodeId: string, name: string, value: unknown): Recipe {
  return (draft) => {
    const node = draft.nodes.find((n) => n.id === nodeId);
    if (!node) return;
    const params = (node.params ??= {});
    if (value === undefined) delete params[name];
    else params[name] = value as never;
    if (Object.keys(params).length === 0) delete node.params;
  };
}

/** Sets `overwrite: true` on each of `nodeIds` (writers that refused to replace an existing file). */
export function allowOverwrite(nodeIds: readonly string[]): Recipe {
  return (draft) => {
    for (const id of nodeIds) setParam(id, 'overwrite', true)(draft);
  };
}

export function rename(name: string): Recipe {
  return (draft) => {
    draft.name = name;
  };
}

export interface Clip {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The selected nodes and the edges between them, deep-copied. */
export function copySelection(doc: GraphDoc, nodeIds: readonly string[]): Clip {
  const ids = new Set(nodeIds);
  return structuredClone({
    nodes: doc.nodes.filter((n) => ids.has(n.id)),
    edges: doc.edges.filter((e) => ids.has(splitEnd(e.from)?.node ?? '') && ids.has(splitEnd(e.to)?.node ?? '')),
  });
}

/** Pastes a clip with fresh ids, shifted by `offset`; returns the recipe and the new ids. */
export function paste(doc: GraphDoc, clip: Clip, offset: Position = { x: 40, y: 40 }): { recipe: Recipe; ids: string[] } {
  const taken = doc.nodes.map((n) => n.id);
  const renamed = new Map<string, string>();
  const nodes = clip.nodes.map((n) => {
    const id = uniqueId(taken, n.id);
    taken.push(id);
    renamed.set(n.id, id);
    const p = n.position ?? { x: 0, y: 0 };
    return { ...structuredClone(n), id, position: { x: p.x + offset.x, y: p.y + offset.y } };
  });
  const remap = (end: string) => {
    const s = splitEnd(end)!;
    return `${renamed.get(s.node)}.${s.port}`;
  };
  const edges = clip.edges.map((e) => ({ ...e, from: remap(e.from), to: remap(e.to) }));
  return {
    recipe: (draft) => {
      draft.nodes.push(...(nodes as Draft<GraphNode>[]));
      draft.edges.push(...(edges as Draft<GraphEdge>[]));
    },
    ids: nodes.map((n) => n.id),
  };
}

/**
 * Adds pixel (row, col) of the cube output `source` (node.port) as a target/endmember spectrum: appended
 * to the `pixels` of the prep.pixelSpectra node already fed by `source`, else a new one placed to the
 * right of the source node and connected to it. Returns the recipe and that node's id.
 */
export function usePixelAsSpectrum(doc: GraphDoc, source: string, row: number, col: number): { recipe: Recipe; id: string } {
  const pixel = `${row},${col}`;
  const fed = doc.edges.find((e) => e.from === source && doc.nodes.some((n) => n.type === 'prep.pixelSpectra' && e.to === `${n.id}.cube`));
  if (fed) {
    const id = splitEnd(fed.to)!.node;
    return {
      id,
      recipe: (draft) => {
        const node = draft.nodes.find((n) => n.id === id)!;
        const params = (node.params ??= {});
        const listed = String(params.pixels ?? '').split(';').map((s) => s.replace(/\s+/g, '')).filter(Boolean);
        if (!listed.includes(pixel)) params.pixels = [...listed, pixel].join('; ');
      },
    };
  }
  const id = uniqueId(doc.nodes.map((n) => n.id), 'prep.pixelSpectra');
  const from = doc.nodes.find((n) => n.id === splitEnd(source)?.node)?.position ?? { x: 0, y: 0 };
  return {
    id,
    recipe: (draft) => {
      draft.nodes.push({ id, type: 'prep.pixelSpectra', params: { pixels: pixel }, position: { x: from.x + 280, y: from.y + 160 } } as Draft<GraphNode>);
      draft.edges.push({ from: source, to: `${id}.cube` });
    },
  };
}

/**
 * An example copy saved to a file of its own: output paths under the copy's output folder
 * (`<config>/example-outputs/<example>/out/rx.tif`) become relative again (`out/rx.tif`), so the saved
 * graph writes beside itself as the shipped example does. `changed` lists the new paths.
 */
export function outputsBesideGraph(doc: GraphDoc, outputDir: string, catalogue: ReadonlyMap<string, NodeInfo>): { recipe: Recipe; changed: string[] } {
  const prefix = outputDir.replace(/[\\/]+$/, '');
  const edits: [string, string, string][] = [];
  for (const node of doc.nodes) {
    const schema = catalogue.get(node.type)?.params ?? {};
    for (const [name, value] of Object.entries(node.params ?? {})) {
      if (schema[name]?.kind !== 'path' || schema[name].io !== 'write' || typeof value !== 'string') continue;
      const sep = value.charAt(prefix.length);
      if (value.startsWith(prefix) && (sep === '/' || sep === '\\') && value.length > prefix.length + 1) {
        edits.push([node.id, name, value.slice(prefix.length + 1).replaceAll('\\', '/')]);
      }
    }
  }
  return {
    recipe: (draft) => {
      for (const [id, name, value] of edits) setParam(id, name, value)(draft);
    },
    changed: edits.map((e) => e[2]),
  };
}
