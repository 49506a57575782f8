/**
 * UnsortedSegmentSum (gather's gradient) on wasm vs cpu, and the exact MirrorPad gradient vs a
 * direct adjoint: for L = Σ mirrorPad(x) ⊙ R, dL/dx[i] = Σ of R over the padded positions that
 * copy x[i]. Tolerance 1e-4 (max-norm relative).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { randomArray } from './cnn-fixture.ts';
import { initBackends, onBackend, relativeError } from './compare.ts';

test('UnsortedSegmentSum and the gather gradient on wasm equal cpu', async () => {
  await initBackends();
  const compute = () => {
    const x = tf.tensor2d(randomArray(7 * 5, 4), [7, 5]);
    const ids = tf.tensor1d([2, 0, 2, 5, 1, 0, 2], 'int32');
    const sums = tf.unsortedSegmentSum(x, ids, 6);
    const indices = tf.tensor1d([3, 1, 3, 0, 6, 6, 6], 'int32');
    const weights = tf.tensor2d(randomArray(7 * 5, 5), [7, 5]);
    const gradient = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, indices), weights)))(x);
    return [sums, gradient];
  };
  const expected = await onBackend('cpu', compute);
  const actual = await onBackend('wasm', compute);
  assert.deepEqual(Array.from(actual[0].slice(20, 25)), [0, 0, 0, 0, 0], 'segment 4 has no rows and must be zero');
  ['segment sums', 'gather gradient'].forEach((name, i) => {
    const error = relativeError(actual[i], expected[i]);
    assert.ok(error < 1e-4, `${name}: relative error ${error.toExponential(2)}`);
  });
});

/** Source index along an axis of n samples for padded position p (before = padding in front). */
function sourceIndex(p: number, before: number, n: number, mode: 'reflect' | 'symmetric'): number {
  let k = p - before;
  const shift = mode === 'reflect' ? 0 : 1;
  if (k < 0) k = -k - shift;
  if (k >= n) k = 2 * n - 2 - k + shift;
  return k;
}

/** dL/dx for L = Σ mirrorPad(x) ⊙ R with x [h, w, c], paddings on the two spatial axes. */
function mirrorPadAdjoint(r: Float32Array, shape: number[], paddings: [number, number][], mode: 'reflect' | 'symmetric'): Float64Array {
  const [h, w, c] = shape;
  const paddedH = h + paddings[0][0] + paddings[0][1];
  const paddedW = w + paddings[1][0] + paddings[1][1];
  const gradient = new Float64Array(h * w * c);
  for (let i = 0; i < paddedH; i++) {
    const si = sourceIndex(i, paddings[0][0], h, mode);
    for (let j = 0; j < paddedW; j++) {
      const sj = sourceIndex(j, paddings[1][0], w, mode);
      for (let k = 0; k < c; k++) gradient[(si * w + sj) * c + k] += r[(i * paddedW + j) * c + k];
    }
  }
  return gradient;
}

for (const mode of ['reflect', 'symmetric'] as const) {
  test(`MirrorPad (${mode}) gradient is exact on cpu and wasm`, async () => {
    await initBackends();
    const shape = [6, 7, 3];
    const paddings: [number, number][] = [[3, 2], [1, 4]];
    const max = mode === 'reflect' ? 1 : 0; // reflect allows padding up to n − 1, symmetric up to n
    assert.ok(paddings.every(([a, b], i) => Math.max(a, b) <= shape[i] - max));
    const paddedSize = (6 + 5) * (7 + 5) * 3;
    const r = randomArray(paddedSize, 9);
    const expected = mirrorPadAdjoint(r, shape, paddings, mode);
    for (const backend of ['cpu', 'wasm'] as const) {
      const [gradient] = await onBackend(backend, () => {
        const x = tf.tensor3d(randomArray(6 * 7 * 3, 8), shape as [number, number, number]);
        const weights = tf.tensor3d(r, [11, 12, 3]);
        return [tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.mirrorPad(t as tf.Tensor3D, [...paddings, [0, 0]], mode), weights)))(x)];
      });
      const error = relativeError(gradient, expected);
      assert.ok(error < 1e-5, `${backend}: relative error ${error.toExponential(2)}`);
    }
  });
}

test('gradient of a PNN-style loss (fixed depthwise MTF blur, avgPool, sqrt, maximum, slice) on wasm equals cpu', async () => {
  await initBackends();
  const size = 16;
  const bands = 3;
  const compute = () => {
    const output = tf.tensor4d(randomArray(size * size * bands, 21), [1, size, size, bands]);
    const lowRes = tf.tensor4d(randomArray((size / 4) ** 2 * bands, 22), [1, size / 4, size / 4, bands]);
    const pan = tf.tensor4d(randomArray(size * size, 23), [1, size, size, 1]);
    // A fixed 7×7 Gaussian per band standing in for the sensor MTF (not trained: gradient wrt input only).
    const taps = Array.from({ length: 49 }, (_, k) => Math.exp(-(((k % 7) - 3) ** 2 + (Math.floor(k / 7) - 3) ** 2) / 4));
    const mtf = tf.tensor4d(taps.flatMap((t) => Array(bands).fill(t)), [7, 7, bands, 1]);
    const loss = (x: tf.Tensor) => {
      const blurred = tf.depthwiseConv2d(x as tf.Tensor4D, mtf, 1, 'same');
      const spectral = tf.mean(tf.abs(tf.sub(tf.avgPool(blurred, 4, 4, 'valid'), lowRes)));
      const firstBand = tf.slice(x, [0, 0, 0, 0], [1, size, size, 1]);
      const structural = tf.sqrt(tf.maximum(tf.mean(tf.square(tf.sub(firstBand, pan))), 1e-6));
      return tf.add(spectral, structural) as tf.Scalar;
    };
    const { value, grad } = tf.valueAndGrad(loss)(output);
    return [value, grad];
  };
  const expected = await onBackend('cpu', compute);
  const actual = await onBackend('wasm', compute);
  ['loss', 'gradient'].forEach((name, i) => {
    const error = relativeError(actual[i], expected[i]);
    assert.ok(error < 1e-4, `${name}: relative error ${error.toExponential(2)}`);
  });
});
