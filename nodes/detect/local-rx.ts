/**
 * Local (dual-window) RX: for each pixel the background mean and covariance come from the pixels
 * of an outer `window × window` square minus an inner `inner × inner` guard square, both centred
 * on the pixel and clipped at the image border (Reed & Yu 1990; Molero et al., IEEE JSTARS 6(2), 2013).
 * Window sums of x and x x^T (upper triangle, float64) slide down the image: per column, sums over
 * the outer and inner row bands (one row added and one removed per output row), then prefix sums
 * along the row give any column range; memory 4·(cols + 1)·k²/2 float64 values instead of a whole
 * summed-area table. Each pixel costs O(k²) for the statistics plus an O(k³/6) Cholesky solve, for
 * k bands, on a float64
 * SIMD kernel (engine/kernels/cholesky-module.ts; 189 bands: about 4× the plain TypeScript loop).
 */
import { BandwireError } from '../../core/errors.ts';
import type { NodeContext } from '../../core/node-def.ts';
import type { Raster } from '../../core/values.ts';
import { mahalanobisKernel } from '../../engine/kernels/cholesky-module.ts';
import { bandMeans } from '../lib/linalg.ts';
import { RIDGE } from './common.ts';

/** Largest set of window sums this node allocates (bytes). */
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
  // Column sums over the outer and inner row bands, and their prefix sums along the row.
  const tableBytes = 4 * stride * terms * 8;
  if (tableBytes > MAX_TABLE_BYTES) {
    throw new BandwireError('INPUT_INVALID', `local RX on ${k} bands and ${cols} columns needs ${(tableBytes / 2 ** 30).toFixed(1)} GiB of window sums; select fewer bands (prep.selectBands), crop the width, or use window = 0 (global RX)`, { node: ctx.nodeId, param: 'window' });
  }
  // Globally centred float64 pixels keep the window sums well conditioned.
  const mean = bandMeans(data, rows * cols, k);
  const halfOuter = (window - 1) / 2;
  const halfInner = (inner - 1) / 2;
  const outerColumns = new Float64Array(cols * terms);
  const innerColumns = new Float64Array(cols * terms);
  const outerPrefix = new Float64Array(stride * terms);
  const innerPrefix = new Float64Array(stride * terms);
  const x = new Float64Array(k);
  /** Adds (sign +1) or removes (−1) image row `r` to/from the column sums `columns`. */
  const addRow = (columns: Float64Array, r: number, sign: number) => {
    if (r < 0 || r >= rows) return;
    for (let c = 0; c < cols; c++) {
      const o = (r * cols + c) * k;
      for (let b = 0; b < k; b++) x[b] = data[o + b] - mean[b];
      let t = c * terms;
      columns[t++] += sign;
      for (let b = 0; b < k; b++) columns[t++] += sign * x[b];
      for (let i = 0; i < k; i++) {
        const xi = sign * x[i];
        for (let j = i; j < k; j++) columns[t++] += xi * x[j];
      }
    }
  };
  const prefix = (columns: Float64Array, out: Float64Array) => {
    for (let c = 0; c < cols; c++) {
      const from = c * terms;
      const to = (c + 1) * terms;
      for (let s = 0; s < terms; s++) out[to + s] = out[from + s] + columns[from + s];
    }
  };
  // Rows [r − half, r + half] of the first output row, minus the one added on entering the loop.
  for (let r = -halfOuter - 1; r < halfOuter; r++) addRow(outerColumns, r, 1);
  for (let r = -halfInner - 1; r < halfInner; r++) addRow(innerColumns, r, 1);
  const sums = new Float64Array(terms);
  const kernel = mahalanobisKernel(k);
  const covariance = kernel.covariance;
  const localMean = new Float64Array(k);
  const scores = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    addRow(outerColumns, r + halfOuter, 1);
    addRow(outerColumns, r - halfOuter - 1, -1);
    addRow(innerColumns, r + halfInner, 1);
    addRow(innerColumns, r - halfInner - 1, -1);
    prefix(outerColumns, outerPrefix);
    prefix(innerColumns, innerPrefix);
    for (let c = 0; c < cols; c++) {
      // Columns [c − half, c + half] clipped: prefix[c1] − prefix[c0].
      const o1 = Math.min(cols, c + halfOuter + 1) * terms;
      const o0 = Math.max(0, c - halfOuter) * terms;
      const i1 = Math.min(cols, c + halfInner + 1) * terms;
      const i0 = Math.max(0, c - halfInner) * terms;
      for (let s = 0; s < terms; s++) sums[s] = outerPrefix[o1 + s] - outerPrefix[o0 + s] - (innerPrefix[i1 + s] - innerPrefix[i0 + s]);
      const n = Math.round(sums[0]);
      if (n < 2) throw new BandwireError('PARAM_RANGE', `param 'window' = ${window} leaves fewer than 2 background pixels around the guard window`, { node: ctx.nodeId, param: 'window' });
      for (let b = 0; b < k; b++) localMean[b] = sums[1 + b] / n;
      let t = 1 + k;
      let trace = 0;
      for (let i = 0; i < k; i++) {
        const row = i * k;
        for (let j = i; j < k; j++) covariance[j * k + i] = (sums[t++] - n * localMean[i] * localMean[j]) / (n - 1); // lower triangle
        trace += covariance[row + i];
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
