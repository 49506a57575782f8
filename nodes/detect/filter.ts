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
/** Refinement stops when the correction is below this fraction of ‖f‖: the error left is about
 * that times the contraction (~1e-4), i.e. at float64 level. */
const CONVERGED = 1e-7;
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
    // Not contracting above the float64 level: C32 is too far from C for the refinement.
    if (!(relative < 0.5 * previous)) return undefined;
    previous = relative;
  }
  return undefined;
}

/**
 * C f = Σ_p (x_p - μ)((x_p - μ)^T f) / divisor in float64 over BIP float32 pixels (μ = 0 when
 * `offset` is undefined): the exact product without forming C, O(pixels × bands). Evaluated as
 * s_p = x_p^T f - μ^T f and (Σ_p s_p x_p - μ Σ_p s_p) / divisor (no per-pixel centring; float64
 * cancellation costs at most |x|/|x - μ| × 1e-16), with four partial dot sums for speed.
 */
export function applyMoment(data: Float32Array, pixels: number, bands: number, offset: Float64Array | undefined, divisor: number, f: Float64Array): Float64Array {
  const out = new Float64Array(bands);
  const mean = offset ?? new Float64Array(bands);
  let meanDot = 0;
  for (let b = 0; b < bands; b++) meanDot += mean[b] * f[b];
  let total = 0;
  const whole = bands - (bands % 4);
  for (let p = 0, o = 0; p < pixels; p++, o += bands) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let b = 0; b < whole; b += 4) {
      s0 += data[o + b] * f[b];
      s1 += data[o + b + 1] * f[b + 1];
      s2 += data[o + b + 2] * f[b + 2];
      s3 += data[o + b + 3] * f[b + 3];
    }
    for (let b = whole; b < bands; b++) s0 += data[o + b] * f[b];
    const s = s0 + s1 + (s2 + s3) - meanDot;
    total += s;
    for (let b = 0; b < bands; b++) out[b] += s * data[o + b];
  }
  for (let b = 0; b < bands; b++) out[b] = (out[b] - total * mean[b]) / divisor;
  return out;
}
