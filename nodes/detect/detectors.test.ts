/**
 * detect.mf / ace / cem / sam / osp on a synthetic scene against plain float64 formulas
 * (Gauss–Jordan inverses), target resampling across wavelength grids, and bad-input errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNode } from '../../test/harness.ts';
import type { Raster, Spectra } from '../../core/values.ts';
import scene from '../synth/scene.ts';
import ace from './ace.ts';
import cem from './cem.ts';
import mf from './mf.ts';
import osp from './osp.ts';
import sam from './sam.ts';
import { relativeError } from './testing/reference.ts';
import { bilinear, inverse, meanCovariance, pixel, subtract } from './testing/plain.ts';

const { outputs } = await runNode(scene, {}, { rows: 32, cols: 32, bands: 20, snr: 35, seed: 11, anomalies: 5 });
const cube = outputs.cube as Raster;
const mask = outputs.anomalies as Raster;
const pixels = Array.from({ length: cube.rows * cube.cols }, (_, p) => pixel(cube, p));
// Target: the strongest anomaly pixel's spectrum, with the cube's wavelengths.
const anomalyIndex = [...mask.data].findIndex((v) => v === 1);
const targetValues = pixels[anomalyIndex];
const target: Spectra = { kind: 'spectra', count: 1, bands: 20, data: Float64Array.from(targetValues), names: ['anomaly'], wavelengths: cube.wavelengths };

async function score(def: Parameters<typeof runNode>[0], inputs: Record<string, unknown>, params = {}): Promise<Float32Array> {
  const result = await runNode(def, { cube, target, ...inputs } as never, params);
  assert.equal(result.leakedTensors, 0, `${def.id} leaked tensors`);
  return (result.outputs.score as Raster).data;
}

test('MF, ACE and CEM equal their float64 formulas to 1e-5 (relative to the largest score)', async () => {
  const { mean, covariance } = meanCovariance(pixels);
  const inv = inverse(covariance);
  const d = subtract(targetValues, mean);
  const norm = bilinear(d, inv, d);
  const mfReference = pixels.map((x) => bilinear(d, inv, subtract(x, mean)) / norm);
  const aceReference = pixels.map((x) => {
    const z = subtract(x, mean);
    return bilinear(d, inv, z) ** 2 / (norm * bilinear(z, inv, z));
  });
  const correlation = inverse(meanCovariance(pixels, false).covariance);
  const cemNorm = bilinear(targetValues, correlation, targetValues);
  const cemReference = pixels.map((x) => bilinear(targetValues, correlation, x) / cemNorm);
  const mfScore = await score(mf, {});
  assert.ok(relativeError(mfScore, mfReference) < 1e-5, `mf ${relativeError(mfScore, mfReference)}`);
  assert.ok(Math.abs(mfScore[anomalyIndex] - 1) < 1e-4, 'matched filter is 1 at the target');
  const aceScore = await score(ace, {});
  assert.ok(relativeError(aceScore, aceReference) < 1e-5, `ace ${relativeError(aceScore, aceReference)}`);
  assert.ok(Math.abs(aceScore[anomalyIndex] - 1) < 1e-4, 'ACE is 1 at the target');
  const cemScore = await score(cem, {});
  assert.ok(relativeError(cemScore, cemReference) < 1e-5, `cem ${relativeError(cemScore, cemReference)}`);
});

test('MF and CEM with a constant band use the diagonal-loaded whitening and stay 1 at the target', async () => {
  const flat = { ...cube, data: Float32Array.from(cube.data) };
  for (let p = 0; p < cube.rows * cube.cols; p++) flat.data[p * 20 + 7] = 0.3;
  const flatTarget = { ...target, data: Float64Array.from(pixel(flat, anomalyIndex)) };
  for (const def of [mf, cem]) {
    const result = await runNode(def, { cube: flat, target: flatTarget });
    assert.equal(result.leakedTensors, 0);
    const values = (result.outputs.score as Raster).data;
    assert.ok(values.every(Number.isFinite), `${def.id} finite`);
    assert.ok(Math.abs(values[anomalyIndex] - 1) < 1e-3, `${def.id} at target ${values[anomalyIndex]}`);
  }
});

test('MF on a large scene (float32 pass + float64 refinement) equals the float64 formula', async () => {
  const big = await runNode(scene, {}, { rows: 130, cols: 130, bands: 10, snr: 45, seed: 4, anomalies: 10 });
  const bigCube = big.outputs.cube as Raster;
  const all = Array.from({ length: 130 * 130 }, (_, p) => pixel(bigCube, p));
  const t = all[(big.outputs.anomalies as Raster).data.indexOf(1)];
  const { mean, covariance } = meanCovariance(all);
  const inv = inverse(covariance);
  const d = subtract(t, mean);
  const norm = bilinear(d, inv, d);
  const reference = all.map((x) => bilinear(d, inv, subtract(x, mean)) / norm);
  const bigTarget: Spectra = { kind: 'spectra', count: 1, bands: 10, data: Float64Array.from(t), names: ['t'] };
  const values = ((await runNode(mf, { cube: bigCube, target: bigTarget })).outputs.score as Raster).data;
  assert.ok(relativeError(values, reference) < 1e-5, `mf ${relativeError(values, reference)}`);
});

test('SAM gives cos θ and θ (radians) per pixel', async () => {
  const cosine = await score(sam, {});
  const angle = await score(sam, {}, { output: 'angle' });
  let worst = 0;
  pixels.forEach((x, p) => {
    let xy = 0, xx = 0, yy = 0;
    for (let b = 0; b < 20; b++) {
      xy += x[b] * targetValues[b];
      xx += x[b] * x[b];
      yy += targetValues[b] * targetValues[b];
    }
    const reference = xy / Math.sqrt(xx * yy);
    worst = Math.max(worst, Math.abs(cosine[p] - reference), Math.abs(angle[p] - Math.acos(Math.min(1, reference))));
  });
  assert.ok(worst < 1e-3, `worst error ${worst}`);
  assert.ok(cosine[anomalyIndex] > 0.99999);
  const maps = await Promise.all([{}, { output: 'angle' }].map(async (params) => (await runNode(sam, { cube, target }, params)).outputs.score as Raster));
  assert.deepEqual(maps.map((m) => [m.units, m.scoreOrder]), [[undefined, undefined], ['rad', 'lower']], 'the angle map says its unit and order');
});

test('OSP annihilates the background signatures and scores 1 at the target', async () => {
  const endmembers = outputs.endmembers as Spectra;
  const result = await score(osp, { background: endmembers });
  assert.ok(Math.abs(result[anomalyIndex] - 1) < 1e-4);
  // A pixel made only of endmembers (noise-free) scores 0: check on the endmember spectra themselves.
  const pure = await runNode(osp, { cube: { ...cube, rows: 1, cols: 4, data: Float32Array.from(endmembers.data) }, target, background: endmembers } as never).catch((e) => e);
  assert.match(String(pure), /4 pixels, fewer than its 20 bands/); // cube checks apply to OSP too
  // Scores of the noisy background stay near 0 relative to the target's 1.
  const backgroundScores = [...result].filter((_, p) => mask.data[p] === 0);
  const spread = Math.sqrt(backgroundScores.reduce((s, v) => s + v * v, 0) / backgroundScores.length);
  assert.ok(spread < 0.1, `background OSP scores spread ${spread}`);
  const unsupervised = await score(osp, {}, { components: 4 });
  assert.ok(unsupervised[anomalyIndex] > 0.99 && unsupervised[anomalyIndex] < 1.01);
});

test('targets on another wavelength grid are resampled; unresampleable targets are refused', async () => {
  // The target sampled every 5 nm over 350–2550 nm (linear interpolation of the cube-grid target)
  // comes back to the cube's 20 band centres by linear interpolation (cube without FWHM) up to the
  // 5 nm grid's cut of the kinks at the centres, so MF scores 1 ± 2e-3 at the target. (The Gaussian-SRF path is checked in prep/resampleSpectra.test.ts.)
  const fine = Array.from({ length: 441 }, (_, i) => 350 + 5 * i);
  const w = cube.wavelengths!;
  const values = fine.map((l) => {
    const j = Math.min(w.length - 2, Math.max(0, w.findIndex((c, k) => k + 1 < w.length && w[k + 1] >= l)));
    const t = Math.min(1, Math.max(0, (l - w[j]) / (w[j + 1] - w[j])));
    return targetValues[j] * (1 - t) + targetValues[j + 1] * t;
  });
  const resampled: Spectra = { kind: 'spectra', count: 1, bands: 441, data: Float64Array.from(values), names: ['fine'], wavelengths: fine };
  const noFwhm = { ...cube, fwhm: undefined };
  const run = await runNode(mf, { cube: noFwhm, target: resampled });
  const mfScore = (run.outputs.score as Raster).data;
  assert.ok(run.logs.some((l) => /^target 'fine' resampled from 441 bands \(350–2550 nm\) to the cube's 20 bands$/.test(l)), run.logs.join('\n'));
  // A library entry with deleted channels (NaN) where the cube has bands: refused, naming them.
  const holed = { ...resampled, data: Float64Array.from(values, (v, i) => (i >= 100 && i < 140 ? NaN : v)) };
  await assert.rejects(runNode(ace, { cube: noFwhm, target: holed }), /target spectrum 'fine' has no value at \d+ of the cube's 20 bands \(\d+(\.\d)? nm( … \d+(\.\d)? nm)?; a spectral library marks deleted channels so\): choose another spectrum, or leave those bands out of the cube \(prep\.selectBands\)/);
  assert.ok(Math.abs(mfScore[anomalyIndex] - 1) < 2e-3, `mf at target ${mfScore[anomalyIndex]}`);
  const unknown: Spectra = { kind: 'spectra', count: 1, bands: 441, data: Float64Array.from(values), names: ['fine'] };
  await assert.rejects(runNode(mf, { cube, target: unknown }), /input 'target' has 441 bands but 'cube' has 20, and it cannot be resampled \('target' has no wavelengths\)/);
  await assert.rejects(runNode(ace, { cube, target }, { targetIndex: 3 }), /param 'targetIndex' = 3 but input 'target' holds 1 spectra/);
  const outside: Spectra = { ...resampled, wavelengths: fine.map((l) => l + 1000) };
  await assert.rejects(runNode(cem, { cube, target: outside }), /cannot resample: \d+ of the cube's 20 bands \(the first at 400 nm\) lie outside the spectra's range 1350–3550 nm/);
});

test('MF, ACE and CEM name the first NaN pixel (found through their background moments)', async () => {
  const holed = { ...cube, data: Float32Array.from(cube.data) };
  holed.data[(5 * 32 + 7) * 20 + 3] = NaN;
  for (const def of [mf, ace, cem]) {
    await assert.rejects(runNode(def, { cube: holed, target }), /input 'cube' holds a non-finite value \(NaN\) at row 5, col 7, band 3/, def.id);
  }
});

test('an infinite pixel value is refused with its position', async () => {
  const holed = { ...cube, data: Float32Array.from(cube.data) };
  holed.data[(2 * 32 + 1) * 20 + 4] = Infinity;
  await assert.rejects(runNode(mf, { cube: holed, target }), /input 'cube' holds a non-finite value \(-?Infinity\) at row 2, col 1, band 4/);
});

test('targetName picks a library entry by exact name, else the first name containing it (case-insensitive); unknown names are refused', async () => {
  const other = Float64Array.from(pixels[0]);
  const library: Spectra = { kind: 'spectra', count: 3, bands: 20, data: Float64Array.from([...other, ...targetValues, ...other]), names: ['Grass lawn', 'Roof ANOMALY sample', 'Roof anomaly'], wavelengths: cube.wavelengths };
  const byIndex = await score(sam, { target: library }, { targetIndex: 1 });
  assert.deepEqual(await score(sam, { target: library }, { targetName: 'anomaly sample' }), byIndex);
  // The exact name wins over an earlier partial match: 'roof anomaly' is entry 2 (pixel 0's spectrum), not entry 1.
  assert.deepEqual(await score(sam, { target: library }, { targetName: 'roof anomaly' }), await score(sam, { target: library }, { targetIndex: 2 }));
  // targetName overrides targetIndex.
  assert.deepEqual(await score(ace, { target: library }, { targetName: 'ANOMALY SAMPLE', targetIndex: 0 }), await score(ace, { target: library }, { targetIndex: 1 }));
  await assert.rejects(runNode(mf, { cube, target: library }, { targetName: 'asphalt' }), /param 'targetName' = 'asphalt' matches none of the 3 spectrum names of input 'target' \('Grass lawn', 'Roof ANOMALY sample', 'Roof anomaly'\)/);
});
