import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakGaps } from './plot-gaps.ts';

test('a wavelength gap of more than 2.5 median steps gets a null point; regular steps do not', () => {
  // 10 nm steps, bands 1340..1440 dropped (a 110 nm step), then regular again
  const x = [1300, 1310, 1320, 1330, 1440, 1450, 1460];
  const y = [1, 2, 3, 4, 5, 6, 7];
  const broken = breakGaps(x, [y, y.map((v) => -v)]);
  assert.equal(broken.gaps, 1);
  assert.deepEqual(broken.x, [1300, 1310, 1320, 1330, 1385, 1440, 1450, 1460]);
  assert.deepEqual(broken.ys[0], [1, 2, 3, 4, null, 5, 6, 7]);
  assert.deepEqual(broken.ys[1], [-1, -2, -3, -4, null, -5, -6, -7]);
});

test('steps up to 2.5 x the median stay joined; band indices never break', () => {
  const x = [400, 410, 420, 445, 455]; // a 25 nm step is exactly 2.5 x 10 nm
  assert.equal(breakGaps(x, [[1, 2, 3, 4, 5]]).gaps, 0);
  assert.equal(breakGaps([0, 1, 2, 3], [[1, 1, 1, 1]]).x.length, 4);
  assert.deepEqual(breakGaps([], [[]]), { x: [], ys: [[]], gaps: 0 });
});
