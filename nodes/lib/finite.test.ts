import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allFinite, nonFiniteProblem } from './finite.ts';

test('allFinite flags NaN and ±Infinity anywhere, including the tail past the 4-wide loop', () => {
  for (const length of [1, 3, 4, 7, 1001]) {
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of [0, length - 1, Math.floor(length / 2)]) {
        const data = new Float32Array(length).fill(1.5);
        data[at] = bad;
        assert.equal(allFinite(data), false, `${bad} at ${at} of ${length}`);
      }
    }
    assert.equal(allFinite(new Float32Array(length).fill(-3e38)), true);
  }
});

test('nonFiniteProblem names the first bad sample by row, col and band, and a nodata pixel as such', () => {
  // 2 x 3 pixels, 4 bands (BIP): sample index (row * 3 + col) * 4 + band
  const data = new Float32Array(24).fill(0.2);
  assert.equal(nonFiniteProblem({ data, cols: 3, bands: 4 }, 'cube'), undefined);
  data[(1 * 3 + 2) * 4 + 3] = Infinity;
  data[(1 * 3 + 0) * 4 + 1] = NaN;
  assert.match(nonFiniteProblem({ data, cols: 3, bands: 4 }, 'cube')!, /^input 'cube' holds a non-finite value \(NaN\) at row 1, col 0, band 1: whole bad bands/);
  assert.match(nonFiniteProblem({ data, cols: 3, bands: 4, nodata: -9999 }, 'hs')!, /^input 'hs' holds nodata pixels \(the file's nodata value -9999, read as NaN\), the first at row 1, col 0, band 1/);
  data[(1 * 3 + 0) * 4 + 1] = 0;
  assert.match(nonFiniteProblem({ data, cols: 3, bands: 4, nodata: -9999 }, 'cube')!, /non-finite value \(Infinity\) at row 1, col 2, band 3/);
});
