/**
 * metrics.reduced: reduced-resolution (Wald protocol) indices of a fused cube against the reference
 * (ALGORITHMS.md C.1; toolbox `evaluation_rr(fused, GT, r, flag_cut=True, dim_cut=11, L=16)`).
 */
import { BandwireError, inputError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import type { Raster } from '../../core/values.ts';
import { rejectNonFinite, requireRaster } from '../pansharpen/lib/inputs.ts';
import { toPlanes } from '../pansharpen/lib/planes.ts';
import { cropPlane, ergas, psnr, samDegrees, scaleClip, scc } from './lib/indices.ts';
import { q2n } from './lib/q2n.ts';
import { DN_RANGE, SCALE_PARAM, scaleFactor, type ScaleMode } from './lib/scale.ts';

type Params = { ratio: number; cut: number; blockSize: number; scale: ScaleMode };

/**
 * ERGAS's r: the param, else (0) the ratio the fused cube was pansharpened at. A param that differs from
 * that ratio is logged (with `ctx`): ERGAS scales with 1/r, so a wrong r scales it silently.
 */
function ergasRatio(param: number, fused: Raster, who: { node: string; type: string }, ctx?: { log(m: string): void }): number {
  if (param === 0) {
    if (fused.fusionRatio) return fused.fusionRatio;
    throw new BandwireError('PARAM_INVALID', `metrics.reduced '${who.node}': param 'ratio' = 0 takes the ratio from input 'fused', which was not made by a pansharpening node; set 'ratio' to prep.degrade's ratio`, { node: who.node, param: 'ratio' });
  }
  if (fused.fusionRatio && fused.fusionRatio !== param) ctx?.log(`warning: param 'ratio' = ${param} but input 'fused' was pansharpened at ratio ${fused.fusionRatio}: ERGAS scales with 1/ratio (set 'ratio' = 0 to use ${fused.fusionRatio})`);
  return param;
}

export default defineNode<Params>({
  id: 'metrics.reduced',
  version: 3, // 2: outputs carry `units`; 3: ratio 0 (the default) takes the fused cube's pansharpening ratio
  title: 'Reduced-resolution metrics',
  category: 'metrics',
  description: [
    'Scores a fused cube against the high-resolution reference of a Wald-protocol test, as the hyperspectral',
    'pansharpening toolbox does (Ciotola et al., IEEE GRSM 2024, `evaluation_rr`), in float64:',
    '- both images are cropped by `cut` - 1 pixels at the top/left and `cut` at the bottom/right (11: [10:-11]);',
    '  the fused image is clipped to [0, 2^16];',
    '- **ERGAS** (Wald 2000) = (100/r) sqrt(mean_b MSE_b / mean_b^2) (bands with a zero mean are skipped);',
    '- **SAM** in degrees, mean spectral angle (zero-norm pixels count as 0);',
    '- **Q2n** (Garzelli & Nencini 2009) over non-overlapping `blockSize` blocks, on integer-rounded values;',
    '- **SCC**: correlation of the 3x3 Laplacian high-passes (Zhou et al. 1998), mean over bands (not in the toolbox);',
    '- **PSNR** in dB, per band with the reference maximum as peak, mean over bands (not in the toolbox).',
    'Data range: the indices expect digital numbers (0..65535). With `scale` = auto, data whose reference maximum is',
    '<= 1.5 is taken as [0, 1] and multiplied by 2^16 before clipping and rounding (else Q2n would see 0/1 images).',
  ].join('\n'),
  inputs: [
    { name: 'fused', type: 'cube', description: 'pansharpened cube (H x W x B)' },
    { name: 'reference', type: 'cube', description: 'ground truth (H x W x B), e.g. the cube before prep.degrade' },
  ],
  outputs: [{ name: 'metrics', type: 'metrics', description: 'ERGAS, SAM (degrees), Q2n, SCC, PSNR (dB)' }],
  params: {
    ratio: { kind: 'integer', default: 0, min: 0, max: 32, description: "resolution ratio r used by ERGAS (prep.degrade's 'ratio'); 0 takes the ratio the fused cube was pansharpened at" },
    cut: { kind: 'integer', default: 11, min: 0, max: 100, unit: 'px', description: 'border crop: cut-1 px top/left, cut px bottom/right (toolbox dim_cut 11); 0 = none' },
    blockSize: { kind: 'integer', default: 32, min: 2, max: 256, unit: 'px', description: 'Q2n block size (= shift)' },
    scale: SCALE_PARAM,
  },
  async run(inputs, params, ctx) {
    const who = { node: ctx.nodeId, type: 'metrics.reduced' };
    ergasRatio(params.ratio, requireRaster(inputs.fused, who, 'fused'), who); // refuse before the work
    const fused = requireRaster(inputs.fused, who, 'fused');
    const reference = requireRaster(inputs.reference, who, 'reference');
    if (fused.rows !== reference.rows || fused.cols !== reference.cols || fused.bands !== reference.bands) {
      throw inputError(
        `metrics.reduced '${who.node}': input 'fused' is ${fused.rows}x${fused.cols}x${fused.bands} but 'reference' is ${reference.rows}x${reference.cols}x${reference.bands}`,
        { node: who.node, port: 'fused' },
      );
    }
    rejectNonFinite(fused, who, 'fused');
    rejectNonFinite(reference, who, 'reference');
    const first = Math.max(0, params.cut - 1);
    const last = params.cut;
    if (reference.rows - first - last < 1 || reference.cols - first - last < 1) {
      throw new BandwireError('PARAM_RANGE', `metrics.reduced '${who.node}': param 'cut' = ${params.cut} leaves nothing of the ${reference.rows}x${reference.cols} px images`, {
        node: who.node,
        param: 'cut',
      });
    }
    const factor = scaleFactor(params.scale, reference);
    if (factor !== 1) ctx.log(`data taken as [0, 1]: multiplied by 2^16 before the indices`);
    const f = toPlanes(fused).map((p) => scaleClip(cropPlane(p, first, last), factor, 0, DN_RANGE));
    const g = toPlanes(reference).map((p) => scaleClip(cropPlane(p, first, last), factor));
    ctx.progress(0.1, 'ERGAS, SAM, SCC, PSNR');
    const e = ergas(f, g, ergasRatio(params.ratio, fused, who, ctx));
    if (e.skippedBands > 0) ctx.log(`ERGAS: ${e.skippedBands} reference band(s) with zero mean left out`);
    const values: Record<string, number> = { ERGAS: e.value, SAM: samDegrees(f, g), SCC: scc(f, g), PSNR: psnr(f, g) };
    ctx.progress(0.3, 'Q2n');
    values.Q2n = q2n(f, g, params.blockSize, params.blockSize, () => ctx.checkAbort()).value;
    return {
      metrics: {
        kind: 'metrics',
        values: { ERGAS: values.ERGAS, SAM: values.SAM, Q2n: values.Q2n, SCC: values.SCC, PSNR: values.PSNR },
        // ERGAS, Q2n and SCC are unitless.
        units: { SAM: 'deg', PSNR: 'dB' },
      },
    };
  },
});
