/**
 * pansharpen.gsa: adaptive Gram-Schmidt (GSA), Aiazzi, Baronti & Selva, IEEE TGRS 45(10) 2007,
 * as coded in the hyperspectral pansharpening toolbox (ALGORITHMS.md B):
 *   P_L = decimate_r( atrous_lowpass(P - mean P) )              (LR grid, phase floor(r/2))
 *   [a_b, a_0] = least squares of P_L on [HS_LR_b - mean, 1]
 *   I = sum_b a_b (M_b - mean M_b) + a_0,  I0 = I - mean I      (M = interpolated HS)
 *   g_b = cov(I0, M_b) / var(I0)
 *   F_b = (M_b - mean M_b) + g_b ((P - mean P) - I0), shifted back to mean(M_b).
 */
import { defineNode } from '../../core/node-def.ts';
import { fusedCube, PANSHARPEN_INPUTS, PANSHARPEN_OUTPUTS, RATIO_PARAM, readPansharpenInputs } from './lib/inputs.ts';
import { interpolatePlane } from './lib/interpolate.ts';
import { atrousLowpass } from './lib/lowpass.ts';
import { decimatePlane } from './lib/mtf.ts';
import { makePlane, type Plane } from './lib/planes.ts';
import { combine, leastSquares } from './lib/regression.ts';
import { covariance, mean, variance } from './lib/stats.ts';

function centred(d: Float64Array): Float64Array {
  const m = mean(d);
  return d.map((v) => v - m);
}

export default defineNode<{ ratio: number }>({
  id: 'pansharpen.gsa',
  version: 1,
  title: 'GSA (adaptive Gram-Schmidt)',
  category: 'pansharpen',
  description: [
    'Component-substitution pansharpening with adaptive Gram-Schmidt (Aiazzi, Baronti & Selva, "Improving component',
    'substitution pansharpening through multivariate regression of MS+Pan data", IEEE TGRS 2007), as in the',
    'hyperspectral pansharpening toolbox (Ciotola et al. 2024). The intensity is the least-squares combination of the',
    'HS bands that best matches the a-trous-lowpassed, decimated PAN; each band receives the PAN detail scaled by its',
    'covariance with the intensity. Fast (closed form); strong on bands inside the PAN range, can distort others.',
  ].join('\n'),
  inputs: PANSHARPEN_INPUTS,
  outputs: PANSHARPEN_OUTPUTS,
  params: { ratio: RATIO_PARAM },
  async run(inputs, params, ctx) {
    const { hs, pan, ratio, low, panPlane } = readPansharpenInputs(inputs, params.ratio, { node: ctx.nodeId, type: 'pansharpen.gsa' });
    const panCentred = makePlane(panPlane.rows, panPlane.cols, centred(panPlane.data));
    const panLow = decimatePlane(atrousLowpass(panCentred, ratio), ratio);
    const lowCentred = low.map((p) => centred(p.data));
    const ones = new Float64Array(panLow.data.length).fill(1);
    const weights = leastSquares([...lowCentred, ones], panLow.data);
    ctx.progress(0.1, 'interpolating');
    const interpolated: Plane[] = low.map((p) => {
      ctx.checkAbort();
      return interpolatePlane(p, ratio);
    });
    const interpolatedCentred = interpolated.map((p) => centred(p.data));
    const intensity = combine(interpolatedCentred, weights);
    const bias = weights[low.length];
    for (let i = 0; i < intensity.length; i++) intensity[i] += bias;
    const intensityCentred = centred(intensity);
    const intensityVariance = variance(intensityCentred);
    const detail = new Float64Array(intensity.length);
    for (let i = 0; i < detail.length; i++) detail[i] = panCentred.data[i] - intensityCentred[i];
    const planes = interpolated.map((m, b) => {
      const gain = covariance(intensityCentred, interpolatedCentred[b]) / intensityVariance;
      const band = interpolatedCentred[b].map((v, i) => v + gain * detail[i]);
      const shift = mean(m.data) - mean(band);
      for (let i = 0; i < band.length; i++) band[i] += shift;
      return makePlane(m.rows, m.cols, band);
    });
    return { cube: fusedCube(planes, hs, pan) };
  },
});
