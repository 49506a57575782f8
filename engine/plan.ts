/**
 * The execution plan produced by `compile`: nodes in topological order with resolved params
 * (defaults applied) and, per input port, the upstream `node.port` it reads.
 */
import type { NodeDefinition } from '../core/node-def.ts';

export interface InputBinding {
  node: string;
  port: string;
}

export interface PlanNode {
  id: string;
  type: string;
  def: NodeDefinition;
  /** Graph params merged over the definition's defaults. */
  params: Record<string, unknown>;
  /** Input port name → the upstream output feeding it (unconnected optional inputs are absent). */
  inputs: Record<string, InputBinding>;
}

export interface Plan {
  /** Topologically ordered: every node comes after the nodes it reads from. */
  nodes: PlanNode[];
  /** The node the run was restricted to (its ancestors and itself), when given. */
  target?: string;
}

/** Ids of the nodes that read (directly or not) from `id`, within the plan. */
export function descendantsOf(plan: Plan, id: string): Set<string> {
  const out = new Set<string>();
  for (const n of plan.nodes) {
    for (const b of Object.values(n.inputs)) {
      if (b.node === id || out.has(b.node)) {
        out.add(n.id);
        break;
      }
    }
  }
  return out;
}
