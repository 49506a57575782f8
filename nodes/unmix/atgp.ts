/** unmix.atgp: Automatic Target Generation Process endmember extraction (Ren & Chang 2003). */
import { defineNode } from '../../core/node-def.ts';
import { COUNT_PORT, endmemberCount, pixelSpectra, requireCube } from './lib/input.ts';

export const atgpNode = defineNode<{ endmembers: number }>({
  id: 'unmix.atgp',
  version: 1,
  title: 'ATGP endmembers',
  category: 'unmix',
  description: [
    'Automatic Target Generation Process (H. Ren and C.-I Chang, "Automatic spectral target recognition in hyperspectral imagery", IEEE TAES 39(4), 2003).',
    '',
    'The first endmember is the pixel of largest norm ||x||; each next one is the pixel of largest norm after projection onto the orthogonal complement of the endmembers found so far, P = I - U (U^T U)^-1 U^T (kept as an orthonormal basis updated by Gram-Schmidt).',
    '',
    'Endmembers are pixels of the cube. ATGP has no random step, so it needs no seed: the same cube always gives the same endmembers. It also makes a good initialisation for N-FINDR.',
  ].join('\n'),
  inputs: [{ name: 'cube', type: 'cube', description: 'image [rows, cols, L], no NaNs' }, COUNT_PORT],
  outputs: [{ name: 'spectra', type: 'spectra', description: 'p endmember spectra (pixels of the cube)' }],
  params: {
    endmembers: { kind: 'integer', default: 3, min: 1, max: 1000, overriddenBy: 'count', description: 'number of endmembers p (at most the band count)' },
  },
  async run(inputs, params, ctx) {
    const node = ctx.nodeId;
    const cube = requireCube(inputs, 'cube', node);
    const p = endmemberCount(inputs, params.endmembers, cube, node, 1);
    return { spectra: pixelSpectra(cube, atgpIndices(cube.data, cube.rows * cube.cols, cube.bands, p)) };
  },
});

/** Pixel indices chosen by ATGP; residual[n] = ||P_perp x_n||^2 updated per new basis vector. */
export function atgpIndices(data: Float32Array, pixels: number, bands: number, p: number): number[] {
  const residual = new Float64Array(pixels);
  for (let n = 0; n < pixels; n++) {
    let s = 0;
    for (let b = 0; b < bands; b++) s += data[n * bands + b] ** 2;
    residual[n] = s;
  }
  const basis: Float64Array[] = [];
  const indices: number[] = [];
  for (let i = 0; i < p; i++) {
    let best = 0;
    for (let n = 1; n < pixels; n++) if (residual[n] > residual[best]) best = n;
    indices.push(best);
    // orthonormalise the chosen pixel against the basis (twice, for stability)
    const q = Float64Array.from(data.subarray(best * bands, best * bands + bands));
    for (let pass = 0; pass < 2; pass++) {
      for (const e of basis) {
        let s = 0;
        for (let b = 0; b < bands; b++) s += e[b] * q[b];
        for (let b = 0; b < bands; b++) q[b] -= s * e[b];
      }
    }
    const norm = Math.hypot(...q);
    if (norm === 0) continue; // data exhausted: remaining picks repeat, as the projector is zero
    for (let b = 0; b < bands; b++) q[b] /= norm;
    basis.push(q);
    for (let n = 0; n < pixels; n++) {
      let s = 0;
      for (let b = 0; b < bands; b++) s += q[b] * data[n * bands + b];
      residual[n] = Math.max(0, residual[n] - s * s);
    }
  }
  return indices;
}
