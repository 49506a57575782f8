/**
 * The PAN low-pass of R-PNN's threshold mask on plain typed arrays: reflect padding, then the
 * 41x41 MTF filter as a 'valid' correlation in the project's SIMD kernel
 * (engine/kernels/assembly/correlate.ts). XNNPACK handles this one-channel, 1681-tap shape badly
 * (~0.5 s for a 252x252 output, 107 M multiply-adds); the kernel takes ~20 ms. Same values as
 * mirrorPad + tf.conv2d(.., 'valid') up to float32 summation order.
 */
import { correlateValid } from '../../../engine/kernels/correlate-module.ts';

/** Reflect padding (tf/numpy 'reflect': the edge sample is not repeated) of [rows, cols] by `pad` on every side. */
export function reflectPad(image: Float32Array, rows: number, cols: number, pad: number): Float32Array {
  if (pad >= rows || pad >= cols) throw new Error(`reflectPad: padding ${pad} needs an image larger than ${rows}x${cols}`);
  const outCols = cols + 2 * pad;
  const out = new Float32Array((rows + 2 * pad) * outCols);
  const mirror = (k: number, n: number) => (k < 0 ? -k : k >= n ? 2 * (n - 1) - k : k);
  for (let i = 0; i < rows + 2 * pad; i++) {
    const source = mirror(i - pad, rows) * cols;
    for (let j = 0; j < outCols; j++) out[i * outCols + j] = image[source + mirror(j - pad, cols)];
  }
  return out;
}

/**
 * Plane [rows, cols] reflect-padded by `scope`, that reflect-padded by (size − 1)/2, filtered
 * 'valid' with kernel [size, size] → [rows + 2·scope, cols + 2·scope].
 */
export function lowpassPlane(plane: Float32Array, rows: number, cols: number, kernel: Float32Array, size: number, scope: number): Float32Array {
  const half = (size - 1) / 2;
  const once = reflectPad(plane, rows, cols, scope);
  const twice = reflectPad(once, rows + 2 * scope, cols + 2 * scope, half);
  return correlateValid(twice, rows + 2 * scope + 2 * half, cols + 2 * scope + 2 * half, kernel, size);
}
