/**
 * pansharpen.btH: Brovey transform with haze correction (Lolli, Alparone, Garzelli & Vivone, IEEE GRSL 2017),
 * as coded in the hyperspectral pansharpening toolbox (ALGORITHMS.md B). M = interpolated HS, P = PAN:
 *   m_b = min(M_b);  P_L = LPfilterGauss(P) (41x41, GNyq 0.3, sigma from N, replicate borders)
 *   a = least squares of P_L on the bands M (no intercept, truncated SVD);  I = sum_b a_b (M_b - m_b)
 *   I_HR = (P - mean P_L) std(I)/std(P_L) + mean(I)
 *   F_b = max(M_b - m_b, 0) I_HR/(I + eps) + m_b
 */
import { defineNode } from '../../core/node-def.ts';
import { fusedCube, PANSHARPEN_INPUTS, PANSHARPEN_OUTPUTS, RATIO_PARAM, interpolateAll, readPansharpenInputs } from './lib/inputs.ts';
import { filterPlaneReplicate, mtfKernel } from './lib/mtf.ts';
import { makePlane } from './lib/planes.ts';
import { leastSquares } from './lib/regression.ts';
import { EPS, mean, min, std } from './lib/stats.ts';

/**
 * Cutoff on the eigenvalues of the column-normalised Gram matrix (1e-8, i.e. singular values of the
 * normalised bands below 1e-4 of the largest are dropped). Deviation from the toolbox's plain lstsq:
 * with ~200 nearly collinear interpolated bands the exact solution has large signed weights and the
 * intensity I crosses zero on dark pixels (Jasper Ridge water: min -113 DN), where the Brovey ratio
 * I_HR/I explodes; the truncated solution fits P_L as well and keeps I positive.
 */
const INTENSITY_CUTOFF = 1e-8;

export default defineNode<{ ratio: number }>({
  id: 'pansharpen.btH',
  version: 1,
  title: 'BT-H (Brovey with haze)',
  category: 'pansharpen',
  description: [
    'Multiplicative (Brovey) component substitution with haze correction: each band minus its minimum (the haze',
    'estimate) is modulated by the ratio between an equalised PAN and a regression-based intensity (Lolli, Alparone,',
    'Garzelli & Vivone, "Haze correction for contrast-based multispectral pansharpening", IEEE GRSL 2017), as in the',
    'hyperspectral pansharpening toolbox (Ciotola et al. 2024). The intensity weights are the least-squares fit of the',
    'Gaussian-lowpassed PAN on the interpolated bands.',
  ].join('\n'),
  inputs: PANSHARPEN_INPUTS,
  outputs: PANSHARPEN_OUTPUTS,
  params: { ratio: RATIO_PARAM },
  async run(inputs, params, ctx) {
    const { hs, pan, ratio, low, panPlane } = readPansharpenInputs(inputs, params.ratio, { node: ctx.nodeId, type: 'pansharpen.btH' });
    const interpolated = interpolateAll(low, ratio, ctx);
    const P = panPlane.data;
    const PL = filterPlaneReplicate(panPlane, mtfKernel(0.3, ratio, 41, true)).data;
    // truncated-SVD least squares (see the file comment): plain LS over many collinear bands lets I cross 0
    const weights = leastSquares(interpolated, PL, INTENSITY_CUTOFF);
    const minima = interpolated.map(min);
    const I = new Float64Array(P.length);
    interpolated.forEach((M, b) => {
      for (let i = 0; i < I.length; i++) I[i] += weights[b] * (M[i] - minima[b]);
    });
    const scale = std(I) / std(PL);
    const meanPL = mean(PL);
    const meanI = mean(I);
    const ratioImage = new Float64Array(P.length);
    for (let i = 0; i < P.length; i++) ratioImage[i] = ((P[i] - meanPL) * scale + meanI) / (I[i] + EPS);
    const planes = interpolated.map((M, b) => {
      const F = new Float64Array(M.length);
      for (let i = 0; i < F.length; i++) F[i] = Math.max(0, M[i] - minima[b]) * ratioImage[i] + minima[b];
      return makePlane(panPlane.rows, panPlane.cols, F);
    });
    return { cube: fusedCube(planes, hs, pan) };
  },
});
