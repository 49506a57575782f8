import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initRuntime, tf } from '../../../engine/runtime/backend.ts';
import { bandMeans, project, secondMoment } from './subspace.ts';
import { seededUniform } from './random.ts';

/** Float64 reference: (Y - m)^T (Y - m) / N for N x L BIP data. */
function covariance64(data: Float32Array, N: number, L: number, mean: Float64Array): Float64Array {
  const out = new Float64Array(L * L);
  for (let n = 0; n < N; n++) for (let r = 0; r < L; r++) for (let c = 0; c < L; c++) out[r * L + c] += (data[n * L + r] - mean[r]) * (data[n * L + c] - mean[c]);
  return out.map((v) => v / N);
}

test('band covariance on the moments kernel (L = 7, 100, 131) equals float64 loops to 1e-12 of its peak, no tensors leaked', async () => {
  await initRuntime();
  const random = seededUniform(3);
  for (const L of [7, 100, 131]) {
    const N = 500;
    // correlated bands with an offset, like reflectance spectra
    const data = Float32Array.from({ length: N * L }, (_, i) => 0.3 + 0.1 * Math.sin(i % L) * random() + 0.05 * random());
    const mean = bandMeans(data, N, L);
    const before = tf.memory().numTensors;
    const ours = secondMoment(tf, data, N, L, mean);
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
    const reference = covariance64(data, N, L, mean);
    const peak = Math.max(...reference.map(Math.abs));
    const worst = Math.max(...reference.map((v, i) => Math.abs(v - ours[i])));
    assert.ok(worst <= 1e-12 * peak, `L = ${L}: covariance differs by ${worst} (peak ${peak})`);
    for (let r = 0; r < L; r++) for (let c = 0; c < r; c++) assert.equal(ours[r * L + c], ours[c * L + r], 'symmetric');
  }
});

test('projection (4 basis vectors per pass, 1..6 vectors, with offset) equals the direct dot products to 1e-12', () => {
  const random = seededUniform(5);
  const N = 37;
  const L = 23;
  const data = Float32Array.from({ length: N * L }, () => random());
  const offset = Float64Array.from({ length: L }, () => random());
  for (const d of [1, 4, 6]) {
    const basis = Array.from({ length: d }, () => Float64Array.from({ length: L }, () => random() - 0.5));
    const ours = project(data, N, L, basis, offset);
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < d; k++) {
        let s = 0;
        for (let b = 0; b < L; b++) s += basis[k][b] * (data[n * L + b] - offset[b]);
        assert.ok(Math.abs(ours[n * d + k] - s) < 1e-12, `d = ${d}, pixel ${n}, vector ${k}`);
      }
    }
  }
});
