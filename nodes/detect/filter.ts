/**
 * Linear filters of the background statistics, f = C^{-1} v, for the matched filter (C = sample
 * covariance, divisor N-1) and CEM (C = correlation R = X^T X / N), by mixed-precision iterative
 * refinement (Wilkinson; N. J. Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed.,
 * SIAM 2002, ch. 12):
 * 1. C32 from float32 products with float64 sums (SIMD moments kernel, every core; ~1e-3 off in the
 *    whitened metric on cond(C) ~ 1e7 AVIRIS scenes) and its float64 Cholesky factor: f0 = C32^{-1} v;
 * 2. r = v - C f with C f = Σ (x-μ)((x-μ)^T f) / divisor evaluated exactly in float64 over all
 *    pixels (pixelDots: bands MACs per pixel, no matrix formed), f ← f + C32^{-1} r. Each step
 *    shrinks the error by ~‖I - C32^{-1} C‖ (~1e-3), so three steps reach float64.
 * When that does not converge, C in float64 products (as numpy/BLAS) solves directly. Returns
 * undefined when C is (near) singular: the callers then use the diagonal-loaded whitening of common.ts.
 */
import type { NodeContext } from '../../core/node-def.ts';
import type { Raster } from '../../core/values.ts';
import { pixelDots } from '../../engine/kernels/moments-module.ts';
import { cholesky, choleskySolve, moments } from '../lib/linalg.ts';
import { rejectNaNMoments } from './common.ts';

/** Smallest Cholesky pivot² / largest accepted as regular (else: singular path). */
const PIVOT_FLOOR = 1e-13;
/** Refinement stops when the error left, estimated as the last correction (relative to ‖f‖) times
 * the contraction rate seen, is below this. */
const CONVERGED = 1e-11;
const MAX_STEPS = 8;

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
  const estimate = moments(cube.data, pixels, bands, centre, ctx.checkAbort, 'float32');
  rejectNaNMoments(cube, estimate.matrix, ctx);
  const lower = regularFactor(estimate.matrix, bands);
  if (!lower) return undefined;
  const { mean } = estimate;
  const v = rhs(mean);
  const solution = choleskySolve(lower, bands, v);
  const divisor = centre ? pixels - 1 : pixels;
  let previous = Infinity;
  for (let step = 0; step < MAX_STEPS; step++) {
    ctx.checkAbort();
    let meanDot = 0;
    if (centre) for (let b = 0; b < bands; b++) meanDot += mean[b] * solution[b];
    const { product, total } = pixelDots(cube.data, pixels, bands, solution, meanDot, { product: true }, ctx.checkAbort);
    // C f = (Σ s_p x_p - μ Σ s_p) / divisor, s_p = (x_p - μ)^T f.
    const residual = v.map((value, b) => value - (product![b] - (centre ? total * mean[b] : 0)) / divisor);
    const correction = choleskySolve(lower, bands, residual);
    let size = 0;
    let norm = 0;
    for (let b = 0; b < bands; b++) {
      solution[b] += correction[b];
      size += correction[b] ** 2;
      norm += solution[b] ** 2;
    }
    const relative = Math.sqrt(size / norm);
    // The first correction is about the initial error, ‖I - C32^{-1} C‖, i.e. the rate itself.
    const rate = step === 0 ? relative : relative / previous;
    if (relative * Math.min(1, rate) < CONVERGED) return { mean, solution };
    if (!(relative < 0.5 * previous)) break; // not contracting: C32 too far from C
    previous = relative;
  }
  // Float64 products: C as accurate as numpy's; its Cholesky solve needs no refinement.
  const exact = moments(cube.data, pixels, bands, centre, ctx.checkAbort);
  const factor = regularFactor(exact.matrix, bands);
  return factor ? { mean: exact.mean, solution: choleskySolve(factor, bands, rhs(exact.mean)) } : undefined;
}

/** Cholesky factor of C when C is clearly regular (smallest pivot² > PIVOT_FLOOR × largest). */
function regularFactor(matrix: Float64Array, bands: number): Float64Array | undefined {
  const lower = cholesky(matrix, bands);
  if (!lower) return undefined;
  let largest = 0;
  let smallest = Infinity;
  for (let i = 0; i < bands; i++) {
    const pivot = lower[i * bands + i] ** 2;
    largest = Math.max(largest, pivot);
    smallest = Math.min(smallest, pivot);
  }
  return smallest > PIVOT_FLOOR * largest ? lower : undefined;
}
