/**
 * filter.ts: the solve f = C^{-1} v (float64 kernel moments + Cholesky) against plain float64
 * formulas (Gauss–Jordan inverse), and the singular case handing over to whiten().
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNode } from '../../test/harness.ts';
import { initRuntime, tf } from '../../engine/runtime/backend.ts';
import type { NodeContext } from '../../core/node-def.ts';
import type { Raster } from '../../core/values.ts';
import scene from '../synth/scene.ts';
import { solveBackground } from './filter.ts';
import { inverse, meanCovariance, pixel } from './testing/plain.ts';
import { relativeError } from './testing/reference.ts';

const { outputs } = await runNode(scene, {}, { rows: 40, cols: 40, bands: 24, snr: 40, seed: 5, anomalies: 4 });
const cube = outputs.cube as Raster;
const all = Array.from({ length: cube.rows * cube.cols }, (_, p) => pixel(cube, p));
await initRuntime();
const ctx = { tf, nodeId: 'filter-test', checkAbort() {}, log() {} } as unknown as NodeContext;

function product(matrix: Float64Array[], v: ArrayLike<number>): Float64Array {
  return Float64Array.from(matrix, (row) => row.reduce((s, value, j) => s + value * v[j], 0));
}

test('solveBackground gives C^{-1} v and R^{-1} v to 1e-9', () => {
  const v = Float64Array.from(all[7]);
  for (const centre of [true, false]) {
    const { mean, covariance } = meanCovariance(all, centre);
    const rhs = centre ? v.map((x, b) => x - mean[b]) : v;
    const expected = product(inverse(covariance), rhs);
    const solved = solveBackground(cube, centre, (mu) => (centre ? v.map((x, b) => x - mu[b]) : Float64Array.from(v)), ctx);
    assert.ok(solved, `centre=${centre}: solved`);
    assert.ok(relativeError(solved.solution, expected) < 1e-9, `centre=${centre}: ${relativeError(solved.solution, expected)}`);
  }
});

test('a constant band (singular covariance) is left to the diagonal-loaded whitening', () => {
  const flat = { ...cube, data: Float32Array.from(cube.data) };
  for (let p = 0; p < all.length; p++) flat.data[p * 24 + 3] = 0.25;
  assert.equal(solveBackground(flat, true, (mu) => Float64Array.from(mu), ctx), undefined);
});
