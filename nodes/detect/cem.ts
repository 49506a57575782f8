/**
 * detect.cem: constrained energy minimisation (Harsanyi 1993): with the correlation matrix
 * R = X^T X / N of all N pixels, w = R^{-1} t / (t^T R^{-1} t), score = w^T x (1 at the target).
 */
import { defineNode } from '../../core/node-def.ts';
import { projectPixels } from '../lib/linalg.ts';
import { solveBackground } from './filter.ts';
import { normalisedFilter, RIDGE_HELP, TARGET_HELP, scoreRaster, TARGET_PARAMS, targetInputs, whiten, whitenedFilter } from './common.ts';

export default defineNode({
  id: 'detect.cem',
  version: 1,
  title: 'CEM detector',
  category: 'detect',
  description:
    'Constrained energy minimisation (J. C. Harsanyi, "Detection and classification of subpixel spectral ' +
    'signatures in hyperspectral image sequences", PhD thesis, Univ. of Maryland, 1993; C.-I Chang, ' +
    '"Hyperspectral Imaging", 2003): the FIR filter w minimising the output energy w^T R w subject to ' +
    'w^T t = 1, with the sample correlation matrix R = X^T X / N (not mean-removed): ' +
    'w = R^{-1} t / (t^T R^{-1} t), score = w^T x. The target scores 1. The target is resampled to the ' +
    'cube\'s wavelengths when both are known and differ. R^{-1} t comes from the float64 ' +
    'Cholesky factor of R, which one pass of a SIMD kernel sums in float64 on every core.\n\n' + TARGET_HELP + ' ' + RIDGE_HELP,
  inputs: [
    { name: 'cube', type: 'cube' },
    { name: 'target', type: 'spectra' },
  ],
  outputs: [{ name: 'score', type: 'band', description: 'CEM filter output (1 at the target)' }],
  params: { ...TARGET_PARAMS },
  async run(inputs, params, ctx) {
    const { cube, target, bands, pixels } = targetInputs(inputs, params, ctx);
    // R^{-1} t from the float64 correlation matrix (filter.ts); singular R takes the diagonal-loaded
    // whitening of common.ts (R^{-1} t = W^T (W t) with W R W^T = I).
    let filter: Float64Array;
    const solved = solveBackground(cube, false, () => Float64Array.from(target), ctx);
    if (solved) {
      filter = normalisedFilter(solved.solution, target);
    } else {
      filter = whitenedFilter(whiten(cube, false, ctx).whitening, bands, target);
    }
    const scores = projectPixels(ctx.tf, cube.data, pixels, bands, filter, 1, undefined, ctx.checkAbort);
    return { score: scoreRaster(cube, scores) };
  },
});
