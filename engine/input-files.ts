/**
 * Checks of a graph's input files before anything runs, shared by `bandwire validate`, `bandwire run`
 * and the editor's live validation.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Diagnostic } from '../core/errors.ts';
import type { GraphDoc } from '../core/graph.ts';
import { withDefaults } from '../core/params.ts';
import type { Registry } from '../core/registry.ts';
import { createNodeFiles } from './files.ts';

/**
 * Problems with a graph's input files, before anything runs (`validate`, `run`): files that do not exist;
 * once all exist, the nodes' own header checks (`checkFiles`: a window outside the image, a band past
 * the last one, a corrupt header).
 */
export async function inputFileProblems(doc: GraphDoc, registry: Registry, baseDir: string): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const node of doc.nodes) {
    const def = registry.get(node.type);
    if (!def) continue;
    for (const [k, spec] of Object.entries(def.params)) {
      if (spec.kind !== 'path' || spec.io === 'write') continue;
      const v = node.params?.[k] ?? spec.default;
      if (typeof v !== 'string' || v === '') continue;
      const abs = isAbsolute(v) ? v : resolve(baseDir, v);
      if (!existsSync(abs)) {
        out.push({ code: 'FILE_NOT_FOUND', severity: 'error', message: `node '${node.id}' (${def.id}): param '${k}' names ${abs}, which does not exist`, node: node.id, param: k, file: abs });
      }
    }
  }
  if (out.length) return out;
  for (const node of doc.nodes) {
    const def = registry.get(node.type);
    if (!def?.checkFiles) continue;
    const files = createNodeFiles({ baseDir, node: node.id });
    for (const p of await def.checkFiles(withDefaults(def.params, node.params ?? {}), files)) {
      const culprit = p.file ? { code: 'FILE_FORMAT' as const, file: p.file } : { code: 'PARAM_INVALID' as const };
      out.push({ ...culprit, severity: 'error', message: `node '${node.id}' (${def.id}): ${p.message}`, node: node.id, param: p.param });
    }
  }
  return out;
}
