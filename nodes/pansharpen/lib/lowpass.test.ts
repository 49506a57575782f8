import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atrousLowpass, imresizeBicubic } from './lowpass.ts';
import { makePlane } from './planes.ts';

test('a trous lowpass keeps constants and the mean, and removes a checkerboard', () => {
  const constant = atrousLowpass(makePlane(20, 24, new Float64Array(480).fill(7)), 4);
  assert.ok(constant.data.every((v) => Math.abs(v - 7) < 1e-12));
  const checker = makePlane(80, 80, new Float64Array(6400).map((_, i) => ((i % 80) + Math.floor(i / 80)) % 2));
  const low = atrousLowpass(checker, 6);
  // [1 4 6 4 1]/16 has a zero at the Nyquist frequency: away from the borders (reach 2*(2+4+8) = 28 px
  // for 3 levels applied twice) the checkerboard becomes its mean 0.5
  for (let r = 30; r < 50; r++) for (let c = 30; c < 50; c++) assert.ok(Math.abs(low.data[r * 80 + c] - 0.5) < 1e-12, `(${r}, ${c}) -> ${low.data[r * 80 + c]}`);
});

test('MATLAB-style bicubic imresize: sizes, constants, linear ramps away from borders', () => {
  const ramp = makePlane(24, 24, new Float64Array(576).map((_, i) => i % 24));
  const small = imresizeBicubic(ramp, 1 / 4);
  assert.equal(small.rows, 6);
  assert.equal(small.cols, 6);
  // antialiased shrink of a ramp: output j samples the ramp at the centre of its 4-pixel cell, 4j + 1.5
  // (outputs 2 and 3 are the ones whose 16-pixel support stays inside the image)
  for (let j = 2; j < 4; j++) assert.ok(Math.abs(small.data[2 * 6 + j] - (4 * j + 1.5)) < 1e-9, `col ${j}: ${small.data[2 * 6 + j]}`);
  const big = imresizeBicubic(makePlane(6, 6, new Float64Array(36).fill(3)), 4);
  assert.equal(big.rows, 24);
  assert.ok(big.data.every((v) => Math.abs(v - 3) < 1e-12));
});
