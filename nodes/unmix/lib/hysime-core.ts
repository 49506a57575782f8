/**
 * HySime (J. M. Bioucas-Dias and J. M. P. Nascimento, "Hyperspectral subspace identification",
 * IEEE TGRS 46(8), 2008), following the authors' hysime.m / estNoise.m ('additive' noise), written
 * entirely in L x L terms so that only R_y = Y Y^T / N touches the pixels:
 *   noise (multiple regression, estAdditiveNoise): R = Y Y^T, R_i = (R + 1e-6 I)^-1,
 *     beta_i = (R_i - R_i[:,i] R_i[i,:] / R_i[i,i]) R[:,i] with R[i,i] and beta_i[i] set to 0;
 *     w = (I - B) y with B's rows beta_i^T, so x = y - w = B y,
 *     R_x = B R_y B^T and R_n = diag((I - B) R_y (I - B)^T).
 *   subspace: eigenvectors E of R_x; R_n += trace(R_x) / L / 1e5 I;
 *     cost_i = -e_i^T R_y e_i + 2 e_i^T R_n e_i; k = #{cost_i < 0}.
 */
import { invert, multiply, transpose } from './small-matrix.ts';
import { symmetricEigen } from './subspace.ts';

export interface HysimeResult {
  /** Estimated signal-subspace dimension k. */
  dimension: number;
  /** The k eigenvectors spanning the subspace (cost ascending), each of length L. */
  basis: Float64Array[];
  /** Noise variance per band (diag R_n before regularisation). */
  noiseVariance: Float64Array;
}

/** `correlation` is R_y = Y Y^T / N (L x L, row-major), `pixels` = N. */
export function hysime(correlation: Float64Array, bands: number, pixels: number): HysimeResult | undefined {
  const L = bands;
  const R = correlation.map((v) => v * pixels);
  const regularised = Float64Array.from(R);
  for (let i = 0; i < L; i++) regularised[i * L + i] += 1e-6;
  const Ri = invert(regularised, L);
  if (!Ri) return undefined;
  const B = new Float64Array(L * L);
  const column = new Float64Array(L);
  for (let i = 0; i < L; i++) {
    const pivot = Ri[i * L + i];
    for (let r = 0; r < L; r++) column[r] = r === i ? 0 : R[r * L + i];
    for (let r = 0; r < L; r++) {
      if (r === i) continue;
      let s = 0;
      const factor = Ri[r * L + i] / pivot;
      for (let c = 0; c < L; c++) s += (Ri[r * L + c] - factor * Ri[i * L + c]) * column[c];
      B[i * L + r] = s;
    }
  }
  const Bt = transpose(B, L, L);
  const Rx = multiply(multiply(B, correlation, L, L, L), Bt, L, L, L);
  const IminusB = B.map((v, idx) => (idx % (L + 1) === 0 ? 1 : 0) - v);
  const noise = multiply(multiply(IminusB, correlation, L, L, L), transpose(IminusB, L, L), L, L, L);
  const noiseVariance = Float64Array.from({ length: L }, (_, i) => noise[i * L + i]);
  for (let r = 0; r < L; r++) for (let c = r + 1; c < L; c++) Rx[r * L + c] = Rx[c * L + r] = 0.5 * (Rx[r * L + c] + Rx[c * L + r]);
  const { vectors } = symmetricEigen(Rx, L);
  let trace = 0;
  for (let i = 0; i < L; i++) trace += Rx[i * L + i];
  const floor = trace / L / 1e5;
  const costs = vectors.map((e) => {
    let py = 0;
    let pn = 0;
    for (let r = 0; r < L; r++) {
      let s = 0;
      for (let c = 0; c < L; c++) s += correlation[r * L + c] * e[c];
      py += e[r] * s;
      pn += e[r] * e[r] * (noiseVariance[r] + floor);
    }
    return -py + 2 * pn;
  });
  const order = costs.map((c, i) => [c, i] as const).sort((a, b) => a[0] - b[0]);
  const dimension = costs.filter((c) => c < 0).length;
  return { dimension, basis: order.slice(0, dimension).map(([, i]) => vectors[i]), noiseVariance };
}
