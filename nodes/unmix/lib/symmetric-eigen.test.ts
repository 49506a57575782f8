import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tridiagonalEigen } from './symmetric-eigen.ts';
import { symmetricEigen, symmetricTopEigen } from './subspace.ts';
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

test('top-k eigen-pairs by inverse iteration equal the full decomposition to 1e-9 (n = 2, 9, 198; close pairs)', () => {
  const random = seededUniform(9);
  for (const [n, k] of [[2, 1], [9, 4], [198, 6]]) {
    // A = B diag(s) B^T with a decaying spectrum (like a band covariance) and one near-degenerate pair
    const b = Float64Array.from({ length: n * n }, () => random() - 0.5);
    const scales = Array.from({ length: n }, (_, i) => (i === 2 ? 0.25 * (1 + 1e-7) : 1 / (1 + i) ** 2)); // pair 1, 2 nearly equal
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let m = 0; m < n; m++) s += b[i * n + m] * scales[m] * b[j * n + m];
      a[i * n + j] = s;
    }
    const full = symmetricEigen(a, n);
    const top = symmetricTopEigen(a, n, k);
    for (let j = 0; j < k; j++) {
      assert.ok(Math.abs(top.values[j] - full.values[j]) <= 1e-12 * full.values[0], `n = ${n}: value ${j}`);
      let residual = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let m = 0; m < n; m++) s += a[i * n + m] * top.vectors[j][m];
        residual = Math.max(residual, Math.abs(s - top.values[j] * top.vectors[j][i]));
      }
      assert.ok(residual < 1e-9 * full.values[0], `n = ${n}: residual of vector ${j} = ${residual}`);
      // well-separated eigenvalues (not the near-degenerate pair 1, 2): the same vector, same sign convention
      if (j === 0 || j >= 3) {
        const difference = Math.max(...top.vectors[j].map((v, i) => Math.abs(v - full.vectors[j][i])));
        assert.ok(difference < 1e-9, `n = ${n}: vector ${j} differs by ${difference}`);
      }
    }
  }
});

test('top-k eigen-pairs of matrices with exactly repeated eigenvalues (identity, diag(3, 3, 3, 1, 0)) are orthonormal eigenvectors', () => {
  for (const diagonal of [[1, 1, 1, 1, 1], [3, 3, 3, 1, 0]]) {
    const n = diagonal.length;
    const a = new Float64Array(n * n);
    diagonal.forEach((v, i) => (a[i * n + i] = v));
    const top = symmetricTopEigen(a, n, 3);
    assert.deepEqual(top.values, [...diagonal].sort((x, y) => y - x).slice(0, 3));
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < n; i++) assert.ok(Math.abs(diagonal[i] * top.vectors[j][i] - top.values[j] * top.vectors[j][i]) < 1e-12, `vector ${j} entry ${i}`);
      for (let m = 0; m < 3; m++) {
        const dot = top.vectors[j].reduce((s, v, i) => s + v * top.vectors[m][i], 0);
        assert.ok(Math.abs(dot - (j === m ? 1 : 0)) < 1e-12, `vectors ${j}, ${m}: dot ${dot}`);
      }
    }
  }
});
