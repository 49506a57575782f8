import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRaster, type Raster } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import synthPan from './synthPan.ts';

test('prep.synthPan averages the bands within from..to nm', async () => {
  const data = new Float32Array(2 * 3 * 4).map((_, i) => i);
  const cube = makeRaster(2, 3, 4, data, { wavelengths: [380, 450, 690, 800] });
  const pan = (await runNode(synthPan, { cube }, {})).outputs.band as Raster;
  assert.equal(pan.bands, 1);
  for (let p = 0; p < 6; p++) assert.equal(pan.data[p], (data[p * 4 + 1] + data[p * 4 + 2]) / 2);
  const byIndex = (await runNode(synthPan, { cube: makeRaster(2, 3, 4, data) }, { bands: '0-1' })).outputs.band as Raster;
  assert.equal(byIndex.data[5], (data[20] + data[21]) / 2);
});

test('prep.synthPan errors name the param and suggest a way out', async () => {
  const cube = makeRaster(2, 2, 2, new Float32Array(8));
  await assert.rejects(runNode(synthPan, { cube }, {}), /params 'from'\/'to' select bands by wavelength but input 'cube' has no wavelengths; set param 'bands'.*prep.selectBands/);
  const ir = makeRaster(2, 2, 2, new Float32Array(8), { wavelengths: [900, 1000] });
  await assert.rejects(runNode(synthPan, { cube: ir }, {}), /params 'from'\/'to' \(400-700 nm\) select no band; the cube spans 900-1000 nm/);
});
