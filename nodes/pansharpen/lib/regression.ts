/**
 * Least squares without intercept, min_a | y - sum_k a_k x_k |^2, as the toolbox's
 * `pinv(X) @ y`: normal equations on the column-normalised Gram matrix (Jacobi scaling keeps the
 * conditioning of correlated bands acceptable) solved with an SVD pseudo-inverse. Float64.
 */
import { Matrix, pseudoInverse } from 'ml-matrix';

export function leastSquares(columns: Float64Array[], target: Float64Array, cutoff = 1e-13): Float64Array {
  const k = columns.length;
  const n = target.length;
  const norms = columns.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i] * c[i];
    return Math.sqrt(s) || 1;
  });
  const gram = new Matrix(k, k);
  const rhs = new Matrix(k, 1);
  const put = (a: number, b: number, s: number) => {
    const v = s / (norms[a] * norms[b]);
    gram.set(a, b, v);
    gram.set(b, a, v);
  };
  for (let a = 0; a < k; a++) {
    const ca = columns[a];
    let b = a;
    // four dot products per pass share the loads of column a
    for (; b + 3 < k; b += 4) {
      const c0 = columns[b];
      const c1 = columns[b + 1];
      const c2 = columns[b + 2];
      const c3 = columns[b + 3];
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < n; i++) {
        const v = ca[i];
        s0 += v * c0[i];
        s1 += v * c1[i];
        s2 += v * c2[i];
        s3 += v * c3[i];
      }
      put(a, b, s0);
      put(a, b + 1, s1);
      put(a, b + 2, s2);
      put(a, b + 3, s3);
    }
    for (; b < k; b++) {
      const cb = columns[b];
      let s = 0;
      for (let i = 0; i < n; i++) s += ca[i] * cb[i];
      put(a, b, s);
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += ca[i] * target[i];
    rhs.set(a, 0, s / norms[a]);
  }
  const solution = pseudoInverse(gram, cutoff).mmul(rhs);
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
