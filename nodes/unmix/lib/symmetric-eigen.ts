/**
 * Eigen-decomposition of a real symmetric n x n matrix in float64 on flat arrays: Householder
 * reduction to tridiagonal form, then the implicit QL method with Wilkinson-type shifts (the
 * classical tred2 / tqli pair; Press et al., "Numerical Recipes", 2nd ed., sec. 11.2-11.3).
 * About 4n^3/3 + 3n^3 flops; written on contiguous rows so the inner loops stay cache-friendly.
 */

/**
 * Householder reduction (tred2) of a symmetric n x n matrix A = Q T Q^T: returns the diagonal d (n)
 * and the off-diagonal e of T (e[i] couples rows i and i + 1; e[n-1] = 0), the reflector norms h,
 * and in q either Q itself (row-major; accumulate = true) or the stored reflectors (see applyReflectors).
 */
export function householderReduce(matrix: Float64Array, n: number, accumulate = true): { q: Float64Array; d: Float64Array; e: Float64Array; h: Float64Array } {
  const a = Float64Array.from(matrix);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // Householder reduction: a becomes the accumulated orthogonal transform Q (a = Q T Q^T)
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[i * n + k]);
      if (scale === 0) {
        e[i] = a[i * n + l];
      } else {
        for (let k = 0; k <= l; k++) {
          a[i * n + k] /= scale;
          h += a[i * n + k] * a[i * n + k];
        }
        let f = a[i * n + l];
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[i * n + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          a[j * n + i] = a[i * n + j] / h;
          g = 0;
          for (let k = 0; k <= j; k++) g += a[j * n + k] * a[i * n + k];
          for (let k = j + 1; k <= l; k++) g += a[k * n + j] * a[i * n + k];
          e[j] = g / h;
          f += e[j] * a[i * n + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          f = a[i * n + j];
          g = e[j] - hh * f;
          e[j] = g;
          for (let k = 0; k <= j; k++) a[j * n + k] -= f * e[k] + g * a[i * n + k];
        }
      }
    } else {
      e[i] = a[i * n + l];
    }
    d[i] = h;
  }
  d[0] = 0;
  e[0] = 0;
  const h = Float64Array.from(d);
  if (!accumulate) {
    for (let i = 0; i < n; i++) d[i] = a[i * n + i];
    for (let i = 1; i < n; i++) e[i - 1] = e[i];
    e[n - 1] = 0;
    return { q: a, d, e, h };
  }
  for (let i = 0; i < n; i++) {
    if (d[i] !== 0) {
      for (let j = 0; j < i; j++) {
        let g = 0;
        for (let k = 0; k < i; k++) g += a[i * n + k] * a[k * n + j];
        for (let k = 0; k < i; k++) a[k * n + j] -= g * a[k * n + i];
      }
    }
    d[i] = a[i * n + i];
    a[i * n + i] = 1;
    for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j] = 0;
  }
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  return { q: a, d, e, h };
}

/**
 * x <- Q x for the Q of householderReduce(..., false), from its stored reflectors:
 * Q = P_{n-1} ... P_1, P_i = I - u u^T / h_i on the first i coordinates, u = row i of `reflectors`
 * (entries < i) and u / h_i = column i (entries < i). n^2 flops per vector.
 */
export function applyReflectors(reflectors: Float64Array, h: Float64Array, n: number, x: Float64Array): void {
  for (let i = 1; i < n; i++) {
    if (h[i] === 0) continue;
    let g = 0;
    for (let k = 0; k < i; k++) g += reflectors[i * n + k] * x[k];
    for (let k = 0; k < i; k++) x[k] -= g * reflectors[k * n + i];
  }
}

/**
 * Implicit QL with Wilkinson-type shifts (tqli; Press et al., "Numerical Recipes", 2nd ed., sec. 11.3)
 * on the symmetric tridiagonal (d, e), in place: on return d holds the eigenvalues (unsorted) and e
 * is destroyed. Each plane rotation of rows i and i + 1 by (s, c) is reported to `rotate` so that a
 * caller can accumulate eigenvectors; `message` is the error text when 60 sweeps do not converge.
 */
export function tridiagonalQl(d: Float64Array, e: Float64Array, message: string, rotate?: (i: number, s: number, c: number) => void): void {
  const n = d.length;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        if (Math.abs(e[m]) <= Number.EPSILON * (Math.abs(d[m]) + Math.abs(d[m + 1]))) break;
      }
      if (m !== l) {
        if (iterations++ === 60) throw new Error(message);
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          if (rotate) rotate(i, s, c);
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
}

/**
 * The plane-rotation callback of `tridiagonalQl` that accumulates eigenvectors stored as rows of the
 * row-major `n × n` matrix z (rows i and i+1 are rotated by (c, s)).
 */
export function rotateRows(z: Float64Array, n: number): (i: number, s: number, c: number) => void {
  return (i, s, c) => {
    const rowA = i * n;
    const rowB = (i + 1) * n;
    for (let k = 0; k < n; k++) {
      const f = z[rowB + k];
      z[rowB + k] = s * z[rowA + k] + c * f;
      z[rowA + k] = c * z[rowA + k] - s * f;
    }
  };
}

/** Returns eigenvalues (unsorted) and eigenvectors as rows: vectors[i * n + k] = k-th entry of vector i. */
export function tridiagonalEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const { q: a, d, e } = householderReduce(matrix, n);
  // z^T: row i = column i of Q, so the plane rotations below touch two contiguous rows
  const z = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) z[c * n + r] = a[r * n + c];
  tridiagonalQl(d, e, 'symmetric eigen-decomposition did not converge', rotateRows(z, n));
  return { values: d, vectors: z };
}
