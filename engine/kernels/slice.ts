/**
 * Slice for the wasm backend. tfjs-backend-wasm 4.22 copies a non-contiguous 4-D slice one
 * innermost row at a time through `subarray`, which allocates a view per pixel: cropping a
 * [1, 240, 240, 1] image costs ~5 ms. Here the trailing axes that are kept whole are merged into
 * one run, and runs are copied by a plain loop when short, `set` when long. Exact copies, any
 * rank; strings keep tfjs's kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs } from './wasm-kernel-utils.ts';

type Typed = Float32Array | Int32Array | Uint8Array;

/** Runs shorter than this are copied element by element (a `subarray` view costs more). */
const shortRun = 64;

/** Copies the box `begin` + `size` of `source` (shape `shape`, row-major) into `target`. */
export function sliceInto(source: Typed, shape: number[], begin: number[], size: number[], target: Typed): void {
  const rank = shape.length;
  if (size.some((s) => s === 0)) return;
  // Merge trailing axes kept whole: axis k is the last one sliced; run = size[k] · (whole axes after it).
  let k = rank - 1;
  let inner = 1;
  while (k > 0 && begin[k] === 0 && size[k] === shape[k]) {
    inner *= shape[k];
    k--;
  }
  const run = size[k] * inner;
  const strides = tf.util.computeStrides(shape);
  strides.push(1);
  const index = begin.slice(0, k);
  const outer = size.slice(0, k).reduce((a, b) => a * b, 1);
  let written = 0;
  for (let n = 0; n < outer; n++) {
    let from = begin[k] * strides[k];
    for (let d = 0; d < k; d++) from += index[d] * strides[d];
    if (run >= shortRun) target.set(source.subarray(from, from + run), written);
    else for (let i = 0; i < run; i++) target[written + i] = source[from + i];
    written += run;
    // Odometer over the outer axes.
    for (let d = k - 1; d >= 0; d--) {
      if (++index[d] < begin[d] + size[d]) break;
      index[d] = begin[d];
    }
  }
}

export function sliceConfig(original: tf.KernelConfig): tf.KernelConfig {
  function slice(args: KernelArgs): tf.TensorInfo {
    const backend = args.backend as BackendWasm;
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return original.kernelFunc(args) as tf.TensorInfo;
    const attrs = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size);
    const out = backend.makeOutput(size, x.dtype);
    // Views taken after makeOutput (which may grow the heap).
    const source = backend.typedArrayFromHeap(x) as Typed;
    const target = backend.typedArrayFromHeap(out) as Typed;
    sliceInto(source, x.shape, begin, size, target);
    return out;
  }
  return { ...original, kernelFunc: slice as unknown as tf.KernelFunc };
}
