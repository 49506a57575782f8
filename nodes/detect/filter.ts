/**
 * Linear filters of the background statistics, f = C^{-1} v, for the matched filter (C = sample
 * covariance, divisor N-1) and CEM (C = correlation R = X^T X / N), in one float32 pass plus
 * float64 iterative refinement:
 * 1. C32 = float32 moments on the tensor runtime in short chunks (256 pixels: ~1e-4 relative
 *    accuracy in the whitened metric even on cond(C) ~ 1e7 AVIRIS scenes);
 * 2. its Cholesky factor (float64) solves f0 = C32^{-1} v;
 * 3. mixed-precision iterative refinement (Wilkinson; Higham, "Accuracy and Stability of Numerical
 *    Algorithms", ch. 12): r = v - C f with C f = Σ (x-μ)((x-μ)^T f) / divisor evaluated exactly in
 *    float64 over all pixels (one JS pass over the cube, no matrix formed), f ← f + C32^{-1} r.
 *    Each step shrinks the error by ~‖I - C32^{-1} C‖ ≈ 1e-4, so one or two steps reach float64.
 * Returns undefined when C32 is (near) singular or the refinement does not converge: the callers
 * then use the diagonal-loaded whitening of common.ts.
 */
import type { NodeContext } from '../../core/node-def.ts';
import type { Raster } from '../../core/values.ts';
import { cholesky, choleskySolve, moments } from '../lib/linalg.ts';

/** Pixels per float32 partial sum of the first pass (see moments' accuracy note). */
const SHORT_CHUNK = 256;
/** Refinement stops when the correction is below this fraction of ‖f‖ (float64 level). */
const CONVERGED = 1e-10;
/** A refinement that stops contracting below this relative correction is at float64 rounding. */
const STALLED = 1e-7;
const MAX_STEPS = 5;
/** Smallest Cholesky pivot² / largest accepted as regular (else: singular path). */
const PIVOT_FLOOR = 1e-13;

export interface BackgroundFilter {
  /** Band means (zeros for the correlation, `centre` false). */
  mean: Float64Array;
  /** f = C^{-1} v (float64). */
  solution: Float64Array;
}

/**
 * f = C^{-1} v for the cube's covariance (`centre`) or correlation matrix; `rhs` gets the band
 * means (e.g. to form v = t - μ). Undefined when C is (near) singular: use whiten() instead.
 */
export function solveBackground(cube: Raster, centre: boolean, rhs: (mean: Float64Array) => Float64Array, ctx: NodeContext): BackgroundFilter | undefined {
  const pixels = cube.rows * cube.cols;
  const bands = cube.bands;
  const { mean, matrix } = moments(ctx.tf, cube.data, pixels, bands, centre, SHORT_CHUNK);
  const lower = cholesky(matrix, bands);
  if (!lower) return undefined;
  let largest = 0;
  let smallest = Infinity;
  for (let i = 0; i < bands; i++) {
    const pivot = lower[i * bands + i] ** 2;
    largest = Math.max(largest, pivot);
    smallest = Math.min(smallest, pivot);
  }
  if (!(smallest > PIVOT_FLOOR * largest)) return undefined;
  const v = rhs(mean);
  const solution = choleskySolve(lower, bands, v);
  const divisor = centre ? pixels - 1 : pixels;
  let previous = Infinity;
  for (let step = 0; step < MAX_STEPS; step++) {
    ctx.checkAbort();
    const product = applyMoment(cube.data, pixels, bands, centre ? mean : undefined, divisor, solution);
    const residual = v.map((value, b) => value - product[b]);
    const correction = choleskySolve(lower, bands, residual);
    let size = 0;
    let norm = 0;
    for (let b = 0; b < bands; b++) {
      solution[b] += correction[b];
      size += correction[b] ** 2;
      norm += solution[b] ** 2;
    }
    const relative = Math.sqrt(size / norm);
    if (relative < CONVERGED) return { mean, solution };
    // Stalled at float64 rounding (~1e-16 × cond(C)): done; stalled far above: C32 too far from C.
    if (!(relative < 0.5 * previous)) return relative < STALLED ? { mean, solution } : undefined;
    previous = relative;
  }
  return previous < STALLED ? { mean, solution } : undefined;
}

/**
 * C f = Σ_p (x_p - μ)((x_p - μ)^T f) / divisor in float64 over BIP float32 pixels (μ = 0 when
 * `offset` is undefined): the exact product without forming C, O(pixels × bands).
 */
export function applyMoment(data: Float32Array, pixels: number, bands: number, offset: Float64Array | undefined, divisor: number, f: Float64Array): Float64Array {
  const out = new Float64Array(bands);
  const centred = new Float64Array(bands);
  const mean = offset ?? new Float64Array(bands);
  for (let p = 0, o = 0; p < pixels; p++, o += bands) {
    let s = 0;
    for (let b = 0; b < bands; b++) {
      const d = data[o + b] - mean[b];
      centred[b] = d;
      s += d * f[b];
    }
    for (let b = 0; b < bands; b++) out[b] += s * centred[b];
  }
  for (let b = 0; b < bands; b++) out[b] /= divisor;
  return out;
}
