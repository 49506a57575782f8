/**
 * Picks the tensor backend once per process (or worker thread) and reports why:
 * BANDWIRE_BACKEND forces one (tensorflow | wasm | cpu); otherwise tfjs-node-gpu (if it loads and
 * sees a GPU), tfjs-node, wasm (with the project kernels), cpu — see select.ts.
 * Also registers tfjs's gradient functions (via '@tensorflow/tfjs', see kernels/register.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { registerProjectKernels } from '../kernels/register.ts';
import { relaxedSimdState } from '../kernels/relaxed-simd.ts';
import { loadedVersions, realLoaders } from './loaders.ts';
import { selectBackend } from './select.ts';

export interface RuntimeInfo {
  backend: string;
  /** Why this backend, and why each better one was not used. */
  reason: string;
  /** Compute threads (wasm: its thread pool; tensorflow: 0 = TensorFlow's own default; cpu: 1). */
  threads: number;
  versions: Record<string, string>;
  /** Kernels and gradients the project supplies on top of tfjs. */
  kernels: string[];
  /** wasm backend: whether the project's SIMD kernels use fused multiply-add (relaxed SIMD), and why. */
  kernelSimd?: string;
}

let ready: Promise<RuntimeInfo> | undefined;

export function initRuntime(): Promise<RuntimeInfo> {
  ready ??= (async () => {
    const kernels = registerProjectKernels();
    const selection = await selectBackend(process.env.BANDWIRE_BACKEND || undefined, realLoaders);
    await tf.ready();
    const versions = { node: process.versions.node, 'tfjs-core': tf.version_core, 'tfjs-backend-wasm': version_wasm, ...loadedVersions };
    const backend = tf.getBackend();
    const kernelSimd = backend === 'wasm' ? `relaxed SIMD ${relaxedSimdState().note}` : undefined;
    return { backend, reason: selection.reason, threads: selection.threads, versions, kernels, ...(kernelSimd ? { kernelSimd } : {}) };
  })();
  ready.catch(() => { ready = undefined; });
  return ready;
}

export { tf };
