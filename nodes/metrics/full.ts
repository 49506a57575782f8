/**
 * metrics.full: full-resolution (no reference) indices of a fused cube (ALGORITHMS.md C.2; toolbox
 * `evaluation_fr`; D_rho from rho-PNN, Scarpa & Ciotola 2022).
 */
import { BandwireError, inputError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import { rejectNonFinite, requireRaster } from '../pansharpen/lib/inputs.ts';
import { bandPlane, toPlanes } from '../pansharpen/lib/planes.ts';
import { scaleClip } from './lib/indices.ts';
import { dLambdaKhan, dRho, dsRegression } from './lib/fullres.ts';
import { SCALE_PARAM, scaleFactor, type ScaleMode } from './lib/scale.ts';

type Params = { ratio: number; nyquistGain: number; scale: ScaleMode };

export default defineNode<Params>({
  id: 'metrics.full',
  version: 1,
  title: 'Full-resolution metrics',
  category: 'metrics',
  description: [
    'Scores a fused cube without a reference, as the hyperspectral pansharpening toolbox does (Ciotola et al.,',
    'IEEE GRSM 2024, `evaluation_fr`), in float64:',
    '- **Dlambda** (Khan et al., IEEE TGRS 2009): 1 - Q2n between the fused cube blurred by the 41x41 Gaussian MTF',
    '  (gain `nyquistGain` at Nyquist, replicate borders) and decimated at r*i + floor(r/2), and the HS input',
    '  (32x32 blocks, integer-rounded values);',
    '- **Ds**: the regression-based spatial distortion D_sR = 1 - R^2 of the least-squares fit (no intercept) of',
    '  the PAN on the fused bands;',
    '- **HQNR** = (1 - Dlambda)(1 - Ds) (the toolbox\'s "QNR" column: Khan\'s D_lambda with the regression D_S);',
    '- **Drho** (Scarpa & Ciotola, "Full-resolution quality assessment for pansharpening", Remote Sensing 2022):',
    '  mean over bands and pixels of 1 - rho, rho = local correlation of band and PAN in 2w x 2w windows, w = floor(r/2).',
    'Lower Dlambda, Ds, Drho and higher HQNR are better. Data range: like metrics.reduced, `scale` = auto multiplies',
    'the fused and HS cubes by 2^16 when the HS maximum is <= 1.5 (Q2n rounds to integers); Ds and Drho are',
    'scale-invariant.',
  ].join('\n'),
  inputs: [
    { name: 'fused', type: 'cube', description: 'pansharpened cube (H x W x B)' },
    { name: 'hs', type: 'cube', description: 'the low-resolution HS input (H/r x W/r x B)' },
    { name: 'pan', type: 'band', description: 'the PAN (H x W)' },
  ],
  outputs: [{ name: 'metrics', type: 'metrics', description: 'Dlambda, Ds, HQNR, Drho' }],
  params: {
    ratio: { kind: 'integer', default: 0, min: 0, max: 32, description: 'resolution ratio r; 0 derives it from the fused and HS sizes' },
    nyquistGain: { kind: 'number', default: 0.3, min: 0.01, max: 0.99, description: 'MTF gain at the LR Nyquist frequency used by Dlambda' },
    scale: SCALE_PARAM,
  },
  async run(inputs, params, ctx) {
    const who = { node: ctx.nodeId, type: 'metrics.full' };
    const fused = requireRaster(inputs.fused, who, 'fused');
    const hs = requireRaster(inputs.hs, who, 'hs');
    const pan = requireRaster(inputs.pan, who, 'pan');
    if (pan.bands !== 1) throw inputError(`metrics.full '${who.node}': input 'pan' must have 1 band, got ${pan.bands}`, { node: who.node, port: 'pan' });
    if (fused.bands !== hs.bands) throw inputError(`metrics.full '${who.node}': input 'fused' has ${fused.bands} bands but 'hs' has ${hs.bands}`, { node: who.node, port: 'fused' });
    if (pan.rows !== fused.rows || pan.cols !== fused.cols) {
      throw inputError(`metrics.full '${who.node}': input 'pan' is ${pan.rows}x${pan.cols} but 'fused' is ${fused.rows}x${fused.cols}`, { node: who.node, port: 'pan' });
    }
    const ratio = params.ratio || fused.rows / hs.rows;
    if (!Number.isInteger(ratio) || ratio < 2 || fused.rows !== ratio * hs.rows || fused.cols !== ratio * hs.cols) {
      throw new BandwireError(
        'PARAM_INVALID',
        `metrics.full '${who.node}': param 'ratio' = ${params.ratio}${params.ratio ? '' : ` (derived ${ratio.toFixed(3)})`} does not fit 'fused' ${fused.rows}x${fused.cols} and 'hs' ${hs.rows}x${hs.cols}; fused must be r times the HS size`,
        { node: who.node, param: 'ratio' },
      );
    }
    for (const [r, port] of [[fused, 'fused'], [hs, 'hs'], [pan, 'pan']] as const) rejectNonFinite(r, who, port);
    const factor = scaleFactor(params.scale, hs);
    if (factor !== 1) ctx.log('data taken as [0, 1]: fused and HS multiplied by 2^16 before Dlambda');
    const f = toPlanes(fused).map((p) => scaleClip(p, factor));
    const low = toPlanes(hs).map((p) => scaleClip(p, factor));
    const panPlane = bandPlane(pan, 0);
    ctx.progress(0.05, 'Dlambda');
    const Dlambda = dLambdaKhan(f, low, ratio, params.nyquistGain, () => ctx.checkAbort());
    ctx.progress(0.6, 'Ds');
    const Ds = dsRegression(f, panPlane);
    ctx.progress(0.7, 'Drho');
    const Drho = dRho(f, panPlane, ratio, () => ctx.checkAbort());
    return { metrics: { kind: 'metrics', values: { Dlambda, Ds, HQNR: (1 - Dlambda) * (1 - Ds), Drho } } };
  },
});
