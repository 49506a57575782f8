/**
 * Graph format migrations. Each step takes a document of version N and returns version N+1.
 * Version 0 was the pre-release format:
 *   { "format": "bandwire-graph", "version": 0,
 *     "nodes": { "<id>": { "type": "...", "params": {...}, "x": 0, "y": 0 } },
 *     "links": [ ["<node>.<port>", "<node>.<port>"] ] }
 * Version 1 is CONTRACT §2.
 */
import { BandwireError } from './errors.ts';

export const CURRENT_VERSION = 1;

type Doc = Record<string, unknown>;

const steps: Record<number, (doc: Doc) => Doc> = {
  0: (doc) => {
    const { format: _format, version: _version, nodes, links, ...rest } = doc;
    const nodeList = Object.entries((nodes ?? {}) as Record<string, Record<string, unknown>>).map(([id, n]) => {
      const { type, params, x, y, ...extra } = n ?? {};
      const node: Doc = { id, type, ...extra };
      if (params !== undefined) node.params = params;
      if (typeof x === 'number' && typeof y === 'number') node.position = { x, y };
      return node;
    });
    const edges = ((links ?? []) as [string, string][]).map(([from, to]) => ({ from, to }));
    return { ...rest, bandwire: 1, nodes: nodeList, edges };
  },
};

/** Detects the version of a raw document (0 for the pre-release format). */
export function versionOf(doc: Doc): number | undefined {
  if (typeof doc.bandwire === 'number') return doc.bandwire;
  if (doc.format === 'bandwire-graph' && typeof doc.version === 'number') return doc.version;
  return undefined;
}

/** Migrates to CURRENT_VERSION; refuses newer versions and unknown formats with a clear message. */
export function migrate(doc: Doc, source = 'graph'): Doc {
  const v = versionOf(doc);
  if (v === undefined) {
    throw new BandwireError('GRAPH_VERSION', `${source}: missing format version (a Bandwire graph starts with "bandwire": ${CURRENT_VERSION})`);
  }
  if (!Number.isInteger(v) || v < 0) throw new BandwireError('GRAPH_VERSION', `${source}: bad format version ${JSON.stringify(v)}`);
  if (v > CURRENT_VERSION) {
    throw new BandwireError(
      'GRAPH_VERSION',
      `${source}: graph format version ${v} is newer than this Bandwire supports (${CURRENT_VERSION}); update Bandwire to open it`,
    );
  }
  let cur = doc;
  for (let ver = v; ver < CURRENT_VERSION; ver++) cur = steps[ver](cur);
  return cur;
}
