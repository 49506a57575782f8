/**
 * Second-order statistics and subspaces of a BIP cube, in float64: the N x L by L x N product on
 * the SIMD moments kernel (float64 products and sums), means and eigen-decompositions in plain
 * float64 loops (tridiagonal QL on flat arrays).
 */
import { tridiagonalEigen } from './symmetric-eigen.ts';
import { topEigenpairs } from './top-eigen.ts';
import type { NodeContext } from '../../../core/node-def.ts';
import { pixelProjections, shiftedSums } from '../../../engine/kernels/moments-module.ts';

/** Per-band mean of N pixels x L bands (BIP) in float64. */
export function bandMeans(data: Float32Array, pixels: number, bands: number): Float64Array {
  const mean = new Float64Array(bands);
  for (let i = 0, j = 0; i < pixels; i++) for (let b = 0; b < bands; b++, j++) mean[b] += data[j];
  for (let b = 0; b < bands; b++) mean[b] /= pixels;
  return mean;
}

/**
 * Correlation (no mean: Y Y^T / N) or covariance (with `mean`: (Y - m)(Y - m)^T / N) of the
 * L x N pixel matrix, returned as an L x L float64 row-major array: float64 products and sums
 * (as numpy) on the SIMD moments kernel (engine/kernels/moments-module.ts, every core), with the
 * mean subtracted first. `tf` is unused (kept for the callers' signature).
 */
export function secondMoment(_tf: NodeContext['tf'], data: Float32Array, pixels: number, bands: number, mean?: Float64Array): Float64Array {
  const L = bands;
  const { sum, products } = shiftedSums(data, pixels, L, mean ?? new Float64Array(L));
  // Σ(y - m)(y - m)^T - N d d^T with d = Σ(y - m)/N (≈ 0 when m is the mean: float64 rounding only).
  const d = mean ? sum.map((v) => v / pixels) : new Float64Array(L);
  for (let r = 0; r < L; r++) for (let c = 0; c < L; c++) products[r * L + c] = (products[r * L + c] - pixels * (d[r] * d[c])) / pixels;
  return products;
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
 * Returns N x d float64 (row-major). Computed as basis[k] . y_n - basis[k] . offset in float64 on
 * the SIMD moments kernel (pixelProjections: f64x2, the float32 pixels widened exactly).
 */
export function project(data: Float32Array, pixels: number, bands: number, basis: Float64Array[], offset?: Float64Array): Float64Array {
  const d = basis.length;
  const flat = new Float64Array(d * bands);
  basis.forEach((u, k) => flat.set(u, k * bands));
  const shifts = Float64Array.from(basis, (u) => {
    let s = 0;
    if (offset) for (let b = 0; b < bands; b++) s += u[b] * offset[b];
    return s;
  });
  return pixelProjections(data, pixels, bands, flat, d, shifts);
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
