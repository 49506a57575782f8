/**
 * Pixel-matrix products on the tensor runtime (float32, chunked, float64 accumulation across
 * chunks): band means, covariance/correlation, second moments of projected pixels, projections.
 * Pixel data are BIP Float32Arrays of `pixels × bands`; matrices row-major Float64Arrays.
 * Uses explicit transposes before matMul (the transposeA/B flags are ~10x slower on wasm).
 */
import { symmetrise } from './linalg.ts';

type Tf = typeof import('@tensorflow/tfjs-core');

/** Pixels per tensor chunk: float32 sums over at most this many terms before float64 accumulation. */
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

/**
 * Second moments on the tensor runtime. `centre: true` gives the sample covariance
 * Σ (x-μ)(x-μ)^T / (N-1); `centre: false` gives the correlation matrix R = X^T X / N (CEM).
 * Uses an explicit transpose before matMul (the transposeA flag is ~10x slower on wasm).
 * `chunkPixels` bounds the float32 sums (smaller = more accurate: 256 gives ~1e-4 relative
 * accuracy in the whitened metric on AVIRIS scenes, 2048 ~5e-3).
 */
export function moments(tf: Tf, data: Float32Array, pixels: number, bands: number, centre: boolean, chunkPixels = CHUNK_PIXELS): Moments {
  const mean = centre ? bandMeans(data, pixels, bands) : new Float64Array(bands);
  const matrix = new Float64Array(bands * bands);
  const mean32 = Float32Array.from(mean);
  for (let start = 0; start < pixels; start += chunkPixels) {
    const count = Math.min(chunkPixels, pixels - start);
    const chunk = data.subarray(start * bands, (start + count) * bands);
    const partial = tf.tidy(() => {
      let x = tf.tensor2d(chunk, [count, bands]);
      if (centre) x = tf.sub(x, tf.tensor1d(mean32));
      return tf.matMul(tf.transpose(x), x);
    });
    const values = partial.dataSync();
    partial.dispose();
    for (let i = 0; i < values.length; i++) matrix[i] += values[i];
  }
  // Correct for float32 centring by mean32 instead of mean: Σ(x-m32)(x-m32)^T = S + N d d^T, d = m - m32.
  if (centre) {
    for (let i = 0; i < bands; i++) {
      const di = mean[i] - mean32[i];
      for (let j = 0; j < bands; j++) matrix[i * bands + j] -= pixels * di * (mean[j] - mean32[j]);
    }
  }
  const divisor = centre ? pixels - 1 : pixels;
  for (let i = 0; i < matrix.length; i++) matrix[i] /= divisor;
  symmetrise(matrix, bands);
  return { mean, matrix, count: pixels };
}

/**
 * Second moment Σ z z^T / divisor of the projected pixels z = M (x - offset), M `bands × bands`,
 * on the tensor runtime in chunks (float32 sums over ≤ CHUNK_PIXELS terms, float64 total). With
 * M an approximate whitening of the data's covariance this matrix is close to I, so its float32
 * rounding is harmless: the refinement step of `whiten` (nodes/detect/common.ts).
 */
export function projectedMoment(
  tf: Tf,
  data: Float32Array,
  pixels: number,
  bands: number,
  matrix: Float64Array,
  offset: Float64Array | undefined,
  divisor: number,
): Float64Array {
  const out = new Float64Array(bands * bands);
  const transposed = tf.tidy(() => tf.transpose(tf.tensor2d(Float32Array.from(matrix), [bands, bands])));
  const offset32 = offset ? tf.tensor1d(Float32Array.from(offset)) : undefined;
  try {
    for (let start = 0; start < pixels; start += CHUNK_PIXELS) {
      const count = Math.min(CHUNK_PIXELS, pixels - start);
      const partial = tf.tidy(() => {
        let x = tf.tensor2d(data.subarray(start * bands, (start + count) * bands), [count, bands]);
        if (offset32) x = tf.sub(x, offset32);
        const z = tf.matMul(x, transposed);
        return tf.matMul(tf.transpose(z), z);
      });
      const values = partial.dataSync();
      partial.dispose();
      for (let i = 0; i < values.length; i++) out[i] += values[i];
    }
  } finally {
    transposed.dispose();
    offset32?.dispose();
  }
  for (let i = 0; i < out.length; i++) out[i] /= divisor;
  symmetrise(out, bands);
  return out;
}

/**
 * Projects every pixel on the tensor runtime: out[p, k] = Σ_b M[k, b] (x[p, b] - offset[b]),
 * for M `outputs × bands` (row-major float64). Output is pixels × outputs float32.
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

/** Pixels per block of `whitenedForms` (8192 × 200 float32 = 6.5 MB per block tensor). */
const FORM_BLOCK_PIXELS = 8192;

export interface WhitenedForms {
  /** |y_p|² per pixel (float32), y_p = M (x_p - offset): with M a whitening of C, (x-μ)^T C^{-1} (x-μ). */
  norms: Float32Array;
  /** y_p · v per pixel (float32), when `vector` is given. */
  cross?: Float32Array;
}

/**
 * Per-pixel quadratic forms on the tensor runtime, block by block (FORM_BLOCK_PIXELS pixels):
 * Y = (X - offset) M^T (one matMul, explicit transpose), then |y|² = Σ_k y_k² and y · v, so
 * only one or two floats per pixel come back (no pixels × bands read-back, no JS loop over bands).
 * `matrix` is `bands × bands` row-major float64, `vector` length bands.
 */
export function whitenedForms(
  tf: Tf,
  data: Float32Array,
  pixels: number,
  bands: number,
  matrix: Float64Array,
  offset: Float64Array | undefined,
  vector?: Float64Array,
  checkAbort?: () => void,
): WhitenedForms {
  const norms = new Float32Array(pixels);
  const cross = vector ? new Float32Array(pixels) : undefined;
  const transposed = tf.tidy(() => tf.transpose(tf.tensor2d(Float32Array.from(matrix), [bands, bands])));
  const offset32 = offset ? tf.tensor1d(Float32Array.from(offset)) : undefined;
  const column = vector ? tf.tensor2d(Float32Array.from(vector), [bands, 1]) : undefined;
  try {
    for (let start = 0; start < pixels; start += FORM_BLOCK_PIXELS) {
      checkAbort?.();
      const count = Math.min(FORM_BLOCK_PIXELS, pixels - start);
      const [norm, dot] = tf.tidy(() => {
        let x = tf.tensor2d(data.subarray(start * bands, (start + count) * bands), [count, bands]);
        if (offset32) x = tf.sub(x, offset32);
        const y = tf.matMul(x, transposed);
        return [tf.sum(tf.square(y), 1), column ? tf.matMul(y, column) : undefined];
      });
      norms.set(norm.dataSync(), start);
      norm.dispose();
      if (dot) {
        cross!.set(dot.dataSync(), start);
        dot.dispose();
      }
    }
  } finally {
    transposed.dispose();
    offset32?.dispose();
    column?.dispose();
  }
  return { norms, cross };
}
