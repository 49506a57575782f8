/**
 * GDAL interop: gdal_translate turns one ENVI source into GeoTIFFs across compressions,
 * predictors, tiling, interleaves and data types, and into ENVI BIL/BIP; io.read must give back
 * every pixel of the source exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNode, tempDir } from '../../test/harness.ts';
import type { Raster } from '../../core/values.ts';
import { ioRead } from './read.ts';
import { gdal, hasGdal } from './test-helpers.ts';

const ROWS = 37, COLS = 53, BANDS = 5;

const TYPES = [
  { gdal: 'Byte', envi: 1, make: (i: number) => (i * 7) % 256, array: Uint8Array },
  { gdal: 'Int16', envi: 2, make: (i: number) => ((i * 37) % 60000) - 30000, array: Int16Array },
  { gdal: 'UInt16', envi: 12, make: (i: number) => (i * 41) % 65536, array: Uint16Array },
  { gdal: 'Int32', envi: 3, make: (i: number) => (i * 7919) % 2000000 - 1000000, array: Int32Array },
  { gdal: 'UInt32', envi: 13, make: (i: number) => (i * 104729) % 16000000, array: Uint32Array },
  { gdal: 'Float32', envi: 4, make: (i: number) => Math.fround(Math.sin(i) * 1000), array: Float32Array },
  { gdal: 'Float64', envi: 5, make: (i: number) => Math.cos(i) * 0.5, array: Float64Array },
] as const;

/** Writes a BSQ ENVI file of the given type; returns its values (index = band·R·C + row·C + col). */
function writeSource(dir: string, type: (typeof TYPES)[number], bigEndian = false): number[] {
  const n = ROWS * COLS * BANDS;
  const values = Array.from({ length: n }, (_, i) => type.make(i));
  const typed = new type.array(values);
  const bytes = new Uint8Array(typed.buffer.slice(0));
  if (bigEndian) {
    const size = typed.BYTES_PER_ELEMENT;
    for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
  }
  const name = `src_${type.gdal}${bigEndian ? '_be' : ''}`;
  writeFileSync(join(dir, `${name}.img`), bytes);
  writeFileSync(join(dir, `${name}.hdr`), `ENVI\nsamples = ${COLS}\nlines = ${ROWS}\nbands = ${BANDS}\nheader offset = 0\ndata type = ${type.envi}\ninterleave = bsq\nbyte order = ${bigEndian ? 1 : 0}\nwavelength units = Micrometers\nwavelength = {0.4, 0.5, 0.6, 0.7, 0.8}\n`);
  return values;
}

function compare(raster: Raster, values: number[], what: string, bands = [0, 1, 2, 3, 4], row0 = 0, col0 = 0): void {
  for (let r = 0; r < raster.rows; r++) {
    for (let c = 0; c < raster.cols; c++) {
      for (let k = 0; k < bands.length; k++) {
        const expected = Math.fround(values[bands[k] * ROWS * COLS + (r + row0) * COLS + (c + col0)]);
        const got = raster.data[(r * raster.cols + c) * raster.bands + k];
        if (got !== expected) assert.fail(`${what}: pixel (${r}, ${c}) band ${bands[k]}: read ${got}, GDAL wrote ${expected}`);
      }
    }
  }
}

const COMPRESSIONS = ['NONE', 'LZW', 'DEFLATE', 'PACKBITS', 'ZSTD'];

test('GeoTIFFs from gdal_translate (compressions x predictors x tiling x interleave x types) read pixel-exact', async (t) => {
  if (!hasGdal()) return t.skip('gdal_translate not installed (apt gdal-bin)');
  const dir = tempDir();
  const sources = new Map(TYPES.map((type) => [type.gdal, writeSource(dir, type)]));
  let checked = 0;
  for (const [ci, compression] of COMPRESSIONS.entries()) {
    for (const [ti, type] of TYPES.entries()) {
      const tiled = (ci + ti) % 2 === 0;
      const interleave = ti % 2 === 0 ? 'PIXEL' : 'BAND';
      const float = type.gdal.startsWith('Float');
      const predictor = compression === 'NONE' || compression === 'PACKBITS' ? 1 : float ? 3 : 2;
      const out = join(dir, `${compression}_${type.gdal}.tif`);
      const options = ['-q', '-of', 'GTiff', '-co', `COMPRESS=${compression}`, '-co', `INTERLEAVE=${interleave}`, '-co', `TILED=${tiled ? 'YES' : 'NO'}`, '-co', 'BLOCKXSIZE=16', '-co', 'BLOCKYSIZE=16'];
      if (!tiled) options.splice(options.indexOf('BLOCKXSIZE=16') - 1, 2);
      if (predictor > 1) options.push('-co', `PREDICTOR=${predictor}`);
      try {
        gdal('gdal_translate', [...options, join(dir, `src_${type.gdal}.img`), out]);
      } catch (e) {
        if (compression === 'ZSTD') continue; // GDAL built without ZSTD
        throw e;
      }
      const raster = (await runNode(ioRead, {}, { path: out })).outputs.cube as Raster;
      const what = `${compression} ${type.gdal} ${interleave} ${tiled ? 'tiled' : 'striped'} predictor ${predictor}`;
      assert.deepEqual([raster.rows, raster.cols, raster.bands], [ROWS, COLS, BANDS], what);
      compare(raster, sources.get(type.gdal)!, what);
      assert.deepEqual(raster.wavelengths, [400, 500, 600, 700, 800], `${what}: wavelengths (µm → nm)`);
      checked++;
    }
  }
  assert.ok(checked >= 28, `checked ${checked} files`);
  console.log(`# checked ${checked} GeoTIFF variants`);
});

test('GeoTIFF and ENVI windowed band-subset reads match the source', async (t) => {
  if (!hasGdal()) return t.skip('gdal_translate not installed (apt gdal-bin)');
  const dir = tempDir();
  const type = TYPES[1];
  const values = writeSource(dir, type);
  gdal('gdal_translate', ['-q', '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=16', '-co', 'BLOCKYSIZE=16', join(dir, 'src_Int16.img'), join(dir, 'w.tif')]);
  for (const path of [join(dir, 'w.tif'), join(dir, 'src_Int16.hdr')]) {
    const raster = (await runNode(ioRead, {}, { path, bands: '3,1', window: '5, 7, 20, 30' })).outputs.cube as Raster;
    assert.deepEqual([raster.rows, raster.cols, raster.bands], [20, 30, 2]);
    compare(raster, values, `window of ${path}`, [3, 1], 5, 7);
    assert.deepEqual(raster.wavelengths, [700, 500]);
  }
});

test('ENVI BSQ/BIL/BIP (gdal_translate) and big-endian files of every type read pixel-exact', async (t) => {
  if (!hasGdal()) return t.skip('gdal_translate not installed (apt gdal-bin)');
  const dir = tempDir();
  for (const type of TYPES) {
    const values = writeSource(dir, type);
    const bigEndian = writeSource(dir, type, true);
    const be = (await runNode(ioRead, {}, { path: join(dir, `src_${type.gdal}_be.hdr`) })).outputs.cube as Raster;
    compare(be, bigEndian, `${type.gdal} big-endian BSQ`);
    for (const interleave of ['BIL', 'BIP']) {
      const out = join(dir, `${type.gdal}_${interleave}.dat`);
      gdal('gdal_translate', ['-q', '-of', 'ENVI', '-co', `INTERLEAVE=${interleave}`, join(dir, `src_${type.gdal}.img`), out]);
      const raster = (await runNode(ioRead, {}, { path: out })).outputs.cube as Raster;
      compare(raster, values, `${type.gdal} ${interleave}`);
    }
  }
});
