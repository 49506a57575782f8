/**
 * io.writeSpectra round trips: spectra -> CSV / ENVI spectral library -> io.readSpectra (and Spectral
 * Python for the library) give back the names, wavelengths and values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BandwireError } from '../../core/errors.ts';
import type { Spectra } from '../../core/values.ts';
import { dataFile } from '../../test/data.ts';
import { runNode, tempDir } from '../../test/harness.ts';
import { ioReadSpectra } from './read-spectra.ts';
import { ioWriteSpectra } from './write-spectra.ts';

/** Three smooth endmember-like spectra over 60 bands, 400-990 nm, with fractional values. */
function endmembers(): Spectra {
  const bands = 60, names = ['rock', 'tree', 'water'];
  const data = new Float64Array(names.length * bands);
  for (let k = 0; k < names.length; k++) {
    for (let b = 0; b < bands; b++) data[k * bands + b] = 0.05 + 0.3 * (k + 1) * (1 + Math.sin(0.1 * b + k)) / 3 + 1e-9 * b;
  }
  return {
    kind: 'spectra', count: names.length, bands, data, names,
    wavelengths: Array.from({ length: bands }, (_, b) => 400.5 + 10 * b),
    fwhm: Array.from({ length: bands }, () => 9.8),
  };
}

async function roundTrip(spectra: Spectra, file: string): Promise<Spectra> {
  const dir = tempDir();
  await runNode(ioWriteSpectra, { spectra }, { path: join(dir, file) });
  return (await runNode(ioReadSpectra, {}, { path: join(dir, file) })).outputs.spectra as Spectra;
}

/** Values agree to `relative` (0 = exactly: CSV and float64 ENVI libraries round-trip exactly). */
function assertValues(actual: Float64Array, expected: Float64Array, relative: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) {
      assert.ok(Number.isNaN(actual[i]), `value ${i}: ${actual[i]} vs NaN`);
      continue;
    }
    assert.ok(Math.abs(actual[i] - expected[i]) <= relative * Math.abs(expected[i]), `value ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

test('io.writeSpectra CSV: wavelength_nm column + one column per spectrum, read back exactly', async () => {
  const spectra = endmembers();
  const dir = tempDir();
  const run = await runNode(ioWriteSpectra, { spectra }, { path: join(dir, 'em.csv') });
  const lines = readFileSync(join(dir, 'em.csv'), 'utf8').split('\n');
  assert.equal(lines[0], 'wavelength_nm,rock,tree,water');
  assert.equal(lines[1], `400.5,${spectra.data[0]},${spectra.data[60]},${spectra.data[120]}`);
  assert.equal(lines.length, 62);
  assert.deepEqual(run.written, [join(dir, 'em.csv')]);
  const back = (await runNode(ioReadSpectra, {}, { path: join(dir, 'em.csv') })).outputs.spectra as Spectra;
  assert.deepEqual([back.count, back.bands, back.names, back.wavelengths], [3, 60, spectra.names, spectra.wavelengths]);
  assertValues(back.data, spectra.data, 0);
  await assert.rejects(runNode(ioWriteSpectra, { spectra }, { path: join(dir, 'em.csv') }), (e) => e instanceof BandwireError && e.code === 'FILE_EXISTS');
  await runNode(ioWriteSpectra, { spectra }, { path: join(dir, 'em.csv'), overwrite: true });
});

test('io.writeSpectra ENVI: .sli + .hdr spectral library, read back to float precision', async () => {
  const spectra = endmembers();
  const dir = tempDir();
  await runNode(ioWriteSpectra, { spectra }, { path: join(dir, 'em.sli') });
  assert.deepEqual(readdirSync(dir).sort(), ['em.hdr', 'em.sli']);
  const header = readFileSync(join(dir, 'em.hdr'), 'utf8');
  for (const line of ['file type = ENVI Spectral Library', 'samples = 60', 'lines = 3', 'bands = 1', 'data type = 5', 'wavelength units = Nanometers']) assert.ok(header.includes(line), line);
  assert.match(header, /spectra names = \{\n rock,\n tree,\n water\}/);
  assert.equal(readFileSync(join(dir, 'em.sli')).length, 3 * 60 * 8);
  for (const path of ['em.sli', 'em.hdr']) {
    const back = (await runNode(ioReadSpectra, {}, { path: join(dir, path) })).outputs.spectra as Spectra;
    assert.deepEqual([back.count, back.bands, back.names, back.wavelengths, back.fwhm], [3, 60, spectra.names, spectra.wavelengths, spectra.fwhm]);
    assertValues(back.data, spectra.data, 0); // float64 .sli read at full precision
  }
  // .hdr as the path names the same pair, and refuses to replace it
  await assert.rejects(runNode(ioWriteSpectra, { spectra }, { path: join(dir, 'em.hdr') }), /em\.(hdr|sli) already exists/);
});

test('io.writeSpectra: spectra without wavelengths get a band column; odd names and NaN', async () => {
  const spectra: Spectra = { kind: 'spectra', count: 2, bands: 3, data: Float64Array.from([1, 2, 3, 4.5, 5, 6]), names: ['a, b', '2'] };
  const dir = tempDir();
  const run = await runNode(ioWriteSpectra, { spectra }, { path: join(dir, 'x.csv') });
  assert.equal(readFileSync(join(dir, 'x.csv'), 'utf8'), 'band,a  b,2\n0,1,4.5\n1,2,5\n2,3,6\n');
  assert.match(run.logs[0], /x\.csv: 1 spectrum name\(s\) changed .* 'a, b' -> 'a  b'/);
  // names that are all numbers would read back as the row-wise layout: prefixed
  await runNode(ioWriteSpectra, { spectra: { ...spectra, names: ['1', '2'] } }, { path: join(dir, 'n.csv') });
  const back = (await runNode(ioReadSpectra, {}, { path: join(dir, 'n.csv') })).outputs.spectra as Spectra;
  assert.deepEqual([back.names, Array.from(back.data)], [['spectrum_1', 'spectrum_2'], [1, 2, 3, 4.5, 5, 6]]);
  // the `band` column means no wavelengths: read back without made-up ones
  assert.equal(back.wavelengths, undefined);
  // NaN (a missing value) is kept by ENVI and CSV; infinity refused by both
  const missing = { ...spectra, data: Float64Array.from([1, 2, 3, 4, Number.NaN, 6]) };
  await assert.rejects(runNode(ioWriteSpectra, { spectra: { ...spectra, data: Float64Array.from([1, 2, 3, 4, 5, -Infinity]) } }, { path: join(dir, 'bad.sli') }), /holds -Infinity at band 2/);
  assert.deepEqual(readdirSync(dir).sort(), ['n.csv', 'x.csv']);
  for (const name of ['missing.sli', 'missing.csv']) {
    const kept = await roundTrip(missing, name);
    assert.deepEqual(Array.from(kept.data), [1, 2, 3, 4, Number.NaN, 6], name);
  }
});

test('io.writeSpectra: Samson ground-truth endmembers round-trip through CSV and ENVI', async (t) => {
  const file = dataFile('samson/Samson_GT.mat');
  if (!file) return t.skip('samson/Samson_GT.mat not found in ../shared/data');
  const endmembersGt = (await runNode(ioReadSpectra, {}, { path: file })).outputs.spectra as Spectra;
  for (const [name, relative] of [['gt.csv', 0], ['gt.sli', 0]] as const) {
    const back = await roundTrip(endmembersGt, name);
    assert.deepEqual([back.count, back.bands, back.names], [endmembersGt.count, endmembersGt.bands, endmembersGt.names], name);
    if (name.endsWith('.sli')) assert.deepEqual(back.wavelengths, endmembersGt.wavelengths);
    assertValues(back.data, endmembersGt.data, relative);
  }
});

const SPECTRAL = `
import json, sys, numpy as np, spectral
lib = spectral.envi.open(sys.argv[1])
print(json.dumps({'names': lib.names, 'centers': [float(c) for c in lib.bands.centers], 'units': lib.bands.band_unit,
  'shape': list(lib.spectra.shape), 'dtype': str(lib.spectra.dtype), 'sum': float(np.nansum(lib.spectra)), 'nan': int(np.isnan(lib.spectra).sum()),
  'first': lib.spectra[0, :3].tolist()}))
`;

test('io.writeSpectra ENVI: USGS splib06 (1365 spectra) opens in Spectral Python as written', async (t) => {
  const file = dataFile('spectral_libraries/s06av95a_envi.hdr');
  if (!file) return t.skip('spectral_libraries/s06av95a_envi.hdr not found in ../shared/data');
  const library = (await runNode(ioReadSpectra, {}, { path: file })).outputs.spectra as Spectra;
  const dir = tempDir();
  await runNode(ioWriteSpectra, { spectra: library }, { path: join(dir, 'usgs.hdr') });
  const back = (await runNode(ioReadSpectra, {}, { path: join(dir, 'usgs.hdr') })).outputs.spectra as Spectra;
  assert.deepEqual([back.count, back.bands, back.names, back.wavelengths], [1365, 224, library.names, library.wavelengths]);
  assertValues(back.data, library.data, 1e-7);

  if (spawnSync('/usr/bin/python3', ['-c', 'import spectral']).status !== 0) return t.skip('/usr/bin/python3 with spectral not available');
  const r = spawnSync('/usr/bin/python3', ['-c', SPECTRAL, join(dir, 'usgs.hdr')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const py = JSON.parse(r.stdout);
  assert.deepEqual([py.names, py.shape, py.dtype, py.units], [library.names, [1365, 224], 'float64', 'Nanometers']);
  assert.deepEqual(py.centers, library.wavelengths);
  let sum = 0, nan = 0;
  for (const v of library.data) {
    if (Number.isNaN(v)) nan++;
    else sum += v;
  }
  assert.equal(py.nan, nan);
  assert.ok(Math.abs(py.sum - sum) <= 1e-12 * Math.abs(sum), `sum ${py.sum} vs ${sum}`);
  assert.deepEqual(py.first, Array.from(library.data.subarray(0, 3)));
});
