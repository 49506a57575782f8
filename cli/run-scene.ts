/**
 * Runs one (already edited) graph through the engine host for `bandwire run`: validation
 * (compile + input files), progress output, the failure report on stderr and the exit code.
 */
import { compile } from '../engine/compile.ts';
import type { EngineHost } from '../engine/host.ts';
import { outputLine, type RunSummary } from '../core/events.ts';
import type { GraphDoc } from '../core/graph.ts';
import { formatDiagnostics } from './graph-file.ts';
import { EXIT, type CliIO } from './io.ts';
import { inputFileProblems } from '../engine/input-files.ts';
import { ProgressView } from './progress.ts';

export interface SceneOptions {
  host: EngineHost;
  io: CliIO;
  json: boolean;
  baseDir: string;
  outDir?: string;
  target?: string;
  diskCache: boolean;
  signal: AbortSignal;
  /** Prefix of progress lines (batch: the scene name). */
  prefix?: string;
}

export interface SceneResult {
  summary: RunSummary;
  exit: number;
}

/** Error codes that mean "bad input file" (exit 2) rather than "node failed" (exit 1). */
const INPUT_CODES = new Set(['FILE_NOT_FOUND', 'FILE_FORMAT']);

export async function runScene(doc: GraphDoc, o: SceneOptions): Promise<SceneResult> {
  const { io } = o;
  const compiled = compile(doc, o.host.registry, { target: o.target });
  const diagnostics = compiled.diagnostics.length ? compiled.diagnostics : await inputFileProblems(compiled.plan!.nodes, o.baseDir);
  if (diagnostics.length) {
    const lines = formatDiagnostics(diagnostics).split('\n').filter(Boolean);
    io.stderr.write(lines.map((l) => `${o.prefix ?? ''}${l}\n`).join(''));
    return { summary: { ok: false, backend: 'none', nodes: {}, metrics: {}, outputs: [], diagnostics }, exit: EXIT.invalid };
  }
  const view = o.json ? undefined : new ProgressView(io.stderr, o.prefix);
  const codes = new Map<string, string | undefined>();
  const handle = o.host.run(doc, { baseDir: o.baseDir, outDir: o.outDir, target: o.target, diskCache: o.diskCache }, (e) => {
    if (e.type === 'error') codes.set(e.node, e.code);
    view?.event(e);
  });
  const onAbort = () => handle.cancel();
  if (o.signal.aborted) handle.cancel();
  o.signal.addEventListener('abort', onAbort);
  const summary = await handle.done;
  o.signal.removeEventListener('abort', onAbort);
  view?.finish();

  const failed = Object.entries(summary.nodes).filter(([, r]) => r.status === 'error');
  for (const [id, r] of failed) io.stderr.write(`${o.prefix ?? ''}error: node '${id}' (${r.type}) failed: ${r.error}\n`);
  for (const d of summary.diagnostics ?? []) io.stderr.write(`${o.prefix ?? ''}${d.message}\n`);
  if (!o.json) report(io, summary, o.prefix ?? '');
  if (summary.ok) return { summary, exit: EXIT.ok };
  if (failed.length && failed.every(([id]) => INPUT_CODES.has(codes.get(id) ?? ''))) return { summary, exit: EXIT.invalid };
  return { summary, exit: EXIT.nodeFailed };
}

function report(io: CliIO, s: RunSummary, prefix: string): void {
  const records = Object.values(s.nodes);
  const count = (status: string) => records.filter((r) => r.status === status).length;
  const state = s.cancelled ? 'cancelled' : s.ok ? 'ok' : 'failed';
  io.stdout.write(`${prefix}${state}: ${count('done')} ran, ${count('cached')} cached, ${count('error')} failed, ${count('skipped')} skipped (backend ${s.backend})\n`);
  for (const [node, values] of Object.entries(s.metrics)) {
    const units = s.units?.[node] ?? {};
    io.stdout.write(`${prefix}  ${node}: ${Object.entries(values).map(([k, v]) => `${k}=${formatNumber(v)}${units[k] ? ` ${units[k]}` : ''}`).join(' ')}\n`);
  }
  for (const p of s.outputs) io.stdout.write(`${prefix}  ${outputLine(p, s.kept?.includes(p))}\n`);
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}
