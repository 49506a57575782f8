/**
 * detect.ace: adaptive coherence/cosine estimator, as Spectral Python's `spectral.ace` for one target:
 * with z = C^{-1/2}(x - μ) and s = C^{-1/2}(t - μ), score = (s^T z)² / ((s^T s)(z^T z)), in [0, 1].
 */
import { defineNode } from '../../core/node-def.ts';
import { dot, matVec, whitenedForms } from '../lib/linalg.ts';
import { background, RIDGE_HELP, TARGET_HELP, scoreRaster, TARGET_PARAMS, targetInputs } from './common.ts';

export default defineNode({
  id: 'detect.ace',
  version: 1,
  title: 'ACE detector',
  category: 'detect',
  description:
    'Adaptive coherence estimator (S. Kraut, L. L. Scharf and L. T. McWhorter, "Adaptive subspace detectors", ' +
    'IEEE TSP 49(1), 2001): the squared cosine between the mean-removed pixel and the mean-removed target in ' +
    'the space whitened by the background covariance: score = (s^T z)² / ((s^T s)(z^T z)), ' +
    'z = C^{-1/2}(x - μ), s = C^{-1/2}(t - μ), with μ and C (divisor N-1) from the whole cube, as ' +
    '`spectral.ace` (Spectral Python); scores lie in [0, 1] (a pixel equal to the mean scores 0). ' +
    'The target is resampled to the cube\'s wavelengths when both are known and differ.\n\n' + TARGET_HELP + ' ' + RIDGE_HELP,
  inputs: [
    { name: 'cube', type: 'cube' },
    { name: 'target', type: 'spectra' },
  ],
  outputs: [{ name: 'score', type: 'band', description: 'ACE score in [0, 1]' }],
  params: { ...TARGET_PARAMS },
  async run(inputs, params, ctx) {
    const { cube, target, bands, pixels } = targetInputs(inputs, params, ctx);
    const stats = background(cube, ctx);
    const whitenedTarget = matVec(stats.whitening, bands, bands, target.map((v, b) => v - stats.mean[b]));
    const targetNorm = dot(whitenedTarget, whitenedTarget);
    // |z|² and s^T z per pixel on the SIMD kernel, z = W (x - μ) (W lower-triangular).
    const { norms, cross } = whitenedForms(cube.data, pixels, bands, stats.whitening, stats.mean, whitenedTarget, ctx.checkAbort, stats.triangular);
    const scores = new Float32Array(pixels);
    for (let p = 0; p < pixels; p++) {
      const score = (cross![p] * cross![p]) / (targetNorm * norms[p]);
      scores[p] = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
    }
    return { score: scoreRaster(cube, scores) };
  },
});
