/**
 * `bandwire nodes [TYPE|PREFIX ...] [--json]`: the node catalogue (type ids, ports with types, params). With
 * arguments, only the matching types (exact id, or a prefix such as `detect` / `detect.`), each with its help
 * text (method, paper, units), as the editor's inspector shows it.
 */
import type { NodeInfo } from '../../core/node-def.ts';
import type { ParamSpec } from '../../core/params.ts';
import { parseArgs } from '../args.ts';
import { EXIT, type CliIO } from '../io.ts';
import { cliRegistry } from '../registry.ts';

export default async function nodes(argv: string[], io: CliIO): Promise<number> {
  let json: boolean;
  let wanted: string[];
  try {
    const args = parseArgs(argv, { flags: ['json'] });
    json = args.flags.has('json');
    wanted = args.positionals;
  } catch (e) {
    io.stderr.write(`bandwire nodes: ${(e as Error).message}\nusage: bandwire nodes [TYPE|PREFIX ...] [--json]\n`);
    return EXIT.invalid;
  }
  const all = (await cliRegistry(io.env, io.cwd)).catalogue().sort((a, b) => a.id.localeCompare(b.id));
  const matches = (n: NodeInfo, w: string) => n.id === w || n.id.startsWith(w.endsWith('.') ? w : `${w}.`);
  const unknown = wanted.filter((w) => !all.some((n) => matches(n, w)));
  if (unknown.length) {
    const categories = [...new Set(all.map((n) => n.id.split('.')[0]))].join(', ');
    io.stderr.write(`bandwire nodes: no node type ${unknown.map((w) => `'${w}'`).join(', ')} (categories: ${categories}; \`bandwire nodes\` lists all)\n`);
    return EXIT.invalid;
  }
  const catalogue = wanted.length ? all.filter((n) => wanted.some((w) => matches(n, w))) : all;
  if (json) {
    io.stdout.write(JSON.stringify({ nodes: catalogue }, null, 2) + '\n');
    return EXIT.ok;
  }
  const help = wanted.length > 0;
  io.stdout.write(catalogue.map((n) => describe(n, help)).join('\n') + `\n${catalogue.length} node type(s)${help ? '' : '; `bandwire nodes TYPE` adds its help'}\n`);
  return EXIT.ok;
}

function describe(n: NodeInfo, help: boolean): string {
  const ports = (list: NodeInfo['inputs']) => list.map((p) => `${p.name}: ${p.type}${p.optional ? '?' : ''}`).join(', ') || '—';
  const lines = [`${n.id}  (v${n.version}) ${n.title}`, `  inputs:  ${ports(n.inputs)}`, `  outputs: ${ports(n.outputs)}`];
  for (const [name, spec] of Object.entries(n.params)) lines.push(`  param ${name}: ${param(spec)}`);
  if (help && n.description) lines.push('', ...n.description.split('\n').map((l) => `  ${l}`), '');
  return lines.join('\n');
}

function param(s: ParamSpec): string {
  const parts: string[] = [s.kind];
  if (s.options) parts.push(`one of ${s.options.join('|')}`);
  if (s.min !== undefined || s.max !== undefined) parts.push(`range [${s.min ?? '−∞'}, ${s.max ?? '∞'}]`);
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  if (s.required) parts.push('required');
  if (s.unit) parts.push(s.unit);
  return `${parts.join(', ')} — ${s.description}`;
}
