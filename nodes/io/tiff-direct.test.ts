/**
 * The direct GeoTIFF decoder (formats/tiff-direct.ts) on layouts read-gdal.test.ts does not
 * cover: big-endian files, signed bytes, strips whose last strip is short, sparse tiles, GDAL
 * nodata + scale/offset, PackBits and LZW with every interleave; each checked pixel-exact
 * against the source, whole and through a window with a band subset, and checked to take the
 * direct path (ZSTD must fall back to the `geotiff` package).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNode, tempDir } from '../../test/harness.ts';
import type { Raster } from '../../core/values.ts';
import { createNodeFiles } from '../../engine/files.ts';
import { openTiff } from './formats/tiff-read.ts';
import { planDirect } from './formats/tiff-direct.ts';
import { ioRead } from './read.ts';
import { gdal, hasGdal } from './test-helpers.ts';

const ROWS = 37, COLS = 53, BANDS = 5;

const SOURCES = {
  Byte: { envi: 1, array: Uint8Array, make: (i: number) => (i * 7) % 256 },
  Int16: { envi: 2, array: Int16Array, make: (i: number) => ((i * 37) % 60000) - 30000 },
  UInt16: { envi: 12, array: Uint16Array, make: (i: number) => (i * 41) % 65536 },
  Float32: { envi: 4, array: Float32Array, make: (i: number) => Math.fround(Math.sin(i) * 1000) },
  Float64: { envi: 5, array: Float64Array, make: (i: number) => Math.cos(i) * 0.5 },
} as const;
type SourceName = keyof typeof SOURCES;

/** BSQ source with an all-zero 16 x 16 corner (a sparse tile when written with SPARSE_OK). */
function writeSource(dir: string, name: SourceName): number[] {
  const type = SOURCES[name];
  const values = Array.from({ length: ROWS * COLS * BANDS }, (_, i) => {
    const pixel = i % (ROWS * COLS);
    return Math.floor(pixel / COLS) < 16 && pixel % COLS < 16 ? 0 : type.make(i);
  });
  writeFileSync(join(dir, `${name}.img`), new Uint8Array(new type.array(values).buffer));
  writeFileSync(join(dir, `${name}.hdr`), `ENVI\nsamples = ${COLS}\nlines = ${ROWS}\nbands = ${BANDS}\nheader offset = 0\ndata type = ${type.envi}\ninterleave = bsq\nbyte order = 0\n`);
  return values;
}

interface Variant {
  name: string;
  source: SourceName;
  options: string[];
  /** Expected value from the source value (default: itself, as float32). */
  expect?: (v: number) => number;
  direct?: boolean;
}

const tiled = ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=16', '-co', 'BLOCKYSIZE=16'];
const VARIANTS: Variant[] = [
  { name: 'big-endian Int16 LZW predictor 2 tiled pixel', source: 'Int16', options: [...tiled, '-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2', '-co', 'INTERLEAVE=PIXEL'] },
  { name: 'big-endian Float32 Deflate predictor 3 striped band', source: 'Float32', options: ['-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'INTERLEAVE=BAND', '-co', 'BLOCKYSIZE=10'] },
  { name: 'big-endian Float64 uncompressed tiled band', source: 'Float64', options: [...tiled, '-co', 'ENDIANNESS=BIG', '-co', 'INTERLEAVE=BAND'] },
  { name: 'signed bytes (PIXELTYPE=SIGNEDBYTE) LZW predictor 2', source: 'Byte', options: ['-co', 'PIXELTYPE=SIGNEDBYTE', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2'], expect: (v) => (v > 127 ? v - 256 : v) },
  { name: 'UInt16 LZW striped band, short last strip', source: 'UInt16', options: ['-co', 'COMPRESS=LZW', '-co', 'INTERLEAVE=BAND', '-co', 'BLOCKYSIZE=10'] },
  { name: 'UInt16 PackBits tiled pixel', source: 'UInt16', options: [...tiled, '-co', 'COMPRESS=PACKBITS', '-co', 'INTERLEAVE=PIXEL'] },
  { name: 'Int16 uncompressed striped pixel, one strip', source: 'Int16', options: ['-co', 'BLOCKYSIZE=37'] },
  { name: 'Int16 Deflate sparse tiles', source: 'Int16', options: [...tiled, '-co', 'COMPRESS=DEFLATE', '-co', 'SPARSE_OK=TRUE', '-co', 'INTERLEAVE=BAND'] },
  { name: 'Int16 nodata + scale/offset', source: 'Int16', options: [...tiled, '-co', 'COMPRESS=DEFLATE', '-a_nodata', '0', '-a_scale', '0.5', '-a_offset', '10'], expect: (v) => (v === 0 ? NaN : v * 0.5 + 10) },
  { name: 'Int16 ZSTD (geotiff package)', source: 'Int16', options: [...tiled, '-co', 'COMPRESS=ZSTD'], direct: false },
];

function compare(raster: Raster, values: number[], expect: (v: number) => number, what: string, bands: number[], row0 = 0, col0 = 0): void {
  for (let r = 0; r < raster.rows; r++) {
    for (let c = 0; c < raster.cols; c++) {
      for (let k = 0; k < bands.length; k++) {
        const wanted = Math.fround(expect(values[bands[k] * ROWS * COLS + (r + row0) * COLS + (c + col0)]));
        const got = raster.data[(r * raster.cols + c) * raster.bands + k];
        if (!Object.is(got, wanted)) assert.fail(`${what}: pixel (${r + row0}, ${c + col0}) band ${bands[k]}: read ${got}, expected ${wanted}`);
      }
    }
  }
}

test('direct GeoTIFF decoding: big-endian, signed bytes, short strips, sparse tiles, nodata and scale, PackBits; ZSTD falls back', async (t) => {
  if (!hasGdal()) return t.skip('gdal_translate not installed (apt gdal-bin)');
  const dir = tempDir();
  const files = createNodeFiles({ baseDir: dir });
  const sources = new Map<SourceName, number[]>();
  let checked = 0;
  for (const [i, variant] of VARIANTS.entries()) {
    if (!sources.has(variant.source)) sources.set(variant.source, writeSource(dir, variant.source));
    const path = join(dir, `variant${i}.tif`);
    try {
      gdal('gdal_translate', ['-q', ...variant.options, join(dir, `${variant.source}.img`), path]);
    } catch (e) {
      if (variant.direct === false) continue; // GDAL built without ZSTD
      throw e;
    }
    const tiff = await openTiff(files, path);
    const layout = await planDirect(tiff.image);
    await tiff.close();
    assert.equal(layout !== undefined, variant.direct ?? true, `${variant.name}: direct path ${variant.direct === false ? 'not ' : ''}expected`);
    const expect = variant.expect ?? ((v: number) => v);
    const values = sources.get(variant.source)!;
    const whole = (await runNode(ioRead, {}, { path })).outputs.cube as Raster;
    compare(whole, values, expect, variant.name, [0, 1, 2, 3, 4]);
    const part = (await runNode(ioRead, {}, { path, window: '9, 14, 20, 33', bands: '4,0,2' })).outputs.cube as Raster;
    assert.deepEqual([part.rows, part.cols, part.bands], [20, 33, 3]);
    compare(part, values, expect, `${variant.name} window`, [4, 0, 2], 9, 14);
    checked++;
  }
  assert.ok(checked >= 9, `checked ${checked} variants`);
});

test('fuzz: damaged LZW and PackBits GeoTIFFs give a result or a BandwireError naming the file', async (t) => {
  if (!hasGdal()) return t.skip('gdal_translate not installed (apt gdal-bin)');
  const dir = tempDir();
  writeSource(dir, 'UInt16');
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let refused = 0, read = 0;
  for (const compression of ['LZW', 'PACKBITS']) {
    const clean = join(dir, `${compression}.tif`);
    gdal('gdal_translate', ['-q', ...tiled, '-co', `COMPRESS=${compression}`, join(dir, 'UInt16.img'), clean]);
    const bytes = readFileSync(clean);
    for (let trial = 0; trial < 40; trial++) {
      const damaged = Buffer.from(trial % 4 === 0 ? bytes.subarray(0, Math.floor(bytes.length * (0.3 + 0.7 * random()))) : bytes);
      // Flip bytes in the image data (after the first 2 KB, where GDAL puts the header and IFD).
      if (trial % 4 !== 0) for (let f = 0; f < 1 + trial % 7; f++) damaged[2048 + Math.floor(random() * (damaged.length - 2048))] ^= 1 + Math.floor(random() * 255);
      const path = join(dir, `damaged_${compression}_${trial}.tif`);
      writeFileSync(path, damaged);
      try {
        await runNode(ioRead, {}, { path });
        read++;
      } catch (e) {
        assert.equal((e as Error).name, 'BandwireError', `${path}: ${(e as Error).stack}`);
        assert.ok((e as Error).message.includes(path), `message names the file: ${(e as Error).message}`);
        refused++;
      }
    }
  }
  console.log(`# fuzz: ${read} damaged files still read, ${refused} refused`);
  assert.ok(refused > 0);
});
