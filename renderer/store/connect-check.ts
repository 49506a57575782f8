/**
 * Whether the canvas may connect `from` (node.port, an output) to `to` (node.port, an input):
 * the port types must pass core/ports.ts canConnect and the edge must not close a cycle.
 */
import type { GraphDoc } from '../../core/graph.ts';
import { splitEnd } from '../../core/graph.ts';
import type { NodeInfo } from '../../core/node-def.ts';
import { canConnect, type ConnectVerdict } from '../../core/ports.ts';

export function checkConnection(doc: GraphDoc, catalogue: ReadonlyMap<string, NodeInfo>, from: string, to: string): ConnectVerdict {
  const source = splitEnd(from);
  const target = splitEnd(to);
  if (!source || !target) return { ok: false, reason: 'edge ends must be node.port' };
  if (source.node === target.node) return { ok: false, reason: `'${source.node}' cannot feed itself` };
  const typeOf = (nodeId: string) => catalogue.get(doc.nodes.find((n) => n.id === nodeId)?.type ?? '');
  const out = typeOf(source.node)?.outputs.find((p) => p.name === source.port);
  const input = typeOf(target.node)?.inputs.find((p) => p.name === target.port);
  if (!out) return { ok: false, reason: `'${from}' is not an output` };
  if (!input) return { ok: false, reason: `'${to}' is not an input` };
  const verdict = canConnect(out.type, input.type);
  if (!verdict.ok) return { ok: false, reason: `cannot connect ${from} to ${to}: ${verdict.reason}` };
  // A cycle appears if the target already reaches the source downstream.
  const downstream = new Map<string, string[]>();
  for (const e of doc.edges) {
    const a = splitEnd(e.from)?.node;
    const b = splitEnd(e.to)?.node;
    if (a && b) downstream.set(a, [...(downstream.get(a) ?? []), b]);
  }
  const stack = [target.node];
  const seen = new Set<string>();
  while (stack.length) {
    const n = stack.pop()!;
    if (n === source.node) return { ok: false, reason: `cannot connect ${from} to ${to}: it would make a cycle through '${target.node}'` };
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(downstream.get(n) ?? []));
  }
  return { ok: true };
}
