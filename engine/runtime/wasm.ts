/**
 * Initialises the wasm backend (one thread).
 * Threads: tfjs-backend-wasm 4.22 turns multithreading off whenever it detects Node
 * (WASM_HAS_MULTITHREAD_SUPPORT is false under IS_NODE), so setThreadsCount has no effect as
 * shipped. BANDWIRE_THREADS=n asks for n threads; see threads.ts for whether that is honoured.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { Unavailable } from './select.ts';

export async function initWasm(): Promise<number> {
  if (!(await tf.setBackend('wasm'))) throw new Unavailable('the wasm backend failed to initialise');
  return getThreadsCount();
}
