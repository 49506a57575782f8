/**
 * Local (dual-window) RX: for each pixel the background mean and covariance come from the pixels
 * of an outer `window × window` square minus an inner `inner × inner` guard square, both centred
 * on the pixel and clipped at the image border (Reed & Yu 1990; Molero et al., IEEE JSTARS 6(2), 2013).
 * Window sums come from summed-area tables (float64) of x and x x^T (upper triangle), so each
 * pixel costs O(k²) for the statistics plus an O(k³/6) Cholesky solve, for k bands, on a float64
 * SIMD kernel (engine/kernels/cholesky-module.ts; 189 bands: about 4× the plain TypeScript loop).
 */
import { BandwireError } from '../../core/errors.ts';
import type { NodeContext } from '../../core/node-def.ts';
import type { Raster } from '../../core/values.ts';
import { mahalanobisKernel } from '../../engine/kernels/cholesky-module.ts';
import { bandMeans } from '../lib/linalg.ts';
import { RIDGE } from './common.ts';

/** Largest summed-area table this node allocates (bytes). */
const MAX_TABLE_BYTES = 1.5 * 2 ** 30;

export function localRx(cube: Raster, window: number, inner: number, ctx: NodeContext): Float32Array {
  const { rows, cols, bands: k, data } = cube;
  if (window % 2 === 0 || inner % 2 === 0) {
    throw new BandwireError('PARAM_INVALID', `param '${window % 2 === 0 ? 'window' : 'inner'}' must be odd (a window centred on the pixel), got ${window % 2 === 0 ? window : inner}`, { node: ctx.nodeId, param: window % 2 === 0 ? 'window' : 'inner' });
  }
  if (inner >= window) {
    throw new BandwireError('PARAM_RANGE', `param 'inner' = ${inner} must be smaller than 'window' = ${window}`, { node: ctx.nodeId, param: 'inner' });
  }
  const pairs = (k * (k + 1)) / 2;
  const terms = 1 + k + pairs; // count, Σx, Σxx^T (upper triangle)
  const stride = cols + 1;
  const tableBytes = (rows + 1) * stride * terms * 8;
  if (tableBytes > MAX_TABLE_BYTES) {
    throw new BandwireError('INPUT_INVALID', `local RX on ${k} bands needs ${(tableBytes / 2 ** 30).toFixed(1)} GiB of window sums; select fewer bands (prep.selectBands) or use window = 0 (global RX)`, { node: ctx.nodeId, param: 'window' });
  }
  // Globally centred float64 pixels keep the window sums well conditioned.
  const mean = bandMeans(data, rows * cols, k);
  const table = new Float64Array((rows + 1) * stride * terms);
  const row = new Float64Array(terms);
  const x = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    row.fill(0);
    for (let c = 0; c < cols; c++) {
      const o = (r * cols + c) * k;
      for (let b = 0; b < k; b++) x[b] = data[o + b] - mean[b];
      row[0] += 1;
      let t = 1;
      for (let b = 0; b < k; b++) row[t++] += x[b];
      for (let i = 0; i < k; i++) for (let j = i; j < k; j++) row[t++] += x[i] * x[j];
      const above = (r * stride + c + 1) * terms;
      const here = ((r + 1) * stride + c + 1) * terms;
      for (let s = 0; s < terms; s++) table[here + s] = table[above + s] + row[s];
    }
    ctx.checkAbort();
  }
  const sums = new Float64Array(terms);
  const addRect = (r0: number, c0: number, r1: number, c1: number, sign: number) => {
    // rows r0..r1-1, cols c0..c1-1 (clipped)
    r0 = Math.max(0, r0); c0 = Math.max(0, c0); r1 = Math.min(rows, r1); c1 = Math.min(cols, c1);
    const a = (r1 * stride + c1) * terms, b = (r0 * stride + c1) * terms, c = (r1 * stride + c0) * terms, d = (r0 * stride + c0) * terms;
    for (let s = 0; s < terms; s++) sums[s] += sign * (table[a + s] - table[b + s] - table[c + s] + table[d + s]);
  };
  const halfOuter = (window - 1) / 2;
  const halfInner = (inner - 1) / 2;
  const kernel = mahalanobisKernel(k);
  const covariance = kernel.covariance;
  const localMean = new Float64Array(k);
  const scores = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      sums.fill(0);
      addRect(r - halfOuter, c - halfOuter, r + halfOuter + 1, c + halfOuter + 1, 1);
      addRect(r - halfInner, c - halfInner, r + halfInner + 1, c + halfInner + 1, -1);
      const n = sums[0];
      if (n < 2) throw new BandwireError('PARAM_RANGE', `param 'window' = ${window} leaves fewer than 2 background pixels around the guard window`, { node: ctx.nodeId, param: 'window' });
      for (let b = 0; b < k; b++) localMean[b] = sums[1 + b] / n;
      let t = 1 + k;
      let trace = 0;
      for (let i = 0; i < k; i++) {
        for (let j = i; j < k; j++) {
          const v = (sums[t++] - n * localMean[i] * localMean[j]) / (n - 1);
          covariance[i * k + j] = v;
          covariance[j * k + i] = v;
        }
        trace += covariance[i * k + i];
      }
      const o = (r * cols + c) * k;
      for (let b = 0; b < k; b++) kernel.x[b] = data[o + b] - mean[b] - localMean[b];
      scores[r * cols + c] = mahalanobis(kernel, RIDGE * Math.max(trace / k, 1e-30));
    }
    ctx.checkAbort();
    ctx.progress((r + 1) / rows, `row ${r + 1}/${rows}`);
  }
  return scores;
}

/** x^T C^{-1} x by Cholesky; adds growing diagonal loading (from `ridge`) until C is positive definite. */
function mahalanobis(kernel: ReturnType<typeof mahalanobisKernel>, ridge: number): number {
  let loading = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const score = kernel.score(loading);
    if (score >= 0) return score;
    loading = loading === 0 ? ridge : loading * 10;
  }
  return 0;
}
