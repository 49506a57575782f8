/** `bandwire validate GRAPH [--set NODE.PARAM=VALUE]... [--json]`: lists every problem of a graph (with the overrides a run would apply); exit 2 when there is one. */
import { BandwireError } from '../../core/errors.ts';
import { compile } from '../../engine/compile.ts';
import { parseArgs } from '../args.ts';
import { formatDiagnostics, readGraphFile } from '../graph-file.ts';
import { EXIT, type CliIO } from '../io.ts';
import { inputFileProblems } from '../../engine/input-files.ts';
import { applyOverrides, parseSet, type ParamOverride } from '../overrides.ts';
import { cliRegistry } from '../registry.ts';

export default async function validate(argv: string[], io: CliIO): Promise<number> {
  let args;
  let overrides: ParamOverride[];
  try {
    args = parseArgs(argv, { flags: ['json'], repeatable: ['set'] });
    if (args.positionals.length !== 1) throw new BandwireError('USAGE', 'validate takes exactly one graph file');
    overrides = (args.repeated.get('set') ?? []).map(parseSet);
  } catch (e) {
    io.stderr.write(`bandwire validate: ${(e as Error).message}\nusage: bandwire validate GRAPH [--set NODE.PARAM=VALUE]... [--json]\n`);
    return EXIT.invalid;
  }
  const file = await readGraphFile(args.positionals[0], io.cwd);
  let diagnostics = file.diagnostics;
  if (file.doc) {
    const applied = applyOverrides(file.doc, overrides);
    const registry = await cliRegistry(io.env, io.cwd);
    const compiled = compile(applied.doc, registry); // includes the structural checks of parseGraph
    diagnostics = [...applied.diagnostics, ...compiled.diagnostics, ...(compiled.plan && !applied.diagnostics.length ? await inputFileProblems(compiled.plan.nodes, file.baseDir) : [])];
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (args.flags.has('json')) {
    io.stdout.write(JSON.stringify({ ok: errors.length === 0, file: file.path, diagnostics }, null, 2) + '\n');
  } else if (diagnostics.length) {
    io.stderr.write(`${file.path}: ${errors.length} problem(s)\n${formatDiagnostics(diagnostics)}`);
  } else {
    io.stdout.write(`${file.path}: ok (${file.doc!.nodes.length} nodes, ${file.doc!.edges.length} edges)\n`);
  }
  return errors.length ? EXIT.invalid : EXIT.ok;
}
