/**
 * Peak memory of io.read on a 1000 x 1000 x 224 int16 scene (issue 4): loading it as float32
 * (896 MB) must peak under 2x the float32 cube. Each format is read in a fresh child process
 * (memory-probe.ts) that measures its resident-memory growth over the read; the files are
 * made in a temp dir: an ENVI BIL file, and from it a tiled, pixel-interleaved Deflate GeoTIFF
 * (29 MB tiles) with gdal_translate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../test/harness.ts';
import { gdal, hasGdal } from './test-helpers.ts';

const ROWS = 1000, COLS = 1000, BANDS = 224;
const CUBE_BYTES = ROWS * COLS * BANDS * 4;

/** Sample value at (row, col, band): smooth enough to compress, distinct enough to check. */
const value = (r: number, c: number, b: number) => ((r * 7 + c * 3 + b * 11) % 2000) - 1000;

/** Writes the scene as ENVI BIL, one image row at a time. */
function writeScene(dir: string): string {
  const path = join(dir, 'scene.bil');
  const fd = openSync(path, 'w');
  const row = new Int16Array(COLS * BANDS);
  try {
    for (let r = 0; r < ROWS; r++) {
      for (let b = 0, i = 0; b < BANDS; b++) for (let c = 0; c < COLS; c++) row[i++] = value(r, c, b);
      writeSync(fd, new Uint8Array(row.buffer));
    }
  } finally {
    closeSync(fd);
  }
  writeFileSync(join(dir, 'scene.hdr'), `ENVI\nsamples = ${COLS}\nlines = ${ROWS}\nbands = ${BANDS}\nheader offset = 0\ndata type = 2\ninterleave = bil\nbyte order = 0\n`);
  return path;
}

interface Probe {
  shape: number[];
  cubeBytes: number;
  rssGrowth: number;
  arrayBufferGrowth: number;
  highWaterMark: boolean;
  progressReports: number;
  checksum: number;
}

function probe(path: string): Probe {
  const script = fileURLToPath(new URL('./memory-probe.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', script, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`memory probe failed on ${path}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Probe;
}

test('a 1000 x 1000 x 224 int16 scene (ENVI BIL, tiled Deflate GeoTIFF) loads as float32 under 2x the cube in memory', async (t) => {
  const dir = tempDir();
  try {
    const files: [string, string][] = [['ENVI BIL', writeScene(dir)]];
    if (hasGdal()) {
      const tif = join(dir, 'scene.tif');
      gdal('gdal_translate', ['-q', '-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE', '-co', 'ZLEVEL=1', '-co', 'NUM_THREADS=2', join(dir, 'scene.bil'), tif]);
      files.push(['GeoTIFF', tif]);
    } else {
      t.diagnostic('GeoTIFF case skipped: gdal_translate not installed (apt gdal-bin)');
    }
    const mid = (ROWS * COLS * BANDS) >> 1;
    const midPixel = Math.floor((mid + 7) / BANDS);
    const expected = value(0, 0, 0) + value(ROWS - 1, COLS - 1, BANDS - 1) + value(Math.floor(midPixel / COLS), midPixel % COLS, (mid + 7) % BANDS);
    for (const [name, path] of files) {
      const result = probe(path);
      const mb = (n: number) => (n / 2 ** 20).toFixed(0);
      console.log(`# ${name}: cube ${mb(result.cubeBytes)} MiB, peak RSS growth ${mb(result.rssGrowth)} MiB, ArrayBuffer growth ${mb(result.arrayBufferGrowth)} MiB (${(result.rssGrowth / CUBE_BYTES).toFixed(2)}x the cube; ${result.highWaterMark ? 'VmHWM' : 'sampled'})`);
      assert.deepEqual(result.shape, [ROWS, COLS, BANDS], name);
      assert.equal(result.cubeBytes, CUBE_BYTES);
      assert.equal(result.checksum, expected, `${name}: samples read back`);
      assert.ok(result.rssGrowth < 2 * CUBE_BYTES, `${name}: peak RSS growth ${mb(result.rssGrowth)} MiB must stay under 2x the ${mb(CUBE_BYTES)} MiB cube`);
      assert.ok(result.arrayBufferGrowth < 2 * CUBE_BYTES, `${name}: ArrayBuffer growth ${mb(result.arrayBufferGrowth)} MiB`);
      assert.ok(result.progressReports >= 5, `${name}: progress reported while reading (${result.progressReports} reports)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
