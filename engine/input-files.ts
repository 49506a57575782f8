/**
 * Checks of a graph's input files before anything runs, shared by `bandwire validate`, `bandwire run`
 * and the editor's live validation: files that do not exist, then the nodes' own header checks
 * (`checkFiles`: a window outside the image, a band past the last one, a corrupt header).
 */
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Diagnostic, ErrorCode } from '../core/errors.ts';
import { stableStringify } from '../core/graph.ts';
import type { FileProblem } from '../core/node-def.ts';
import { createNodeFiles } from './files.ts';
import type { PlanNode } from './plan.ts';

/**
 * Header checks by node type, version, params, folder and the read files' size + mtime: the editor
 * validates after every edit, and a big GeoTIFF header costs milliseconds to parse.
 */
const checked = new Map<string, FileProblem[]>();
const CHECKED_MAX = 256;

/** Problems with the input files of `nodes` (a compiled plan's, so `--to` checks only what it runs). */
export async function inputFileProblems(nodes: readonly PlanNode[], baseDir: string): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const node of nodes) {
    const { def } = node;
    const stamps: string[] = [];
    let missing = false;
    for (const [k, spec] of Object.entries(def.params)) {
      const v = node.params[k];
      if (spec.kind !== 'path' || spec.io === 'write' || typeof v !== 'string' || v === '') continue;
      const abs = isAbsolute(v) ? v : resolve(baseDir, v);
      const stat = statSync(abs, { throwIfNoEntry: false });
      if (!stat) {
        missing = true;
        out.push({ code: 'FILE_NOT_FOUND', severity: 'error', message: `node '${node.id}' (${def.id}): param '${k}' names ${abs}, which does not exist`, node: node.id, param: k, file: abs });
      } else stamps.push(`${abs}:${stat.size}:${stat.mtimeMs}`);
    }
    if (missing || !def.checkFiles) continue;
    const key = `${def.id}@${def.version}\n${stableStringify(node.params)}\n${baseDir}\n${stamps.join('\n')}`;
    let problems = checked.get(key);
    if (!problems) {
      problems = await def.checkFiles(node.params, createNodeFiles({ baseDir, node: node.id }));
      if (checked.size >= CHECKED_MAX) checked.delete(checked.keys().next().value!);
      checked.set(key, problems);
    }
    for (const p of problems) {
      const code: ErrorCode = p.code ?? (p.file ? 'FILE_FORMAT' : 'PARAM_INVALID');
      out.push({ code, severity: 'error', message: `node '${node.id}' (${def.id}): ${p.message}`, node: node.id, param: p.param, ...(p.file ? { file: p.file } : {}) });
    }
  }
  return out;
}
