/**
 * Least squares without intercept, min_a | y - sum_k a_k x_k |^2, as the toolbox's
 * `pinv(X) @ y`: normal equations on the column-normalised Gram matrix (Jacobi scaling keeps the
 * conditioning of correlated bands acceptable) solved with an SVD pseudo-inverse. Float64.
 */
import { Matrix, pseudoInverse } from 'ml-matrix';

export function leastSquares(columns: Float64Array[], target: Float64Array): Float64Array {
  const k = columns.length;
  const n = target.length;
  const norms = columns.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i] * c[i];
    return Math.sqrt(s) || 1;
  });
  const gram = new Matrix(k, k);
  const rhs = new Matrix(k, 1);
  for (let a = 0; a < k; a++) {
    const ca = columns[a];
    for (let b = a; b < k; b++) {
      const cb = columns[b];
      let s = 0;
      for (let i = 0; i < n; i++) s += ca[i] * cb[i];
      const v = s / (norms[a] * norms[b]);
      gram.set(a, b, v);
      gram.set(b, a, v);
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += ca[i] * target[i];
    rhs.set(a, 0, s / norms[a]);
  }
  const solution = pseudoInverse(gram, 1e-13).mmul(rhs);
  const out = new Float64Array(k);
  for (let a = 0; a < k; a++) out[a] = solution.get(a, 0) / norms[a];
  return out;
}

/** sum_k weights_k * columns_k. */
export function combine(columns: Float64Array[], weights: ArrayLike<number>, length = columns[0].length): Float64Array {
  const out = new Float64Array(length);
  columns.forEach((c, k) => {
    const w = weights[k];
    for (let i = 0; i < length; i++) out[i] += w * c[i];
  });
  return out;
}
