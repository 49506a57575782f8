/**
 * pansharpen.awlp: additive wavelet luminance proportional (Otazu, Gonzalez-Audicana, Fors & Nunez, IEEE TGRS
 * 2005), as coded in the hyperspectral pansharpening toolbox (ALGORITHMS.md B). M = interpolated HS, P = PAN:
 *   P_b = (P - mean P) std(M_b)/std(imresize(imresize(P, 1/r), r)) + mean(M_b)     (MATLAB bicubic)
 *   D_b = P_b - atrous_lowpass(P_b)
 *   F_b = M_b + D_b M_b / (mean_over_bands(M) + eps)
 * (D_b = std(M_b)/std(...) (P - atrous_lowpass(P)) since the a trous lowpass is linear with unit DC gain.)
 */
import { defineNode } from '../../core/node-def.ts';
import { fusedCube, PANSHARPEN_INPUTS, PANSHARPEN_OUTPUTS, RATIO_PARAM, interpolateAll, readPansharpenInputs } from './lib/inputs.ts';
import { atrousLowpass, imresizeBicubic } from './lib/lowpass.ts';
import { makePlane } from './lib/planes.ts';
import { EPS, std } from './lib/stats.ts';

export default defineNode<{ ratio: number }>({
  id: 'pansharpen.awlp',
  version: 1,
  title: 'AWLP (additive wavelet luminance proportional)',
  category: 'pansharpen',
  description: [
    'Multiresolution pansharpening: the a-trous wavelet detail of a per-band equalised PAN is injected in proportion',
    'to each band\'s share of the pixel\'s mean radiance (Otazu, Gonzalez-Audicana, Fors & Nunez, "Introduction of',
    'sensor spectral response into image fusion methods", IEEE TGRS 2005), as in the hyperspectral pansharpening',
    'toolbox (Ciotola et al. 2024): B3-spline a trous lowpass with ceil(log2 r) levels, equalisation by the std of',
    'the PAN bicubically shrunk and re-enlarged by r (MATLAB imresize semantics).',
    '',
    'When it works less well: the injected detail is proportional to each band\'s radiance, so it assumes the PAN',
    'correlates with every band. A visible-range PAN against NIR/SWIR bands over water and vegetation (anti-correlated)',
    'makes AWLP, like the other multiplicative methods (BT-H, MTF-GLP-HPM), lose to plain interpolation on SAM and',
    'ERGAS, as in the Wald tests on Samson and Jasper Ridge (graphs/examples/wald-jasper.json); the additive',
    'methods (GSA, MTF-GLP-FS) are the safer default there.',
  ].join('\n'),
  inputs: PANSHARPEN_INPUTS,
  outputs: PANSHARPEN_OUTPUTS,
  params: { ratio: RATIO_PARAM },
  async run(inputs, params, ctx) {
    const { hs, pan, ratio, low, panPlane } = readPansharpenInputs(inputs, params.ratio, { node: ctx.nodeId, type: 'pansharpen.awlp' });
    const interpolated = interpolateAll(low, ratio, ctx);
    const P = panPlane.data;
    const panLowStd = std(imresizeBicubic(imresizeBicubic(panPlane, 1 / ratio), ratio).data);
    const lowpass = atrousLowpass(panPlane, ratio).data;
    const meanOverBands = new Float64Array(P.length);
    for (const M of interpolated) for (let i = 0; i < M.length; i++) meanOverBands[i] += M[i] / interpolated.length;
    const planes = interpolated.map((M) => {
      const scale = std(M) / panLowStd;
      const F = new Float64Array(M.length);
      for (let i = 0; i < F.length; i++) F[i] = M[i] + scale * (P[i] - lowpass[i]) * (M[i] / (meanOverBands[i] + EPS));
      return makePlane(panPlane.rows, panPlane.cols, F);
    });
    return { cube: fusedCube(planes, hs, pan) };
  },
});
