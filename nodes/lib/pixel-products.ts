/**
 * Pixel-matrix products: band means, covariance/correlation, second moments of projected pixels
 * and per-pixel quadratic forms on the SIMD moments kernel (float32 products, float64 totals);
 * projections on the tensor runtime (float32, chunked). Pixel data are BIP Float32Arrays of
 * `pixels × bands`; matrices row-major Float64Arrays. The tensor runtime gets explicit transposes
 * before matMul (the transposeA/B flags are ~10x slower on wasm).
 */
import { pixelDots, quadraticForms, shiftedSums } from '../../engine/kernels/moments-module.ts';

type Tf = typeof import('@tensorflow/tfjs-core');

/** Pixels per tensor chunk of `projectPixels` is 4 × this. */
const CHUNK_PIXELS = 2048;

export interface Moments {
  /** Band means (length bands); all zeros when not centred. */
  mean: Float64Array;
  /** `bands × bands` covariance (divisor N-1, as numpy.cov / Spectral Python) or correlation (divisor N). */
  matrix: Float64Array;
  count: number;
}

/** Band means of BIP pixel data in float64. */
export function bandMeans(data: Float32Array, pixels: number, bands: number): Float64Array {
  const mean = new Float64Array(bands);
  for (let p = 0, o = 0; p < pixels; p++) for (let b = 0; b < bands; b++, o++) mean[b] += data[o];
  for (let b = 0; b < bands; b++) mean[b] /= pixels;
  return mean;
}

/** Pixels of the strided subsample whose mean becomes the shift of `moments` (any value works; near the mean is best). */
const SHIFT_SAMPLE = 4096;

/**
 * Second moments in float64 from the SIMD moments kernel (engine/kernels/moments-module.ts: float64
 * products and sums, f64x2 SIMD; syrk, bands²/2 MACs per pixel), in one pass over the data with a
 * shift s (the mean of a strided subsample) and S = Σ(x-s), P = Σ(x-s)(x-s)^T:
 * - `centre: true`: the sample covariance C = (P - N d d^T) / (N-1), d = S / N = μ - s, which
 *   loses nothing to cancellation since s ≈ μ;
 * - `centre: false`: the correlation matrix R = X^T X / N = (P + S s^T + s S^T + N s s^T) / N (CEM).
 * `precision: 'float32'` takes float32 products for P (twice as fast; ~1e-3 off in the whitened
 * metric of ill-conditioned scenes, the same for C and R thanks to the shift: for estimates that
 * get refined); S stays float64-exact.
 */
export function moments(data: Float32Array, pixels: number, bands: number, centre: boolean, checkAbort?: () => void, precision: 'float64' | 'float32' = 'float64'): Moments {
  const sums = shiftedSums(data, pixels, bands, sampleMean(data, pixels, bands), checkAbort, precision);
  const { shift, sum } = sums;
  const matrix = sums.products;
  const mean = new Float64Array(bands);
  if (centre) {
    const offset = sum.map((v) => v / pixels);
    for (let b = 0; b < bands; b++) mean[b] = shift[b] + offset[b];
    for (let i = 0; i < bands; i++) for (let j = 0; j < bands; j++) matrix[i * bands + j] -= pixels * (offset[i] * offset[j]);
  } else {
    for (let i = 0; i < bands; i++) {
      for (let j = 0; j < bands; j++) matrix[i * bands + j] += sum[i] * shift[j] + shift[i] * sum[j] + pixels * (shift[i] * shift[j]);
    }
  }
  const divisor = centre ? pixels - 1 : pixels;
  for (let i = 0; i < matrix.length; i++) matrix[i] /= divisor;
  return { mean, matrix, count: pixels };
}

/** Mean of every k-th pixel (about SHIFT_SAMPLE of them), float64. */
function sampleMean(data: Float32Array, pixels: number, bands: number): Float64Array {
  const stride = Math.max(1, Math.floor(pixels / SHIFT_SAMPLE));
  const mean = new Float64Array(bands);
  let count = 0;
  for (let p = 0; p < pixels; p += stride, count++) for (let b = 0, o = p * bands; b < bands; b++) mean[b] += data[o + b];
  for (let b = 0; b < bands; b++) mean[b] /= count;
  return mean;
}

/**
 * Second moment Σ z z^T / divisor of the projected pixels z = M (x - offset), M `bands × bands`
 * (`lower`: lower-triangular), on the SIMD moments kernel (float32 products, float64 totals). With
 * M an approximate whitening of the data's covariance this matrix is close to I, so its float32
 * rounding is harmless: the refinement step of `whiten` (nodes/detect/common.ts).
 */
export function projectedMoment(
  data: Float32Array,
  pixels: number,
  bands: number,
  matrix: Float64Array,
  offset: Float64Array | undefined,
  divisor: number,
  lower = false,
  checkAbort?: () => void,
): Float64Array {
  const out = quadraticForms(data, pixels, bands, matrix, bands, { offset, lower, products: true, checkAbort }).products!;
  for (let i = 0; i < out.length; i++) out[i] /= divisor;
  return out;
}

/**
 * Projects every pixel: out[p, k] = Σ_b M[k, b] (x[p, b] - offset[b]), for M `outputs × bands`
 * (row-major float64). Output is pixels × outputs float32. One output (filters: MF, CEM, OSP) runs
 * in float64 on the SIMD moments kernel (every core), more in float32 on the tensor runtime.
 */
export function projectPixels(
  tf: Tf,
  data: Float32Array,
  pixels: number,
  bands: number,
  matrix: Float64Array,
  outputs: number,
  offset?: Float64Array,
  checkAbort?: () => void,
): Float32Array {
  if (outputs === 1) {
    // m · x - m · offset in float64 per pixel (f64x2 SIMD).
    let shift = 0;
    if (offset) for (let b = 0; b < bands; b++) shift += matrix[b] * offset[b];
    return pixelDots(data, pixels, bands, matrix, shift, { dots: true }, checkAbort).dots!;
  }
  const out = new Float32Array(pixels * outputs);
  const transposed = tf.tidy(() => tf.transpose(tf.tensor2d(Float32Array.from(matrix), [outputs, bands])));
  const offset32 = offset ? tf.tensor1d(Float32Array.from(offset)) : undefined;
  try {
    for (let start = 0; start < pixels; start += CHUNK_PIXELS * 4) {
      checkAbort?.();
      const count = Math.min(CHUNK_PIXELS * 4, pixels - start);
      const result = tf.tidy(() => {
        let x = tf.tensor2d(data.subarray(start * bands, (start + count) * bands), [count, bands]);
        if (offset32) x = tf.sub(x, offset32);
        return tf.matMul(x, transposed);
      });
      out.set(result.dataSync(), start * outputs);
      result.dispose();
    }
  } finally {
    transposed.dispose();
    offset32?.dispose();
  }
  return out;
}

export interface WhitenedForms {
  /** |y_p|² per pixel (float32), y_p = M (x_p - offset): with M a whitening of C, (x-μ)^T C^{-1} (x-μ). */
  norms: Float32Array;
  /** y_p · v per pixel (float32), when `vector` is given. */
  cross?: Float32Array;
}

/**
 * Per-pixel quadratic forms on the SIMD moments kernel, block by block: y = M (x - offset), then
 * |y|² and y · v, so only one or two floats per pixel are stored. `matrix` is `bands × bands`
 * row-major float64 (used in float32; `lower`: lower-triangular, half the work), `vector` length bands.
 */
export function whitenedForms(
  data: Float32Array,
  pixels: number,
  bands: number,
  matrix: Float64Array,
  offset: Float64Array | undefined,
  vector?: Float64Array,
  checkAbort?: () => void,
  lower = false,
): WhitenedForms {
  const { norms, cross } = quadraticForms(data, pixels, bands, matrix, bands, { offset, vector, lower, checkAbort });
  return { norms, cross };
}
