/**
 * The host PAN low-pass equals the tensor formulation it replaced (two reflect pads, then a
 * 'valid' tf.conv2d on the cpu backend) within 1e-6 relative, for the R-PNN shape (41x41 MTF
 * kernel, scope 6) and an odd-sized image with two planes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mtfKernel } from '../lib/mtf.ts';
import { panLowpass } from './losses.ts';

function tensorLowpass(pan: tf.Tensor4D, kernel: tf.Tensor4D, scope: number): Float32Array {
  return tf.tidy(() => {
    const half = (kernel.shape[0] - 1) / 2;
    const once = tf.mirrorPad(pan, [[0, 0], [scope, scope], [scope, scope], [0, 0]], 'reflect');
    const twice = tf.mirrorPad(once, [[0, 0], [half, half], [half, half], [0, 0]], 'reflect');
    return tf.conv2d(twice, kernel, 1, 'valid').dataSync() as Float32Array;
  });
}

test('panLowpass equals mirror pads + valid conv2d', async () => {
  await tf.setBackend('cpu');
  for (const [planes, rows, cols, size, scope] of [[1, 48, 48, 41, 6], [2, 31, 37, 9, 3]]) {
    const values = Float32Array.from({ length: planes * rows * cols }, (_, i) => Math.sin(i * 0.37) + (i % 17) / 17);
    const pan = tf.tensor4d(values, [planes, rows, cols, 1]);
    const kernel = tf.tensor4d(Float32Array.from(mtfKernel(0.3, 6, size)), [size, size, 1, 1]);
    const result = panLowpass(tf, pan, kernel, scope);
    assert.deepEqual(result.shape, [planes, rows + 2 * scope, cols + 2 * scope, 1]);
    const expected = tensorLowpass(pan, kernel, scope);
    const actual = result.dataSync();
    let difference = 0;
    let scale = 0;
    for (let i = 0; i < expected.length; i++) {
      difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    assert.ok(difference <= 1e-6 * scale, `${planes}x${rows}x${cols}, ${size}x${size}: relative error ${difference / scale}`);
    tf.dispose([pan, kernel, result]);
  }
});
