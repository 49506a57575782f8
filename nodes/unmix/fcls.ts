/**
 * unmix.fcls: fully constrained least squares abundances (non-negative, sum-to-one) of every pixel
 * given K endmembers (Heinz & Chang 2001).
 */
import { defineNode } from '../../core/node-def.ts';
import { BandwireError } from '../../core/errors.ts';
import { requireCube, requireSpectra } from './lib/input.ts';
import { maxAbs, unmixPixels } from './lib/abundances.ts';

export const fclsNode = defineNode<{ delta: number }>({
  id: 'unmix.fcls',
  version: 1,
  title: 'FCLS abundances',
  category: 'unmix',
  description: [
    'Fully constrained least squares unmixing (D. C. Heinz and C.-I Chang, "Fully constrained least squares linear spectral mixture analysis method for material quantification in hyperspectral imagery", IEEE TGRS 39(3), 2001).',
    '',
    'Per pixel y (L bands) and endmembers M (L x K) it solves min ||M a - y||^2 subject to a >= 0 and sum(a) = 1, as Heinz & Chang do: non-negative least squares (Lawson-Hanson active set) on the augmented system [d M; 1^T] a = [d y; 1], where d = delta / max|M| makes the weighting independent of the data units. The smaller `delta`, the more exactly abundances sum to one (1e-3: sums within about 1e-6 on reflectance data).',
    '',
    'Output: abundances [rows, cols, K], band names = endmember names. Checked against scipy.optimize.nnls on the same augmented system (1e-6) on Samson and Jasper Ridge pixels.',
  ].join('\n'),
  inputs: [
    { name: 'cube', type: 'cube', description: 'image [rows, cols, L]' },
    { name: 'endmembers', type: 'spectra', description: 'K endmember spectra over the same L bands' },
  ],
  outputs: [{ name: 'abundances', type: 'abundances', description: '[rows, cols, K], non-negative, summing to one' }],
  params: {
    delta: {
      kind: 'number',
      default: 1e-3,
      min: 1e-6,
      max: 10,
      description: 'Heinz & Chang weight of the data rows relative to the sum-to-one row, relative to max|M| (smaller = stricter sum-to-one)',
    },
  },
  async run(inputs, params, ctx) {
    const node = ctx.nodeId;
    const cube = requireCube(inputs, 'cube', node);
    const endmembers = requireSpectra(inputs, 'endmembers', node, cube.bands);
    const scale = maxAbs(endmembers);
    if (scale === 0) throw new BandwireError('INPUT_INVALID', `input 'endmembers' of node '${node}' is all zeros`, { node, port: 'endmembers' });
    return { abundances: unmixPixels(cube, endmembers, params.delta / scale, ctx) };
  },
});
