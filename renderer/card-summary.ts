/**
 * The one-line summary a node card shows under its title, e.g. "variant: HPM-R", so that nodes of
 * one type set differently tell apart. Generic, not per node type: the node's first enum param
 * named variant, method, output or mode (in its params' order); a `variant` always shows, the
 * others only when set to a value other than their default.
 */
import type { GraphNode } from '../core/graph.ts';
import type { NodeInfo } from '../core/node-def.ts';

const KEY_PARAMS = new Set(['variant', 'method', 'output', 'mode']);

export function keyParamSummary(node: Pick<GraphNode, 'params'>, info: Pick<NodeInfo, 'params'> | undefined): string | undefined {
  if (!info) return undefined;
  const entry = Object.entries(info.params).find(([name, spec]) => spec.kind === 'enum' && KEY_PARAMS.has(name));
  if (!entry) return undefined;
  const [name, spec] = entry;
  const value = node.params?.[name] ?? spec.default;
  if (value === undefined || value === null) return undefined;
  if (name !== 'variant' && value === spec.default) return undefined;
  return `${name}: ${String(value)}`;
}
