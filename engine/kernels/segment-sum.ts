/**
 * UnsortedSegmentSum for the wasm backend (absent from tfjs-backend-wasm 4.22; it is the gradient
 * of gather): out[s, ...] = Σ_{i: ids[i] = s} x[i, ...], ids of length x.shape[0]; ids outside
 * [0, numSegments) are dropped (as TensorFlow does). float32 or int32.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs } from './wasm-kernel-utils.ts';

export function segmentSum(x: Float32Array | Int32Array, ids: Int32Array, numSegments: number, rowSize: number): Float64Array {
  const out = new Float64Array(numSegments * rowSize);
  for (let i = 0; i < ids.length; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const source = i * rowSize;
    const target = segment * rowSize;
    for (let k = 0; k < rowSize; k++) out[target + k] += x[source + k];
  }
  return out;
}

function unsortedSegmentSum(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as { numSegments: number };
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`UnsortedSegmentSum on wasm supports float32 and int32, got ${x.dtype}`);
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const rowSize = tf.util.sizeFromShape(x.shape) / Math.max(rows, 1);
  const ids = segmentIds.dtype === 'int32'
    ? (backend.typedArrayFromHeap(segmentIds) as Int32Array)
    : Int32Array.from(backend.typedArrayFromHeap(segmentIds) as Float32Array);
  const sums = segmentSum(backend.typedArrayFromHeap(x) as Float32Array | Int32Array, ids, numSegments, rowSize);
  const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = backend.makeOutput(shape, x.dtype);
  (backend.typedArrayFromHeap(out) as Float32Array | Int32Array).set(sums);
  return out;
}

export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
};
