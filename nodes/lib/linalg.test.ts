/** nodes/lib/linalg: decompositions and kernel moments against direct float64 formulas. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initRuntime, tf } from '../../engine/runtime/backend.ts';
import { cholesky, choleskySolve, inverseSymmetric, lowerInverse, matVec, moments, multiply, projectPixels, symmetricEigen, whitening } from './linalg.ts';

/** A random symmetric positive-definite n × n matrix A = B B^T + n I (deterministic). */
function spd(n: number): Float64Array {
  let state = 7;
  const random = () => ((state = (Math.imul(state, 48271) % 2147483647) >>> 0) / 2147483647) - 0.5;
  const b = Float64Array.from({ length: n * n }, random);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? n : 0;
    for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
    a[i * n + j] = s;
  }
  return a;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

test('eigen, inverse, Cholesky and whitening reproduce A to 1e-10', () => {
  const n = 12;
  const a = spd(n);
  const { values, vectors } = symmetricEigen(a, n);
  for (let k = 1; k < n; k++) assert.ok(values[k] >= values[k - 1], 'ascending eigenvalues');
  for (let k = 0; k < n; k++) {
    const v = Float64Array.from({ length: n }, (_, i) => vectors[i * n + k]);
    const av = matVec(a, n, n, v);
    assert.ok(maxAbs(av.map((x, i) => x - values[k] * v[i])) < 1e-10);
  }
  const identity = multiply(a, inverseSymmetric(a, n), n);
  assert.ok(maxAbs(identity.map((x, i) => x - (i % (n + 1) === 0 ? 1 : 0))) < 1e-10);
  const lower = cholesky(a, n)!;
  const b = Float64Array.from({ length: n }, (_, i) => i + 1);
  assert.ok(maxAbs(matVec(a, n, n, choleskySolve(lower, n, b)).map((x, i) => x - b[i])) < 1e-10);
  assert.ok(maxAbs(multiply(lowerInverse(lower, n), lower, n).map((x, i) => x - (i % (n + 1) === 0 ? 1 : 0))) < 1e-12);
  // W A W^T = I
  const w = whitening(a, n)!;
  const wa = multiply(w, a, n);
  const wt = Float64Array.from({ length: n * n }, (_, i) => w[(i % n) * n + Math.floor(i / n)]);
  assert.ok(maxAbs(multiply(wa, wt, n).map((x, i) => x - (i % (n + 1) === 0 ? 1 : 0))) < 1e-10);
  assert.equal(cholesky(new Float64Array([1, 2, 2, 1]), 2), undefined, 'indefinite matrix has no Cholesky factor');
  assert.equal(whitening(new Float64Array([1, 1, 1, 1]), 2), undefined, 'singular matrix has no whitening');
});

test('covariance, correlation and projections on the moments kernel match float64 sums', async () => {
  await initRuntime();
  const pixels = 5000;
  const bands = 6;
  const data = Float32Array.from({ length: pixels * bands }, (_, i) => Math.sin(i * 0.37) * 3 + (i % bands) * 10);
  const before = tf.memory().numTensors;
  const covariance = moments(data, pixels, bands, true);
  const correlation = moments(data, pixels, bands, false);
  const projected = projectPixels(tf, data, pixels, bands, new Float64Array([1, -1, 0, 0, 0, 2]), 1, covariance.mean);
  assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
  const mean = new Float64Array(bands);
  for (let p = 0; p < pixels; p++) for (let b = 0; b < bands; b++) mean[b] += data[p * bands + b] / pixels;
  for (let i = 0; i < bands; i++) {
    assert.ok(Math.abs(covariance.mean[i] - mean[i]) < 1e-12 * Math.abs(mean[i]));
    for (let j = 0; j < bands; j++) {
      let c = 0;
      let r = 0;
      for (let p = 0; p < pixels; p++) {
        c += (data[p * bands + i] - mean[i]) * (data[p * bands + j] - mean[j]);
        r += data[p * bands + i] * data[p * bands + j];
      }
      assert.ok(Math.abs(covariance.matrix[i * bands + j] - c / (pixels - 1)) < 1e-12 * (1 + Math.abs(c / pixels)));
      assert.ok(Math.abs(correlation.matrix[i * bands + j] - r / pixels) < 1e-12 * Math.abs(r / pixels));
    }
  }
  for (const p of [0, 1234, 4999]) {
    const x = (b: number) => data[p * bands + b] - mean[b];
    assert.ok(Math.abs(projected[p] - (x(0) - x(1) + 2 * x(5))) < 1e-4);
  }
});
