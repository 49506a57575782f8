/**
 * The graph file (CONTRACT §2): types, parsing with schema checks, and canonical serialisation.
 * Unknown top-level keys (UI state, metadata) are kept verbatim on save.
 */
import { BandwireError, type Diagnostic } from './errors.ts';
import { CURRENT_VERSION, migrate } from './migrations.ts';

export const NODE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

export interface GraphNode {
  id: string;
  type: string;
  params?: Record<string, unknown>;
  position?: { x: number; y: number };
  /** Optional user label shown instead of the id. */
  label?: string;
  [extra: string]: unknown;
}

export interface GraphEdge {
  /** `node.port` */
  from: string;
  /** `node.port` */
  to: string;
  [extra: string]: unknown;
}

export interface GraphDoc {
  bandwire: number;
  name?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  [extra: string]: unknown;
}

/** Splits `node.port`; the node id may not contain dots, the port may not either. */
export function splitEnd(end: string): { node: string; port: string } | undefined {
  const i = end.indexOf('.');
  if (i <= 0 || i === end.length - 1) return undefined;
  return { node: end.slice(0, i), port: end.slice(i + 1) };
}

/**
 * Parses graph JSON text: JSON syntax, version (migrating older ones, refusing newer ones),
 * and the shape of nodes and edges. Returns the doc and the structural problems found.
 * `source` names the file in messages.
 */
export function parseGraph(text: string, source = 'graph'): { doc?: GraphDoc; diagnostics: Diagnostic[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { diagnostics: [diag('GRAPH_PARSE', `${source}: not valid JSON (${jsonErrorWhere((e as Error).message, text)})`, { file: source })] };
  }
  return checkGraph(raw, source);
}

/** JSON.parse's message with its character offset ("at position 46") given as line and column too. */
function jsonErrorWhere(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message}, line ${line} column ${column}`;
}

export function checkGraph(raw: unknown, source = 'graph'): { doc?: GraphDoc; diagnostics: Diagnostic[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { diagnostics: [diag('GRAPH_SCHEMA', `${source}: a graph file must hold a JSON object`, { file: source })] };
  }
  let migrated: Record<string, unknown>;
  try {
    migrated = migrate(raw as Record<string, unknown>, source);
  } catch (e) {
    if (e instanceof BandwireError) return { diagnostics: [diag(e.code, e.message, { file: source })] };
    throw e;
  }
  const diagnostics: Diagnostic[] = [];
  const nodes = migrated.nodes;
  const edges = migrated.edges ?? [];
  if (!Array.isArray(nodes)) diagnostics.push(diag('GRAPH_SCHEMA', `${source}: 'nodes' must be a list`, { file: source }));
  if (!Array.isArray(edges)) diagnostics.push(diag('GRAPH_SCHEMA', `${source}: 'edges' must be a list`, { file: source }));
  if (migrated.name !== undefined && typeof migrated.name !== 'string') {
    diagnostics.push(diag('GRAPH_SCHEMA', `${source}: 'name' must be a string`, { file: source }));
  }
  if (diagnostics.length) return { diagnostics };
  const seen = new Set<string>();
  (nodes as unknown[]).forEach((n, i) => {
    if (!n || typeof n !== 'object' || Array.isArray(n)) {
      diagnostics.push(diag('GRAPH_SCHEMA', `nodes[${i}] must be an object`));
      return;
    }
    const node = n as Record<string, unknown>;
    const id = node.id;
    if (typeof id !== 'string' || !NODE_ID_PATTERN.test(id)) {
      diagnostics.push(diag('BAD_ID', `nodes[${i}]: id ${JSON.stringify(id)} must match ${NODE_ID_PATTERN.source}`, { node: typeof id === 'string' ? id : undefined }));
    } else if (seen.has(id)) {
      diagnostics.push(diag('DUPLICATE_ID', `node '${id}': id used twice`, { node: id }));
    } else seen.add(id);
    if (typeof node.type !== 'string') diagnostics.push(diag('GRAPH_SCHEMA', `node '${String(id)}': 'type' must be a string`, { node: String(id) }));
    if (node.params !== undefined && (typeof node.params !== 'object' || node.params === null || Array.isArray(node.params))) {
      diagnostics.push(diag('GRAPH_SCHEMA', `node '${String(id)}': 'params' must be an object`, { node: String(id) }));
    }
    const pos = node.position as Record<string, unknown> | undefined;
    if (pos !== undefined && (typeof pos !== 'object' || typeof pos?.x !== 'number' || typeof pos?.y !== 'number')) {
      diagnostics.push(diag('GRAPH_SCHEMA', `node '${String(id)}': 'position' must be {x, y} numbers`, { node: String(id) }));
    }
  });
  (edges as unknown[]).forEach((e, i) => {
    const edge = e as Record<string, unknown>;
    if (!edge || typeof edge !== 'object' || typeof edge.from !== 'string' || typeof edge.to !== 'string') {
      diagnostics.push(diag('GRAPH_SCHEMA', `edges[${i}] must be {"from": "node.port", "to": "node.port"}`));
      return;
    }
    for (const end of [edge.from, edge.to]) {
      if (!splitEnd(end)) diagnostics.push(diag('GRAPH_SCHEMA', `edges[${i}]: '${end}' is not of the form node.port`));
    }
  });
  return { doc: migrated as unknown as GraphDoc, diagnostics };
}

/** Parses and throws on the first structural problem (for code paths that need a doc). */
export function loadGraph(text: string, source = 'graph'): GraphDoc {
  const { doc, diagnostics } = parseGraph(text, source);
  const err = diagnostics.find((d) => d.severity === 'error');
  if (err || !doc) throw new BandwireError(err?.code ?? 'GRAPH_SCHEMA', err?.message ?? `${source}: invalid graph`, { file: source });
  return doc;
}

const TOP_ORDER = ['bandwire', 'name', 'description', 'nodes', 'edges'];
const NODE_ORDER = ['id', 'type', 'label', 'params', 'position'];

/**
 * Canonical, stable serialisation: fixed key order for known keys, sorted keys elsewhere,
 * two-space indent, one node or edge per line group, trailing newline. Saving twice gives
 * the same bytes, so saved graphs diff cleanly in git.
 */
export function serializeGraph(doc: GraphDoc): string {
  const top: Record<string, unknown> = {};
  for (const k of TOP_ORDER) if (doc[k] !== undefined) top[k] = doc[k];
  for (const k of Object.keys(doc).sort()) if (!TOP_ORDER.includes(k) && doc[k] !== undefined) top[k] = doc[k];
  top.bandwire = CURRENT_VERSION;
  top.nodes = doc.nodes.map((n) => ordered(n, NODE_ORDER));
  top.edges = doc.edges.map((e) => ordered(e, ['from', 'to']));
  const lines: string[] = ['{'];
  const keys = Object.keys(top);
  keys.forEach((k, i) => {
    const comma = i < keys.length - 1 ? ',' : '';
    const v = top[k];
    if ((k === 'nodes' || k === 'edges') && Array.isArray(v)) {
      if (v.length === 0) lines.push(`  ${JSON.stringify(k)}: []${comma}`);
      else {
        lines.push(`  ${JSON.stringify(k)}: [`);
        v.forEach((item, j) => lines.push(`    ${stableStringify(item)}${j < v.length - 1 ? ',' : ''}`));
        lines.push(`  ]${comma}`);
      }
    } else {
      lines.push(`  ${JSON.stringify(k)}: ${stableStringify(v, true)}${comma}`);
    }
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}

function ordered(obj: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of Object.keys(obj).sort()) if (!order.includes(k) && obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** JSON with object keys in insertion order for the given object and sorted keys below it. */
export function stableStringify(v: unknown, sortKeys = false): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => stableStringify(x, true)).join(', ')}]`;
  const obj = v as Record<string, unknown>;
  const keys = sortKeys ? Object.keys(obj).sort() : Object.keys(obj);
  const parts = keys.filter((k) => obj[k] !== undefined).map((k) => `${JSON.stringify(k)}: ${stableStringify(obj[k], true)}`);
  return `{ ${parts.join(', ')} }`.replace('{  }', '{}');
}

function diag(code: Diagnostic['code'], message: string, culprit: Partial<Diagnostic> = {}): Diagnostic {
  return { code, message, severity: 'error', ...culprit };
}
