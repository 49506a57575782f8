/**
 * Initialises the wasm backend. Threads: BANDWIRE_THREADS=n (1..8) when set, else
 * min(available cores, 4) (as PyTorch and OpenBLAS, every core by default; more than 4 gains
 * little on the PNN-sized convolutions). More than one thread uses the threaded SIMD build
 * (threads.ts: tfjs disables it under Node, so the project loads it itself); if that fails to
 * start, the single-threaded build is used and the note (shown in the backend reason) says why.
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { BandwireError } from '../../core/errors.ts';
import { Unavailable } from './select.ts';
import { maxThreads, useThreadedWasm } from './threads.ts';

export interface WasmInit {
  threads: number;
  /** How the thread count was chosen, and why fewer threads run when the threaded build failed. */
  note?: string;
}

/** Default thread count: every core up to 4. */
export const defaultThreads = (cores = availableParallelism()): number => Math.max(1, Math.min(cores, 4));

/** Threads asked for by BANDWIRE_THREADS (the default when unset or empty). */
export function requestedThreads(value = process.env.BANDWIRE_THREADS, cores = availableParallelism()): number {
  if (value === undefined || value.trim() === '') return defaultThreads(cores);
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > maxThreads) {
    throw new BandwireError('USAGE', `BANDWIRE_THREADS=${value} is not a thread count: use an integer from 1 to ${maxThreads}, or unset it for the default (${defaultThreads(cores)} here: the cores, at most 4)`);
  }
  return threads;
}

/**
 * XNNPACK's pool threads live for the whole process and Emscripten keeps their workers ref'd,
 * which would stop Node from exiting: unref them (they only ever run while the main thread waits).
 */
function releaseThreads(): void {
  const module = (tf.backend() as unknown as { wasm?: { PThread?: { runningWorkers?: { unref(): void }[] } } }).wasm;
  for (const worker of module?.PThread?.runningWorkers ?? []) worker.unref();
}

/** `startThreaded` registers the threaded build as 'wasm' (a parameter so tests can make it fail). */
export async function initWasm(startThreaded: (threads: number) => void = useThreadedWasm): Promise<WasmInit> {
  const threads = requestedThreads();
  const chosen = process.env.BANDWIRE_THREADS?.trim() ? `threads set by BANDWIRE_THREADS=${threads}` : `${threads} thread(s) by default (every core up to 4: ${availableParallelism()} cores here)`;
  let note: string | undefined;
  if (threads > 1) {
    const original = tf.findBackendFactory('wasm');
    let failure = 'it did not initialise';
    try {
      startThreaded(threads);
      if (await tf.setBackend('wasm')) {
        releaseThreads();
        return { threads: getThreadsCount(), note: chosen };
      }
    } catch (e) {
      failure = String((e as Error)?.message ?? e).split('\n')[0];
    }
    note = `${chosen}: the threaded wasm build failed to start (${failure}), using 1 thread`;
    tf.removeBackend('wasm');
    if (original) tf.registerBackend('wasm', original, 2);
  }
  if (!(await tf.setBackend('wasm'))) throw new Unavailable('the wasm backend failed to initialise');
  return { threads: getThreadsCount(), note: note ?? chosen };
}
