/**
 * Spatial filtering and decimation of float64 planes (ALGORITHMS.md A.2): 'same'-size correlation with
 * an N x N kernel and replicate borders (toolbox `mtf()`), computed exactly (to 1e-7 of the largest
 * singular value) as a short sum of separable terms, and decimation at the interpolator's phase.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { gridPhase } from './interpolate.ts';
import { makePlane, replicateIndex, type Plane } from './planes.ts';

/** A kernel as a sum of separable terms sum_k col_k row_k^T (truncated SVD: singular values below 1e-7 of the largest dropped, i.e. far below float32 output precision). */
interface SeparableKernel {
  size: number;
  /** colRange/rowRange: first and last tap whose weight is above 1e-13 of the vector's largest (Gaussian tails are skipped). */
  terms: { col: Float64Array; row: Float64Array; colRange: [number, number]; rowRange: [number, number] }[];
}

function significantRange(v: Float64Array): [number, number] {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  let lo = 0;
  let hi = v.length - 1;
  while (lo < hi && Math.abs(v[lo]) <= 1e-13 * max) lo++;
  while (hi > lo && Math.abs(v[hi]) <= 1e-13 * max) hi--;
  return [lo, hi];
}

const separableCache = new WeakMap<Float64Array, SeparableKernel>();

function separable(kernel: Float64Array): SeparableKernel {
  const cached = separableCache.get(kernel);
  if (cached) return cached;
  const size = Math.round(Math.sqrt(kernel.length));
  if (size * size !== kernel.length) throw new Error(`kernel of ${kernel.length} taps is not square`);
  const m = new Matrix(size, size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) m.set(y, x, kernel[y * size + x]);
  const svd = new SingularValueDecomposition(m);
  const s = svd.diagonal;
  const u = svd.leftSingularVectors;
  const v = svd.rightSingularVectors;
  const terms: SeparableKernel['terms'] = [];
  for (let k = 0; k < s.length && s[k] > 1e-7 * s[0]; k++) {
    const col = new Float64Array(size);
    const row = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      col[i] = u.get(i, k) * s[k];
      row[i] = v.get(i, k);
    }
    terms.push({ col, row, colRange: significantRange(col), rowRange: significantRange(row) });
  }
  const result = { size, terms };
  separableCache.set(kernel, result);
  return result;
}

/**
 * 'same'-size 2-D correlation of a plane with an N x N kernel, replicate padding (toolbox `mtf()`:
 * replicate pad + valid conv2d). Computed exactly as a truncated sum of separable terms
 * (horizontal pass on replicate-padded rows, then a vertical pass adding whole rows).
 */
export function filterPlaneReplicate(plane: Plane, kernel: Float64Array): Plane {
  const { size, terms } = separable(kernel);
  const half = (size - 1) / 2;
  const { rows, cols, data } = plane;
  const acc = new Float64Array(rows * cols);
  const padded = new Float64Array(cols + 2 * half);
  const horizontal = new Float64Array(rows * cols);
  for (const { col, row, colRange, rowRange } of terms) {
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let i = 0; i < padded.length; i++) padded[i] = data[base + replicateIndex(i - half, cols)];
      for (let c = 0; c < cols; c++) {
        let s = 0;
        for (let k = rowRange[0]; k <= rowRange[1]; k++) s += row[k] * padded[c + k];
        horizontal[base + c] = s;
      }
    }
    for (let r = 0; r < rows; r++) {
      const target = r * cols;
      for (let k = colRange[0]; k <= colRange[1]; k++) {
        const weight = col[k];
        const source = replicateIndex(r + k - half, rows) * cols;
        for (let c = 0; c < cols; c++) acc[target + c] += weight * horizontal[source + c];
      }
    }
  }
  return makePlane(rows, cols, acc);
}

/**
 * decimatePlane(filterPlaneReplicate(plane, kernel), ratio) computed only at the kept samples
 * (rows/cols r*i + floor(r/2)): about r times less work than filtering the whole plane.
 */
export function filterDecimatePlane(plane: Plane, kernel: Float64Array, ratio: number): Plane {
  const { size, terms } = separable(kernel);
  const half = (size - 1) / 2;
  const { rows, cols, data } = plane;
  const outRows = Math.floor(rows / ratio);
  const outCols = Math.floor(cols / ratio);
  const phase = gridPhase(ratio);
  const acc = new Float64Array(outRows * outCols);
  const padded = new Float64Array(cols + 2 * half);
  const horizontal = new Float64Array(rows * outCols); // every row, kept columns only
  for (const { col, row, colRange, rowRange } of terms) {
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let i = 0; i < padded.length; i++) padded[i] = data[base + replicateIndex(i - half, cols)];
      for (let j = 0; j < outCols; j++) {
        const c = j * ratio + phase;
        let s = 0;
        for (let k = rowRange[0]; k <= rowRange[1]; k++) s += row[k] * padded[c + k];
        horizontal[r * outCols + j] = s;
      }
    }
    for (let i = 0; i < outRows; i++) {
      const r = i * ratio + phase;
      const target = i * outCols;
      for (let k = colRange[0]; k <= colRange[1]; k++) {
        const weight = col[k];
        const source = replicateIndex(r + k - half, rows) * outCols;
        for (let j = 0; j < outCols; j++) acc[target + j] += weight * horizontal[source + j];
      }
    }
  }
  return makePlane(outRows, outCols, acc);
}

/** Keeps rows/cols r*i + floor(r/2) (the interpolator's phase; nearest-exact for integer r). */
export function decimatePlane(plane: Plane, ratio: number): Plane {
  const rows = Math.floor(plane.rows / ratio);
  const cols = Math.floor(plane.cols / ratio);
  const phase = gridPhase(ratio);
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const src = (r * ratio + phase) * plane.cols;
    for (let c = 0; c < cols; c++) out[r * cols + c] = plane.data[src + c * ratio + phase];
  }
  return makePlane(rows, cols, out);
}

