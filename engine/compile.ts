/**
 * compile(doc, registry) → plan or diagnostics. Reports every problem at once, each naming
 * the node, port or param concerned: unknown type, unknown port (either edge end), unknown
 * param, type mismatch (core/ports.ts canConnect), cycle, missing required input, two edges
 * into one input, invalid/out-of-range param, and the structural problems of parseGraph.
 * Pure: runs in the host's main thread (validate) as well as in the worker.
 */
import type { Diagnostic, ErrorCode } from '../core/errors.ts';
import { checkGraph, splitEnd, type GraphDoc } from '../core/graph.ts';
import type { NodeDefinition } from '../core/node-def.ts';
import { checkParam, withDefaults } from '../core/params.ts';
import { canConnect } from '../core/ports.ts';
import type { Registry } from '../core/registry.ts';
import type { InputBinding, Plan, PlanNode } from './plan.ts';

export interface CompileOptions {
  /** Keep only this node and its ancestors. */
  target?: string;
}

export interface CompileResult {
  plan?: Plan;
  diagnostics: Diagnostic[];
}

function diag(code: ErrorCode, message: string, culprit: Partial<Diagnostic> = {}): Diagnostic {
  return { code, message, severity: 'error', ...culprit };
}

/** Compiles a parsed (or raw) graph document against a registry. */
export function compile(input: GraphDoc | unknown, registry: Registry, options: CompileOptions = {}): CompileResult {
  const parsed = checkGraph(input);
  const diagnostics = [...parsed.diagnostics];
  const doc = parsed.doc;
  if (!doc) return { diagnostics };

  const defs = new Map<string, NodeDefinition>();
  const params = new Map<string, Record<string, unknown>>();
  for (const node of doc.nodes) {
    if (typeof node?.id !== 'string' || typeof node.type !== 'string') continue;
    const def = registry.get(node.type);
    if (!def) {
      diagnostics.push(diag('UNKNOWN_TYPE', `node '${node.id}': unknown node type '${node.type}'`, { node: node.id }));
      continue;
    }
    defs.set(node.id, def);
    const given = (node.params ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(given)) {
      if (!(name in def.params)) {
        const known = Object.keys(def.params);
        diagnostics.push(diag('UNKNOWN_PARAM', `node '${node.id}' (${def.id}): unknown param '${name}'${known.length ? ` (known: ${known.join(', ')})` : ''}`, { node: node.id, param: name }));
      }
    }
    const resolved = withDefaults(def.params, given);
    let paramsOk = true;
    for (const [name, spec] of Object.entries(def.params)) {
      const problem = checkParam(name, spec, resolved[name]);
      if (problem) {
        paramsOk = false;
        const range = /minimum|maximum/.test(problem);
        diagnostics.push(diag(range ? 'PARAM_RANGE' : 'PARAM_INVALID', `node '${node.id}' (${def.id}): ${problem}`, { node: node.id, param: name }));
      }
    }
    if (paramsOk && def.checkParams) {
      for (const p of def.checkParams(resolved)) {
        diagnostics.push(diag('PARAM_INVALID', `node '${node.id}' (${def.id}): ${p.message}`, { node: node.id, param: p.param }));
      }
    }
    params.set(node.id, resolved);
  }

  const nodeIds = new Set(doc.nodes.map((n) => n?.id).filter((id): id is string => typeof id === 'string'));
  const bindings = new Map<string, Record<string, InputBinding>>();
  for (const id of defs.keys()) bindings.set(id, {});
  for (const edge of doc.edges) {
    const from = splitEnd(edge.from);
    const to = splitEnd(edge.to);
    if (!from || !to) continue; // reported by checkGraph
    const ends = [
      { end: from, side: 'output' as const, text: edge.from },
      { end: to, side: 'input' as const, text: edge.to },
    ];
    let ok = true;
    for (const { end, side, text } of ends) {
      if (!nodeIds.has(end.node)) {
        diagnostics.push(diag('UNKNOWN_PORT', `edge ${edge.from} → ${edge.to}: no node '${end.node}' (in '${text}')`, { node: end.node, port: end.port }));
        ok = false;
        continue;
      }
      const def = defs.get(end.node);
      if (!def) {
        ok = false; // unknown type already reported
        continue;
      }
      const ports = side === 'output' ? def.outputs : def.inputs;
      if (!ports.some((p) => p.name === end.port)) {
        const names = ports.map((p) => p.name).join(', ') || 'none';
        diagnostics.push(diag('UNKNOWN_PORT', `node '${end.node}' (${def.id}) has no ${side} port '${end.port}' (its ${side}s: ${names})`, { node: end.node, port: end.port }));
        ok = false;
      }
    }
    if (!ok) continue;
    const fromPort = defs.get(from.node)!.outputs.find((p) => p.name === from.port)!;
    const toPort = defs.get(to.node)!.inputs.find((p) => p.name === to.port)!;
    const verdict = canConnect(fromPort.type, toPort.type);
    if (!verdict.ok) {
      diagnostics.push(diag('TYPE_MISMATCH', `edge ${edge.from} → ${edge.to}: ${verdict.reason} (input '${to.port}' of node '${to.node}')`, { node: to.node, port: to.port }));
      continue;
    }
    const inputs = bindings.get(to.node)!;
    if (inputs[to.port]) {
      const first = inputs[to.port];
      diagnostics.push(diag('DUPLICATE_INPUT', `input '${to.port}' of node '${to.node}' has two edges (from ${first.node}.${first.port} and ${edge.from}); an input takes one`, { node: to.node, port: to.port }));
      continue;
    }
    inputs[to.port] = { node: from.node, port: from.port };
  }

  for (const [id, def] of defs) {
    const inputs = bindings.get(id)!;
    for (const port of def.inputs) {
      if (!port.optional && !inputs[port.name]) {
        diagnostics.push(diag('MISSING_INPUT', `node '${id}' (${def.id}): required input '${port.name}' (${port.type}) is not connected`, { node: id, port: port.name }));
      }
    }
    if (def.requireOneOf && !def.requireOneOf.some((name) => inputs[name])) {
      const names = def.requireOneOf;
      diagnostics.push(diag('MISSING_INPUT', `node '${id}' (${def.id}): connect at least one of its inputs ${names.length > 3 ? `${names[0]}..${names.at(-1)}` : names.join(', ')}`, { node: id, port: names[0] }));
    }
  }

  const order = topologicalOrder([...defs.keys()], bindings);
  if (order.cycle.length) {
    diagnostics.push(diag('CYCLE', `cycle between nodes ${order.cycle.map((n) => `'${n}'`).join(' → ')}`, { node: order.cycle[0] }));
  }
  if (options.target !== undefined && !nodeIds.has(options.target)) {
    diagnostics.push(diag('USAGE', `target node '${options.target}' is not in the graph`, { node: options.target }));
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  let ids = order.sorted;
  if (options.target !== undefined) {
    const keep = ancestorsOf(options.target, bindings);
    ids = ids.filter((id) => keep.has(id));
  }
  const nodes: PlanNode[] = ids.map((id) => ({ id, type: defs.get(id)!.id, def: defs.get(id)!, params: params.get(id)!, inputs: bindings.get(id)! }));
  return { plan: { nodes, target: options.target }, diagnostics };
}

/** Kahn's algorithm; on a cycle returns the nodes of one cycle in order. */
function topologicalOrder(ids: string[], bindings: Map<string, Record<string, InputBinding>>): { sorted: string[]; cycle: string[] } {
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]));
  const readers = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) {
    const upstream = new Set(Object.values(bindings.get(id)!).map((b) => b.node));
    for (const u of upstream) {
      if (!indegree.has(u)) continue;
      indegree.set(id, indegree.get(id)! + 1);
      readers.get(u)!.push(id);
    }
  }
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const sorted: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    sorted.push(id);
    for (const r of readers.get(id)!) {
      indegree.set(r, indegree.get(r)! - 1);
      if (indegree.get(r) === 0) ready.push(r);
    }
  }
  if (sorted.length === ids.length) return { sorted, cycle: [] };
  // Walk upstream from a remaining node until a node repeats: that loop is a cycle.
  const left = new Set(ids.filter((id) => !sorted.includes(id)));
  const path: string[] = [];
  let cur = [...left][0];
  while (!path.includes(cur)) {
    path.push(cur);
    cur = Object.values(bindings.get(cur)!).map((b) => b.node).find((u) => left.has(u))!;
  }
  const cycle = path.slice(path.indexOf(cur)).reverse();
  return { sorted, cycle: [...cycle, cycle[0]] };
}

function ancestorsOf(target: string, bindings: Map<string, Record<string, InputBinding>>): Set<string> {
  const keep = new Set<string>([target]);
  const stack = [target];
  while (stack.length) {
    const id = stack.pop()!;
    for (const b of Object.values(bindings.get(id) ?? {})) {
      if (!keep.has(b.node)) {
        keep.add(b.node);
        stack.push(b.node);
      }
    }
  }
  return keep;
}
