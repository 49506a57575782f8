/**
 * pansharpen.mtfGlp: MTF-matched generalized Laplacian pyramid (Aiazzi et al. 2006; Vivone et al. 2018 for the
 * FS gains), as coded in the hyperspectral pansharpening toolbox (ALGORITHMS.md B). M = interpolated HS band,
 * P = PAN, P_L = interp_ideal( decimate_r( MTF(P) ) ) (41x41 Gaussian MTF, gain `nyquistGain`, replicate borders):
 *   fs:    F_b = M_b + g_b (P - P_L),  g_b = cov(M_b, P) / cov(P_L, P)
 *   hpm:   P_b = (P - mean P) std(M_b)/std(LPfilterGauss(P)) + mean(M_b);  F_b = M_b clip(P_b/(P_bL + eps), 0, 10)
 *   hpm-r: g_b = cov(M_b, P_L)/var(P_L), c_b = mean(M_b)/g_b - mean(P);  F_b = M_b clip((P + c_b)/(P_L + c_b + eps), 0, 10)
 * (P_bL of the equalised PAN is obtained in closed form from P_L: MTF, decimation and interpolation are linear and
 * the MTF passes a constant with gain sum(kernel).)
 */
import { defineNode } from '../../core/node-def.ts';
import { fusedCube, PANSHARPEN_INPUTS, PANSHARPEN_OUTPUTS, RATIO_PARAM, readPansharpenInputs } from './lib/inputs.ts';
import { interpolatePlane } from './lib/interpolate.ts';
import { filterDecimatePlane, filterPlaneReplicate, mtfKernel } from './lib/mtf.ts';
import { makePlane } from './lib/planes.ts';
import { covariance, EPS, mean, std, variance } from './lib/stats.ts';

type Variant = 'fs' | 'hpm' | 'hpm-r';

export default defineNode<{ ratio: number; nyquistGain: number; variant: Variant }>({
  id: 'pansharpen.mtfGlp',
  version: 1,
  title: 'MTF-GLP (FS / HPM / HPM-R)',
  category: 'pansharpen',
  description: [
    'Multiresolution-analysis pansharpening: the PAN detail not seen by the sensor MTF is injected into each',
    'interpolated band (Aiazzi, Alparone, Baronti, Garzelli & Selva, "MTF-tailored multiscale fusion of high-resolution',
    'MS and Pan imagery", PE&RS 2006; full-scale gains: Vivone, Restaino & Chanussot, IEEE TIP 2018; HPM-R:',
    'Vivone et al., IEEE GRSL 2018). Variants: `fs` additive injection with full-scale regression gains; `hpm`',
    'multiplicative (high-pass modulation) with a per-band equalised PAN; `hpm-r` HPM with regression-based',
    'offsets. The MTF is a 41x41 Gaussian with gain `nyquistGain` at the LR Nyquist frequency (toolbox default 0.3).',
    'Formulas as in the hyperspectral pansharpening toolbox (Ciotola et al. 2024); HPM ratios are clipped to [0, 10].',
  ].join('\n'),
  inputs: PANSHARPEN_INPUTS,
  outputs: PANSHARPEN_OUTPUTS,
  params: {
    ratio: RATIO_PARAM,
    nyquistGain: { kind: 'number', default: 0.3, min: 0.01, max: 0.99, description: 'MTF gain at the LR Nyquist frequency used to lowpass the PAN' },
    variant: { kind: 'enum', default: 'fs', options: ['fs', 'hpm', 'hpm-r'], description: 'detail injection: fs (additive, full-scale gains), hpm (modulation), hpm-r (modulation with regression offsets)' },
  },
  async run(inputs, params, ctx) {
    const { hs, pan, ratio, low, panPlane } = readPansharpenInputs(inputs, params.ratio, { node: ctx.nodeId, type: 'pansharpen.mtfGlp' });
    const kernel = mtfKernel(params.nyquistGain, ratio, 41);
    const kernelSum = kernel.reduce((a, b) => a + b, 0);
    const P = panPlane.data;
    const PL = interpolatePlane(filterDecimatePlane(panPlane, kernel, ratio), ratio).data;
    const meanP = mean(P);
    // HPM equalisation denominator: std of the LPfilterGauss-lowpassed PAN (GNyq 0.3, N 41, sigma from N)
    const lpStd = params.variant === 'hpm' ? std(filterPlaneReplicate(panPlane, mtfKernel(0.3, ratio, 41, true)).data) : 0;
    const covPLP = covariance(PL, P);
    const varPL = variance(PL);
    const planes = low.map((lowBand, b) => {
      ctx.checkAbort();
      ctx.progress(b / low.length, `band ${b + 1}/${low.length}`);
      const M = interpolatePlane(lowBand, ratio).data;
      const F = new Float64Array(M.length);
      if (params.variant === 'fs') {
        const g = covariance(M, P) / covPLP;
        for (let i = 0; i < F.length; i++) F[i] = M[i] + g * (P[i] - PL[i]);
      } else if (params.variant === 'hpm') {
        const scale = std(M) / lpStd;
        const offset = mean(M);
        for (let i = 0; i < F.length; i++) {
          const Pb = (P[i] - meanP) * scale + offset;
          const PbL = (PL[i] - meanP * kernelSum) * scale + offset * kernelSum;
          F[i] = M[i] * Math.min(10, Math.max(0, Pb / (PbL + EPS)));
        }
      } else {
        const g = covariance(M, PL) / varPL;
        const c = mean(M) / g - meanP;
        for (let i = 0; i < F.length; i++) F[i] = M[i] * Math.min(10, Math.max(0, (P[i] + c) / (PL[i] + c + EPS)));
      }
      return makePlane(panPlane.rows, panPlane.cols, F);
    });
    return { cube: fusedCube(planes, hs, pan) };
  },
});
