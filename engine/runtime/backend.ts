/**
 * Picks the tensor backend once per process (worker): BANDWIRE_BACKEND forces one; otherwise
 * tfjs-node-gpu (if it loads and sees a GPU), tfjs-node, wasm (with project kernels), cpu.
 * (Minimal first version; engine/runtime owns the full selection and kernels.)
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export interface RuntimeInfo {
  backend: string;
  reason: string;
  threads: number;
  versions: Record<string, string>;
}

let ready: Promise<RuntimeInfo> | undefined;

export function initRuntime(): Promise<RuntimeInfo> {
  ready ??= (async () => {
    const forced = process.env.BANDWIRE_BACKEND;
    const name = forced || 'wasm';
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`tensor backend '${name}' could not be initialised`);
    await tf.ready();
    return {
      backend: tf.getBackend(),
      reason: forced ? `forced by BANDWIRE_BACKEND=${forced}` : 'default',
      threads: 1,
      versions: { 'tfjs-core': tf.version_core },
    };
  })();
  return ready;
}

export { tf };
