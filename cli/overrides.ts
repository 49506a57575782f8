/**
 * Graph edits the CLI applies before running: `--set NODE.PARAM=VALUE` overrides (value parsed
 * as JSON when it parses, else taken as a string), batch placeholders `{file}` / `{name}` in
 * string params, and per-scene output names.
 */
import { basename, extname } from 'node:path';
import { BandwireError, type Diagnostic } from '../core/errors.ts';
import type { GraphDoc } from '../core/graph.ts';
import type { Registry } from '../core/registry.ts';

export interface ParamOverride {
  node: string;
  param: string;
  value: unknown;
}

export function parseSet(text: string): ParamOverride {
  const m = /^([A-Za-z][A-Za-z0-9_-]*)\.([^=]+)=(.*)$/s.exec(text);
  if (!m) throw new BandwireError('USAGE', `--set '${text}': expected NODE.PARAM=VALUE`);
  let value: unknown = m[3];
  try {
    value = JSON.parse(m[3]);
  } catch {
    // not JSON: keep the string
  }
  return { node: m[1], param: m[2], value };
}

/** A copy of `doc` with the overrides applied; unknown nodes are reported as diagnostics. */
export function applyOverrides(doc: GraphDoc, overrides: ParamOverride[]): { doc: GraphDoc; diagnostics: Diagnostic[] } {
  const copy: GraphDoc = structuredClone(doc);
  const diagnostics: Diagnostic[] = [];
  for (const o of overrides) {
    const node = copy.nodes.find((n) => n.id === o.node);
    if (!node) {
      diagnostics.push({ code: 'USAGE', severity: 'error', message: `--set ${o.node}.${o.param}: the graph has no node '${o.node}'`, node: o.node, param: o.param });
      continue;
    }
    node.params = { ...(node.params ?? {}), [o.param]: o.value };
  }
  return { doc: copy, diagnostics };
}

/** Replaces `{file}` and `{name}` in every string param. */
export function substitute(doc: GraphDoc, vars: { file: string; name: string }): GraphDoc {
  const copy: GraphDoc = structuredClone(doc);
  for (const node of copy.nodes) {
    for (const [k, v] of Object.entries(node.params ?? {})) {
      if (typeof v === 'string') node.params![k] = v.replaceAll('{file}', vars.file).replaceAll('{name}', vars.name);
    }
  }
  return copy;
}

/**
 * Per-scene output names for batch runs: in every `path` param the node writes, `{name}` is
 * replaced by the scene name, or without a placeholder the name goes before the extension
 * (`rx.tif` → `rx.<name>.tif`). Params left at their defaults are included.
 */
export function sceneOutputs(doc: GraphDoc, registry: Registry, name: string): GraphDoc {
  const copy: GraphDoc = structuredClone(doc);
  for (const node of copy.nodes) {
    const def = registry.get(node.type);
    if (!def) continue;
    for (const [k, spec] of Object.entries(def.params)) {
      if (spec.kind !== 'path' || spec.io !== 'write') continue;
      const v = node.params?.[k] ?? spec.default;
      if (typeof v !== 'string' || v === '') continue;
      const renamed = v.includes('{name}') ? v.replaceAll('{name}', name) : insertName(v, name);
      node.params = { ...(node.params ?? {}), [k]: renamed };
    }
  }
  return copy;
}

function insertName(path: string, name: string): string {
  const ext = extname(path);
  return ext ? `${path.slice(0, -ext.length)}.${name}${ext}` : `${path}.${name}`;
}

/** Scene name of a batch file: base name without extension. */
export function sceneName(file: string): string {
  return basename(file, extname(file));
}
