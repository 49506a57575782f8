/**
 * io.readSpectra on USGS libraries as distributed: deleted channels (-1.23e34) become NaN, rows that
 * are not spectra (wavelengths, resolution, error bars) are left out, and a CSV without spectrum
 * columns is refused. References: the raw bytes of the .sli files (read here with fs) and counts
 * measured with numpy on the same files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BandwireError } from '../../core/errors.ts';
import { makeRaster, type Raster, type Spectra } from '../../core/values.ts';
import { dataFile } from '../../test/data.ts';
import { runNode, tempDir } from '../../test/harness.ts';
import detectSam from '../detect/sam.ts';
import { ioReadSpectra } from './read-spectra.ts';

/** Row `k` of a raw little-endian library file of `bands` samples per row. */
function rawRow(path: string, type: 'float32' | 'float64', bands: number, k: number): Float64Array {
  const bytes = readFileSync(path);
  const size = type === 'float64' ? 8 : 4;
  return Float64Array.from({ length: bands }, (_, b) => (size === 8 ? bytes.readDoubleLE((k * bands + b) * 8) : bytes.readFloatLE((k * bands + b) * 4)));
}

test('io.readSpectra: USGS deleted channels (-1.23e34) of splib06 read as NaN, counted in the log', async (t) => {
  const sli = dataFile('spectral_libraries/s06av95a_envi.sli');
  if (!sli) return t.skip('shared data file s06av95a_envi.sli not found');
  const { outputs, logs } = await runNode(ioReadSpectra, {}, { path: sli });
  const spectra = outputs.spectra as Spectra;
  assert.deepEqual([spectra.count, spectra.bands], [1365, 224]);
  // numpy on the raw file: 774 spectra hold values <= -1e30, 50067 values in all, 109 of them in entry 3
  let marked = 0, values = 0;
  for (let k = 0; k < spectra.count; k++) {
    const nan = spectra.data.subarray(k * 224, (k + 1) * 224).filter((v) => Number.isNaN(v)).length;
    if (nan) marked++;
    values += nan;
  }
  assert.deepEqual([marked, values], [774, 50067]);
  // entry 3: NaN exactly where the file holds the marker; other values as stored (float32 path: 1e-7 relative)
  const raw = rawRow(sli, 'float64', 224, 3);
  let nanHere = 0;
  for (let b = 0; b < 224; b++) {
    const v = spectra.data[3 * 224 + b];
    if (raw[b] <= -1e30) {
      assert.ok(Number.isNaN(v), `band ${b} holds ${raw[b]} and must read as NaN`);
      nanHere++;
    } else assert.ok(Math.abs(v - raw[b]) <= 1e-7 * Math.abs(raw[b]) + 1e-12, `band ${b}: ${v} vs ${raw[b]}`);
  }
  assert.equal(nanHere, 109);
  assert.ok(logs.some((l) => l.includes('s06av95a_envi.sli') && /774 of 1365 spectra/.test(l) && /50067 channel values are NaN/.test(l)), logs.join('\n'));
});

test('detect.sam refuses a library target with deleted channels instead of scoring -1.23e34 as reflectance', async (t) => {
  const sli = dataFile('spectral_libraries/s06av95a_envi.sli');
  if (!sli) return t.skip('shared data file s06av95a_envi.sli not found');
  const library = (await runNode(ioReadSpectra, {}, { path: sli })).outputs.spectra as Spectra;
  // positive cube (reflectance-like, 0.1..0.3) on the library's own band centres: 256 pixels > 224 bands
  const data = new Float32Array(16 * 16 * 224);
  for (let i = 0; i < data.length; i++) data[i] = 0.2 + 0.1 * Math.sin(i * 0.37);
  const cube = makeRaster(16, 16, 224, data, { wavelengths: library.wavelengths });
  await assert.rejects(runNode(detectSam, { cube, target: library }, { targetIndex: 3 }), (e: unknown) => {
    assert.ok(e instanceof BandwireError && e.code === 'INPUT_INVALID', String(e));
    // the message names the spectrum and its missing bands (wording owned by nodes/detect)
    assert.match(e.message, /'Actinolite HS22\.3B s06av95a=bbb'.*(NaN|no value)/);
    return true;
  });
  // entry 0 (Acmite) has no deleted channel: positive data and positive target give cos θ > 0
  const scores = (await runNode(detectSam, { cube, target: library }, { targetIndex: 0 })).outputs.score as Raster;
  assert.ok(scores.data.every((v) => v > 0 && v <= 1), 'cos θ of positive spectra lies in (0, 1]');
});

test('io.readSpectra: splib07 wavelength, resolution and error-bar rows are left out', async (t) => {
  const sli = dataFile('spectral_libraries/s07_AV95_envi.sli');
  if (!sli) return t.skip('shared data file s07_AV95_envi.sli not found');
  const { outputs, logs } = await runNode(ioReadSpectra, {}, { path: sli });
  const spectra = outputs.spectra as Spectra;
  // header: 3139 rows = 2 vectors + 680 'error bars to preceding' + 2457 spectra
  assert.deepEqual([spectra.count, spectra.bands, spectra.names.length], [2457, 224, 2457]);
  assert.ok(!spectra.names.some((n) => /error bars|in microns/i.test(n)), 'no non-spectrum row remains');
  // kept rows in file order: Acmite is file row 2, Actinolite HS116.1B file row 4 (row 3: its error bars)
  assert.match(spectra.names[0], /^Acmite NMNH133746/);
  assert.match(spectra.names[1], /^Actinolite HS116\.1B/);
  const row4 = rawRow(sli, 'float32', 224, 4);
  for (let b = 0; b < 224; b++) if (row4[b] > -1e30) assert.equal(spectra.data[224 + b], row4[b]);
  assert.ok(Math.abs(spectra.wavelengths![0] - 383.15) < 0.01, 'header wavelengths (µm → nm) are kept');
  assert.ok(logs.some((l) => /left out 682 of 3139 rows that are not spectra/.test(l) && l.includes("680 × 'error bars to preceding'")), logs.join('\n'));
  // numpy: 1897 of the 2457 spectra hold 77599 deleted values
  assert.ok(logs.some((l) => /1897 of 2457 spectra/.test(l) && /77599 channel values are NaN/.test(l)), logs.join('\n'));
});

test('io.readSpectra: SUnSAL USGS_1995_Library.mat reads as 498 spectra × 224 bands, wavelengths from its wavelength row', async (t) => {
  const mat = dataFile('spectral_libraries/USGS_1995_Library.mat');
  if (!mat) return t.skip('shared data file USGS_1995_Library.mat not found');
  const { outputs, logs } = await runNode(ioReadSpectra, {}, { path: mat });
  const spectra = outputs.spectra as Spectra;
  // data README: datalib 224 × 501, columns 0-2 = wavelength, resolution, channel number, 3-500 = 498 spectra
  assert.deepEqual([spectra.count, spectra.bands], [498, 224]);
  assert.equal(spectra.names[0], 'Acmite NMNH133746');
  assert.ok(Math.abs(spectra.data[0] - 0.04158624) < 1e-7, `datalib(1, 4) (scipy: 0.04158624), got ${spectra.data[0]}`);
  assert.ok(Math.abs(spectra.wavelengths![0] - 383.15) < 0.01 && Math.abs(spectra.wavelengths![223] - 2508) < 1);
  assert.ok(Math.abs(spectra.fwhm![0] - 9.94) < 0.01);
  assert.ok(spectra.data.every((v) => Number.isFinite(v)), 'its 16 markers were in the channel-number row');
  assert.ok(logs.some((l) => /left out 3 of 501 rows/.test(l)), logs.join('\n'));
});

test('io.readSpectra: a one-column CSV is refused, naming the file and the expected layout', async () => {
  const dir = tempDir();
  const path = join(dir, 'one-column.csv');
  writeFileSync(path, ['a', ...Array.from({ length: 33 }, (_, i) => String(0.1 + i / 100))].join('\n') + '\n');
  await assert.rejects(runNode(ioReadSpectra, {}, { path }), (e: unknown) => {
    assert.ok(e instanceof BandwireError && e.code === 'FILE_FORMAT', String(e));
    assert.ok(e.message.startsWith(`${path}: no spectrum columns`), e.message);
    assert.match(e.message, /1 column \('a'\) and 33 data rows; expected a wavelength column then one column per spectrum/);
    return true;
  });
  // two columns still read: one spectrum
  const two = join(dir, 'two.csv');
  writeFileSync(two, 'wavelength,grass\n0.4,0.05\n0.5,0.08\n0.6,0.06\n');
  const spectra = (await runNode(ioReadSpectra, {}, { path: two })).outputs.spectra as Spectra;
  assert.deepEqual([spectra.count, spectra.bands, spectra.names[0], spectra.wavelengths], [1, 3, 'grass', [400, 500, 600]]);
});
