/** A registry of node definitions: lookup by type id and the serialisable catalogue. */
import { nodeInfo, type NodeDefinition, type NodeInfo } from './node-def.ts';

export class Registry {
  private readonly byId = new Map<string, NodeDefinition>();
  constructor(defs: readonly NodeDefinition[]) {
    for (const d of defs) {
      if (this.byId.has(d.id)) throw new Error(`node type '${d.id}' registered twice`);
      this.byId.set(d.id, d);
    }
  }
  get(id: string): NodeDefinition | undefined {
    return this.byId.get(id);
  }
  has(id: string): boolean {
    return this.byId.has(id);
  }
  list(): NodeDefinition[] {
    return [...this.byId.values()];
  }
  catalogue(): NodeInfo[] {
    return this.list().map(nodeInfo);
  }
}
