/**
 * Example graphs (graphs/examples of the install tree) open as untitled copies, so saving never
 * replaces a shipped example and runs never write into the install tree (read-only when packaged):
 * - read paths (params with `io: 'read'`) become absolute against the example's folder;
 * - relative write paths (`io: 'write'`) are rebased under a per-user output folder,
 *   <config dir>/example-outputs/<example file stem>/, keeping their relative layout;
 * - the copy has no file path and is named "<example name> (example copy)".
 */
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { GraphDoc } from '../../core/graph.ts';
import type { NodeInfo } from '../../core/node-def.ts';

/** True when `file` lies inside `folder` (both resolved; the folder itself does not count). */
export function isInside(folder: string, file: string): boolean {
  const rel = relative(resolve(folder), resolve(file));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Output folder of an example's untitled copy: <config dir>/example-outputs/<file stem>. */
export function exampleOutputDir(configDir: string, exampleFile: string): string {
  return join(configDir, 'example-outputs', basename(exampleFile).replace(/\.json$/i, ''));
}

/**
 * The untitled copy of example `doc` read from `exampleFile`. Params of node types missing from
 * `catalogue` and params that are not path strings are copied unchanged.
 */
export function exampleCopy(doc: GraphDoc, exampleFile: string, outputDir: string, catalogue: readonly NodeInfo[]): GraphDoc {
  const byType = new Map(catalogue.map((info) => [info.id, info]));
  const folder = dirname(resolve(exampleFile));
  const nodes = doc.nodes.map((node) => {
    const schema = byType.get(node.type)?.params;
    if (!schema || !node.params) return node;
    const params = { ...node.params };
    for (const [name, value] of Object.entries(params)) {
      const spec = schema[name];
      if (spec?.kind !== 'path' || typeof value !== 'string' || value === '' || isAbsolute(value)) continue;
      if (spec.io === 'read') params[name] = resolve(folder, value);
      else if (spec.io === 'write') params[name] = rebase(outputDir, value);
    }
    return { ...node, params };
  });
  const name = doc.name ?? basename(exampleFile).replace(/\.json$/i, '');
  return { ...doc, name: `${name} (example copy)`, nodes };
}

/** `path` (relative) under `folder`; one that climbs out of it ('../x.png') keeps only its file name. */
function rebase(folder: string, path: string): string {
  const inside = resolve(folder, path);
  return isInside(folder, inside) ? inside : join(folder, basename(path));
}
