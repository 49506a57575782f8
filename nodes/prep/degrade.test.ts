import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRaster, type Raster } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { loadMetricVectors } from '../metrics/lib/metric-vectors.ts';
import { mtfKernel } from '../pansharpen/lib/mtf.ts';
import degrade from './degrade.ts';

test('prep.degrade reproduces the toolbox HS_LR of metric_vectors (ratio 6, GNyq 0.3) to rounding', async (t) => {
  const v = await loadMetricVectors();
  if (!v) return t.skip('metric_vectors data not found');
  const run = await runNode(degrade, { cube: v.reference }, { ratio: 6 });
  const low = run.outputs.cube as Raster;
  assert.equal(low.rows, 32);
  assert.equal(low.bands, 8);
  let worst = 0;
  for (let i = 0; i < low.data.length; i++) worst = Math.max(worst, Math.abs(low.data[i] - v.hs.data[i]));
  // hs_lr.tif holds the toolbox result (float32 arithmetic) rounded to integers
  assert.ok(worst <= 0.51, `max difference ${worst}`);
  assert.equal(run.leakedTensors, 0);
});

test('prep.degrade: PAN gains, constant images and size errors', async () => {
  const cube = makeRaster(24, 24, 2, new Float32Array(24 * 24 * 2).fill(100));
  const panData = new Float32Array(24 * 24).map((_, i) => ((i % 24) + Math.floor(i / 24)) % 2 ? 200 : 0);
  const pan = makeRaster(24, 24, 1, panData);
  const generic = await runNode(degrade, { cube, pan }, { ratio: 4 });
  const prisma = await runNode(degrade, { cube, pan }, { ratio: 4, sensor: 'prisma' });
  const c = generic.outputs.cube as Raster;
  assert.equal(c.rows, 6);
  // a constant passes with the kernel sum (0.997..., unnormalised as in the toolbox)
  const sum = mtfKernel(0.3, 4, 41).reduce((x, y) => x + y, 0);
  assert.ok(sum < 0.999 && sum > 0.99);
  assert.ok(c.data.every((x) => Math.abs(x - 100 * sum) < 1e-3), `constant -> ${c.data[0]}, kernel sum ${sum}`);
  const a = (generic.outputs.pan as Raster).data;
  const b = (prisma.outputs.pan as Raster).data;
  assert.equal(a.length, 36);
  // a checkerboard is almost removed by either MTF; the generic (0.15) gain smooths more than PRISMA's 0.2
  const spread = (d: Float32Array) => Math.max(...d) - Math.min(...d);
  assert.ok(spread(a) <= spread(b) + 1e-6, `spreads ${spread(a)} vs ${spread(b)}`);
  const odd = makeRaster(25, 24, 1, new Float32Array(600));
  await assert.rejects(runNode(degrade, { cube: odd }, { ratio: 4 }), /prep.degrade 'n': input 'cube' is 25x24 px, not a multiple of param 'ratio' = 4/);
});
