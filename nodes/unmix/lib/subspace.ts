/**
 * Second-order statistics and subspaces of a BIP cube, in float64 where it matters:
 * the N x L by L x N product runs on the tensor runtime (float32, explicit transpose: see
 * RUNTIME-FACTS), means and eigen-decompositions in float64 (tridiagonal QL on flat arrays).
 */
import { tridiagonalEigen } from './symmetric-eigen.ts';
import { topEigenpairs } from './top-eigen.ts';
import type { NodeContext } from '../../../core/node-def.ts';

/** Per-band mean of N pixels x L bands (BIP) in float64. */
export function bandMeans(data: Float32Array, pixels: number, bands: number): Float64Array {
  const mean = new Float64Array(bands);
  for (let i = 0, j = 0; i < pixels; i++) for (let b = 0; b < bands; b++, j++) mean[b] += data[j];
  for (let b = 0; b < bands; b++) mean[b] /= pixels;
  return mean;
}

/**
 * Correlation (center false: Y Y^T / N) or covariance (center true: (Y - m)(Y - m)^T / N) of the
 * L x N pixel matrix, returned as an L x L float64 row-major array. `mean` is subtracted before
 * the product (float32) so that the covariance keeps its precision.
 */
export function secondMoment(tf: NodeContext['tf'], data: Float32Array, pixels: number, bands: number, mean?: Float64Array): Float64Array {
  const values = tf.tidy(() => {
    let y = tf.tensor2d(data, [pixels, bands]);
    if (mean) y = tf.sub(y, tf.tensor2d(Float32Array.from(mean), [1, bands]));
    return tf.matMul(tf.transpose(y), y).dataSync();
  });
  const out = new Float64Array(bands * bands);
  for (let i = 0; i < out.length; i++) out[i] = values[i] / pixels;
  // symmetrise (float32 rounding)
  for (let r = 0; r < bands; r++) {
    for (let c = r + 1; c < bands; c++) {
      const v = 0.5 * (out[r * bands + c] + out[c * bands + r]);
      out[r * bands + c] = v;
      out[c * bands + r] = v;
    }
  }
  return out;
}

/** Eigen-pairs of a symmetric L x L matrix, eigenvalues descending; vectors[k] has length L, largest-magnitude entry positive. */
export function symmetricEigen(matrix: Float64Array, size: number): { values: number[]; vectors: Float64Array[] } {
  const { values, vectors: rows } = tridiagonalEigen(matrix, size);
  const order = Array.from(values, (v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
  const vectors = order.map(([, i]) => signConvention(rows.slice(i * size, i * size + size)));
  return { values: order.map(([v]) => v), vectors };
}

/**
 * The `count` leading eigen-pairs only (same order and sign convention as symmetricEigen), by
 * tridiagonal inverse iteration (top-eigen.ts): about 3x faster than the full decomposition at L = 198.
 */
export function symmetricTopEigen(matrix: Float64Array, size: number, count: number): { values: number[]; vectors: Float64Array[] } {
  const { values, vectors } = topEigenpairs(matrix, size, count);
  return { values, vectors: vectors.map(signConvention) };
}

/** Eigenvectors are defined up to sign: make the largest-magnitude entry positive (as the numpy reference does). */
function signConvention(v: Float64Array): Float64Array {
  let peak = 0;
  for (let k = 1; k < v.length; k++) if (Math.abs(v[k]) > Math.abs(v[peak])) peak = k;
  return v[peak] < 0 ? v.map((x) => -x) : v;
}

/**
 * Projects every pixel onto d basis vectors: out[n * d + k] = basis[k] . (y_n - offset).
 * Returns N x d float64 (row-major).
 */
export function project(data: Float32Array, pixels: number, bands: number, basis: Float64Array[], offset?: Float64Array): Float64Array {
  const d = basis.length;
  const out = new Float64Array(pixels * d);
  const centred = new Float64Array(bands);
  for (let n = 0; n < pixels; n++) {
    const base = n * bands;
    for (let b = 0; b < bands; b++) centred[b] = data[base + b] - (offset ? offset[b] : 0);
    for (let k = 0; k < d; k++) {
      const u = basis[k];
      let s = 0;
      for (let b = 0; b < bands; b++) s += u[b] * centred[b];
      out[n * d + k] = s;
    }
  }
  return out;
}

/**
 * Y Y^T / N (L x L) accumulated in float64 in plain loops (N L^2 / 2 multiply-adds), for HySime,
 * whose noise regression needs more than float32 precision.
 */
export function correlation64(data: Float32Array, pixels: number, bands: number): Float64Array {
  const L = bands;
  const out = new Float64Array(L * L);
  const pixel = new Float64Array(L);
  for (let n = 0; n < pixels; n++) {
    for (let b = 0; b < L; b++) pixel[b] = data[n * L + b];
    for (let r = 0; r < L; r++) {
      const v = pixel[r];
      const row = r * L;
      for (let c = r; c < L; c++) out[row + c] += v * pixel[c];
    }
  }
  for (let r = 0; r < L; r++) {
    for (let c = r; c < L; c++) {
      const v = out[r * L + c] / pixels;
      out[r * L + c] = v;
      out[c * L + r] = v;
    }
  }
  return out;
}
