/**
 * Local (dual-window) RX: for each pixel the background mean and covariance come from the pixels
 * of an outer `window × window` square minus an inner `inner × inner` guard square, both centred
 * on the pixel and clipped at the image border (Reed & Yu 1990; Molero et al., IEEE JSTARS 6(2), 2013).
 * Window sums of x and x x^T (upper triangle, float64) slide down the image: per column, sums over
 * the outer and inner row bands (one row added and one removed per output row), then prefix sums
 * along the row give any column range; memory 4·(cols + 1)·k²/2 float64 values instead of a whole
 * summed-area table. Each pixel costs O(k²) for the statistics plus an O(k³/6) Cholesky solve, for
 * k bands. All of it runs on the float64 SIMD kernel of engine/kernels/cholesky-module.ts.
 */
import { BandwireError } from '../../core/errors.ts';
import type { NodeContext } from '../../core/node-def.ts';
import type { Raster } from '../../core/values.ts';
import { localRxBytes, localRxKernel } from '../../engine/kernels/cholesky-module.ts';
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
  const bytes = localRxBytes(k, cols);
  if (bytes > MAX_TABLE_BYTES) {
    throw new BandwireError('INPUT_INVALID', `local RX on ${k} bands and ${cols} columns needs ${(bytes / 2 ** 30).toFixed(1)} GiB of window sums; select fewer bands (prep.selectBands), crop the width, or use window = 0 (global RX)`, { node: ctx.nodeId, param: 'window' });
  }
  // Globally centred float64 pixels keep the window sums well conditioned.
  const mean = bandMeans(data, rows * cols, k);
  const halfOuter = (window - 1) / 2;
  const halfInner = (inner - 1) / 2;
  const kernel = localRxKernel(k, cols);
  /** Adds (sign +1) or removes (−1) image row `r` to/from the column sums of `band`. */
  const addRow = (band: 'outer' | 'inner', r: number, sign: number) => {
    if (r < 0 || r >= rows) return;
    const row = kernel.row;
    const base = r * cols * k;
    for (let i = 0; i < cols * k; i++) row[i] = data[base + i] - mean[i % k];
    kernel.addRow(band, sign);
  };
  // Rows [r − half, r + half] of the first output row, minus the one added on entering the loop.
  for (let r = -halfOuter - 1; r < halfOuter; r++) addRow('outer', r, 1);
  for (let r = -halfInner - 1; r < halfInner; r++) addRow('inner', r, 1);
  const scores = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    addRow('outer', r + halfOuter, 1);
    addRow('outer', r - halfOuter - 1, -1);
    addRow('inner', r + halfInner, 1);
    addRow('inner', r - halfInner - 1, -1);
    kernel.prefix();
    for (let c = 0; c < cols; c++) {
      const o = (r * cols + c) * k;
      for (let b = 0; b < k; b++) kernel.pixel[b] = data[o + b] - mean[b];
      // Columns [c − half, c + half], clipped.
      const { count, score } = kernel.score(Math.max(0, c - halfOuter), Math.min(cols, c + halfOuter + 1), Math.max(0, c - halfInner), Math.min(cols, c + halfInner + 1), RIDGE);
      if (count < 2) throw new BandwireError('PARAM_RANGE', `param 'window' = ${window} leaves fewer than 2 background pixels around the guard window`, { node: ctx.nodeId, param: 'window' });
      scores[r * cols + c] = score;
    }
    ctx.checkAbort();
    ctx.progress((r + 1) / rows, `row ${r + 1}/${rows}`);
  }
  return scores;
}
