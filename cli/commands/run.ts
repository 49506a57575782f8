/**
 * `bandwire run GRAPH [--set NODE.PARAM=VALUE]... [--out DIR] [--json] [--no-cache]
 *  [--batch GLOB] [--to NODE]`: validates and executes a graph headless (CONTRACT §1).
 * Exit 0 ok, 1 a node failed, 2 invalid usage/graph/param/input file, 130 interrupted (SIGINT).
 */
import { resolve } from 'node:path';
import { BandwireError } from '../../core/errors.ts';
import type { RunSummary } from '../../core/events.ts';
import type { GraphDoc } from '../../core/graph.ts';
import { parseArgs } from '../args.ts';
import { formatDiagnostics, readGraphFile } from '../graph-file.ts';
import { glob } from '../glob.ts';
import { EXIT, type CliIO } from '../io.ts';
import { applyOverrides, parseSet, sceneName, sceneOutputs, substitute, type ParamOverride } from '../overrides.ts';
import { cliHost } from '../registry.ts';
import { runScene, type SceneResult } from '../run-scene.ts';

const USAGE = 'usage: bandwire run GRAPH [--set NODE.PARAM=VALUE]... [--out DIR] [--json] [--no-cache] [--batch GLOB] [--to NODE]\n';
export const EXIT_INTERRUPTED = 130;

export default async function run(argv: string[], io: CliIO): Promise<number> {
  let args;
  let overrides: ParamOverride[];
  try {
    args = parseArgs(argv, { flags: ['json', 'no-cache'], options: ['out', 'batch', 'to'], repeatable: ['set'] });
    if (args.positionals.length !== 1) throw new BandwireError('USAGE', 'run takes exactly one graph file');
    overrides = (args.repeated.get('set') ?? []).map(parseSet);
  } catch (e) {
    io.stderr.write(`bandwire run: ${(e as Error).message}\n${USAGE}`);
    return EXIT.invalid;
  }
  const json = args.flags.has('json');
  const file = await readGraphFile(args.positionals[0], io.cwd);
  if (!file.doc || file.diagnostics.length) {
    return invalid(io, json, file.diagnostics);
  }
  const applied = applyOverrides(file.doc, overrides);
  if (applied.diagnostics.length) return invalid(io, json, applied.diagnostics);

  const host = await cliHost(io.env, io.cwd);
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) void host.dispose(); // second Ctrl-C: stop now
    controller.abort();
    io.stderr.write('\ninterrupted: cancelling…\n');
  };
  process.on('SIGINT', onSigint);
  const common = {
    host,
    io,
    json,
    baseDir: file.baseDir,
    outDir: args.options.has('out') ? resolve(io.cwd, args.options.get('out')!) : undefined,
    target: args.options.get('to'),
    diskCache: !args.flags.has('no-cache'),
    signal: controller.signal,
  };
  try {
    const batch = args.options.get('batch');
    if (batch === undefined) {
      const result = await runScene(applied.doc, common);
      if (json) io.stdout.write(JSON.stringify(result.summary, null, 2) + '\n');
      return controller.signal.aborted ? EXIT_INTERRUPTED : result.exit;
    }
    const files = glob(batch, io.cwd);
    if (files.length === 0) {
      io.stderr.write(`bandwire run: --batch '${batch}' matches no file\n`);
      if (json) io.stdout.write(JSON.stringify({ ok: false, backend: 'none', outputs: [], scenes: [] }) + '\n');
      return EXIT.invalid;
    }
    const scenes: (SceneResult & { file: string; name: string })[] = [];
    for (const scene of files) {
      if (controller.signal.aborted) break;
      const name = sceneName(scene);
      if (!json) io.stderr.write(`— scene ${name} (${scene})\n`);
      // output names first: substitute() would consume a '{name}' placeholder and the name would be inserted twice
      const doc: GraphDoc = substitute(sceneOutputs(applied.doc, host.registry, name), { file: scene, name });
      scenes.push({ file: scene, name, ...(await runScene(doc, { ...common, prefix: `${name}: ` })) });
    }
    const failed = scenes.filter((s) => s.exit !== EXIT.ok);
    if (!json) io.stdout.write(`batch: ${scenes.length - failed.length}/${files.length} scene(s) ok${failed.length ? `; failed: ${failed.map((s) => s.name).join(', ')}` : ''}\n`);
    if (json) {
      const summary = {
        ok: failed.length === 0 && scenes.length === files.length,
        backend: scenes.find((s) => s.summary.backend)?.summary.backend ?? 'none',
        outputs: scenes.flatMap((s) => s.summary.outputs),
        scenes: scenes.map((s) => ({ file: s.file, name: s.name, ...s.summary })),
      };
      io.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    }
    if (controller.signal.aborted) return EXIT_INTERRUPTED;
    return failed.length === 0 ? EXIT.ok : Math.min(...failed.map((s) => s.exit));
  } finally {
    process.off('SIGINT', onSigint);
    await host.dispose();
  }
}

function invalid(io: CliIO, json: boolean, diagnostics: RunSummary['diagnostics'] = []): number {
  io.stderr.write(formatDiagnostics(diagnostics));
  if (json) {
    const summary: RunSummary = { ok: false, backend: 'none', nodes: {}, metrics: {}, outputs: [], diagnostics };
    io.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  }
  return EXIT.invalid;
}
