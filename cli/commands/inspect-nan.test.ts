/** `bandwire inspect`: per-band NaN counts (nodata read as NaN) and libraries read as io.readSpectra reads them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { dataFile } from '../../test/data.ts';
import { tempDir } from '../../test/harness.ts';
import type { CliIO } from '../io.ts';
import inspect from './inspect.ts';

function capture(cwd: string): { io: CliIO; out: () => string; err: () => string } {
  let out = '', err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, done) { append(String(chunk)); done(); } });
  return { io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), cwd, env: {} }, out: () => out, err: () => err };
}

/** 4 lines × 5 samples × 3 bands float32 BSQ; value = 10·band + pixel index, with -9999 (the data ignore value) and one NaN. */
function writeEnvi(dir: string): void {
  const lines = 4, samples = 5, bands = 3;
  const data = new Float32Array(lines * samples * bands);
  for (let b = 0; b < bands; b++) for (let p = 0; p < lines * samples; p++) data[b * lines * samples + p] = 10 * b + p;
  for (let b = 0; b < bands; b++) data[b * 20 + 1 * samples + 2] = -9999; // pixel (1, 2): nodata in every band
  data[1 * 20 + 3 * samples + 4] = -9999; // pixel (3, 4): nodata in band 1
  data[2 * 20 + 0] = NaN; // pixel (0, 0): NaN stored in band 2
  writeFileSync(join(dir, 'cube.img'), new Uint8Array(data.buffer));
  writeFileSync(join(dir, 'cube.hdr'), `ENVI\nsamples = ${samples}\nlines = ${lines}\nbands = ${bands}\nheader offset = 0\ndata type = 4\ninterleave = bsq\nbyte order = 0\ndata ignore value = -9999\n`);
}

test('inspect: each band reports its NaN count (nodata → NaN), in --json and in the human table', async () => {
  const dir = tempDir();
  writeEnvi(dir);
  const json = capture(dir);
  assert.equal(await inspect(['cube.hdr', '--json'], json.io), 0, json.err());
  const report = JSON.parse(json.out());
  assert.equal(report.nodata, -9999);
  assert.deepEqual(report.stats.map((s: { nan: number }) => s.nan), [1, 2, 2]);
  // existing fields stay: band 1 without pixels 7 (1,2) and 19 (3,4): values 10 + p
  const kept = Array.from({ length: 20 }, (_, p) => p).filter((p) => p !== 7 && p !== 19);
  assert.deepEqual([report.stats[1].min, report.stats[1].max], [10, 28]);
  assert.ok(Math.abs(report.stats[1].mean - kept.reduce((s, p) => s + 10 + p, 0) / kept.length) < 1e-9);
  const human = capture(dir);
  assert.equal(await inspect(['cube.hdr'], human.io), 0, human.err());
  const table = human.out().split('\n');
  const head = table.findIndex((l) => /^band\s+min\s+max\s+mean\s+nan$/.test(l));
  assert.ok(head >= 0, human.out());
  assert.deepEqual(table.slice(head + 1, head + 4).map((l) => Number(l.trim().split(/\s+/).at(-1))), [1, 2, 2]);
});

test('inspect: a one-column CSV exits 2 naming the file: no spectrum columns', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'one.csv'), ['a', ...Array.from({ length: 33 }, (_, i) => String(i))].join('\n'));
  const c = capture(dir);
  assert.equal(await inspect(['one.csv', '--json'], c.io), 2);
  assert.match(c.err(), /^error: \S*one\.csv: no spectrum columns: .*expected a wavelength column then one column per spectrum/);
});

test('inspect: splib07 library as io.readSpectra reads it (rows left out, deleted channels counted)', async (t) => {
  const sli = dataFile('spectral_libraries/s07_AV95_envi.sli');
  if (!sli) return t.skip('shared data file s07_AV95_envi.sli not found');
  const c = capture(tempDir());
  assert.equal(await inspect([sli, '--json'], c.io), 0, c.err());
  const report = JSON.parse(c.out());
  assert.deepEqual([report.spectra, report.bands, report.leftOutRows], [2457, 224, 682]);
  assert.deepEqual(report.deletedChannels, { spectra: 1897, values: 77599 });
});

test("inspect: a float32 ENVI file's 'data ignore value' printed with 9 digits (-1.23000002e+034) still marks its pixels NaN", async () => {
  const dir = tempDir();
  const data = new Float32Array([0.1, -1.23e34, 0.3, -1.23e34, 0.5, 0.6]);
  writeFileSync(join(dir, 'usgs.img'), new Uint8Array(data.buffer));
  writeFileSync(join(dir, 'usgs.hdr'), 'ENVI\nsamples = 3\nlines = 2\nbands = 1\nheader offset = 0\ndata type = 4\ninterleave = bsq\nbyte order = 0\ndata ignore value = -1.23000002e+034\n');
  const c = capture(dir);
  assert.equal(await inspect(['usgs.hdr', '--json'], c.io), 0, c.err());
  const stats = JSON.parse(c.out()).stats;
  assert.equal(stats[0].nan, 2);
  assert.ok(Math.abs(stats[0].min - 0.1) < 1e-7, `min ${stats[0].min}: the ignore value is not data`);
});
