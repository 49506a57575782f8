import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { runNode, tempDir } from '../../test/harness.ts';
import { BandwireError } from '../../core/errors.ts';
import { makeRaster, type Raster } from '../../core/values.ts';
import { ioRead } from './read.ts';
import { ioWrite } from './write.ts';
import { ioWritePng } from './write-png.ts';
import { ioWriteJson } from './write-json.ts';
import { gdal, hasGdal, sampleCube } from './test-helpers.ts';

/** Per-band min/max/mean over finite values, float64. */
function stats(r: Raster, b: number): { min: number; max: number; mean: number } {
  let min = Infinity, max = -Infinity, sum = 0, n = 0;
  for (let i = b; i < r.data.length; i += r.bands) {
    const v = r.data[i];
    if (Number.isNaN(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    n++;
  }
  return { min, max, mean: sum / n };
}

const cube = sampleCube(300, 270, 4);
cube.data[5 * 4 + 1] = NaN;
cube.nodata = -9999;
cube.bandNames = ['a', 'b', 'c', 'd'];

for (const ext of ['tif', 'hdr']) {
  test(`io.write ${ext}: gdalinfo -stats reads the same values, wavelengths, nodata and georeference`, async (t) => {
    if (!hasGdal()) return t.skip('gdalinfo not installed (apt gdal-bin)');
    const dir = tempDir();
    await runNode(ioWrite, { raster: cube }, { path: join(dir, `out.${ext}`) });
    const info = JSON.parse(gdal('gdalinfo', ['-json', '-stats', join(dir, ext === 'tif' ? 'out.tif' : 'out.img')])!);
    assert.deepEqual(info.size, [270, 300]);
    assert.equal(info.bands.length, 4);
    for (const [i, gt] of [500000, 30, 0, 4000000, 0, -30].entries()) assert.ok(Math.abs(info.geoTransform[i] - gt) < 1e-9);
    assert.match(info.coordinateSystem.wkt, /UTM zone 11N/);
    for (let b = 0; b < 4; b++) {
      const band = info.bands[b];
      const ref = stats(cube, b);
      assert.equal(band.noDataValue, -9999);
      // GDAL prints its statistics with 14 significant digits.
      const gdalStats = band.metadata[''];
      const close = (a: number, e: number, what: string) => assert.ok(Math.abs(a - e) <= 1e-10 * Math.max(1, Math.abs(e)), `band ${b} ${what}: GDAL ${a}, ours ${e}`);
      close(Number(gdalStats.STATISTICS_MINIMUM), ref.min, 'min');
      close(Number(gdalStats.STATISTICS_MAXIMUM), ref.max, 'max');
      close(Number(gdalStats.STATISTICS_MEAN), ref.mean, 'mean');
      if (ext === 'tif') {
        assert.equal(Number(band.metadata[''].wavelength), 400 + 10 * b);
        assert.equal(Number(band.metadata[''].fwhm), 9.5);
        assert.equal(band.description, cube.bandNames![b]);
      } else {
        assert.match(band.description, new RegExp(`${400 + 10 * b}`));
      }
    }
  });

  test(`io.write ${ext} then io.read gives back every value and the metadata`, async () => {
    const dir = tempDir();
    await runNode(ioWrite, { raster: cube }, { path: join(dir, `round.${ext}`) });
    const back = (await runNode(ioRead, {}, { path: join(dir, `round.${ext}`) })).outputs.cube as Raster;
    assert.equal(back.rows, 300);
    assert.equal(back.bands, 4);
    for (let i = 0; i < cube.data.length; i++) {
      if (Number.isNaN(cube.data[i])) assert.ok(Number.isNaN(back.data[i]), `value ${i} should be nodata`);
      else if (back.data[i] !== cube.data[i]) assert.fail(`value ${i}: ${back.data[i]} != ${cube.data[i]}`);
    }
    assert.deepEqual(back.wavelengths, cube.wavelengths);
    assert.deepEqual(back.fwhm, cube.fwhm);
    assert.deepEqual(back.georef?.geoTransform, cube.georef?.geoTransform);
    assert.equal(back.georef?.crs, 'EPSG:32611');
    assert.equal(back.nodata, -9999);
  });
}

test('GeoTIFF and ENVI keep the unit of the values (GDAL unit type) and a score map\'s order, read back by io.read and GDAL', async (t) => {
  const dir = tempDir();
  const angles = makeRaster(4, 5, 1, Float32Array.from({ length: 20 }, (_, i) => 0.05 * i), { role: 'band', bandNames: ['angle'], scoreOrder: 'lower', units: 'rad' });
  await runNode(ioWrite, { raster: angles }, { path: join(dir, 'angle.tif') });
  const back = (await runNode(ioRead, {}, { path: join(dir, 'angle.tif') })).outputs.cube as Raster;
  assert.deepEqual([back.units, back.scoreOrder], ['rad', 'lower']);
  await runNode(ioWrite, { raster: angles }, { path: join(dir, 'angle.hdr') });
  const envi = (await runNode(ioRead, {}, { path: join(dir, 'angle.hdr') })).outputs.cube as Raster;
  assert.deepEqual([envi.units, envi.scoreOrder], ['rad', 'lower'], 'ENVI keeps them in bandwire fields');
  await runNode(ioWrite, { raster: cube }, { path: join(dir, 'plain.tif') });
  const plain = (await runNode(ioRead, {}, { path: join(dir, 'plain.tif') })).outputs.cube as Raster;
  assert.deepEqual([plain.units, plain.scoreOrder], [undefined, undefined]);
  if (!hasGdal()) return t.skip('gdalinfo not installed (apt gdal-bin): GDAL side not checked');
  const info = JSON.parse(gdal('gdalinfo', ['-json', join(dir, 'angle.tif')])!);
  assert.equal(info.bands[0].unit, 'rad');
});

test('io.write refuses to overwrite unless overwrite: true, and leaves no partial file', async () => {
  const dir = tempDir();
  const path = join(dir, 'x.tif');
  const small = sampleCube(8, 9, 2);
  await runNode(ioWrite, { raster: small }, { path });
  const before = readFileSync(path);
  await assert.rejects(runNode(ioWrite, { raster: sampleCube(8, 9, 3) }, { path }), (e) => e instanceof BandwireError && e.code === 'FILE_EXISTS' && e.message.includes(path));
  assert.deepEqual(readFileSync(path), before);
  await runNode(ioWrite, { raster: sampleCube(8, 9, 3) }, { path, overwrite: true });
  assert.notDeepEqual(readFileSync(path), before);
  await assert.rejects(runNode(ioWrite, { raster: small }, { path: join(dir, 'x.xyz') }), (e) => e instanceof BandwireError && e.code === 'PARAM_INVALID');
  const empty = { ...small, bands: 0, data: new Float32Array(0) };
  await assert.rejects(runNode(ioWrite, { raster: empty }, { path: join(dir, 'empty.tif') }), /input 'raster' is empty \(8 x 9 x 0\): nothing to write/);
});

/** Decodes an 8-bit PNG written by encodePng (filter 0 rows). */
function decodePng(bytes: Uint8Array): { width: number; height: number; channels: number; pixels: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  let at = 8, width = 0, height = 0, channels = 0;
  const idat: Uint8Array[] = [];
  while (at < bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      channels = data[9] === 2 ? 3 : 1;
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * channels + 1)], 0);
    pixels.set(raw.subarray(y * (width * channels + 1) + 1, (y + 1) * (width * channels + 1)), y * width * channels);
  }
  return { width, height, channels, pixels };
}

test('io.writePng: true colour from wavelengths, 2-98 % stretch, grey for one band', async () => {
  const dir = tempDir();
  // 100 pixels with values 0..99 in every band: the 2 % and 98 % percentiles are about 2 and 97.
  const data = new Float32Array(10 * 10 * 30);
  for (let p = 0; p < 100; p++) for (let b = 0; b < 30; b++) data[p * 30 + b] = p + b * 1000;
  const raster = makeRaster(10, 10, 30, data, { wavelengths: Array.from({ length: 30 }, (_, b) => 400 + 10 * b) });
  await runNode(ioWritePng, { raster }, { path: join(dir, 'rgb.png') });
  const rgb = decodePng(readFileSync(join(dir, 'rgb.png')));
  assert.deepEqual([rgb.width, rgb.height, rgb.channels], [10, 10, 3]);
  assert.equal(rgb.pixels[0], 0);
  assert.equal(rgb.pixels[99 * 3], 255);
  // pixel 50: (50 - lo) / (hi - lo) * 255 with lo ≈ 2, hi ≈ 97 → about 129 (± 3 for histogram binning).
  assert.ok(Math.abs(rgb.pixels[50 * 3] - 129) <= 3, `mid value ${rgb.pixels[50 * 3]}`);
  await runNode(ioWritePng, { raster }, { path: join(dir, 'grey.png'), bands: '4', stretch: 0 });
  const grey = decodePng(readFileSync(join(dir, 'grey.png')));
  assert.equal(grey.channels, 1);
  assert.equal(grey.pixels[33], Math.round((33 / 99) * 255));
  await assert.rejects(runNode(ioWritePng, { raster }, { path: join(dir, 'bad.png'), bands: '0,40,2' }), /exceeds the 30 bands/);
});

test('io.writeJson writes values, tables and curves; NaN becomes null', async () => {
  const dir = tempDir();
  const metrics = { kind: 'metrics' as const, values: { AUC: 0.953, bad: NaN }, tables: { t: { columns: ['a'], rows: [[1]] } }, curves: { ROC: { x: [0, 1], y: [0, 1] } } };
  await runNode(ioWriteJson, { metrics }, { path: join(dir, 'm.json') });
  const doc = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
  assert.deepEqual(doc, { bandwire: 1, values: { AUC: 0.953, bad: null }, tables: metrics.tables, curves: metrics.curves });
});
