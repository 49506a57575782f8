import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { runNode, tempDir } from '../../test/harness.ts';
import { dataFile } from '../../test/data.ts';
import { ioWrite } from '../../nodes/io/write.ts';
import { sampleCube } from '../../nodes/io/test-helpers.ts';
import type { CliIO } from '../io.ts';
import inspect from './inspect.ts';

function capture(cwd: string): { io: CliIO; out: () => string; err: () => string } {
  let out = '', err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, done) { append(String(chunk)); done(); } });
  return { io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), cwd, env: {} }, out: () => out, err: () => err };
}

test('inspect --json on a GeoTIFF prints size, dtype, wavelengths and per-band stats', async () => {
  const dir = tempDir();
  const cube = sampleCube(12, 10, 3);
  await runNode(ioWrite, { raster: cube }, { path: join(dir, 'c.tif') });
  const c = capture(dir);
  assert.equal(await inspect(['c.tif', '--json'], c.io), 0);
  const report = JSON.parse(c.out());
  assert.equal(report.format, 'GeoTIFF');
  assert.deepEqual([report.width, report.height, report.bands, report.dtype], [10, 12, 3, 'float32']);
  assert.deepEqual(report.wavelengths, [400, 410, 420]);
  let min = Infinity, max = -Infinity, sum = 0;
  for (let i = 1; i < cube.data.length; i += 3) {
    min = Math.min(min, cube.data[i]);
    max = Math.max(max, cube.data[i]);
    sum += cube.data[i];
  }
  assert.equal(report.stats[1].min, min);
  assert.equal(report.stats[1].max, max);
  assert.ok(Math.abs(report.stats[1].mean - sum / 120) < 1e-9);
});

test('inspect: a missing or broken file exits 2 with the file named on stderr; bad usage exits 2', async () => {
  const dir = tempDir();
  const c = capture(dir);
  assert.equal(await inspect(['nothing.tif'], c.io), 2);
  assert.match(c.err(), /nothing\.tif: no such file/);
  assert.equal(await inspect([], c.io), 2);
});

test('inspect on .mat, ENVI library, ENVI cube and CSV', async (t) => {
  const mat = dataFile('samson/Samson_GT.mat');
  const sli = dataFile('spectral_libraries/s06av95a_envi.sli');
  const csv = dataFile('spectral_libraries/hylite_rock_library.csv');
  const envi = dataFile('jasper_ridge/jasperRidge2_R198.hdr');
  if (!mat || !sli || !csv || !envi) return t.skip('shared data files not found');
  const run = async (path: string) => {
    const c = capture(tempDir());
    assert.equal(await inspect([path, '--json'], c.io), 0, c.err());
    return JSON.parse(c.out());
  };
  const m = await run(mat);
  assert.deepEqual(m.variables.map((v: { name: string; dims: number[] }) => `${v.name}:${v.dims.join('x')}`), ['cood:3x1', 'A:3x9025', 'M:156x3']);
  const library = await run(sli);
  assert.deepEqual([library.format, library.spectra, library.bands], ['ENVI Spectral Library', 1365, 224]);
  const table = await run(csv);
  assert.deepEqual([table.spectra, table.bands], [57, 450]);
  const cube = await run(envi);
  assert.deepEqual([cube.format, cube.width, cube.height, cube.bands, cube.dtype, cube.interleave], ['ENVI', 100, 100, 198, 'int16', 'bil']);
  assert.equal(cube.stats.length, 198);
  assert.equal(cube.reflectanceScaleFactor, 10000, 'the header field is shown (values stay as stored)');
  // struct fields are listed under the dotted path `variable` accepts
  const struct = dataFile('target_detection_muufl_gulfport/tgt_img_spectra.mat');
  if (struct) {
    const s = await run(struct);
    assert.deepEqual(s.variables.map((v: { name: string; class: string; dims: number[] }) => `${v.name}:${v.class}:${v.dims.join('x')}`), [
      'tgt_img_spectra:struct:1x1',
      'tgt_img_spectra.names:cell:1x4',
      'tgt_img_spectra.spectra:single:72x4',
      'tgt_img_spectra.wavelengths:double:72x1',
    ]);
  }
});
