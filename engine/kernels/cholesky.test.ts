/**
 * The float64 SIMD Cholesky kernel: Mahalanobis distances equal a plain float64 solve to 1e-12
 * relative (odd and even sizes, with diagonal loading), and an indefinite matrix is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localRxScores, mahalanobisKernel } from './cholesky-module.ts';

/** x^T A^{-1} x by Gauss-Jordan elimination with partial pivoting (float64). */
function reference(a: Float64Array, x: Float64Array, k: number): number {
  const m = Array.from({ length: k }, (_, i) => [...a.subarray(i * k, (i + 1) * k), x[i]]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= k; c++) m[r][c] -= f * m[col][c];
    }
  }
  return x.reduce((s, v, i) => s + v * (m[i][k] / m[i][i]), 0);
}

test('Mahalanobis distances equal a plain float64 solve; indefinite matrices give -1', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (const k of [1, 2, 5, 8, 31, 64]) {
    // A = B B^T / k + 0.1 I (symmetric positive definite), x random.
    const b = Float64Array.from({ length: k * k }, random);
    const a = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += b[i * k + m] * b[j * k + m];
      a[i * k + j] = s / k + (i === j ? 0.1 : 0);
    }
    const x = Float64Array.from({ length: k }, random);
    const kernel = mahalanobisKernel(k);
    kernel.covariance.set(a);
    kernel.x.set(x);
    const loading = 0.05;
    const got = kernel.score(loading);
    const loaded = a.map((v, i) => (i % (k + 1) === 0 ? v + loading : v));
    const expected = reference(loaded, x, k);
    assert.ok(Math.abs(got - expected) <= 1e-12 * Math.abs(expected), `k = ${k}: ${got} vs ${expected}`);
  }
  const kernel = mahalanobisKernel(3);
  kernel.covariance.set([1, 0, 0, 0, -1, 0, 0, 0, 1]);
  kernel.x.set([1, 1, 1]);
  assert.equal(kernel.score(0), -1);
  assert.ok(Math.abs(kernel.score(2) - (1 / 3 + 1 + 1 / 3)) < 1e-15);
});

test('local RX scores: a worker thread for the lower rows gives the one-thread scores (to float32 rounding)', async () => {
  let seed = 11;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const [rows, cols, k, window, inner] = [21, 17, 6, 7, 3];
  const data = Float32Array.from({ length: rows * cols * k }, random);
  const mean = new Float64Array(k);
  for (let i = 0; i < data.length; i++) mean[i % k] += data[i] / (rows * cols);
  const rowsSeen: number[] = [];
  const one = await localRxScores(data, mean, rows, cols, k, window, inner, 1e-6, { threads: 1, onRow: (r) => rowsSeen.push(r) });
  const two = await localRxScores(data, mean, rows, cols, k, window, inner, 1e-6, { threads: 2, minimumParallelWork: 0, onRow: () => {} });
  assert.equal(one.badRow, -1);
  assert.equal(two.badRow, -1);
  assert.deepEqual(rowsSeen, Array.from({ length: rows }, (_, r) => r));
  const worst = one.scores.reduce((w, v, i) => Math.max(w, Math.abs(v - two.scores[i]) / v), 0);
  assert.ok(worst < 1e-6 && one.scores.every((v) => v > 0), `worst relative difference ${worst}`);
  // A worker that fails has its rows scored on the calling thread: the same operations, the same scores.
  const fallback = await localRxScores(data, mean, rows, cols, k, window, inner, 1e-6, { threads: 2, minimumParallelWork: 0, simulateWorkerFailure: true, onRow: () => {} });
  assert.deepEqual([...fallback.scores], [...two.scores]);
  // A window that leaves no background pixel is reported with its first row.
  const none = await localRxScores(data.subarray(0, 2 * 2 * k), mean, 2, 2, k, 5, 3, 1e-6, { threads: 1, onRow: () => {} });
  assert.equal(none.badRow, 0);
});
