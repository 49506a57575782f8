/**
 * The example graph graphs/examples/unmix-samson.json reads Zhu's ground-truth abundances `A`
 * (3 x 9025, no nRow/nCol) with io.read and feeds them to metrics.unmixing as `referenceAbundances`.
 * This checks that io.read puts them on the image grid (MATLAB column-major pixels, 95 x 95 x 3), by
 * comparing with the scipy reading used by the other tests (A.T.reshape(H, W, K, order='F')).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Raster } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { dataFile } from '../../test/data.ts';
import { ioRead } from '../io/read.ts';
import { SAMSON, loadScene } from './lib/scene-fixture.ts';

test('io.read of Samson_GT.mat variable A gives the 95 x 95 x 3 ground-truth abundances on the image grid', async (t) => {
  const path = dataFile('samson/Samson_GT.mat');
  const scene = loadScene(SAMSON);
  if (!path || !scene) return t.skip('Samson data or python3/scipy absent');
  const raster = (await runNode(ioRead, {}, { path, variable: 'A' })).outputs.cube as Raster;
  const truth = scene.referenceAbundances;
  assert.deepEqual([raster.rows, raster.cols, raster.bands], [truth.rows, truth.cols, truth.bands]);
  let worst = 0;
  for (let i = 0; i < truth.data.length; i++) worst = Math.max(worst, Math.abs(raster.data[i] - truth.data[i]));
  assert.ok(worst < 1e-6, `abundances differ by ${worst}`);
});
