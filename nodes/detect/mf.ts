/**
 * detect.mf: matched filter normalised to 1 at the target, as Spectral Python's
 * `spectral.matched_filter`: with d = t - μ, w = C^{-1} d / (d^T C^{-1} d), score = w^T (x - μ).
 */
import { defineNode } from '../../core/node-def.ts';
import { projectPixels } from '../lib/linalg.ts';
import { solveBackground } from './filter.ts';
import { background, normalisedFilter, RIDGE_HELP, TARGET_HELP, scoreRaster, TARGET_PARAMS, targetInputs, whitenedFilter } from './common.ts';

export default defineNode({
  id: 'detect.mf',
  version: 1,
  title: 'Matched filter',
  category: 'detect',
  description:
    'Matched filter (clutter-matched filter; D. Manolakis, D. Marden and G. A. Shaw, "Hyperspectral image ' +
    'processing for automatic target detection applications", Lincoln Laboratory Journal 14(1), 2003). ' +
    'With background mean μ and sample covariance C of the whole cube and d = t - μ: ' +
    'score = d^T C^{-1} (x - μ) / (d^T C^{-1} d), so the target itself scores 1 and the mean 0 — the ' +
    'definition of `spectral.matched_filter` (Spectral Python). The target is the `targetIndex` spectrum ' +
    'of `target`, resampled to the cube\'s wavelengths when both are known and differ. C^{-1} d comes from ' +
    'the float64 Cholesky factor of C, which one pass of a SIMD kernel sums in float64 (float64 products, as ' +
    'numpy/BLAS) on every core.\n\n' + TARGET_HELP + ' ' + RIDGE_HELP,
  inputs: [
    { name: 'cube', type: 'cube' },
    { name: 'target', type: 'spectra', description: 'target spectrum (same bands as the cube, or with wavelengths)' },
  ],
  outputs: [{ name: 'score', type: 'band', description: 'matched-filter score (1 at the target, 0 at the mean)' }],
  params: { ...TARGET_PARAMS },
  async run(inputs, params, ctx) {
    const { cube, target, bands, pixels } = targetInputs(inputs, params, ctx);
    // f = C^{-1} d from the float64 covariance (filter.ts); singular C (constant bands) takes the
    // diagonal-loaded whitening of common.ts.
    let filter: Float64Array;
    let mean: Float64Array;
    const solved = solveBackground(cube, true, (mu) => target.map((v, b) => v - mu[b]), ctx);
    if (solved) {
      mean = solved.mean;
      filter = normalisedFilter(solved.solution, target.map((v, b) => v - mean[b]));
    } else {
      const stats = background(cube, ctx);
      mean = stats.mean;
      // w = C^{-1} d / (d^T C^{-1} d) with d = t - μ.
      filter = whitenedFilter(stats.whitening, bands, target.map((v, b) => v - stats.mean[b]));
    }
    const scores = projectPixels(ctx.tf, cube.data, pixels, bands, filter, 1, mean, ctx.checkAbort);
    return { score: scoreRaster(cube, scores) };
  },
});
