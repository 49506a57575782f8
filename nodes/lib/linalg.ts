/**
 * Shared float64 linear algebra for detection and unmixing nodes.
 *
 * Matrices are row-major Float64Arrays (`m[i * n + j]`). Pixel data are BIP Float32Arrays of
 * `pixels × bands`. Large products (pixels × bands) run on the tensor runtime in float32, in
 * chunks whose partial sums are accumulated in float64; small decompositions (bands × bands)
 * run in float64 with ml-matrix.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, inverse } from 'ml-matrix';

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
 */
export function moments(tf: Tf, data: Float32Array, pixels: number, bands: number, centre: boolean): Moments {
  const mean = centre ? bandMeans(data, pixels, bands) : new Float64Array(bands);
  const matrix = new Float64Array(bands * bands);
  const mean32 = Float32Array.from(mean);
  for (let start = 0; start < pixels; start += CHUNK_PIXELS) {
    const count = Math.min(CHUNK_PIXELS, pixels - start);
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
  const chol = new CholeskyDecomposition(toMatrix(m, n, n));
  if (!chol.isPositiveDefinite()) return undefined;
  return fromMatrix(chol.lowerTriangularMatrix);
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
