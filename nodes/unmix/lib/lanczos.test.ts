/** lanczos.ts: accepted top eigen-pairs equal the full decomposition; unsafe cases are declined. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lanczosTop } from './lanczos.ts';
import { symmetricEigen } from './subspace.ts';
import { seededUniform } from './random.ts';

/** A = B diag(scales) B^T for a random B (deterministic). */
function spectrum(n: number, scales: number[], seed: number): Float64Array {
  const random = seededUniform(seed);
  const b = Float64Array.from({ length: n * n }, () => random() - 0.5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let m = 0; m < n; m++) s += b[i * n + m] * scales[m] * b[j * n + m];
      a[i * n + j] = s;
    }
  }
  return a;
}

test('Lanczos top-4 of a 198 × 198 covariance-like matrix equals the full decomposition to 1e-12', () => {
  const n = 198;
  const a = spectrum(n, Array.from({ length: n }, (_, i) => 1 / (1 + i) ** 3), 21);
  const quick = lanczosTop(a, n, 4);
  assert.ok(quick, 'converged');
  const full = symmetricEigen(a, n);
  for (let k = 0; k < 4; k++) {
    assert.ok(Math.abs(quick.values[k] - full.values[k]) <= 1e-12 * full.values[0], `value ${k}`);
    // Same vector up to sign.
    const sign = Math.sign(quick.vectors[k].reduce((s, v, i) => s + v * full.vectors[k][i], 0));
    const difference = Math.max(...quick.vectors[k].map((v, i) => Math.abs(sign * v - full.vectors[k][i])));
    assert.ok(difference < 1e-10, `vector ${k} differs by ${difference}`);
  }
});

test('Lanczos declines repeated eigenvalues (exhausted Krylov space) and small matrices', () => {
  const n = 60;
  const identity = new Float64Array(n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  assert.equal(lanczosTop(identity, n, 3), undefined);
  assert.equal(lanczosTop(spectrum(9, [9, 8, 7, 6, 5, 4, 3, 2, 1], 3), 9, 4), undefined);
});

test('a repeated leading eigenvalue: an accepted result equals the full decomposition (inertia check)', () => {
  const n = 120;
  // Eigenvalues 5, 5 (repeated), then a decaying tail: one start vector sees only one 5.
  const a = spectrum(n, Array.from({ length: n }, (_, i) => (i < 2 ? 5 : 1 / (1 + i) ** 2)), 8);
  const quick = lanczosTop(a, n, 3);
  if (quick) {
    const full = symmetricEigen(a, n);
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(quick.values[k] - full.values[k]) <= 1e-10 * full.values[0], `value ${k}: ${quick.values[k]} vs ${full.values[k]}`);
  }
});
