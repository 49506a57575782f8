/**
 * Content-addressed cache keys: sha256 over node type, definition version, canonical params
 * (sorted keys), the keys of upstream nodes by input port, and for `path` params the resolved
 * file: read paths fingerprinted by size + mtime, write paths by their absolute location
 * (so `--out` elsewhere re-runs the writer). Equal key ⇒ equal outputs.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { stableStringify } from '../core/graph.ts';
import type { Plan, PlanNode } from './plan.ts';

export interface KeyOptions {
  baseDir: string;
  outDir?: string;
}

/** Fingerprint of a file the node reads: absolute path, size and mtime, or 'missing'. */
async function fingerprint(path: string): Promise<string> {
  try {
    const st = await stat(path);
    return `${path}|${st.size}|${st.mtimeMs}`;
  } catch {
    return `${path}|missing`;
  }
}

export async function nodeKey(node: PlanNode, upstreamKeys: Record<string, string>, options: KeyOptions): Promise<string> {
  const files: Record<string, string> = {};
  for (const [name, spec] of Object.entries(node.def.params)) {
    const value = node.params[name];
    if (spec.kind !== 'path' || typeof value !== 'string' || value === '') continue;
    if (spec.io === 'write') files[name] = isAbsolute(value) ? value : resolve(options.outDir ?? options.baseDir, value);
    else files[name] = await fingerprint(isAbsolute(value) ? value : resolve(options.baseDir, value));
  }
  const material = stableStringify(
    { type: node.type, version: node.def.version, params: node.params, inputs: upstreamKeys, files },
    true,
  );
  return createHash('sha256').update(material).digest('hex');
}

/** Keys of every plan node, computed in plan (topological) order. */
export async function planKeys(plan: Plan, options: KeyOptions): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const node of plan.nodes) {
    const upstream: Record<string, string> = {};
    for (const [port, b] of Object.entries(node.inputs)) upstream[port] = `${keys.get(b.node)}:${b.port}`;
    keys.set(node.id, await nodeKey(node, upstream, options));
  }
  return keys;
}
