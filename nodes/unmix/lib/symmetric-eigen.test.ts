import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tridiagonalEigen } from './symmetric-eigen.ts';
import { seededUniform } from './random.ts';

test('tridiagonal QL eigen-decomposition: A v = lambda v and V^T V = I to 1e-10 (n = 1, 2, 7, 60)', () => {
  const random = seededUniform(4);
  for (const n of [1, 2, 7, 60]) {
    // A = B B^T + a diagonal with a repeated value (degenerate eigenvalues are the hard case)
    const b = Float64Array.from({ length: n * n }, () => random() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = i === j ? 2 : 0;
      for (let k = 0; k < n / 2; k++) s += b[i * n + k] * b[j * n + k];
      a[i * n + j] = s;
    }
    const { values, vectors } = tridiagonalEigen(a, n);
    let residual = 0;
    let orthogonality = 0;
    for (let v = 0; v < n; v++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * vectors[v * n + j];
        residual = Math.max(residual, Math.abs(s - values[v] * vectors[v * n + i]));
      }
      for (let w = 0; w < n; w++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += vectors[v * n + k] * vectors[w * n + k];
        orthogonality = Math.max(orthogonality, Math.abs(s - (v === w ? 1 : 0)));
      }
    }
    assert.ok(residual < 1e-10, `n = ${n}: residual ${residual}`);
    assert.ok(orthogonality < 1e-10, `n = ${n}: orthogonality ${orthogonality}`);
  }
});
