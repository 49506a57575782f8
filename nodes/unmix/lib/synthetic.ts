/**
 * Test support: a noise-free linear mixture with pure pixels. K random positive spectra (L bands),
 * Dirichlet-like abundances, and pixel k (k < K) pure in endmember k, so the simplex vertices are
 * in the data (the pure-pixel assumption of VCA, N-FINDR and ATGP).
 */
import { makeRaster, type Raster, type Spectra } from '../../../core/values.ts';
import { seededUniform } from './random.ts';

export function pureScene(K: number, L: number, rows: number, cols: number, seed: number, noise = 0): { cube: Raster; endmembers: Spectra; abundances: Float64Array } {
  const random = seededUniform(seed);
  const endmembers = new Float64Array(K * L);
  for (let k = 0; k < K; k++) {
    // smooth random spectra: sums of a few random bumps
    for (let j = 0; j < 4; j++) {
      const centre = random() * L;
      const width = 3 + random() * L * 0.3;
      const height = random();
      for (let b = 0; b < L; b++) endmembers[k * L + b] += height * Math.exp(-(((b - centre) / width) ** 2));
    }
    for (let b = 0; b < L; b++) endmembers[k * L + b] += 0.05;
  }
  const N = rows * cols;
  const abundances = new Float64Array(N * K);
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let k = 0; k < K; k++) {
      const v = n < K ? (n === k ? 1 : 0) : -Math.log(1 - random());
      abundances[n * K + k] = v;
      s += v;
    }
    for (let k = 0; k < K; k++) abundances[n * K + k] /= s;
  }
  const data = new Float32Array(N * L);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < L; b++) {
      let v = 0;
      for (let k = 0; k < K; k++) v += abundances[n * K + k] * endmembers[k * L + b];
      data[n * L + b] = v + noise * (random() - 0.5);
    }
  }
  return {
    cube: makeRaster(rows, cols, L, data),
    endmembers: { kind: 'spectra', count: K, bands: L, data: endmembers, names: Array.from({ length: K }, (_, k) => `true ${k + 1}`) },
    abundances,
  };
}
