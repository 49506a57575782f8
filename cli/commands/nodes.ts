/** `bandwire nodes [--json]`: the node catalogue (type ids, ports with types, params). */
import type { NodeInfo } from '../../core/node-def.ts';
import type { ParamSpec } from '../../core/params.ts';
import { parseArgs } from '../args.ts';
import { EXIT, type CliIO } from '../io.ts';
import { cliRegistry } from '../registry.ts';

export default async function nodes(argv: string[], io: CliIO): Promise<number> {
  let json: boolean;
  try {
    json = parseArgs(argv, { flags: ['json'] }).flags.has('json');
  } catch (e) {
    io.stderr.write(`bandwire nodes: ${(e as Error).message}\nusage: bandwire nodes [--json]\n`);
    return EXIT.invalid;
  }
  const catalogue = (await cliRegistry(io.env, io.cwd)).catalogue().sort((a, b) => a.id.localeCompare(b.id));
  if (json) {
    io.stdout.write(JSON.stringify({ nodes: catalogue }, null, 2) + '\n');
    return EXIT.ok;
  }
  io.stdout.write(catalogue.map(describe).join('\n') + `\n${catalogue.length} node type(s)\n`);
  return EXIT.ok;
}

function describe(n: NodeInfo): string {
  const ports = (list: NodeInfo['inputs']) => list.map((p) => `${p.name}: ${p.type}${p.optional ? '?' : ''}`).join(', ') || '—';
  const lines = [`${n.id}  (v${n.version}) ${n.title}`, `  inputs:  ${ports(n.inputs)}`, `  outputs: ${ports(n.outputs)}`];
  for (const [name, spec] of Object.entries(n.params)) lines.push(`  param ${name}: ${param(spec)}`);
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
