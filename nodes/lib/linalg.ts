/**
 * Shared float64 linear algebra for detection and unmixing nodes.
 *
 * Matrices are row-major Float64Arrays (`m[i * n + j]`). Pixel data are BIP Float32Arrays of
 * `pixels × bands`. Large products (pixels × bands) run on the SIMD moments kernel with float64
 * totals (pixel-products.ts, re-exported here); small decompositions (bands × bands) run in
 * float64 with ml-matrix.
 */
import { EigenvalueDecomposition, Matrix, inverse } from 'ml-matrix';

export { bandMeans, moments, projectedMoment, projectPixels, whitenedForms, type Moments, type WhitenedForms } from './pixel-products.ts';

/** Makes a square matrix exactly symmetric (average with its transpose), in place. */
export function symmetrise(m: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (m[i * n + j] + m[j * n + i]);
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  }
}

export function toMatrix(m: Float64Array, rows: number, cols: number): Matrix {
  const out = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.set(i, j, m[i * cols + j]);
  return out;
}

export function fromMatrix(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows * m.columns);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) out[i * m.columns + j] = m.get(i, j);
  return out;
}

export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Eigenvectors as columns, row-major `n × n`: vectors[i * n + k] is component i of vector k. */
  vectors: Float64Array;
}

/** Eigendecomposition of a symmetric matrix (float64, ml-matrix). */
export function symmetricEigen(m: Float64Array, n: number): SymmetricEigen {
  const eig = new EigenvalueDecomposition(toMatrix(m, n, n), { assumeSymmetric: true });
  const raw = eig.realEigenvalues;
  const order = raw.map((_, i) => i).sort((a, b) => raw[a] - raw[b]);
  const vectorsMatrix = eig.eigenvectorMatrix;
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = raw[src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = vectorsMatrix.get(i, src);
  });
  return { values, vectors };
}

/** Inverse of a symmetric positive-definite matrix (float64), symmetrised. */
export function inverseSymmetric(m: Float64Array, n: number): Float64Array {
  const out = fromMatrix(inverse(toMatrix(m, n, n)));
  symmetrise(out, n);
  return out;
}

/** Lower-triangular Cholesky factor L (m = L L^T), or undefined when m is not positive definite. */
export function cholesky(m: Float64Array, n: number): Float64Array | undefined {
  // Cholesky–Banachiewicz row by row on flat arrays, in the operation order of ml-matrix's
  // CholeskyDecomposition (the same float64 results, ~2.5x faster at n = 200); reads the lower triangle.
  const l = new Float64Array(n * n);
  let positive = true;
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = 0;
    for (let k = 0; k < j; k++) {
      const rowK = k * n;
      let s = 0;
      for (let i = 0; i < k; i++) s += l[rowK + i] * l[rowJ + i];
      s = (m[rowJ + k] - s) / l[rowK + k];
      l[rowJ + k] = s;
      d = d + s * s;
    }
    d = m[rowJ + j] - d;
    positive &&= d > 0;
    l[rowJ + j] = Math.sqrt(Math.max(d, 0));
  }
  return positive ? l : undefined;
}

/** Inverse of a lower-triangular matrix (n × n, row-major), by forward substitution. */
export function lowerInverse(lower: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    out[j * n + j] = 1 / lower[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= lower[i * n + k] * out[k * n + j];
      out[i * n + j] = s / lower[i * n + i];
    }
  }
  return out;
}

/** Solves L L^T x = b in place of a copy of b, for a lower Cholesky factor L (n × n). */
export function choleskySolve(lower: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= lower[i * n + k] * x[k];
    x[i] = s / lower[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= lower[k * n + i] * x[k];
    x[i] = s / lower[i * n + i];
  }
  return x;
}

/** y = M x for a row-major `rows × cols` matrix. */
export function matVec(m: Float64Array, rows: number, cols: number, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += m[i * cols + j] * x[j];
    y[i] = s;
  }
  return y;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Whitening transform W = Λ^{-1/2} V^T (rows × bands, row-major) with W C W^T = I, from the
 * eigendecomposition C = V Λ V^T. Returns undefined when the smallest eigenvalue is not
 * positive beyond `relativeFloor` × largest (singular covariance).
 */
export function whitening(covariance: Float64Array, n: number, relativeFloor = 1e-12): Float64Array | undefined {
  const { values, vectors } = symmetricEigen(covariance, n);
  if (!(values[0] > relativeFloor * values[n - 1])) return undefined;
  const w = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const scale = 1 / Math.sqrt(values[k]);
    for (let i = 0; i < n; i++) w[k * n + i] = vectors[i * n + k] * scale;
  }
  return w;
}

/** Product of row-major square matrices a b (n × n), float64. */
export function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const v = a[i * n + k];
      if (v === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += v * b[k * n + j];
    }
  }
  return out;
}

/** Adds `ridge × mean diagonal` to the diagonal of a square matrix, in place; returns the added value. */
export function addRidge(m: Float64Array, n: number, ridge: number): number {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += m[i * n + i];
  const value = ridge * (trace / n);
  for (let i = 0; i < n; i++) m[i * n + i] += value;
  return value;
}

