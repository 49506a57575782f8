/**
 * detect.sam: spectral angle mapper as a detector: cos θ = x^T t / (‖x‖ ‖t‖) per pixel
 * (Kruse et al. 1993). Output `cosine` (default; higher = closer) or `angle` (radians; lower = closer).
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import { dot } from '../lib/linalg.ts';
import { cubeInput, scoreRaster, TARGET_HELP, TARGET_PARAMS, targetSpectrum } from './common.ts';

export default defineNode({
  id: 'detect.sam',
  version: 3, // 2: the angle output carries scoreOrder 'lower'; 3: and units 'rad'
  title: 'Spectral angle (SAM)',
  category: 'detect',
  description:
    'Spectral angle mapper (F. A. Kruse et al., "The spectral image processing system (SIPS)", Remote ' +
    'Sensing of Environment 44, 1993): θ = arccos(x^T t / (‖x‖ ‖t‖)) between each pixel and the target, ' +
    'insensitive to illumination scale. `output` = `cosine` gives cos θ (higher = more target-like, ' +
    'suited to metrics.detection); `angle` gives θ in radians (lower = more target-like). Zero pixels ' +
    'score cos θ = 0 (θ = π/2). NaN pixels are an error. ' + TARGET_HELP,
  inputs: [
    { name: 'cube', type: 'cube' },
    { name: 'target', type: 'spectra' },
  ],
  outputs: [{ name: 'score', type: 'band', description: 'cos θ (unitless) or θ (radians)' }],
  params: {
    ...TARGET_PARAMS,
    output: { kind: 'enum', default: 'cosine', options: ['cosine', 'angle'], description: 'cos θ (higher = closer) or θ in radians (lower = closer)' },
  },
  async run(inputs, params, ctx) {
    const cube = cubeInput(inputs, ctx);
    const target = targetSpectrum(inputs, params, cube, ctx);
    const targetNorm = Math.sqrt(dot(target, target));
    if (targetNorm === 0) throw new BandwireError('INPUT_INVALID', `the target spectrum is all zeros: its spectral angle is undefined`, { node: ctx.nodeId, port: 'target' });
    const { data, bands } = cube;
    const pixels = cube.rows * cube.cols;
    const angle = params.output === 'angle';
    const scores = new Float32Array(pixels);
    for (let p = 0, o = 0; p < pixels; p++) {
      let cross = 0;
      let norm = 0;
      for (let b = 0; b < bands; b++, o++) {
        cross += data[o] * target[b];
        norm += data[o] * data[o];
      }
      const cosine = norm > 0 ? Math.min(1, Math.max(-1, cross / (Math.sqrt(norm) * targetNorm))) : 0;
      scores[p] = angle ? Math.acos(cosine) : cosine;
    }
    // the angle is smallest at the target: metrics.detection reads scoreOrder and ranks it the right way up
    return { score: angle ? scoreRaster(cube, scores, 'angle', { units: 'rad' }) : scoreRaster(cube, scores, 'cosine') };
  },
});
