/**
 * Runs one node definition outside the engine, for unit tests: applies param defaults, gives a
 * real NodeContext (files on disk, the tensor runtime, progress collected) and checks that the
 * node released every tensor it made.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError } from '../core/errors.ts';
import type { NodeContext, NodeDefinition, NodeInputs, NodeOutputs } from '../core/node-def.ts';
import { withDefaults } from '../core/params.ts';
import { createNodeFiles } from '../engine/files.ts';
import { initRuntime, tf } from '../engine/runtime/backend.ts';

export interface HarnessOptions {
  baseDir?: string;
  outDir?: string;
  signal?: AbortSignal;
  /** Collects what the node passes to ctx.keepPartial (ignored when absent); it may abort `signal`. */
  onPartial?: (outputs: NodeOutputs) => void;
}

export interface HarnessResult {
  outputs: NodeOutputs;
  progress: { fraction: number; message?: string }[];
  written: string[];
  /** Lines the node passed to ctx.log. */
  logs: string[];
  leakedTensors: number;
}

export function tempDir(prefix = 'bandwire-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function runNode(def: NodeDefinition, inputs: NodeInputs, params: Record<string, unknown> = {}, opts: HarnessOptions = {}): Promise<HarnessResult> {
  const rt = await initRuntime();
  const progress: HarnessResult['progress'] = [];
  const written: string[] = [];
  const logs: string[] = [];
  const signal = opts.signal ?? new AbortController().signal;
  const ctx: NodeContext = {
    nodeId: 'n',
    signal,
    progress: (fraction, message) => progress.push({ fraction, message }),
    log: (message) => logs.push(message),
    checkAbort: () => {
      if (signal.aborted) throw new CancelledError();
    },
    files: createNodeFiles({ baseDir: opts.baseDir ?? process.cwd(), outDir: opts.outDir, onWrite: (p) => written.push(p), node: 'n' }),
    tf,
    backend: rt.backend,
    keepPartial: (outputs) => opts.onPartial?.({ ...outputs }),
  };
  const before = tf.memory().numTensors;
  const outputs = await def.run(inputs, withDefaults(def.params, params), ctx);
  const leakedTensors = tf.memory().numTensors - before;
  return { outputs, progress, written, logs, leakedTensors };
}
