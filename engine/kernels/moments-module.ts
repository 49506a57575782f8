/**
 * The SIMD moments module (assembly/moments.ts, committed as base64 in moments-wasm.ts) for the
 * detectors and unmixing: shifted sums and second moments (float64 or float32 products, float64
 * totals), per-pixel dot products, whitened quadratic forms and projections over BIP Float32Array
 * pixels. The block loops are in moments-blocks.ts, the chunking over one or two threads in
 * moments-threads.ts.
 */
import { momentsExports, runJob } from './moments-threads.ts';

export { momentThreads } from './moments-threads.ts';

export interface ShiftedSums {
  /** The shift s subtracted (float64 values; float32-rounded with precision 'float32'). */
  shift: Float64Array;
  /** Σ_p (x_p - s), float64 (length bands). */
  sum: Float64Array;
  /** Σ_p (x_p - s)(x_p - s)^T, float64, full symmetric `bands × bands` row-major. */
  products: Float64Array;
}

/**
 * Σ (x - s) and Σ (x - s)(x - s)^T over the `pixels × bands` BIP data with float64 totals. With s
 * close to the mean (e.g. a subsample's mean) the covariance (products - N d d^T) / (N - 1),
 * d = sum / N, loses nothing to cancellation.
 * - 'float64' (default): float64 products and sums (the float32 pixels are widened exactly; f64x2
 *   SIMD, upper triangle only: bands²/2 MACs per pixel), as numpy/BLAS.
 * - 'float32': float32 products, partial sums over 32 pixels flushed into float64 (f32x4, about
 *   twice as fast); on AVIRIS scenes (cond(C) ~ 1e7) its rounding moves C by ~4e-4 in the whitened
 *   metric, so it suits only a first estimate that is then refined (see pixelDots).
 */
export function shiftedSums(data: Float32Array, pixels: number, bands: number, shift: ArrayLike<number>, checkAbort?: () => void, precision: 'float64' | 'float32' = 'float64'): ShiftedSums {
  const single = precision === 'float32';
  const stride = single ? Math.ceil(bands / 8) * 8 : Math.ceil(bands / 4) * 4;
  const used = single ? Float64Array.from(Float32Array.from(shift)) : Float64Array.from(shift);
  const { totals } = runJob({ kind: single ? 'sums32' : 'sums', pixels, bands, shift: used }, data, checkAbort, true);
  const sum = new Float64Array(bands);
  const upper = new Float64Array(stride * stride);
  for (const part of totals) {
    for (let b = 0; b < bands; b++) sum[b] += part.sum![b];
    for (let i = 0; i < upper.length; i++) upper[i] += part.upper![i];
  }
  return { shift: used, sum, products: symmetricFromUpper(upper, stride, bands) };
}

export interface PixelDots {
  /** f32(x_p · f - offset) per pixel, when asked for. */
  dots?: Float32Array;
  /** Σ_p (x_p · f - offset) x_p, float64 (length bands), when asked for. */
  product?: Float64Array;
  /** Σ_p (x_p · f - offset), float64. */
  total: number;
}

/**
 * Float64 dot products x_p · f - offset of every pixel with one vector (f64x2 SIMD, bands MACs per
 * pixel): the filter outputs of MF/CEM (`dots`), and with `product` the exact float64 moment
 * product Σ (x - μ)((x - μ)^T f) = product - total · μ (offset = μ^T f) for iterative refinement.
 */
export function pixelDots(data: Float32Array, pixels: number, bands: number, f: ArrayLike<number>, offset: number, want: { dots?: boolean; product?: boolean }, checkAbort?: () => void): PixelDots {
  // One thread: bands MACs per pixel cost less than copying the pixels to a helper.
  const job = { kind: 'dots', pixels, bands, f: Float64Array.from(f), offset, dots: want.dots === true, product: want.product === true };
  const { outputs, totals } = runJob(job, data, checkAbort, false);
  return { dots: outputs?.dots as Float32Array | undefined, product: want.product ? totals[0].out : undefined, total: totals[0].total![0] };
}

/** The leading `n × n` symmetric matrix whose upper triangle is that of `upper` (row stride `stride`). */
function symmetricFromUpper(upper: Float64Array, stride: number, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      out[i * n + j] = upper[i * stride + j];
      out[j * n + i] = upper[i * stride + j];
    }
  }
  return out;
}

export interface FormOptions {
  /** Pixel offset m subtracted first (in float32); none = 0. */
  offset?: ArrayLike<number>;
  /** The matrix is lower-triangular (M[k, b] = 0 for b > k): half the work. */
  lower?: boolean;
  /** v (length outputs): also return y · v per pixel. */
  vector?: ArrayLike<number>;
  /** Also return Σ_p y_p y_p^T (float64, `outputs × outputs`). */
  products?: boolean;
  checkAbort?: () => void;
}

export interface Forms {
  /** |y_p|² per pixel, y_p = M (x_p - m) (float32 sums). */
  norms: Float32Array;
  /** y_p · v per pixel, when a vector was given. */
  cross?: Float32Array;
  /** Σ_p y_p y_p^T, float64 `outputs × outputs` (float32 products, float64 sums), when asked for. */
  products?: Float64Array;
}

/**
 * Per-pixel quadratic forms of y = M (x - m) for a row-major `outputs × bands` float64 matrix M
 * (used in float32, as are the products): |y|², optionally y · v and the second-moment sum of y.
 * Register-blocked f32x4: 4 pixels × 8 outputs per step, bands × outputs MACs per pixel (half
 * with `lower`).
 */
export function quadraticForms(data: Float32Array, pixels: number, bands: number, matrix: Float64Array, outputs: number, options: FormOptions = {}): Forms {
  const stride = Math.ceil(bands / 8) * 8;
  const width = Math.ceil(outputs / 8) * 8;
  const shift = new Float32Array(stride);
  if (options.offset) shift.set(Float32Array.from(options.offset));
  const wt = packPanels(matrix, bands, outputs, stride, width, options.lower === true);
  const vector = new Float32Array(width);
  if (options.vector) vector.set(Float32Array.from(options.vector));
  const job = { kind: 'forms', pixels, bands, shift, wt, width, lower: options.lower === true, vector, products: options.products === true };
  const { outputs: perPixel, totals } = runJob(job, data, options.checkAbort, true);
  let products: Float64Array | undefined;
  if (options.products) {
    const upper = new Float64Array(width * width);
    for (const part of totals) for (let i = 0; i < upper.length; i++) upper[i] += part.upper![i];
    products = symmetricFromUpper(upper, width, outputs);
  }
  return { norms: perPixel!.norms as Float32Array, cross: options.vector ? (perPixel!.cross as Float32Array) : undefined, products };
}

/**
 * Wt = M^T (zero-padded to `stride × width`) packed as the `forms` kernel reads it: panel j holds
 * rows b < end_j of Wt[b, 8j..8j+8) (8 floats each), panels one after the other; end_j = stride,
 * or min(stride, 8j + 8) for a lower-triangular M (the zero rows b > 8j + 7 are left out).
 */
function packPanels(matrix: Float64Array, bands: number, outputs: number, stride: number, width: number, lower: boolean): Float32Array {
  const wt = new Float32Array(stride * width);
  let at = 0;
  for (let k = 0; k < width; k += 8) {
    const end = lower ? Math.min(stride, k + 8) : stride;
    for (let b = 0; b < end; b++, at += 8) {
      if (b >= bands) continue;
      for (let c = 0; c < 8 && k + c < outputs; c++) wt[at + c] = matrix[(k + c) * bands + b];
    }
  }
  return wt;
}

/**
 * Projections onto `count` float64 basis vectors (row-major `count × bands`), float64:
 * out[p·count + k] = basis_k · x_p - shifts[k] (f64x2 SIMD, one thread: count × bands MACs per pixel).
 */
export function pixelProjections(data: Float32Array, pixels: number, bands: number, basis: Float64Array, count: number, shifts: Float64Array, checkAbort?: () => void): Float64Array {
  const { outputs } = runJob({ kind: 'project', pixels, bands, basis, count, shifts }, data, checkAbort, false);
  return outputs!.values as Float64Array;
}

/**
 * Number of eigenvalues of the symmetric `n × n` row-major float64 `matrix` above `sigma` (Sylvester's
 * law of inertia): the negative pivots of σI - A = L D L^T without pivoting (f64x2 SIMD, n³/6 MACs;
 * the same operations as a plain float64 loop), or -1 when a pivot vanishes or is not finite.
 */
export function countAbove(matrix: Float64Array, n: number, sigma: number): number {
  const wasm = momentsExports() as { memory: WebAssembly.Memory; negativePivots(at: number, n: number): number };
  const at = 65536;
  const bytes = n * n * 8;
  const memory = wasm.memory;
  if (at + bytes > memory.buffer.byteLength) memory.grow(Math.ceil((at + bytes - memory.buffer.byteLength) / 65536));
  const work = new Float64Array(memory.buffer, at, n * n);
  for (let i = 0; i < n * n; i++) work[i] = -matrix[i];
  for (let i = 0; i < n; i++) work[i * n + i] += sigma;
  return wasm.negativePivots(at, n);
}

/**
 * y = A x for a fixed row-major float64 `n × n` matrix A and many x (Lanczos iteration): A is copied
 * into this thread's module memory once (above the region of countAbove), each product runs the
 * f64x2 kernel (n² MACs). Valid until the next session or moments job on this thread.
 */
export function matrixVectorSession(matrix: Float64Array, n: number): (x: Float64Array) => Float64Array {
  const wasm = momentsExports() as { memory: WebAssembly.Memory; matVec64(a: number, n: number, x: number, y: number): void };
  const bytes = Math.ceil((n * n * 8) / 16) * 16;
  const vectorBytes = Math.ceil((n * 8) / 16) * 16;
  const at = 65536 + bytes;
  const end = at + bytes + 2 * vectorBytes;
  const memory = wasm.memory;
  if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  new Float64Array(memory.buffer, at, n * n).set(matrix);
  const xAt = at + bytes;
  const yAt = xAt + vectorBytes;
  return (x) => {
    new Float64Array(memory.buffer, xAt, n).set(x);
    wasm.matVec64(at, n, xAt, yAt);
    return new Float64Array(memory.buffer, yAt, n).slice();
  };
}
