/** unmix.sunsal: sparse unmixing by ADMM (SUNSAL, Bioucas-Dias & Figueiredo 2010). */
import { defineNode } from '../../core/node-def.ts';
import { requireCube, requireSpectra } from './lib/input.ts';
import { abundanceRaster } from './lib/abundances.ts';
import { sunsal } from './lib/sunsal-core.ts';

export const sunsalNode = defineNode<{ lambda: number; iterations: number; positivity: boolean; sumToOne: boolean; tolerance: number }>({
  id: 'unmix.sunsal',
  version: 1,
  title: 'SUNSAL sparse abundances',
  category: 'unmix',
  description: [
    'Sparse unmixing by variable splitting and augmented Lagrangian (J. M. Bioucas-Dias and M. A. T. Figueiredo, "Alternating direction algorithms for constrained sparse regression: application to hyperspectral unmixing", WHISPERS 2010), following the authors\' sunsal.m:',
    '',
    'min_X 1/2 ||M X - Y||^2 + lambda ||X||_1, optionally with X >= 0 (`positivity`) and columns summing to one (`sumToOne`), by ADMM with the adaptive penalty mu of sunsal.m (starts at 0.01, rebalanced every 10 iterations; stops when primal and dual residuals fall below sqrt(N K) `tolerance` or after `iterations`).',
    '',
    'Use it with a large `endmembers` input (a spectral library, resampled to the cube\'s bands) to pick a few materials per pixel; `lambda` is relative to the mean squared endmember value (sunsal.m normalises M and Y by sqrt(mean(M^2))). With lambda = 0, positivity and sumToOne it converges to the FCLS solution.',
    '',
    'Output: the ADMM variable X as sunsal.m returns it (with positivity it may hold tiny negative values, of the order of the stopping tolerance).',
  ].join('\n'),
  inputs: [
    { name: 'cube', type: 'cube', description: 'image [rows, cols, L]' },
    { name: 'endmembers', type: 'spectra', description: 'K endmember / library spectra over the same L bands' },
  ],
  outputs: [{ name: 'abundances', type: 'abundances', description: '[rows, cols, K]' }],
  params: {
    lambda: { kind: 'number', default: 0, min: 0, max: 1e6, description: 'weight of the l1 sparsity term (relative to mean(M^2))' },
    iterations: { kind: 'integer', default: 1000, min: 1, max: 100000, description: 'maximum ADMM iterations (sunsal.m default 1000)' },
    tolerance: { kind: 'number', default: 1e-4, min: 1e-12, max: 1, description: 'stop when primal and dual residuals are below sqrt(N K) tolerance (sunsal.m: 1e-4)' },
    positivity: { kind: 'boolean', default: true, description: 'enforce abundances >= 0' },
    sumToOne: { kind: 'boolean', default: false, description: 'enforce abundances summing to one per pixel' },
  },
  async run(inputs, params, ctx) {
    const node = ctx.nodeId;
    const cube = requireCube(inputs, 'cube', node);
    const endmembers = requireSpectra(inputs, 'endmembers', node, cube.bands);
    const N = cube.rows * cube.cols;
    const K = endmembers.count;
    const { x, iterations } = sunsal(endmembers.data, K, cube.bands, cube.data, N, {
      ...params,
      onStep: (i) => {
        ctx.checkAbort();
        ctx.progress(i / params.iterations, `iteration ${i}`);
      },
    });
    ctx.log(`SUNSAL: ${iterations} iterations`);
    const out = new Float32Array(N * K);
    for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) out[n * K + k] = x[k * N + n];
    ctx.progress(1);
    return { abundances: abundanceRaster(cube, endmembers, out) };
  },
});
