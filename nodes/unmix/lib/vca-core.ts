/**
 * Vertex Component Analysis, following the reference implementation of Nascimento &
 * Bioucas-Dias (VCA.m, v2.1, and its numpy port) step by step:
 *   1. SNR estimate from the p-dimensional PCA subspace of the mean-removed data:
 *        P_y = sum(Y^2)/N,  P_x = sum(x_p^2)/N + m^T m,
 *        SNR = 10 log10((P_x - p/L P_y) / (P_y - P_x))  (dB)
 *   2. SNR < SNR_th = 15 + 10 log10(p): project onto the (p-1)-dim PCA subspace and append a
 *      constant coordinate c = max_n ||x_n|| (y = [x; c]); else project onto the p-dim subspace of
 *      the correlation matrix and apply the projective projection y = x / (u^T x), u = mean(x).
 *   3. p iterations: f = normalised component of a uniform random w orthogonal to the endmembers
 *      found so far (f = (I - A A^+) w), pick argmax_n |f^T y_n|.
 *   Endmembers are the chosen columns of the projected data Yp (denoised pixels, L bands).
 */
import type { NodeContext } from '../../../core/node-def.ts';
import { moments } from '../../lib/pixel-products.ts';
import { project, symmetricTopEigen } from './subspace.ts';

export interface VcaResult {
  /** p x L row-major endmember spectra. */
  endmembers: Float64Array;
  /** Pixel index (row * cols + col) of each endmember. */
  indices: number[];
  /** SNR used (dB), estimated unless given. */
  snr: number;
  /** Which projection was used. */
  projection: 'projective' | 'pca';
}

/** Runs VCA on N pixels x L bands (BIP). `random` gives uniform numbers in [0, 1). */
export function vca(_tf: NodeContext['tf'], data: Float32Array, pixels: number, bands: number, p: number, random: () => number, snrInput?: number): VcaResult {
  const N = pixels;
  const L = bands;
  // covariance (float32 products of shifted pixels, float64 sums: the leading eigenvectors need no
  // more, and the picks equal those of the float64 numpy port); correlation = covariance + m m^T
  const { mean, matrix: sample } = moments(data, N, L, true, undefined, 'float32');
  const covariance = sample.map((v) => (v * (N - 1)) / N); // divisor N, as the reference
  let covarianceBasis: Float64Array[] | undefined;
  let snr: number;
  if (snrInput === undefined) {
    covarianceBasis = symmetricTopEigen(covariance, L, p).vectors;
    const xp = project(data, N, L, covarianceBasis, mean);
    // P_y = Σ y² / N = trace(covariance) + m^T m (no pass over the data).
    let py = 0;
    for (let b = 0; b < L; b++) py += covariance[b * L + b] + mean[b] * mean[b];
    let px = 0;
    for (let i = 0; i < xp.length; i++) px += xp[i] * xp[i];
    px = px / N + mean.reduce((s, v) => s + v * v, 0);
    const ratio = (px - (p / L) * py) / (py - px);
    // numpy gives NaN for a negative ratio, and NaN < SNR_th is false: projective branch
    snr = ratio > 0 ? 10 * Math.log10(ratio) : ratio === 0 ? -Infinity : NaN;
  } else {
    snr = snrInput;
  }
  const threshold = 15 + 10 * Math.log10(p);
  // y: N x p (row-major); spectra of candidate n = reconstruct(n)
  const y = new Float64Array(N * p);
  let reconstruct: (n: number, out: Float64Array, offset: number) => void;
  let projection: VcaResult['projection'];
  if (snr < threshold) {
    projection = 'pca';
    const d = p - 1;
    const basis = (covarianceBasis ?? symmetricTopEigen(covariance, L, d).vectors).slice(0, d);
    const x = project(data, N, L, basis, mean);
    let c = 0;
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[n * d + k] ** 2;
      c = Math.max(c, s);
    }
    c = Math.sqrt(c);
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < d; k++) y[n * p + k] = x[n * d + k];
      y[n * p + d] = c;
    }
    reconstruct = (n, out, offset) => {
      for (let b = 0; b < L; b++) {
        let s = mean[b];
        for (let k = 0; k < d; k++) s += basis[k][b] * x[n * d + k];
        out[offset + b] = s;
      }
    };
  } else {
    projection = 'projective';
    const correlation = covariance.map((v, i) => v + mean[Math.floor(i / L)] * mean[i % L]);
    const basis = symmetricTopEigen(correlation, L, p).vectors;
    const x = project(data, N, L, basis);
    const u = new Float64Array(p);
    for (let n = 0; n < N; n++) for (let k = 0; k < p; k++) u[k] += x[n * p + k];
    for (let k = 0; k < p; k++) u[k] /= N;
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += u[k] * x[n * p + k];
      for (let k = 0; k < p; k++) y[n * p + k] = x[n * p + k] / s;
    }
    reconstruct = (n, out, offset) => {
      for (let b = 0; b < L; b++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += basis[k][b] * x[n * p + k];
        out[offset + b] = s;
      }
    };
  }
  const indices = pickVertices(y, N, p, random);
  const endmembers = new Float64Array(p * L);
  indices.forEach((n, k) => reconstruct(n, endmembers, k * L));
  return { endmembers, indices, snr, projection };
}

/** Step 3: A starts as e_p in column 1; each pick replaces column i by the chosen y_n. */
function pickVertices(y: Float64Array, N: number, p: number, random: () => number): number[] {
  const columns: Float64Array[] = [];
  const initial = new Float64Array(p);
  initial[p - 1] = 1;
  const indices: number[] = [];
  for (let i = 0; i < p; i++) {
    const w = Float64Array.from({ length: p }, () => random());
    const span = i === 0 ? [initial] : columns;
    const f = orthogonalComplement(w, span);
    let best = 0;
    let bestValue = -1;
    for (let n = 0; n < N; n++) {
      let v = 0;
      for (let k = 0; k < p; k++) v += f[k] * y[n * p + k];
      v = Math.abs(v);
      if (v > bestValue) {
        bestValue = v;
        best = n;
      }
    }
    indices.push(best);
    columns.push(y.slice(best * p, best * p + p));
  }
  return indices;
}

/** (I - A A^+) w, normalised, with A^+ A the projector onto span(columns) (Gram-Schmidt, rank-revealing). */
function orthogonalComplement(w: Float64Array, columns: Float64Array[]): Float64Array {
  const p = w.length;
  const basis: Float64Array[] = [];
  for (const column of columns) {
    const q = Float64Array.from(column);
    const norm0 = Math.hypot(...q);
    for (let pass = 0; pass < 2; pass++) {
      for (const e of basis) {
        let s = 0;
        for (let k = 0; k < p; k++) s += e[k] * q[k];
        for (let k = 0; k < p; k++) q[k] -= s * e[k];
      }
    }
    const norm = Math.hypot(...q);
    if (norm > 1e-12 * Math.max(norm0, 1e-300)) basis.push(q.map((v) => v / norm));
  }
  const f = Float64Array.from(w);
  for (let pass = 0; pass < 2; pass++) {
    for (const e of basis) {
      let s = 0;
      for (let k = 0; k < p; k++) s += e[k] * f[k];
      for (let k = 0; k < p; k++) f[k] -= s * e[k];
    }
  }
  const norm = Math.hypot(...f);
  return f.map((v) => v / norm);
}
