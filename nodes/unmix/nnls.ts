/** unmix.nnls: non-negative least squares abundances (Lawson & Hanson 1974), no sum-to-one. */
import { defineNode } from '../../core/node-def.ts';
import { requireCube, requireSpectra } from './lib/input.ts';
import { unmixPixels } from './lib/abundances.ts';

export const nnlsNode = defineNode({
  id: 'unmix.nnls',
  version: 1,
  title: 'NNLS abundances',
  category: 'unmix',
  description: [
    'Non-negative least squares unmixing: per pixel min ||M a - y||^2 subject to a >= 0, by the Lawson-Hanson active-set method (C. L. Lawson and R. J. Hanson, "Solving Least Squares Problems", Prentice-Hall 1974, ch. 23) on the K x K Gram matrix M^T M, formed once per scene.',
    '',
    'Abundances are not forced to sum to one (use unmix.fcls for that); their sum is a per-pixel brightness/scale factor. Output: abundances [rows, cols, K] named after the endmembers.',
  ].join('\n'),
  inputs: [
    { name: 'cube', type: 'cube', description: 'image [rows, cols, L]' },
    { name: 'endmembers', type: 'spectra', description: 'K endmember spectra over the same L bands' },
  ],
  outputs: [{ name: 'abundances', type: 'abundances', description: '[rows, cols, K], non-negative' }],
  params: {},
  async run(inputs, _params, ctx) {
    const node = ctx.nodeId;
    const cube = requireCube(inputs, 'cube', node);
    const endmembers = requireSpectra(inputs, 'endmembers', node, cube.bands);
    return { abundances: unmixPixels(cube, endmembers, undefined, ctx) };
  },
});
