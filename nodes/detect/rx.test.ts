/**
 * detect.rx on synthetic scenes against straightforward float64 references (Gauss–Jordan inverse of
 * the N-1 sample covariance; brute-force dual-window statistics), plus bad-input errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNode } from '../../test/harness.ts';
import { makeRaster, type Raster } from '../../core/values.ts';
import scene from '../synth/scene.ts';
import rx from './rx.ts';
import { bilinear, inverse, meanCovariance, pixel, subtract } from './testing/plain.ts';

async function synthetic(params: Record<string, unknown>): Promise<{ cube: Raster; anomalies: Raster }> {
  const { outputs } = await runNode(scene, {}, params);
  return { cube: outputs.cube as Raster, anomalies: outputs.anomalies as Raster };
}

test('global RX equals the float64 Mahalanobis reference to 1e-5 relative', async () => {
  const { cube, anomalies } = await synthetic({ rows: 40, cols: 40, bands: 24, snr: 30, seed: 3, anomalies: 6 });
  const result = await runNode(rx, { cube });
  assert.equal(result.leakedTensors, 0);
  const score = result.outputs.score as Raster;
  assert.deepEqual([score.rows, score.cols, score.bands], [40, 40, 1]);
  const pixels = Array.from({ length: 1600 }, (_, p) => pixel(cube, p));
  const { mean, covariance } = meanCovariance(pixels);
  const inv = inverse(covariance);
  let worst = 0;
  pixels.forEach((x, p) => {
    const d = subtract(x, mean);
    const reference = bilinear(d, inv, d);
    worst = Math.max(worst, Math.abs(score.data[p] - reference) / reference);
  });
  assert.ok(worst < 1e-5, `worst relative error ${worst}`);
  // The implanted sub-pixel anomalies (fractions 0.2–0.6) rank high: Mann–Whitney AUC above 0.97.
  const positives = [...score.data].filter((_, p) => anomalies.data[p] === 1);
  const negatives = [...score.data].filter((_, p) => anomalies.data[p] === 0);
  let wins = 0;
  for (const a of positives) for (const b of negatives) wins += a > b ? 1 : a === b ? 0.5 : 0;
  assert.ok(wins / (positives.length * negatives.length) > 0.97);
});

test('large scenes (first pass on a pixel subsample) equal the float64 reference to 1e-4 per pixel', async () => {
  // 130×130 = 16 900 pixels > 2 × 8192: the first-pass covariance reads every 2nd pixel.
  const { cube } = await synthetic({ rows: 130, cols: 130, bands: 10, snr: 45, seed: 4, anomalies: 10 });
  const score = (await runNode(rx, { cube })).outputs.score as Raster;
  const pixels = Array.from({ length: 130 * 130 }, (_, p) => pixel(cube, p));
  const { mean, covariance } = meanCovariance(pixels);
  const inv = inverse(covariance);
  let worst = 0;
  pixels.forEach((x, p) => {
    const d = subtract(x, mean);
    const reference = bilinear(d, inv, d);
    worst = Math.max(worst, Math.abs(score.data[p] - reference) / reference);
  });
  assert.ok(worst < 1e-4, `worst relative error ${worst}`);
});

for (const [rows, cols, bands, window, inner] of [[14, 12, 5, 7, 3], [10, 23, 6, 9, 5], [9, 8, 4, 21, 1]]) {
  test(`local dual-window RX equals brute-force window statistics (${rows}x${cols}x${bands}, window ${window}, inner ${inner})`, async () => {
    const { cube } = await synthetic({ rows, cols, bands, snr: 25, seed: 7 + rows, anomalies: 2 });
    const score = (await runNode(rx, { cube }, { window, inner })).outputs.score as Raster;
    const outer = (window - 1) / 2;
    const guard = (inner - 1) / 2;
    let worst = 0;
    for (let r = 0; r < cube.rows; r++) {
      for (let c = 0; c < cube.cols; c++) {
        const ring: Float64Array[] = [];
        for (let rr = r - outer; rr <= r + outer; rr++) {
          for (let cc = c - outer; cc <= c + outer; cc++) {
            if (rr < 0 || cc < 0 || rr >= cube.rows || cc >= cube.cols) continue;
            if (Math.abs(rr - r) <= guard && Math.abs(cc - c) <= guard) continue;
            ring.push(pixel(cube, rr * cube.cols + cc));
          }
        }
        const { mean, covariance } = meanCovariance(ring);
        const d = subtract(pixel(cube, r * cube.cols + c), mean);
        const reference = bilinear(d, inverse(covariance), d);
        worst = Math.max(worst, Math.abs(score.data[r * cube.cols + c] - reference) / reference);
      }
    }
    assert.ok(worst < 1e-6, `worst relative error ${worst}`);
  });
}

test('a constant band is regularised (diagonal loading) and RX stays finite and informative', async () => {
  const { cube, anomalies } = await synthetic({ rows: 30, cols: 30, bands: 12, seed: 1, anomalies: 4 });
  for (let p = 0; p < 900; p++) cube.data[p * 12 + 5] = 0.25;
  const result = await runNode(rx, { cube });
  assert.equal(result.leakedTensors, 0);
  const score = (result.outputs.score as Raster).data;
  assert.ok(score.every(Number.isFinite));
  // Loading δ = 1e-6 × mean eigenvalue moves the other 11 bands' Mahalanobis distance by about
  // δ / (smallest eigenvalue) ≈ 1e-3 here (noise eigenvalues are ~1e3 times below the mean).
  const reduced = makeRaster(30, 30, 11, new Float32Array(900 * 11));
  for (let p = 0; p < 900; p++) for (let b = 0, k = 0; b < 12; b++) if (b !== 5) reduced.data[p * 11 + k++] = cube.data[p * 12 + b];
  const reference = ((await runNode(rx, { cube: reduced })).outputs.score as Raster).data;
  let worst = 0;
  score.forEach((v, p) => (worst = Math.max(worst, Math.abs(v - reference[p]) / reference[p])));
  assert.ok(worst < 5e-3, `worst relative error ${worst}`);
  assert.ok(anomalies.data.some((v) => v === 1));
});

test('bad inputs fail with messages naming the problem', async () => {
  const { cube } = await synthetic({ rows: 20, cols: 20, bands: 8, anomalies: 0 });
  cube.data[(3 * 20 + 4) * 8 + 2] = NaN;
  await assert.rejects(runNode(rx, { cube }), /input 'cube' holds a non-finite value \(NaN\) at row 3, col 4, band 2/);
  const clean = (await synthetic({ rows: 20, cols: 20, bands: 8, anomalies: 0 })).cube;
  await assert.rejects(runNode(rx, { cube: clean }, { window: 6 }), /param 'window' must be odd/);
  await assert.rejects(runNode(rx, { cube: clean }, { window: 5, inner: 5 }), /param 'inner' = 5 must be smaller than 'window' = 5/);
  const flat = makeRaster(10, 10, 3, new Float32Array(300).fill(1));
  await assert.rejects(runNode(rx, { cube: flat }), /covariance is zero/);
  const tiny = makeRaster(2, 2, 8, new Float32Array(32).map((_, i) => i));
  await assert.rejects(runNode(rx, { cube: tiny }), /4 pixels, fewer than its 8 bands/);
});

test('local RX stops on cancel before its first row and runs normally afterwards', async () => {
  const { cube } = await synthetic({ rows: 40, cols: 40, bands: 20, snr: 30, seed: 5, anomalies: 2 });
  const controller = new AbortController();
  controller.abort();
  // Cancelled before the first row: the row hook throws, the worker scoring the other half is terminated.
  await assert.rejects(runNode(rx, { cube }, { window: 15, inner: 5 }, { signal: controller.signal }), (e: Error) => e.name === 'CancelledError');
  // The node still runs normally afterwards (fresh worker, same result as a single-thread computation).
  const score = (await runNode(rx, { cube }, { window: 15, inner: 5 })).outputs.score as Raster;
  assert.ok(score.data.every((v) => Number.isFinite(v) && v > 0));
});
