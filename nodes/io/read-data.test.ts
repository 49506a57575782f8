/**
 * Every loader on the real files of ../shared/data, checked against numpy/scipy reading the
 * same files (per-band sums and probe pixels) and against the ground-truth counts of the data
 * README. Skips with a reason when the data or /usr/bin/python3 with scipy are absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dataDir } from '../../test/data.ts';
import { runNode } from '../../test/harness.ts';
import type { Raster, Spectra } from '../../core/values.ts';
import { ioRead } from './read.ts';
import { ioReadMask } from './read-mask.ts';
import { ioReadSpectra } from './read-spectra.ts';
import { ioWrite } from './write.ts';
import { gdal, hasGdal } from './test-helpers.ts';
import { tempDir } from '../../test/harness.ts';
import { join } from 'node:path';

const PYTHON = `
import json, sys, numpy as np, scipy.io as sio
root = sys.argv[1]
def envi(name, shape, dtype, interleave):
    a = np.fromfile(root + '/' + name, dtype=dtype)
    b, l, s = shape
    if interleave == 'bsq': return a.reshape(b, l, s).transpose(1, 2, 0)
    if interleave == 'bil': return a.reshape(l, b, s).transpose(0, 2, 1)
    return a.reshape(l, s, b)
cubes = {
  'samson/samson_1.img.hdr': envi('samson/samson_1.img', (156, 95, 95), '<i2', 'bsq'),
  'jasper_ridge/jasperRidge2_R198.img': envi('jasper_ridge/jasperRidge2_R198.img', (198, 100, 100), '<i2', 'bil'),
  'envi_aviris_ng_samples/ang20150420t182808_corr_v1e_img_4200-4210_70-80.hdr': envi('envi_aviris_ng_samples/ang20150420t182808_corr_v1e_img_4200-4210_70-80.img', (432, 10, 10), '<f4', 'bip'),
  'samson/Samson.mat': sio.loadmat(root + '/samson/Samson.mat')['V'].T.reshape(95, 95, 156, order='F'),
  'anomaly_abu/abu-airport-1.mat': sio.loadmat(root + '/anomaly_abu/abu-airport-1.mat')['data'],
  'salinas_a/SalinasA_corrected.mat': sio.loadmat(root + '/salinas_a/SalinasA_corrected.mat')['salinasA_corrected'],
  'target_detection_muufl_gulfport/an_hsi_img_for_tgt_det_demo.mat': sio.loadmat(root + '/target_detection_muufl_gulfport/an_hsi_img_for_tgt_det_demo.mat')['hsi_sub'],
}
out = {}
for k, c in cubes.items():
    c = c.astype(np.float32).astype(np.float64)
    h, w, b = c.shape
    out[k] = {'shape': [h, w, b], 'sums': c.sum(axis=(0, 1)).tolist(), 'probe': [c[h - 1, 0, b - 1], c[h // 2, w - 1, b // 3]]}
gt = sio.loadmat(root + '/cuprite/Cuprite_GT_nEnd12.mat')
sli = np.fromfile(root + '/spectral_libraries/s06av95a_envi.sli', dtype='<f8').reshape(1365, 224)
out['spectra'] = {'cupriteM': gt['M'].T.astype(np.float32).tolist()[5][:10], 'sli': [sli[100, 50], sli[1364, 223]]}
print(json.dumps(out))
`;

function reference(root: string): Record<string, { shape: number[]; sums: number[]; probe: number[] }> & { spectra: { cupriteM: number[]; sli: number[] } } | undefined {
  const r = spawnSync('/usr/bin/python3', ['-c', PYTHON, root], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) return undefined;
  return JSON.parse(r.stdout);
}

const root = dataDir();
const ref = root ? reference(root) : undefined;
const skipReason = !root ? 'shared data not found (set BANDWIRE_DATA or place ../shared/data)' : !ref ? '/usr/bin/python3 with numpy and scipy not available' : undefined;

test('io.read on real ENVI (BSQ int16, BIL int16, BIP float32) and .mat cubes matches numpy/scipy', async (t) => {
  if (skipReason) return t.skip(skipReason);
  for (const [file, value] of Object.entries(ref!)) {
    if (file === 'spectra') continue;
    const expected = value as { shape: number[]; sums: number[]; probe: number[] };
    const cube = (await runNode(ioRead, {}, { path: `${root}/${file}` })).outputs.cube as Raster;
    const [h, w, b] = expected.shape;
    assert.deepEqual([cube.rows, cube.cols, cube.bands], [h, w, b], file);
    const sums = new Float64Array(b);
    for (let i = 0; i < cube.data.length; i++) sums[i % b] += cube.data[i];
    // Same float32 values summed in float64 by both: agreement to 1e-9 relative.
    for (let k = 0; k < b; k++) assert.ok(Math.abs(sums[k] - expected.sums[k]) <= 1e-9 * Math.max(1, Math.abs(expected.sums[k])), `${file} band ${k}: ${sums[k]} vs ${expected.sums[k]}`);
    assert.equal(cube.data[((h - 1) * w + 0) * b + b - 1], expected.probe[0], `${file} probe 1`);
    assert.equal(cube.data[(Math.floor(h / 2) * w + w - 1) * b + Math.floor(b / 3)], expected.probe[1], `${file} probe 2`);
  }
});

test('real ENVI metadata: wavelengths in nm, FWHM, map info, bad bands', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const ng = `${root}/envi_aviris_ng_samples/ang20150420t182808_corr_v1e_img_4200-4210_70-80.hdr`;
  const cube = (await runNode(ioRead, {}, { path: ng })).outputs.cube as Raster;
  assert.equal(cube.wavelengths!.length, 432);
  assert.ok(Math.abs(cube.wavelengths![0] - 346.3) < 0.1 && Math.abs(cube.wavelengths![431] - 2505.0) < 0.1);
  assert.equal(cube.fwhm!.length, 432);
  assert.match(cube.georef!.crs!, /^EPSG:326\d\d$/);
  const good = (await runNode(ioRead, {}, { path: ng, dropBadBands: true })).outputs.cube as Raster;
  assert.ok(good.bands < 432 && good.bands > 300, `${good.bands} good bands`);
  const jasper = (await runNode(ioRead, {}, { path: `${root}/jasper_ridge/jasperRidge2_R198.hdr` })).outputs.cube as Raster;
  assert.ok(Math.abs(jasper.wavelengths![0] - 399.37) < 0.01);
  // Samson's header has an ESRI WKT without EPSG authority beside "map info = {UTM, ..., 10, North, WGS-84}":
  // the CRS is taken from the map info, so a GeoTIFF written from it is EPSG:32610 (the WKT was dropped as
  // an unnamed engineering CRS before).
  const samson = (await runNode(ioRead, {}, { path: `${root}/samson/samson_1.img.hdr`, bands: '0-2' })).outputs.cube as Raster;
  assert.equal(samson.georef!.crs, 'EPSG:32610');
  if (hasGdal()) {
    const out = join(tempDir(), 'samson.tif');
    await runNode(ioWrite, { raster: samson }, { path: out });
    const info = JSON.parse(gdal('gdalinfo', ['-json', out])!);
    assert.match(info.coordinateSystem.wkt, /ID\["EPSG",32610\]\]\s*$/);
  }
});

test('io.readSpectra on ENVI .sli, CSV and .mat libraries', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const sli = (await runNode(ioReadSpectra, {}, { path: `${root}/spectral_libraries/s06av95a_envi.sli` })).outputs.spectra as Spectra;
  assert.deepEqual([sli.count, sli.bands], [1365, 224]);
  assert.match(sli.names[0], /^Acmite/);
  assert.ok(Math.abs(sli.wavelengths![0] - 383.15) < 0.01, 'µm → nm');
  // float64 library values pass through float32 (the raster path): 1e-7 relative.
  assert.ok(Math.abs(sli.data[100 * 224 + 50] - ref!.spectra.sli[0]) <= 1e-7 * Math.abs(ref!.spectra.sli[0]) + 1e-12);
  const csv = (await runNode(ioReadSpectra, {}, { path: `${root}/spectral_libraries/hylite_rock_library.csv` })).outputs.spectra as Spectra;
  assert.deepEqual([csv.count, csv.bands], [57, 450]);
  assert.ok(Math.abs(csv.wavelengths![0] - 378.19) < 1e-9 && Math.abs(csv.wavelengths![449] - 2504) < 1);
  const cuprite = (await runNode(ioReadSpectra, {}, { path: `${root}/cuprite/Cuprite_GT_nEnd12.mat` })).outputs.spectra as Spectra;
  assert.deepEqual([cuprite.count, cuprite.bands], [12, 224]);
  assert.match(cuprite.names[0], /Alunite/);
  assert.ok(Math.abs(cuprite.wavelengths![0] - 399.92) < 0.01);
  for (let l = 0; l < 10; l++) assert.ok(Math.abs(cuprite.data[5 * 224 + l] - ref!.spectra.cupriteM[l]) < 1e-6);
  const samson = (await runNode(ioReadSpectra, {}, { path: `${root}/samson/Samson_GT.mat` })).outputs.spectra as Spectra;
  assert.deepEqual(samson.names.map((n) => n.replace(/^\d-/, '').toLowerCase()), ['rock', 'tree', 'water']);
});

test('io.readMask: anomaly and label maps have the README counts', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const cases: [string, number][] = [
    ['anomaly_abu/abu-beach-4.mat', 68], ['anomaly_san_diego/sandiego.mat', 58], ['anomaly_hydice_urban/hydice.mat', 17],
    ['anomaly_salinas_implanted/salinas_impl_gt.mat', 185], ['salinas_a/SalinasA_gt.mat', 7138 - 1790],
    ['target_detection_muufl_gulfport/an_hsi_img_for_tgt_det_demo.mat', 3],
  ];
  for (const [file, count] of cases) {
    const mask = (await runNode(ioReadMask, {}, { path: `${root}/${file}` })).outputs.mask as Raster;
    assert.equal(mask.bands, 1);
    assert.equal(mask.data.reduce((s, v) => s + (v > 0 ? 1 : 0), 0), count, file);
  }
});
