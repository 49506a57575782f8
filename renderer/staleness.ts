/**
 * Which run results no longer belong to the document. Each node gets a fingerprint that hashes
 * its type, its params and, for every incoming edge, the port pair and the source node's
 * fingerprint (the same idea as the engine's cache key: type + params + upstream keys). The run
 * state records, per node, the fingerprint the node had in the document that was run; a node is
 * stale when that record differs from its fingerprint in the current document. An edit therefore
 * makes the edited node and everything downstream of it stale, a changed or removed edge makes
 * its target and downstream stale, and undoing back to the run's document makes them fresh again.
 * Position, label and other UI fields are not part of the fingerprint.
 */
import { splitEnd, stableStringify, type GraphDoc, type GraphNode } from '../core/graph.ts';
import type { NodeInfo } from '../core/node-def.ts';

/** Which params of a node type are file paths: by the catalogue's param kind, else (type unknown) a param named `path`. */
export type Catalogue = ReadonlyMap<string, Pick<NodeInfo, 'params'>>;

/** True when one of the node's path params resolves against the graph's folder (relative, not empty). */
function relativePath(node: GraphNode, catalogue?: Catalogue): boolean {
  const schema = catalogue?.get(node.type)?.params;
  return Object.entries(node.params ?? {}).some(([name, path]) => {
    const isPath = schema ? schema[name]?.kind === 'path' : name === 'path';
    return isPath && typeof path === 'string' && path !== '' && !path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path) && !path.startsWith('\\\\');
  });
}

/**
 * Fingerprint of every node in `doc`, by node id. Nodes on a cycle get the fingerprint 'cycle'.
 * `baseDir` (the graph file's folder) enters the fingerprint of nodes with a relative path param (by the
 * catalogue's param kinds): saving the graph elsewhere makes them, and what they feed, stale (they now
 * name other files).
 */
export function fingerprints(doc: GraphDoc, baseDir = '', catalogue?: Catalogue): Record<string, string> {
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, { toPort: string; from: string }[]>();
  for (const edge of doc.edges) {
    const from = splitEnd(edge.from);
    const to = splitEnd(edge.to);
    if (!from || !to) continue;
    const list = incoming.get(to.node) ?? [];
    list.push({ toPort: to.port, from: edge.from });
    incoming.set(to.node, list);
  }
  const result: Record<string, string> = {};
  const visiting = new Set<string>();
  const visit = (id: string): string => {
    if (result[id] !== undefined) return result[id];
    const node = nodes.get(id);
    if (!node) return `missing:${id}`;
    if (visiting.has(id)) return 'cycle';
    visiting.add(id);
    const inputs = (incoming.get(id) ?? [])
      .map(({ toPort, from }) => {
        const source = splitEnd(from)!;
        return `${toPort}<-${source.port}@${visit(source.node)}`;
      })
      .sort();
    visiting.delete(id);
    const folder = relativePath(node, catalogue) ? `\nin ${baseDir}` : '';
    result[id] = hash(`${node.type}\n${stableStringify(node.params ?? {}, true)}${folder}\n${inputs.join('\n')}`);
    return result[id];
  };
  for (const id of nodes.keys()) visit(id);
  return result;
}

/**
 * Ids of nodes whose recorded fingerprint (from the run that produced their result) differs from
 * their fingerprint in `doc`. Nodes without a record (never run, or results from a run this
 * editor did not start) are not judged.
 */
export function staleNodes(doc: GraphDoc, recorded: Record<string, { fingerprint?: string }>, baseDir = '', catalogue?: Catalogue): Set<string> {
  const current = fingerprints(doc, baseDir, catalogue);
  const stale = new Set<string>();
  for (const [id, fingerprint] of Object.entries(current)) {
    const before = recorded[id]?.fingerprint;
    if (before !== undefined && before !== fingerprint) stale.add(id);
  }
  return stale;
}

/** cyrb53: a fast 53-bit string hash (not cryptographic), as 14 hex digits. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
