/**
 * detect.osp: orthogonal subspace projection (Harsanyi & Chang 1994): annihilate the undesired
 * signatures U with P = I - U U^+, then score = d^T P x / (d^T P d) (1 at the target d).
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import type { Spectra } from '../../core/values.ts';
import { dot, moments, projectPixels, symmetricEigen } from '../lib/linalg.ts';
import { cubeInput, scoreRaster, TARGET_HELP, TARGET_PARAMS, targetSpectrum } from './common.ts';

export default defineNode({
  id: 'detect.osp',
  version: 1,
  title: 'OSP detector',
  category: 'detect',
  description:
    'Orthogonal subspace projection (J. C. Harsanyi and C.-I Chang, "Hyperspectral image classification and ' +
    'dimensionality reduction: an orthogonal subspace projection approach", IEEE TGRS 32(4), 1994). The ' +
    'undesired signatures U are the spectra of the optional `background` input, or else the `components` ' +
    'leading eigenvectors of the correlation matrix X^T X / N of the cube. With P = I - U (U^T U)^{-1} U^T, ' +
    'score = d^T P x / (d^T P d), so the target scores 1. A target inside the background subspace is an error. ' + TARGET_HELP,
  inputs: [
    { name: 'cube', type: 'cube' },
    { name: 'target', type: 'spectra' },
    { name: 'background', type: 'spectra', optional: true, description: 'undesired signatures to project out (e.g. endmembers)' },
  ],
  outputs: [{ name: 'score', type: 'band', description: 'OSP score (1 at the target)' }],
  params: {
    ...TARGET_PARAMS,
    components: { kind: 'integer', default: 5, min: 1, max: 100, description: 'number of leading eigenvectors used as background subspace when no `background` input is connected' },
  },
  async run(inputs, params, ctx) {
    const cube = cubeInput(inputs, ctx);
    const target = targetSpectrum(inputs, params, cube, ctx);
    const bands = cube.bands;
    const pixels = cube.rows * cube.cols;
    const basis: Float64Array[] = [];
    const backgroundSpectra = inputs.background as Spectra | undefined;
    if (backgroundSpectra) {
      for (let i = 0; i < backgroundSpectra.count; i++) basis.push(targetSpectrum(inputs, { targetIndex: i }, cube, ctx, 'background'));
    } else {
      const components = params.components as number;
      if (components >= bands) {
        throw new BandwireError('PARAM_RANGE', `param 'components' = ${components} must be below the ${bands} bands of input 'cube'`, { node: ctx.nodeId, param: 'components' });
      }
      const { matrix } = moments(cube.data, pixels, bands, false, ctx.checkAbort);
      const { vectors } = symmetricEigen(matrix, bands);
      for (let k = bands - 1; k >= bands - components; k--) {
        const v = new Float64Array(bands);
        for (let b = 0; b < bands; b++) v[b] = vectors[b * bands + k];
        basis.push(v);
      }
    }
    // Orthonormalise U (modified Gram–Schmidt, dropping dependent columns), then P d = d - Q Q^T d.
    const orthonormal: Float64Array[] = [];
    for (const u of basis) {
      const v = Float64Array.from(u);
      const scale = Math.sqrt(dot(u, u));
      for (const q of orthonormal) {
        const c = dot(q, v);
        for (let b = 0; b < bands; b++) v[b] -= c * q[b];
      }
      const norm = Math.sqrt(dot(v, v));
      if (norm > 1e-10 * scale) orthonormal.push(v.map((x) => x / norm));
    }
    const projected = Float64Array.from(target);
    for (const q of orthonormal) {
      const c = dot(q, projected);
      for (let b = 0; b < bands; b++) projected[b] -= c * q[b];
    }
    const energy = dot(projected, target);
    if (!(energy > 1e-12 * dot(target, target))) {
      throw new BandwireError('INPUT_INVALID', `the target lies inside the background subspace (${orthonormal.length} signatures): nothing is left to detect; use fewer components`, { node: ctx.nodeId, port: 'target' });
    }
    const filter = projected.map((v) => v / energy);
    const scores = projectPixels(ctx.tf, cube.data, pixels, bands, filter, 1, undefined, ctx.checkAbort);
    return { score: scoreRaster(cube, scores) };
  },
});
