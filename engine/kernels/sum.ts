/**
 * Sum for the wasm backend when the reduced axes are the leading ones (a column sum), as in the
 * bias gradient of a conv layer: sum of dy [1, H, W, C] over axes [0, 1, 2]. tfjs-backend-wasm
 * 4.22 first transposes the whole tensor so that the reduced axes come last (~17 ms for a
 * [1, 242, 242, 32] gradient), then sums each row sequentially in float32. Here each column is
 * summed in the same order (row 0, 1, 2, …) in float32 without the transpose, so the values are
 * identical: out[c] = (((x[0, c] + x[1, c]) + x[2, c]) + …) over the rows of the
 * [rows, columns] view. Other axes, dtypes and empty tensors keep tfjs's kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFloats, type KernelArgs } from './wasm-kernel-utils.ts';

/**
 * out[c] = Σ_r data[r·columns + c] for r = 0 .. rows−1, accumulated in float32 in row order.
 * Math.fround of the double sum of two float32 values equals float32 addition (a double holds
 * ≥ 2·24 + 2 bits, so the double rounding is innocuous).
 */
export function columnSum(data: Float32Array, rows: number, columns: number, out: Float32Array): void {
  const round = Math.fround;
  out.fill(0, 0, columns);
  // Rows in blocks of ~64 KB (cache-resident while their columns are swept 4 at a time); the
  // per-column order stays row 0, 1, 2, … since each block continues from the stored sums.
  const block = Math.max(1, Math.floor(16384 / columns));
  for (let first = 0; first < rows; first += block) {
    const last = Math.min(rows, first + block);
    let c = 0;
    for (; c + 4 <= columns; c += 4) {
      let s0 = out[c], s1 = out[c + 1], s2 = out[c + 2], s3 = out[c + 3];
      for (let i = first * columns + c, end = last * columns + c; i < end; i += columns) {
        s0 = round(s0 + data[i]);
        s1 = round(s1 + data[i + 1]);
        s2 = round(s2 + data[i + 2]);
        s3 = round(s3 + data[i + 3]);
      }
      out[c] = s0;
      out[c + 1] = s1;
      out[c + 2] = s2;
      out[c + 3] = s3;
    }
    for (; c < columns; c++) {
      let s = out[c];
      for (let i = first * columns + c, end = last * columns + c; i < end; i += columns) s = round(s + data[i]);
      out[c] = s;
    }
  }
}

/** True when `axes` (normalised, any order) are exactly 0 .. k−1 for some k < rank. */
function leadingAxes(axes: number[], rank: number): boolean {
  if (axes.length === 0 || axes.length >= rank) return false;
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((axis, i) => axis === i);
}

export function sumConfig(original: tf.KernelConfig): tf.KernelConfig {
  function sum(args: KernelArgs): tf.TensorInfo {
    const backend = args.backend as BackendWasm;
    const { x } = args.inputs as { x: tf.TensorInfo };
    const attrs = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(attrs.axis, x.shape);
    const size = tf.util.sizeFromShape(x.shape);
    if (x.dtype !== 'float32' || size === 0 || !leadingAxes(axes, x.shape.length)) return original.kernelFunc(args) as tf.TensorInfo;
    const kept = x.shape.slice(axes.length);
    const columns = tf.util.sizeFromShape(kept);
    const outShape = attrs.keepDims ? [...x.shape.slice(0, axes.length).map(() => 1), ...kept] : kept;
    const out = backend.makeOutput(outShape, 'float32');
    // Views taken after makeOutput (which may grow the heap).
    columnSum(heapFloats(backend, x), size / columns, columns, heapFloats(backend, out));
    return out;
  }
  return { ...original, kernelFunc: sum as unknown as tf.KernelFunc };
}
