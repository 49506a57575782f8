import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRaster, type Raster } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { loadMetricVectors } from '../metrics/lib/metric-vectors.ts';
import { decimatePlane, filterPlaneReplicate, mtfKernel } from '../pansharpen/lib/mtf.ts';
import { makePlane } from '../pansharpen/lib/planes.ts';
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
  const panData = new Float32Array(24 * 24).map((_, i) => 100 + 50 * Math.sin(i * 0.7) + (i % 5) * 10);
  const pan = makeRaster(24, 24, 1, panData);
  const generic = await runNode(degrade, { cube: pan }, { ratio: 4, mtf: 'pan' });
  const prisma = await runNode(degrade, { cube: pan }, { ratio: 4, mtf: 'pan', sensor: 'prisma' });
  const hsRun = await runNode(degrade, { cube }, { ratio: 4 });
  const c = hsRun.outputs.cube as Raster;
  assert.equal(c.rows, 6);
  // a constant passes with the kernel sum (0.997..., unnormalised as in the toolbox)
  const sum = mtfKernel(0.3, 4, 41).reduce((x, y) => x + y, 0);
  assert.ok(sum < 0.999 && sum > 0.99);
  assert.ok(c.data.every((x) => Math.abs(x - 100 * sum) < 1e-3), `constant -> ${c.data[0]}, kernel sum ${sum}`);
  for (const [run, gain] of [[generic, 0.15], [prisma, 0.2]] as const) {
    const got = (run.outputs.cube as Raster).data;
    const expected = decimatePlane(filterPlaneReplicate(makePlane(24, 24, Float64Array.from(panData)), mtfKernel(gain, 4, 41)), 4).data;
    assert.equal(got.length, 36);
    got.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-3, `PAN gain ${gain} px ${i}: ${x} vs ${expected[i]}`));
  }
  assert.notDeepEqual((generic.outputs.cube as Raster).data, (prisma.outputs.cube as Raster).data);
  const odd = makeRaster(25, 24, 1, new Float32Array(600));
  await assert.rejects(runNode(degrade, { cube: odd }, { ratio: 4 }), /prep.degrade 'n': input 'cube' is 25x24 px, not a multiple of param 'ratio' = 4/);
});
