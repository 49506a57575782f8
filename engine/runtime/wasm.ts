/**
 * Initialises the wasm backend. One thread by default; BANDWIRE_THREADS=n (2..8) uses the threaded
 * SIMD build (threads.ts: tfjs disables it under Node, so the project loads it itself). If the
 * threaded build fails to start, the single-threaded one is used and the reason says why.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { BandwireError } from '../../core/errors.ts';
import { Unavailable } from './select.ts';
import { maxThreads, useThreadedWasm } from './threads.ts';

export interface WasmInit {
  threads: number;
  /** Set when BANDWIRE_THREADS asked for threads that could not be used. */
  note?: string;
}

/** Threads asked for by BANDWIRE_THREADS (1 when unset). */
export function requestedThreads(value = process.env.BANDWIRE_THREADS): number {
  if (value === undefined || value.trim() === '') return 1;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > maxThreads) {
    throw new BandwireError('USAGE', `BANDWIRE_THREADS=${value} is not a thread count: use an integer from 1 to ${maxThreads}, or unset it for 1`);
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

export async function initWasm(): Promise<WasmInit> {
  const threads = requestedThreads();
  let note: string | undefined;
  if (threads > 1) {
    const original = tf.findBackendFactory('wasm');
    useThreadedWasm(threads);
    if (await tf.setBackend('wasm')) {
      releaseThreads();
      return { threads: getThreadsCount() };
    }
    note = `BANDWIRE_THREADS=${threads}: the threaded wasm build failed to start, using 1 thread`;
    tf.removeBackend('wasm');
    if (original) tf.registerBackend('wasm', original, 2);
  }
  if (!(await tf.setBackend('wasm'))) throw new Unavailable('the wasm backend failed to initialise');
  return { threads: getThreadsCount(), note };
}
