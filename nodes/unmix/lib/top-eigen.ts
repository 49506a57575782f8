/**
 * The k largest eigen-pairs of a real symmetric n x n matrix (float64), for subspace projections
 * that need only a few principal vectors (VCA, N-FINDR):
 *   1. Householder reduction A = Q T Q^T (householderReduce, 4n^3/3 flops; Q kept as reflectors);
 *   2. all eigenvalues of the tridiagonal T by implicit QL without vectors (O(n^2));
 *   3. each wanted eigenvector of T by inverse iteration on (T - lambda I) with a pivoted
 *      tridiagonal LU (LAPACK dgttrf/dgtts2 layout), O(n) per solve, re-orthogonalised against the
 *      vectors already found (Golub & Van Loan, "Matrix Computations", 4th ed., sec. 8.2.2);
 *   4. back-transform v = Q x by applying the reflectors (n^2 k).
 * This skips forming Q (4n^3/3) and the ~3n^3 plane rotations that accumulate all n eigenvectors in
 * tridiagonalEigen. Tried first: Lanczos iteration (lanczos.ts), accepted only when converged to
 * float64 residuals.
 */
import { lanczosTop } from './lanczos.ts';
import { applyReflectors, householderReduce, tridiagonalQl } from './symmetric-eigen.ts';

/** Eigenvalues of the symmetric tridiagonal (d, e) by implicit QL (tqli without vectors); unsorted. */
function tridiagonalValues(diagonal: Float64Array, offDiagonal: Float64Array): Float64Array {
  const d = Float64Array.from(diagonal);
  tridiagonalQl(d, Float64Array.from(offDiagonal), 'tridiagonal eigenvalues did not converge');
  return d;
}

/** Eigenvector (length n, unit norm) of the tridiagonal (d, e) for eigenvalue `value`, orthogonal to `previous`. */
function inverseIteration(d: Float64Array, e: Float64Array, value: number, previous: Float64Array[]): Float64Array {
  const n = d.length;
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
  const tiny = Number.EPSILON * Math.max(norm, Number.MIN_VALUE);
  // LU of T - value I with partial pivoting: U has diagonal u0, super-diagonals u1, u2; L multipliers l, swaps
  const u0 = new Float64Array(n);
  const u1 = new Float64Array(n);
  const u2 = new Float64Array(n);
  const l = new Float64Array(n);
  const swap = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    u0[i] = d[i] - value;
    u1[i] = e[i];
    l[i] = e[i];
  }
  for (let i = 0; i < n - 1; i++) {
    if (Math.abs(u0[i]) >= Math.abs(l[i])) {
      if (u0[i] === 0) u0[i] = tiny;
      l[i] /= u0[i];
      u0[i + 1] -= l[i] * u1[i];
    } else {
      const factor = u0[i] / l[i];
      u0[i] = l[i];
      l[i] = factor;
      const temp = u1[i];
      u1[i] = u0[i + 1];
      u0[i + 1] = temp - factor * u0[i + 1];
      if (i < n - 2) {
        u2[i] = u1[i + 1];
        u1[i + 1] = -factor * u1[i + 1];
      }
      swap[i] = 1;
    }
  }
  for (let i = 0; i < n; i++) if (Math.abs(u0[i]) < tiny) u0[i] = u0[i] < 0 ? -tiny : tiny;
  // deterministic start vectors with no special structure, different for each wanted vector and restart
  const start = (seed: number) => Float64Array.from({ length: n }, (_, i) => 0.5 + ((i * 0.6180339887498949 + seed * 0.4142135623730951) % 1));
  let x = start(previous.length);
  // three inverse-iteration passes that keep a non-zero vector (at most eight in all)
  for (let pass = 0, kept = 0; kept < 3 && pass < 8; pass++) {
    const b = x;
    for (let i = 0; i < n - 1; i++) {
      if (swap[i]) {
        const temp = b[i];
        b[i] = b[i + 1];
        b[i + 1] = temp - l[i] * b[i + 1];
      } else {
        b[i + 1] -= l[i] * b[i];
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i];
      if (i + 1 < n) s -= u1[i] * b[i + 1];
      if (i + 2 < n) s -= u2[i] * b[i + 2];
      b[i] = s / u0[i];
    }
    for (let round = 0; round < 2; round++) {
      for (const v of previous) {
        let s = 0;
        for (let i = 0; i < n; i++) s += v[i] * b[i];
        for (let i = 0; i < n; i++) b[i] -= s * v[i];
      }
    }
    let length = 0;
    for (let i = 0; i < n; i++) length += b[i] * b[i];
    length = Math.sqrt(length);
    if (!(length > 1e-150) || !Number.isFinite(length)) {
      // exactly repeated eigenvalue whose eigenspace component of x was used up by earlier vectors:
      // restart from another start vector (the next pass amplifies its component in the eigenspace)
      x = start(previous.length + n + pass);
      continue;
    }
    x = b.map((v) => v / length);
    kept++;
  }
  return x;
}

/**
 * The k largest eigenvalues (descending) and their unit eigenvectors (vectors[j] has length n) of a
 * symmetric n x n row-major matrix. Signs are arbitrary (callers fix a convention).
 */
export function topEigenpairs(matrix: Float64Array, n: number, k: number): { values: number[]; vectors: Float64Array[] } {
  const quick = lanczosTop(matrix, n, k);
  if (quick) return quick;
  const { q: reflectors, d, e, h } = householderReduce(matrix, n, false);
  const all = tridiagonalValues(d, e);
  const values = Array.from(all).sort((a, b) => b - a).slice(0, k);
  const reduced: Float64Array[] = [];
  for (const value of values) reduced.push(inverseIteration(d, e, value, reduced));
  const vectors = reduced.map((x) => {
    const v = Float64Array.from(x);
    applyReflectors(reflectors, h, n, v);
    return v;
  });
  return { values, vectors };
}
