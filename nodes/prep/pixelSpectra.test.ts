/**
 * prep.pixelSpectra: pixel and window means against the cube's own numbers, mask class means,
 * NaN handling, errors, and a target picked from pixels driving ACE on a scene with known targets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNode } from '../../test/harness.ts';
import { makeRaster, type Raster, type Spectra } from '../../core/values.ts';
import pixelSpectra, { parsePixels } from './pixelSpectra.ts';
import scene from '../synth/scene.ts';
import ace from '../detect/ace.ts';
import detection from '../metrics/detection.ts';

// 4 × 5 × 3 cube with value(row, col, band) = 100·row + 10·col + band.
const rows = 4;
const cols = 5;
const bands = 3;
const value = (r: number, c: number, b: number) => 100 * r + 10 * c + b;
function makeCube(): Raster {
  const data = new Float32Array(rows * cols * bands);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) for (let b = 0; b < bands; b++) data[(r * cols + c) * bands + b] = value(r, c, b);
  return makeRaster(rows, cols, bands, data, { wavelengths: [500, 600, 700], fwhm: [10, 10, 10] });
}

test('parsePixels reads "row,col; row,col" with spaces, parentheses and newlines', () => {
  assert.deepEqual(parsePixels(' 3,4; (10, 2)\n7 8 ;'), [{ row: 3, col: 4 }, { row: 10, col: 2 }, { row: 7, col: 8 }]);
  assert.deepEqual(parsePixels(''), []);
  assert.throws(() => parsePixels('3,4,5'), /'3,4,5' is not a pixel "row,col"/);
  assert.throws(() => parsePixels('1.5,2'), /'1.5,2' is not a pixel/);
});

test('single pixels equal the cube; windows average the clipped square; wavelengths and FWHM kept', async () => {
  const cube = makeCube();
  const { outputs } = await runNode(pixelSpectra, { cube }, { pixels: '2,3; 0,0', names: 'roof' });
  const s = outputs.spectra as Spectra;
  assert.equal(s.count, 2);
  assert.deepEqual(s.names, ['roof', 'pixel (0, 0)']);
  assert.deepEqual([...s.data], [value(2, 3, 0), value(2, 3, 1), value(2, 3, 2), 0, 1, 2]);
  assert.deepEqual(s.wavelengths, [500, 600, 700]);
  assert.deepEqual(s.fwhm, [10, 10, 10]);
  // 3 × 3 around (0, 0) is clipped to rows 0–1, cols 0–1: mean row 0.5, mean col 0.5.
  const windowed = (await runNode(pixelSpectra, { cube }, { pixels: '0,0; 2,2', window: 3 })).outputs.spectra as Spectra;
  assert.deepEqual([...windowed.data.subarray(0, 3)], [55, 56, 57]);
  assert.deepEqual([...windowed.data.subarray(3, 6)], [value(2, 2, 0), value(2, 2, 1), value(2, 2, 2)]);
});

test('NaN samples are left out of a window mean; a pixel with no finite value in a band is an error naming it', async () => {
  const cube = makeCube();
  cube.data[(1 * cols + 1) * bands + 1] = NaN; // (1, 1) band 1
  const s = (await runNode(pixelSpectra, { cube }, { pixels: '1,1', window: 3 })).outputs.spectra as Spectra;
  // Band 0: mean of the 9 neighbours = value(1, 1, 0); band 1 without the centre: still 111 by symmetry.
  assert.equal(s.data[0], value(1, 1, 0));
  assert.equal(s.data[1], value(1, 1, 1));
  await assert.rejects(runNode(pixelSpectra, { cube }, { pixels: '1,1' }), /pixel \(1, 1\) of input 'cube' has no finite value in band 1 \(nodata or a bad band\)/);
});

test('a mask gives one mean spectrum per positive value, after the listed pixels', async () => {
  const cube = makeCube();
  const labels = new Float32Array(rows * cols);
  labels[0 * cols + 4] = 2; // (0, 4)
  labels[3 * cols + 4] = 2; // (3, 4)
  labels[2 * cols + 0] = 1; // (2, 0)
  labels[1 * cols + 1] = -1; // ignored
  const mask = makeRaster(rows, cols, 1, labels);
  const s = (await runNode(pixelSpectra, { cube, mask }, { pixels: '3,3' })).outputs.spectra as Spectra;
  assert.deepEqual(s.names, ['pixel (3, 3)', 'mask 1 (1 px)', 'mask 2 (2 px)']);
  assert.deepEqual([...s.data.subarray(3, 6)], [value(2, 0, 0), value(2, 0, 1), value(2, 0, 2)]);
  assert.deepEqual([...s.data.subarray(6, 9)], [150 + 40, 151 + 40, 152 + 40]);
});

test('bad parameters and inputs are refused with messages naming them', async () => {
  const cube = makeCube();
  await assert.rejects(runNode(pixelSpectra, { cube }, { pixels: '4,0' }), /param 'pixels' has \(4, 0\), outside the 4 × 5 pixels of input 'cube' \(rows 0–3, cols 0–4\)/);
  await assert.rejects(runNode(pixelSpectra, { cube }, { pixels: 'x' }), /param 'pixels': 'x' is not a pixel/);
  await assert.rejects(runNode(pixelSpectra, { cube }, {}), /param 'pixels' is empty and no 'mask' is connected/);
  await assert.rejects(runNode(pixelSpectra, { cube }, { pixels: '0,0', names: 'a,b' }), /param 'names' has 2 names for 1 pixel/);
  await assert.rejects(runNode(pixelSpectra, { cube, mask: makeRaster(2, 2, 1) }, {}), /input 'mask' is 2 × 2 pixels but input 'cube' is 4 × 5/);
  await assert.rejects(runNode(pixelSpectra, { cube, mask: makeRaster(rows, cols, 1) }, {}), /input 'mask' has no positive pixel/);
  assert.deepEqual(pixelSpectra.checkParams!({ window: 4, pixels: '1,2' }), [{ param: 'window', message: `param 'window' = 4 must be odd (the pixel is its centre)` }]);
});

test('a target picked from one target pixel lets ACE find the other targets (AUC > 0.95, far above a background pick)', async () => {
  const { outputs: synth } = await runNode(scene, {}, { rows: 64, cols: 64, bands: 48, endmembers: 3, anomalies: 12, seed: 5, snr: 40 });
  const cube = synth.cube as Raster;
  const truth = synth.anomalies as Raster;
  const targetPixels = [...truth.data.keys()].filter((n) => truth.data[n] > 0);
  const backgroundPixel = [...truth.data.keys()].find((n) => truth.data[n] === 0 && n > 2000)!;
  const at = (n: number) => `${Math.floor(n / cube.cols)},${n % cube.cols}`;
  const auc = async (pixel: number) => {
    const target = (await runNode(pixelSpectra, { cube }, { pixels: at(pixel) })).outputs.spectra;
    const score = (await runNode(ace, { cube, target })).outputs.score;
    const metrics = (await runNode(detection, { score, truth })).outputs.metrics as { values: Record<string, number> };
    return metrics.values.AUC;
  };
  // Any target pixel: the ACE map it gives scores the other target pixels high.
  const picked = await auc(targetPixels[0]);
  const background = await auc(backgroundPixel);
  console.log(`# ACE AUC with a target picked from pixel ${at(targetPixels[0])}: ${picked.toFixed(4)}; from a background pixel: ${background.toFixed(4)}`);
  assert.ok(picked > 0.95, `AUC ${picked}`);
  assert.ok(picked > background + 0.2, `picked ${picked} vs background ${background}`);
});
