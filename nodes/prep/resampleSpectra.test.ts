/**
 * prep.resampleSpectra: Gaussian SRF integration against closed forms, linear interpolation without
 * FWHM, and range errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNode } from '../../test/harness.ts';
import { makeRaster, type Spectra } from '../../core/values.ts';
import resample, { resampleSpectra } from './resampleSpectra.ts';

// Source: 1 nm samples over 350–2550 nm; spectrum 0 linear, spectrum 1 a Gaussian absorption line.
const grid = Array.from({ length: 2201 }, (_, i) => 350 + i);
const lineCentre = 1000;
const lineSigma = 8;
const source: Spectra = {
  kind: 'spectra',
  count: 2,
  bands: grid.length,
  data: Float64Array.from([...grid.map((l) => 0.1 + 1e-4 * l), ...grid.map((l) => 1 - 0.5 * Math.exp(-0.5 * ((l - lineCentre) / lineSigma) ** 2))]),
  names: ['ramp', 'line'],
  wavelengths: grid,
};

test('Gaussian SRFs keep a linear spectrum and blur a line to the closed-form depth', () => {
  const fwhm = 20;
  const sigma = fwhm / (2 * Math.sqrt(2 * Math.LN2));
  const out = resampleSpectra(source, [500, 1000, 1010.5], [fwhm, fwhm, fwhm]);
  assert.deepEqual(out.names, ['ramp', 'line']);
  for (const [j, c] of [500, 1000, 1010.5].entries()) {
    assert.ok(Math.abs(out.data[j] - (0.1 + 1e-4 * c)) < 1e-9, `ramp at ${c}`);
    // Gaussian line ⊗ Gaussian SRF: depth 0.5·σl/√(σl²+σ²)·exp(-(c-λ0)²/(2(σl²+σ²))).
    const s2 = lineSigma ** 2 + sigma ** 2;
    const expected = 1 - 0.5 * (lineSigma / Math.sqrt(s2)) * Math.exp(-((c - lineCentre) ** 2) / (2 * s2));
    assert.ok(Math.abs(out.data[3 + j] - expected) < 1e-4, `line at ${c}: ${out.data[3 + j]} vs ${expected}`);
  }
});

test('without FWHM the node interpolates linearly at the cube band centres', async () => {
  const like = makeRaster(1, 1, 2, new Float32Array(2), { wavelengths: [1000, 1000.5] });
  const { outputs } = await runNode(resample, { spectra: source, like });
  const out = outputs.spectra as Spectra;
  assert.deepEqual(out.wavelengths, [1000, 1000.5]);
  assert.ok(Math.abs(out.data[2] - 0.5) < 1e-12);
  const between = 0.5 * (source.data[2201 + 650] + source.data[2201 + 651]);
  assert.ok(Math.abs(out.data[3] - between) < 1e-12);
});

test('band centres present in the source are picked unchanged (bad bands dropped consistently)', () => {
  const out = resampleSpectra(source, [400, 1000, 2000], [10, 10, 10]);
  assert.deepEqual([...out.data], [source.data[50], source.data[650], source.data[1650], source.data[2201 + 50], source.data[2201 + 650], source.data[2201 + 1650]]);
});

test('errors: no wavelengths, band outside the source range', async () => {
  const like = makeRaster(1, 1, 1, new Float32Array(1), { wavelengths: [3000] });
  await assert.rejects(runNode(resample, { spectra: source, like }), /no spectral overlap between the cube's bands \(3000–3000 nm\) and the spectra '.*' \(350–2550 nm\)/);
  const partly = makeRaster(1, 1, 2, new Float32Array(2), { wavelengths: [400, 3000] });
  await assert.rejects(runNode(resample, { spectra: source, like: partly }), /1 of the cube's 2 bands \(the first at 3000 nm\) lie outside the spectra's range 350–2550 nm; drop those bands .*prep\.selectBands with from = 349 and to = 2551 nm/);
  await assert.rejects(runNode(resample, { spectra: { ...source, wavelengths: undefined }, like }), /have no wavelengths/);
  await assert.rejects(runNode(resample, { spectra: source, like: makeRaster(1, 1, 1) }), /input 'like' has no wavelengths/);
});
