/** unmix.nfindr: N-FINDR endmember extraction (Winter 1999), seeded random initialisation. */
import { defineNode } from '../../core/node-def.ts';
import { BandwireError } from '../../core/errors.ts';
import { COUNT_PORT, endmemberCount, pixelSpectra, requireCube } from './lib/input.ts';
import { seededUniform } from './lib/random.ts';
import { bandMeans, project, secondMoment, symmetricTopEigen } from './lib/subspace.ts';
import { invert } from './lib/small-matrix.ts';

export const nfindrNode = defineNode<{ endmembers: number; seed: number; sweeps: number }>({
  id: 'unmix.nfindr',
  version: 1,
  title: 'N-FINDR endmembers',
  category: 'unmix',
  description: [
    'N-FINDR (M. E. Winter, "N-FINDR: an algorithm for fast autonomous spectral end-member determination in hyperspectral data", Proc. SPIE 3753, 1999): the p pixels spanning the simplex of largest volume.',
    '',
    '- The data are reduced to the p-1 leading principal components (mean removed).',
    '- Volume of the simplex with vertices z_1..z_p: |det E| / (p-1)!, E = [1 ... 1; z_1 ... z_p] (p x p).',
    '- Start: p distinct pixels drawn by a generator seeded with `seed` (deterministic per seed).',
    '- Sweeps: for each vertex j, replacing it by pixel z multiplies the volume by |(E^-1 [1; z])_j| (Cramer\'s rule), so each vertex is swapped for the pixel maximising that factor; sweeps stop when no swap enlarges the volume or after `sweeps`.',
    '',
    'Endmembers are pixels of the cube.',
  ].join('\n'),
  inputs: [{ name: 'cube', type: 'cube', description: 'image [rows, cols, L], no NaNs' }, COUNT_PORT],
  outputs: [{ name: 'spectra', type: 'spectra', description: 'p endmember spectra (pixels of the cube)' }],
  params: {
    endmembers: { kind: 'integer', default: 3, min: 2, max: 1000, overriddenBy: 'count', description: 'number of endmembers p (at most the band count)' },
    seed: { kind: 'integer', default: 0, min: 0, max: 4294967295, description: 'seed of the random initial pixels' },
    sweeps: { kind: 'integer', default: 50, min: 1, max: 10000, description: 'maximum number of passes over the p vertices' },
  },
  async run(inputs, params, ctx) {
    const node = ctx.nodeId;
    const cube = requireCube(inputs, 'cube', node);
    const p = endmemberCount(inputs, params.endmembers, cube, node);
    const N = cube.rows * cube.cols;
    const L = cube.bands;
    const mean = bandMeans(cube.data, N, L);
    const basis = symmetricTopEigen(secondMoment(ctx.tf, cube.data, N, L, mean), L, p - 1).vectors;
    const z = project(cube.data, N, L, basis, mean); // N x (p-1)
    const random = seededUniform(params.seed);
    const vertexMatrix = (chosen: number[]): Float64Array => {
      const e = new Float64Array(p * p);
      chosen.forEach((n, j) => {
        e[j] = 1;
        for (let k = 0; k < p - 1; k++) e[(k + 1) * p + j] = z[n * (p - 1) + k];
      });
      return e;
    };
    let chosen: number[] = [];
    let inverse: Float64Array | undefined;
    for (let attempt = 0; attempt < 20 && !inverse; attempt++) {
      const set = new Set<number>();
      while (set.size < p) set.add(Math.floor(random() * N));
      chosen = [...set];
      inverse = invert(vertexMatrix(chosen), p);
    }
    if (!inverse) {
      throw new BandwireError('INPUT_INVALID', `node '${node}': input 'cube' does not span ${p - 1} dimensions (no non-degenerate simplex of ${p} pixels found); lower param 'endmembers'`, { node, param: 'endmembers' });
    }
    for (let sweep = 0; sweep < params.sweeps; sweep++) {
      ctx.checkAbort();
      ctx.progress(sweep / params.sweeps, `sweep ${sweep + 1}`);
      let swapped = false;
      for (let j = 0; j < p; j++) {
        const row = inverse.subarray(j * p, j * p + p);
        let best = chosen[j];
        let bestFactor = 1 + 1e-9;
        for (let n = 0; n < N; n++) {
          let f = row[0];
          for (let k = 0; k < p - 1; k++) f += row[k + 1] * z[n * (p - 1) + k];
          f = Math.abs(f);
          if (f > bestFactor) {
            bestFactor = f;
            best = n;
          }
        }
        if (best !== chosen[j]) {
          chosen[j] = best;
          swapped = true;
          inverse = invert(vertexMatrix(chosen), p) ?? inverse;
        }
      }
      if (!swapped) break;
    }
    ctx.progress(1);
    return { spectra: pixelSpectra(cube, chosen) };
  },
});
