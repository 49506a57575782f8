import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRaster } from '../../../core/values.ts';
import { decimate, decimatePlane, filterDecimatePlane, filterPlaneReplicate, filterReplicate, mtfKernel, mtfSigma } from './mtf.ts';
import { makePlane } from './planes.ts';

// ALGORITHMS.md A.2 test vectors (toolbox code, r = 6).
const TABLE = [
  { gnyq: 0.3, size: 41, sigma: 2.148105, sum: 0.99718763, taps: [0.017247, 0.016335, 0.013878, 0.010577, 0.00723] },
  { gnyq: 0.3, size: 61, sigma: 3.222157, sum: 0.99876917, taps: [0.017531, 0.016591, 0.014061, 0.010673, 0.007255] },
  { gnyq: 0.2, size: 41, sigma: 1.857918, sum: 0.99624824, taps: [0.012902, 0.012388, 0.010964, 0.008946, 0.006729] },
];

test('mtfKernel reproduces the A.2 table (sigma, sum, centre row taps)', () => {
  for (const row of TABLE) {
    const k = mtfKernel(row.gnyq, 6, row.size);
    assert.equal(k.length, row.size * row.size);
    assert.ok(Math.abs(mtfSigma(row.gnyq, 6, row.size) - row.sigma) < 1e-6);
    const sum = k.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - row.sum) < 1e-8, `GNyq ${row.gnyq} N ${row.size}: sum ${sum}`);
    const c = (row.size - 1) / 2;
    row.taps.forEach((tap, i) => {
      assert.ok(Math.abs(k[c * row.size + c + i] - tap) < 6e-7, `tap ${i}: ${k[c * row.size + c + i]} vs ${tap}`);
      // symmetric in both axes
      assert.ok(Math.abs(k[c * row.size + c - i] - k[c * row.size + c + i]) < 1e-15);
      assert.ok(Math.abs(k[(c + i) * row.size + c] - k[c * row.size + c + i]) < 1e-15);
    });
  }
  // LPfilterGauss variant (N instead of N-1)
  assert.ok(Math.abs(mtfSigma(0.3, 6, 41, true) - 2.2018) < 1e-4);
});

test('filterReplicate equals a direct 2-D correlation with replicate padding', () => {
  const rows = 23;
  const cols = 29;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * 100 + (i % 7) * 13;
  const cube = makeRaster(rows, cols, 1, data);
  const k = mtfKernel(0.3, 4, 41);
  const out = filterReplicate(cube, k);
  let worst = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let y = 0; y < 41; y++) {
        for (let x = 0; x < 41; x++) {
          const rr = Math.min(rows - 1, Math.max(0, r + y - 20));
          const cc = Math.min(cols - 1, Math.max(0, c + x - 20));
          s += k[y * 41 + x] * data[rr * cols + cc];
        }
      }
      worst = Math.max(worst, Math.abs(s - out.data[r * cols + c]));
    }
  }
  assert.ok(worst < 1e-3, `max difference ${worst}`);
});

test('decimate keeps r*i + floor(r/2)', () => {
  const data = new Float32Array(12 * 12 * 2).map((_, i) => i);
  const cube = makeRaster(12, 12, 2, data);
  const d6 = decimate(cube, 6);
  assert.equal(d6.rows, 2);
  assert.equal(d6.data[0], ((3 * 12 + 3) * 2));
  assert.equal(d6.data[(1 * 2 + 1) * 2 + 1], ((9 * 12 + 9) * 2 + 1));
  const d4 = decimate(cube, 4);
  assert.equal(d4.rows, 3);
  assert.equal(d4.data[(2 * 3 + 1) * 2], ((10 * 12 + 6) * 2));
});

test('filterDecimatePlane equals filtering then decimating', () => {
  for (const ratio of [3, 4, 6]) {
    const rows = 6 * ratio;
    const cols = 5 * ratio;
    const plane = makePlane(rows, cols, new Float64Array(rows * cols).map((_, i) => Math.sin(i * 0.3) * 50 + (i % 9)));
    const k = mtfKernel(0.3, ratio, 41);
    const a = filterDecimatePlane(plane, k, ratio);
    const b = decimatePlane(filterPlaneReplicate(plane, k), ratio);
    assert.equal(a.rows, 6);
    assert.equal(a.cols, 5);
    a.data.forEach((v, i) => assert.ok(Math.abs(v - b.data[i]) < 1e-9, `ratio ${ratio} sample ${i}`));
  }
});
