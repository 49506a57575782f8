/** unmix.robust: l2,1 robust representation with learned per-pixel l_p sparsity (Zhu et al. 2014). */
import { defineNode, type NodeContext } from '../../core/node-def.ts';
import { BandwireError } from '../../core/errors.ts';
import { makeRaster, type Raster, type Spectra } from '../../core/values.ts';
import { requireCube, requireSpectra } from './lib/input.ts';
import { abundanceRaster, maxAbs, unmixPixels } from './lib/abundances.ts';
import { robustUnmix } from './lib/robust-core.ts';

type Params = { lambda: number; iterations: number; pMin: number; delta: number; updateEndmembers: boolean };

/**
 * The multiplicative updates need non-negative endmembers. Slightly negative values (noise in a pixel that
 * VCA picked, e.g. -0.008 at a water-absorption band of reflectance spectra) are set to 0 and logged; values
 * below -1 % of the largest magnitude are refused: those spectra are not reflectance-like.
 */
function nonNegative(endmembers: Spectra, ctx: NodeContext): Spectra {
  let min = 0;
  let count = 0;
  for (const v of endmembers.data) {
    if (v < 0) {
      count++;
      min = Math.min(min, v);
    }
  }
  if (count === 0) return endmembers;
  const limit = 0.01 * maxAbs(endmembers);
  if (min < -limit) {
    throw new BandwireError('INPUT_INVALID', `input 'endmembers' has values down to ${min.toPrecision(3)} (below -1 % of the largest magnitude, ${limit.toPrecision(3)}); the multiplicative updates need non-negative spectra`, { node: ctx.nodeId, port: 'endmembers' });
  }
  ctx.log(`input 'endmembers': ${count} slightly negative value(s) (down to ${min.toPrecision(3)}) set to 0 for the multiplicative updates`);
  return { ...endmembers, data: endmembers.data.map((v) => Math.max(0, v)) };
}

export const robustNode = defineNode<Params>({
  id: 'unmix.robust',
  version: 1,
  title: 'Robust sparse unmixing (l2,1 + guided l_p)',
  category: 'unmix',
  description: [
    'Unmixing with a robust representation error and learning-based sparsity, after F. Zhu, Y. Wang, B. Fan, G. Meng and C. Pan, "Effective spectral unmixing via robust representation and learning-based sparsity" (arXiv:1409.0685, 2014) and F. Zhu et al., "Spectral unmixing via data-guided sparsity", IEEE TIP 23(12), 2014:',
    '',
    'min ||Y - M A||_{2,1} + lambda sum_n sum_k A_kn^{p_n}, A >= 0, abundances summing to one (weighted by `delta`).',
    '- The l2,1 norm sums the error norms of the channels, so a few corrupted (outlier) bands do not dominate the fit as they do in least squares.',
    '- p_n in [pMin, 1] is the guidance map: strong sparsity (small p) where a pixel is nearly pure, none (p = 1) where it is highly mixed; it is re-learned from the abundances at every iteration (normalised entropy of the pixel\'s abundances, a closed-form reading of the paper\'s learned map).',
    '- Solved by majorise-minimise from the FCLS solution: each iteration re-weights the channels (l2,1) and linearises the l_p term (reweighted l1), then solves every pixel exactly by active-set NNLS; with `updateEndmembers` the endmembers are refined too (NMF multiplicative step), otherwise kept.',
    '',
    'Outputs: abundances [rows, cols, K]; guidance (band, the p_n map); endmembers (refined or as given).',
  ].join('\n'),
  inputs: [
    { name: 'cube', type: 'cube', description: 'image [rows, cols, L], no NaNs, non-negative' },
    { name: 'endmembers', type: 'spectra', description: 'K initial endmember spectra (e.g. from unmix.vca)' },
  ],
  outputs: [
    { name: 'abundances', type: 'abundances', description: '[rows, cols, K]' },
    { name: 'guidance', type: 'band', description: 'per-pixel sparsity exponent p_n in [pMin, 1]' },
    { name: 'endmembers', type: 'spectra', description: 'endmembers after refinement (unchanged unless updateEndmembers)' },
  ],
  params: {
    lambda: { kind: 'number', default: 0.01, min: 0, max: 1e3, description: 'weight of the guided l_p sparsity term (data scaled by sqrt(mean(M^2)))' },
    iterations: { kind: 'integer', default: 30, min: 1, max: 10000, description: 'majorise-minimise iterations' },
    pMin: { kind: 'number', default: 0.1, min: 0.01, max: 1, description: 'smallest exponent p (for pure pixels)' },
    delta: { kind: 'number', default: 5, min: 0, max: 1e3, description: 'weight of the sum-to-one row (0 = no sum-to-one)' },
    updateEndmembers: { kind: 'boolean', default: false, description: 'refine the endmembers as well (NMF-style)' },
  },
  async run(inputs, params, ctx) {
    const node = ctx.nodeId;
    const cube = requireCube(inputs, 'cube', node);
    const endmembers = nonNegative(requireSpectra(inputs, 'endmembers', node, cube.bands), ctx);
    const N = cube.rows * cube.cols;
    const K = endmembers.count;
    const start = unmixPixels(cube, endmembers, 1e-3 / maxAbs(endmembers), { ...ctx, progress: () => {} });
    const result = robustUnmix(cube.data, N, cube.bands, endmembers.data, K, Float64Array.from(start.data), {
      ...params,
      onStep: (i) => {
        ctx.checkAbort();
        ctx.progress(i / params.iterations, `iteration ${i + 1}`);
      },
    });
    const out = Float32Array.from(result.abundances);
    const refined: Spectra = { ...endmembers, data: params.updateEndmembers ? result.endmembers : endmembers.data.slice(), names: endmembers.names.slice() };
    const guidance: Raster = makeRaster(cube.rows, cube.cols, 1, Float32Array.from(result.guidance), { role: 'band', bandNames: ['p'], ...(cube.georef ? { georef: cube.georef } : {}) });
    ctx.progress(1);
    return { abundances: abundanceRaster(cube, endmembers, out), guidance, endmembers: refined };
  },
});
