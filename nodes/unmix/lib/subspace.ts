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
  const L = bands;
  // Y^T Y by blocks of bands [A B]: A^T A, A^T B and B^T B only (B^T A is the transpose), 3/4 of the
  // multiply-adds of the full product (measured ~30 % faster at 10000 x 198 on wasm)
  const half = L >= 64 ? Math.ceil(L / 2) : L;
  const rest = L - half;
  const [aa, ab, bb] = tf.tidy(() => {
    let y = tf.tensor2d(data, [pixels, L]);
    if (mean) y = tf.sub(y, tf.tensor2d(Float32Array.from(mean), [1, L]));
    if (rest === 0) return [tf.matMul(tf.transpose(y), y).dataSync(), new Float32Array(0), new Float32Array(0)];
    const a = tf.slice(y, [0, 0], [pixels, half]);
    const b = tf.slice(y, [0, half], [pixels, rest]);
    const at = tf.transpose(a);
    return [tf.matMul(at, a).dataSync(), tf.matMul(at, b).dataSync(), tf.matMul(tf.transpose(b), b).dataSync()];
  });
  const out = new Float64Array(L * L);
  for (let r = 0; r < half; r++) {
    for (let c = 0; c < half; c++) out[r * L + c] = aa[r * half + c] / pixels;
    for (let c = 0; c < rest; c++) out[r * L + half + c] = out[(half + c) * L + r] = ab[r * rest + c] / pixels;
  }
  for (let r = 0; r < rest; r++) for (let c = 0; c < rest; c++) out[(half + r) * L + half + c] = bb[r * rest + c] / pixels;
  // symmetrise (float32 rounding)
  for (let r = 0; r < L; r++) {
    for (let c = r + 1; c < L; c++) {
      const v = 0.5 * (out[r * L + c] + out[c * L + r]);
      out[r * L + c] = v;
      out[c * L + r] = v;
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
 * Returns N x d float64 (row-major). Computed as basis[k] . y_n - basis[k] . offset, four basis
 * vectors per pass over a pixel (one load of y_n feeds four multiply-adds).
 */
export function project(data: Float32Array, pixels: number, bands: number, basis: Float64Array[], offset?: Float64Array): Float64Array {
  const d = basis.length;
  const L = bands;
  const out = new Float64Array(pixels * d);
  const shift = basis.map((u) => {
    let s = 0;
    if (offset) for (let b = 0; b < L; b++) s += u[b] * offset[b];
    return s;
  });
  for (let k0 = 0; k0 < d; k0 += 4) {
    const count = Math.min(4, d - k0);
    // missing vectors of the last group are zero rows (their sums are discarded)
    const zero = new Float64Array(L);
    const u0 = basis[k0];
    const u1 = count > 1 ? basis[k0 + 1] : zero;
    const u2 = count > 2 ? basis[k0 + 2] : zero;
    const u3 = count > 3 ? basis[k0 + 3] : zero;
    for (let n = 0, base = 0; n < pixels; n++, base += L) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let b = 0; b < L; b++) {
        const v = data[base + b];
        s0 += u0[b] * v;
        s1 += u1[b] * v;
        s2 += u2[b] * v;
        s3 += u3[b] * v;
      }
      const row = n * d + k0;
      out[row] = s0 - shift[k0];
      if (count > 1) out[row + 1] = s1 - shift[k0 + 1];
      if (count > 2) out[row + 2] = s2 - shift[k0 + 2];
      if (count > 3) out[row + 3] = s3 - shift[k0 + 3];
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
