/**
 * Per-pixel constrained least squares over a cube: Y (N pixels x L bands, BIP float32) against
 * endmembers M (K x L). The Gram matrix is formed once; each pixel costs one K x L product and a
 * small active-set solve (GramNnls) on Float64Arrays.
 */
import type { NodeContext } from '../../../core/node-def.ts';
import { makeRaster, type Raster, type Spectra } from '../../../core/values.ts';
import { GramNnls, isPositiveDefinite } from './nnls.ts';
import { checkDeterminedEndmembers } from './input.ts';

/**
 * Sum-to-one weighting of Heinz & Chang (2001): the system [delta M; 1^T] x = [delta y; 1], whose
 * Gram form is G = delta^2 M^T M + 1 1^T, h = delta^2 M^T y + 1. `delta = 0` drops the sum-to-one row
 * (plain NNLS: G = M^T M, h = M^T y).
 */
export function gramOf(endmembers: Spectra, delta: number | undefined): Float64Array {
  const { count: K, bands: L, data } = endmembers;
  const scale = delta === undefined ? 1 : delta * delta;
  const gram = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let b = 0; b < L; b++) s += data[i * L + b] * data[j * L + b];
      const v = scale * s + (delta === undefined ? 0 : 1);
      gram[i * K + j] = v;
      gram[j * K + i] = v;
    }
  }
  return gram;
}

/** Solves every pixel; returns the abundance raster [rows, cols, K] named after the endmembers. */
export function unmixPixels(cube: Raster, endmembers: Spectra, delta: number | undefined, ctx: NodeContext): Raster {
  const { count: K, bands: L, data: M } = endmembers;
  const pixels = cube.rows * cube.cols;
  checkDeterminedEndmembers(endmembers, cube, ctx.nodeId, endmembers.count > cube.bands || isPositiveDefinite(gramOf(endmembers, undefined), K));
  const solver = new GramNnls(gramOf(endmembers, delta), K);
  const scale = delta === undefined ? 1 : delta * delta;
  const offset = delta === undefined ? 0 : 1;
  const h = new Float64Array(K);
  const x = new Float64Array(K);
  const out = new Float32Array(pixels * K);
  const data = cube.data;
  const step = 4096;
  for (let n = 0; n < pixels; n++) {
    if (n % step === 0) {
      ctx.checkAbort();
      ctx.progress(n / pixels, `pixel ${n}/${pixels}`);
    }
    const base = n * L;
    for (let k = 0; k < K; k++) {
      let s = 0;
      const row = k * L;
      for (let b = 0; b < L; b++) s += M[row + b] * data[base + b];
      h[k] = scale * s + offset;
    }
    solver.solve(h, x);
    for (let k = 0; k < K; k++) out[n * K + k] = x[k];
  }
  ctx.progress(1);
  return abundanceRaster(cube, endmembers, out);
}

/** Wraps N x K abundances as a raster tied to the endmember names, keeping the georeference. */
export function abundanceRaster(cube: Raster, endmembers: Spectra, data: Float32Array): Raster {
  return makeRaster(cube.rows, cube.cols, endmembers.count, data, {
    bandNames: endmembers.names.slice(),
    role: 'abundances',
    ...(cube.georef ? { georef: cube.georef } : {}),
  });
}

/** Largest |value| of the endmember matrix (scales the FCLS delta so it does not depend on units). */
export function maxAbs(endmembers: Spectra): number {
  let m = 0;
  for (const v of endmembers.data) m = Math.max(m, Math.abs(v));
  return m;
}
