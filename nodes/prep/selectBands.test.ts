/** prep.selectBands: by indices/ranges and by wavelength, metadata kept, errors naming the param. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNode } from '../../test/harness.ts';
import { makeRaster, type Raster } from '../../core/values.ts';
import selectBands from './selectBands.ts';

const bands = 10;
const cube = makeRaster(2, 3, bands, Float32Array.from({ length: 60 }, (_, i) => i), {
  wavelengths: Array.from({ length: bands }, (_, b) => 400 + 100 * b),
  fwhm: Array.from({ length: bands }, () => 12),
  georef: { geoTransform: [500000, 30, 0, 4200000, 0, -30], crs: 'EPSG:32611' },
  nodata: -9999,
});

test('selects index ranges in order, keeping wavelengths, fwhm, nodata and georeference', async () => {
  const out = (await runNode(selectBands, { cube }, { bands: '0-2,7' })).outputs.cube as Raster;
  assert.equal(out.bands, 4);
  assert.deepEqual(out.wavelengths, [400, 500, 600, 1100]);
  assert.deepEqual(out.fwhm, [12, 12, 12, 12]);
  assert.deepEqual(out.georef, cube.georef);
  assert.equal(out.nodata, -9999);
  // pixel 4 (row 1, col 1) holds 40..49 → bands 0,1,2,7
  assert.deepEqual([...out.data.subarray(16, 20)], [40, 41, 42, 47]);
  const list = (await runNode(selectBands, { cube }, { bands: [9, 0] })).outputs.cube as Raster;
  assert.deepEqual([...list.data.subarray(0, 2)], [9, 0]);
});

test('selects by wavelength interval (inclusive, nm)', async () => {
  const out = (await runNode(selectBands, { cube }, { from: 650, to: 900 })).outputs.cube as Raster;
  assert.deepEqual(out.wavelengths, [700, 800, 900]);
  assert.deepEqual([...out.data.subarray(0, 3)], [3, 4, 5]);
});

test('errors name the param and the problem', async () => {
  await assert.rejects(runNode(selectBands, { cube }, { bands: '3-12' }), /param 'bands' has index 10, outside the 10 bands \(0–9\)/);
  await assert.rejects(runNode(selectBands, { cube }, { bands: '5-2' }), /param 'bands': bad index range '5-2': end before start/);
  const bare = { ...cube, wavelengths: undefined };
  await assert.rejects(runNode(selectBands, { cube: bare }, { from: 500, to: 600 }), /param 'from' selects by wavelength, but input 'cube' has no wavelengths/);
  await assert.rejects(runNode(selectBands, { cube }, { from: 3000, to: 4000 }), /select no band; the cube spans 400–1300 nm/);
  await assert.rejects(runNode(selectBands, { cube }, {}), /set param 'bands' or 'from'\/'to'/);
  // white space is no selection (it made a 0-band cube)
  await assert.rejects(runNode(selectBands, { cube }, { bands: ' ' }), /set param 'bands' or 'from'\/'to'/);
  assert.deepEqual(selectBands.checkParams!({ bands: '  ' } as never), [{ param: 'bands', message: `set param 'bands' or 'from'/'to'` }]);
  assert.deepEqual(selectBands.checkParams!({ from: 700, to: 600 } as never), [{ param: 'to', message: `param 'to' = 600 nm is below 'from' = 700 nm` }]);
});
