/**
 * io.write to ENVI keeps the georeference of rotated grids (`map info ... rotation=<deg>`, GDAL's
 * convention) and says so when a sheared geotransform cannot be written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataFile } from '../../test/data.ts';
import { runNode, tempDir } from '../../test/harness.ts';
import { makeRaster, type GeoTransform, type Raster } from '../../core/values.ts';
import { formatEnviHeader, mapInfoGeometry, parseEnviHeader } from './formats/envi.ts';
import { ioRead } from './read.ts';
import { ioWrite } from './write.ts';
import { gdal, hasGdal } from './test-helpers.ts';

const SAMPLE = 'envi_aviris_ng_samples/ang20140912t192359_corr_v1c_img_400-410_10-20.hdr';

/** Geotransforms agree to 1e-9 of the largest term (GDAL prints 15-17 significant digits). */
function assertGeoTransform(actual: number[], expected: number[], what: string): void {
  const scale = Math.max(...expected.map(Math.abs));
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= 1e-9 * scale, `${what}: term ${i} is ${actual[i]}, expected ${expected[i]}`);
}

test('map info with rotation=<deg> round-trips rotated geotransforms through our header reader', () => {
  for (const [deg, sizeX, sizeY] of [[53, 3.1, 3.1], [-20, 30, 15], [135, 2, 5], [180, 1, 1], [0.001, 10, 10]]) {
    const r = (deg * Math.PI) / 180;
    // GDAL's reading of map info (envidataset.cpp): a = cos r·sizeX, b = sin r·sizeX, d = sin r·sizeY, e = -cos r·sizeY
    const gt: GeoTransform = [277811.628, Math.cos(r) * sizeX, Math.sin(r) * sizeX, 4483607.425, Math.sin(r) * sizeY, -Math.cos(r) * sizeY];
    const geometry = mapInfoGeometry(gt)!;
    assert.ok(Math.abs(geometry.rotation! - deg) < 1e-9, `rotation ${geometry.rotation} for ${deg}`);
    const header = parseEnviHeader(formatEnviHeader({ samples: 2, lines: 2, bands: 1, sampleType: 'float32', interleave: 'bsq', geoTransform: gt, crs: 'EPSG:32613' }));
    assertGeoTransform(header.geoTransform!, gt, `${deg} degrees`);
    assert.equal(header.crs, 'EPSG:32613');
  }
  // north-up grids keep the plain map info, without a rotation
  const plain = formatEnviHeader({ samples: 2, lines: 2, bands: 1, sampleType: 'float32', interleave: 'bsq', geoTransform: [500000, 30, 0, 4000000, 0, -30], crs: 'EPSG:32611' });
  assert.match(plain, /map info = \{UTM, 1, 1, 500000, 4000000, 30, 30, 11, North, WGS-84, units=Meters\}/);
});

test('io.write ENVI: a rotated AVIRIS-NG scene keeps its geotransform and CRS (gdalinfo and io.read)', async (t) => {
  const source = dataFile(SAMPLE);
  if (!source) return t.skip('AVIRIS-NG sample not found in ../shared/data');
  const dir = tempDir();
  const read = await runNode(ioRead, {}, { path: source });
  const cube = read.outputs.cube as Raster;
  assert.ok(cube.georef?.geoTransform && cube.georef.geoTransform[2] !== 0, 'the sample is rotated (map info rotation=53)');
  const out = join(dir, 'rotated.hdr');
  await runNode(ioWrite, { raster: cube }, { path: out });
  assert.match(readFileSync(out, 'utf8'), /map info = \{UTM, 1, 1, 277811.628, 4483607.425, 3.1\d*, 3.1\d*, 13, North, WGS-84, units=Meters, rotation=53(\.0*\d*)?\}/);

  const back = (await runNode(ioRead, {}, { path: out })).outputs.cube as Raster;
  assertGeoTransform(back.georef!.geoTransform!, cube.georef.geoTransform, 'io.read of the written file');
  assert.equal(back.georef!.crs, cube.georef.crs);
  assert.deepEqual(back.data, cube.data);

  if (!hasGdal()) return t.skip('gdalinfo not installed (apt gdal-bin): GDAL check skipped');
  const ours = JSON.parse(gdal('gdalinfo', ['-json', join(dir, 'rotated.img')])!);
  const theirs = JSON.parse(gdal('gdalinfo', ['-json', source.replace(/\.hdr$/, '.img')])!);
  assertGeoTransform(ours.geoTransform, theirs.geoTransform, 'gdalinfo geoTransform');
  assert.equal(ours.coordinateSystem.wkt, theirs.coordinateSystem.wkt);
});

test('io.write ENVI: a sheared geotransform leaves map info out with a warning naming the file', async () => {
  const dir = tempDir();
  const raster = makeRaster(2, 3, 1, Float32Array.from([1, 2, 3, 4, 5, 6]), { georef: { geoTransform: [1000, 10, 4, 2000, 0, -10], crs: 'EPSG:32611' } });
  const out = join(dir, 'sheared.hdr');
  const run = await runNode(ioWrite, { raster }, { path: out });
  assert.doesNotMatch(readFileSync(out, 'utf8'), /map info/);
  assert.equal(run.logs.length, 1);
  assert.match(run.logs[0], /^warning: .*sheared\.hdr: map info left out: the geotransform \[1000, 10, 4, 2000, 0, -10\] is sheared/);
  const back = (await runNode(ioRead, {}, { path: out })).outputs.cube as Raster;
  assert.deepEqual(Array.from(back.data), [1, 2, 3, 4, 5, 6]);
});
