/**
 * Local (dual-window) RX: for each pixel the background mean and covariance come from the pixels
 * of an outer `window × window` square minus an inner `inner × inner` guard square, both centred
 * on the pixel and clipped at the image border (Reed & Yu 1990; Molero et al., IEEE JSTARS 6(2), 2013).
 * Window sums of x and x x^T (upper triangle, float64) slide down the image: per column, sums over
 * the outer and inner row bands (one row added and one removed per output row), then prefix sums
 * along the row give any column range; memory 4·(cols + 1)·k²/2 float64 values instead of a whole
 * summed-area table. Each pixel costs O(k²) for the statistics plus an O(k³/6) Cholesky solve, for
 * k bands. All of it runs on the float64 SIMD kernel of engine/kernels/cholesky-module.ts, the
 * lower half of the rows on a worker thread when two threads are available (its window sums start
 * afresh at its first row, so scores may differ from a one-thread run in the last bits).
 */
import { BandwireError } from '../../core/errors.ts';
import type { NodeContext } from '../../core/node-def.ts';
import type { Raster } from '../../core/values.ts';
import { localRxBytes, localRxScores } from '../../engine/kernels/cholesky-module.ts';
import { momentThreads } from '../../engine/kernels/moments-module.ts';
import { bandMeans } from '../lib/linalg.ts';
import { RIDGE } from './common.ts';

/** Largest set of window sums this node allocates (bytes). */
const MAX_TABLE_BYTES = 1.5 * 2 ** 30;

export async function localRx(cube: Raster, window: number, inner: number, ctx: NodeContext): Promise<Float32Array> {
  const { rows, cols, bands: k, data } = cube;
  if (window % 2 === 0 || inner % 2 === 0) {
    throw new BandwireError('PARAM_INVALID', `param '${window % 2 === 0 ? 'window' : 'inner'}' must be odd (a window centred on the pixel), got ${window % 2 === 0 ? window : inner}`, { node: ctx.nodeId, param: window % 2 === 0 ? 'window' : 'inner' });
  }
  if (inner >= window) {
    throw new BandwireError('PARAM_RANGE', `param 'inner' = ${inner} must be smaller than 'window' = ${window}`, { node: ctx.nodeId, param: 'inner' });
  }
  const threads = momentThreads();
  const bytes = localRxBytes(k, cols) * threads;
  if (bytes > MAX_TABLE_BYTES) {
    throw new BandwireError('INPUT_INVALID', `local RX on ${k} bands and ${cols} columns needs ${(bytes / 2 ** 30).toFixed(1)} GiB of window sums; select fewer bands (prep.selectBands), crop the width, or use window = 0 (global RX)`, { node: ctx.nodeId, param: 'window' });
  }
  // Globally centred float64 pixels keep the window sums well conditioned.
  const mean = bandMeans(data, rows * cols, k);
  const result = await localRxScores(data, mean, rows, cols, k, window, inner, RIDGE, {
    threads,
    signal: ctx.signal,
    onRow: (r, mine) => {
      ctx.checkAbort();
      ctx.progress((r + 1) / mine, `row ${r + 1}/${mine}${mine < rows ? ' (the other rows on a second thread)' : ''}`);
    },
  }).catch((e: unknown) => {
    ctx.checkAbort(); // a cancel while waiting for the worker: CancelledError
    throw e;
  });
  ctx.checkAbort();
  const { scores, badRow } = result;
  if (badRow >= 0) throw new BandwireError('PARAM_RANGE', `param 'window' = ${window} leaves fewer than 2 background pixels around the guard window`, { node: ctx.nodeId, param: 'window' });
  return scores;
}
