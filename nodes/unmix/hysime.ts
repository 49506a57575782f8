/** unmix.hysime: number of endmembers (signal-subspace dimension) by HySime. */
import { defineNode } from '../../core/node-def.ts';
import { BandwireError } from '../../core/errors.ts';
import { requireCube } from './lib/input.ts';
import { correlation64 } from './lib/subspace.ts';
import { hysime } from './lib/hysime-core.ts';

export const hysimeNode = defineNode({
  id: 'unmix.hysime',
  version: 1,
  title: 'HySime: number of endmembers',
  category: 'unmix',
  description: [
    'Hyperspectral signal subspace identification by minimum error (J. M. Bioucas-Dias and J. M. P. Nascimento, "Hyperspectral subspace identification", IEEE TGRS 46(8), 2008), following the authors\' hysime.m with additive noise estimated by multiple regression of each band on the others (estNoise.m).',
    '',
    'Outputs `metrics` with `endmembers` = k, the estimated subspace dimension (used as the number of endmembers), and `meanNoiseStd` (average per-band noise standard deviation, data units); and `subspace`, the k eigenvectors spanning the signal subspace (spectra named "eigenvector 1..k", most significant first).',
    '',
    'Feeding the extractors: connect `metrics` to the `count` input of unmix.vca / unmix.nfindr / unmix.atgp; they then extract k endmembers (the input overrides their `endmembers` param). Without the wire, set the param from the printed estimate, e.g. `bandwire run graph.json --set vca.endmembers=4` (`run --json` prints it under `metrics`).',
    '',
    'Note: HySime often returns more than the number of ground-truth materials on real scenes (endmember variability, nonlinear effects add dimensions).',
  ].join('\n'),
  inputs: [{ name: 'cube', type: 'cube', description: 'image [rows, cols, L], no NaNs' }],
  outputs: [
    { name: 'metrics', type: 'metrics', description: 'endmembers (k), meanNoiseStd' },
    { name: 'subspace', type: 'spectra', description: 'k basis vectors of the signal subspace (L bands)' },
  ],
  params: {},
  async run(inputs, _params, ctx) {
    const node = ctx.nodeId;
    const cube = requireCube(inputs, 'cube', node);
    const N = cube.rows * cube.cols;
    const L = cube.bands;
    if (N <= L) throw new BandwireError('INPUT_INVALID', `node '${node}': input 'cube' has ${N} pixels, HySime needs more pixels than its ${L} bands`, { node, port: 'cube' });
    const result = hysime(correlation64(cube.data, N, L), L, N);
    if (!result) throw new BandwireError('INPUT_INVALID', `node '${node}': the band correlation matrix of input 'cube' is singular (constant or all-zero bands?)`, { node, port: 'cube' });
    const data = new Float64Array(result.dimension * L);
    result.basis.forEach((e, k) => data.set(e, k * L));
    const meanNoiseStd = result.noiseVariance.reduce((s, v) => s + Math.sqrt(Math.max(v, 0)), 0) / L;
    return {
      metrics: { kind: 'metrics', values: { endmembers: result.dimension, meanNoiseStd } },
      subspace: {
        kind: 'spectra',
        count: result.dimension,
        bands: L,
        data,
        names: Array.from({ length: result.dimension }, (_, k) => `eigenvector ${k + 1}`),
        ...(cube.wavelengths ? { wavelengths: cube.wavelengths.slice() } : {}),
      },
    };
  },
});
