/**
 * Runs one plan node: cache lookup (memory, then disk), the node's `run` with its context
 * (files, progress, abort), output checks, and cache store. Sink nodes (no outputs, e.g.
 * writers) count as cached only while every file they wrote still has the same size + mtime.
 */
import { stat } from 'node:fs/promises';
import { BandwireError, CancelledError } from '../core/errors.ts';
import type { RunEvent } from '../core/events.ts';
import type { NodeContext, NodeInputs, NodeOutputs } from '../core/node-def.ts';
import type { Value } from '../core/values.ts';
import type { DiskCache } from './disk-cache.ts';
import { createNodeFiles } from './files.ts';
import type { CacheEntry, FileStamp, MemoryCache } from './memory-cache.ts';
import type { PlanNode } from './plan.ts';

export interface NodeRunEnv {
  baseDir: string;
  outDir?: string;
  signal: AbortSignal;
  /** Synchronous cancel check (a shared flag set by the host while the worker is busy). */
  cancelRequested?: () => boolean;
  abort: () => void;
  memoryCache?: MemoryCache;
  diskCache?: DiskCache;
  tf: NodeContext['tf'];
  backend: string;
  emit: (e: RunEvent) => void;
  onTempFile?: (tmpPath: string, live: boolean) => void;
  /** Minimum ms between two progress events of one node (series points always pass). */
  progressIntervalMs?: number;
  /** The graph being run (canonical JSON), handed to writers to embed as metadata. */
  graphJson?: string;
  /** Receives the outputs a node keeps in case it is cancelled (ctx.keepPartial); never cached. */
  keepPartial?: (outputs: NodeOutputs) => void;
}

export interface NodeRunResult {
  outputs: NodeOutputs;
  files: string[];
  cached: boolean;
  ms?: number;
}

async function stampsValid(files: FileStamp[]): Promise<boolean> {
  for (const f of files) {
    try {
      const st = await stat(f.path);
      if (st.size !== f.size || st.mtimeMs !== f.mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function stamp(paths: string[]): Promise<FileStamp[]> {
  const out: FileStamp[] = [];
  for (const path of paths) {
    const st = await stat(path);
    out.push({ path, size: st.size, mtimeMs: st.mtimeMs });
  }
  return out;
}

async function lookup(key: string, env: NodeRunEnv): Promise<CacheEntry | undefined> {
  const mem = env.memoryCache?.get(key);
  if (mem && (await stampsValid(mem.files))) return mem;
  const disk = await env.diskCache?.get(key);
  if (disk && (await stampsValid(disk.files))) {
    env.memoryCache?.set(key, disk);
    return disk;
  }
  return undefined;
}

/** Checks a value arriving at an input against the port type (a `band` input takes one band). */
function checkInput(node: PlanNode, port: string, value: Value | undefined): void {
  const spec = node.def.inputs.find((p) => p.name === port);
  if (spec?.type === 'band' && value?.kind === 'raster' && value.bands !== 1) {
    throw new BandwireError('INPUT_INVALID', `input '${port}' of node '${node.id}' takes a single band, got a raster with ${value.bands} bands`, { node: node.id, port });
  }
}

export async function runPlanNode(node: PlanNode, key: string, inputs: NodeInputs, env: NodeRunEnv): Promise<NodeRunResult> {
  const hit = await lookup(key, env);
  if (hit) return { outputs: hit.outputs, files: hit.files.map((f) => f.path), cached: true };
  for (const [port, value] of Object.entries(inputs)) checkInput(node, port, value);

  const written: string[] = [];
  const interval = env.progressIntervalMs ?? 100;
  let lastProgress = -Infinity;
  const checkAbort = () => {
    if (!env.signal.aborted && env.cancelRequested?.()) env.abort();
    if (env.signal.aborted) throw new CancelledError();
  };
  const ctx: NodeContext = {
    nodeId: node.id,
    signal: env.signal,
    progress(fraction, message, extra) {
      const now = performance.now();
      if (!extra?.series && fraction < 1 && now - lastProgress < interval) return;
      lastProgress = now;
      env.emit({ type: 'running', node: node.id, progress: Math.max(0, Math.min(1, fraction)), message, series: extra?.series, step: extra?.step });
    },
    log: (message) => env.emit({ type: 'log', node: node.id, message }),
    checkAbort,
    files: createNodeFiles({
      baseDir: env.baseDir,
      outDir: env.outDir,
      node: node.id,
      onTempFile: env.onTempFile,
      onWrite: (path) => {
        written.push(path);
        env.emit({ type: 'output', node: node.id, path });
      },
    }),
    tf: env.tf,
    backend: env.backend,
    graphJson: env.graphJson,
    keepPartial: (outputs) => env.keepPartial?.({ ...outputs }),
  };

  env.emit({ type: 'running', node: node.id, progress: 0 });
  const t0 = performance.now();
  const outputs = await node.def.run(inputs, node.params, ctx);
  checkAbort();
  const ms = performance.now() - t0;
  for (const port of node.def.outputs) {
    if (!outputs || outputs[port.name] === undefined) {
      throw new Error(`node '${node.id}' (${node.type}) did not produce its output '${port.name}'`);
    }
  }
  const entry: CacheEntry = { outputs, files: await stamp(written) };
  env.memoryCache?.set(key, entry);
  await env.diskCache?.set(key, entry);
  return { outputs, files: written, cached: false, ms };
}
