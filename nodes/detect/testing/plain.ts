/**
 * Straightforward float64 reference computations for the detector tests (no tensors, no
 * decompositions shared with the nodes): mean, covariance (N-1), Gauss–Jordan inverse, quadratic forms.
 */
import type { Raster } from '../../../core/values.ts';

export function pixel(cube: Raster, p: number): Float64Array {
  return Float64Array.from(cube.data.subarray(p * cube.bands, (p + 1) * cube.bands));
}

export function meanCovariance(pixels: Float64Array[], centre = true): { mean: Float64Array; covariance: Float64Array[] } {
  const bands = pixels[0].length;
  const mean = new Float64Array(bands);
  if (centre) {
    for (const x of pixels) for (let b = 0; b < bands; b++) mean[b] += x[b] / pixels.length;
  }
  const covariance = Array.from({ length: bands }, () => new Float64Array(bands));
  for (const x of pixels) {
    for (let i = 0; i < bands; i++) for (let j = 0; j < bands; j++) covariance[i][j] += (x[i] - mean[i]) * (x[j] - mean[j]);
  }
  const divisor = centre ? pixels.length - 1 : pixels.length;
  for (const row of covariance) for (let j = 0; j < bands; j++) row[j] /= divisor;
  return { mean, covariance };
}

/** Gauss–Jordan inverse with partial pivoting. */
export function inverse(matrix: Float64Array[]): Float64Array[] {
  const n = matrix.length;
  const a = matrix.map((row) => Float64Array.from(row));
  const inv = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    [inv[c], inv[pivot]] = [inv[pivot], inv[c]];
    const d = a[c][c];
    for (let j = 0; j < n; j++) {
      a[c][j] /= d;
      inv[c][j] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        a[r][j] -= f * a[c][j];
        inv[r][j] -= f * inv[c][j];
      }
    }
  }
  return inv;
}

/** a^T M b. */
export function bilinear(a: ArrayLike<number>, m: Float64Array[], b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    let row = 0;
    for (let j = 0; j < b.length; j++) row += m[i][j] * b[j];
    s += a[i] * row;
  }
  return s;
}

export function subtract(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: a.length }, (_, i) => a[i] - b[i]);
}
