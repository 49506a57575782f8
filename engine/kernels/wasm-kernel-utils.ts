/**
 * Helpers shared by the project's wasm kernels: typed access to the wasm backend's heap, the
 * backend's own kernels (called directly, as tfjs backends do internally), and flipped filters.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The wasm backend's own kernel function for `name` (throws if tfjs lacks it). */
export function wasmKernel(name: string): tf.KernelFunc {
  const config = tf.getKernel(name, 'wasm');
  if (!config) throw new Error(`tfjs-backend-wasm has no '${name}' kernel`);
  return config.kernelFunc;
}

/**
 * Float32 view of a tensor's data on the wasm heap (valid until the next allocation). Reads the
 * memory's current buffer: in the threaded build the heap is shared and may have grown in a
 * pthread, leaving Emscripten's HEAPU8 view stale.
 */
export function heapFloats(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`expected a float32 tensor, got ${info.dtype}`);
  const module = backend.wasm as unknown as { wasmMemory?: WebAssembly.Memory; HEAPU8: Uint8Array };
  const buffer = module.wasmMemory?.buffer ?? module.HEAPU8.buffer;
  return new Float32Array(buffer, backend.dataIdMap.get(info.dataId)!.memoryOffset, tf.util.sizeFromShape(info.shape));
}

/** XNNPACK's thread count of this backend (1 for the single-thread build). */
export function threadsOf(backend: BackendWasm): number {
  const bridge = (backend.wasm as unknown as { tfjs?: { getThreadsCount?: () => number } }).tfjs;
  return bridge?.getThreadsCount?.() ?? 1;
}

/** A new float32 tensor on the wasm heap holding `values`. */
export function makeFloatOutput(backend: BackendWasm, shape: number[], values: ArrayLike<number>): tf.TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  heapFloats(backend, out).set(values);
  return out;
}

/**
 * Filter for the input gradient of a stride-1 convolution: W'[kh, kw, o, i] = W[KH−1−kh, KW−1−kw, i, o]
 * from W [KH, KW, I, O] (spatially flipped, in/out channels swapped). For depthwise filters
 * [KH, KW, C, 1] pass outer = C, inner = 1.
 */
export function flipFilter(filter: Float32Array, height: number, width: number, inner: number, outer: number): Float32Array {
  const out = new Float32Array(filter.length);
  const tap = inner * outer;
  for (let kh = 0; kh < height; kh++) {
    for (let kw = 0; kw < width; kw++) {
      const source = ((height - 1 - kh) * width + (width - 1 - kw)) * tap;
      const target = (kh * width + kw) * tap;
      for (let i = 0; i < inner; i++) for (let o = 0; o < outer; o++) out[target + o * inner + i] = filter[source + i * outer + o];
    }
  }
  return out;
}

/**
 * Padding of the forward convolution that computes the input gradient of a stride-1 convolution:
 * dx = corr(dy, flipped W) with top' = KH−1−top and bottom' chosen so the output has inHeight rows
 * (likewise for columns). Undefined when a side would need negative padding.
 */
export function transposedPadding(info: tf.backend_util.Conv2DInfo): [[number, number], [number, number], [number, number], [number, number]] | undefined {
  const top = info.filterHeight - 1 - info.padInfo.top;
  const left = info.filterWidth - 1 - info.padInfo.left;
  const bottom = info.inHeight - info.outHeight - top + info.filterHeight - 1;
  const right = info.inWidth - info.outWidth - left + info.filterWidth - 1;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return undefined;
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}
