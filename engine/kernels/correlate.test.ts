/**
 * The SIMD 'valid' correlation kernel equals a float64 reference loop within 1e-5 (max-norm
 * relative; float32 sums of up to 1681 random-signed products) for shapes that exercise the
 * 16-, 4- and 1-wide column blocks, a 1x1 kernel and a kernel as large as the image; bad shapes
 * are refused; the strided one-plane Conv2D, the one-output-channel Conv2D and their gradients
 * equal the cpu backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomArray } from './cnn-fixture.ts';
import * as tf from '@tensorflow/tfjs-core';
import { initBackends, onBackend, relativeError } from './compare.ts';
import { correlateValid } from './correlate-module.ts';

function reference(image: Float32Array, rows: number, cols: number, kernel: Float32Array, size: number): Float64Array {
  const outRows = rows - size + 1;
  const outCols = cols - size + 1;
  const out = new Float64Array(outRows * outCols);
  for (let i = 0; i < outRows; i++) {
    for (let j = 0; j < outCols; j++) {
      let sum = 0;
      for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) sum += image[(i + a) * cols + j + b] * kernel[a * size + b];
      out[i * outCols + j] = sum;
    }
  }
  return out;
}

test('correlateValid equals a float64 loop', () => {
  const cases: [number, number, number][] = [[60, 61, 41], [23, 29, 5], [7, 40, 1], [9, 9, 9], [50, 21, 3]];
  for (const [rows, cols, size] of cases) {
    const image = randomArray(rows * cols, rows + cols);
    const kernel = randomArray(size * size, size);
    const actual = correlateValid(image, rows, cols, kernel, size);
    assert.equal(actual.length, (rows - size + 1) * (cols - size + 1));
    const error = relativeError(actual, reference(image, rows, cols, kernel, size));
    assert.ok(error < 1e-5, `${rows}x${cols} with ${size}x${size}: relative error ${error}`);
  }
});

test('correlateValid refuses a kernel larger than the image or mismatched lengths', () => {
  assert.throws(() => correlateValid(new Float32Array(16), 4, 4, new Float32Array(25), 5), /a 5x5 kernel does not fit a 4x4 image/);
  assert.throws(() => correlateValid(new Float32Array(15), 4, 4, new Float32Array(4), 2), /image has 15 values, not 4x4/);
});

test('strided one-plane Conv2D and its input gradient (the spectral loss MTF sampling) equal the cpu backend', async () => {
  await initBackends();
  // The R-PNN spectral loss shape (235² crop, 61×61 MTF, every 6th pixel) plus odd sizes, a batch of 2,
  // kernel widths that are not a multiple of 4 and a last window that leaves uncovered rows/cols.
  const cases: { x: [number, number, number, number]; size: [number, number]; stride: number }[] = [
    { x: [1, 235, 235, 1], size: [61, 61], stride: 6 },
    { x: [2, 40, 37, 1], size: [7, 9], stride: 3 },
    { x: [1, 19, 22, 1], size: [5, 5], stride: 4 },
  ];
  for (const c of cases) {
    const compute = () => {
      const x = tf.randomNormal(c.x, 0, 1, 'float32', 21) as tf.Tensor4D;
      const kernel = tf.randomNormal([...c.size, 1, 1], 0, 1, 'float32', 22) as tf.Tensor4D;
      const weights = tf.randomNormal(tf.conv2d(x, kernel, c.stride, 'valid').shape, 0, 1, 'float32', 23);
      const forward = tf.conv2d(x, kernel, c.stride, 'valid');
      const gradient = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(v as tf.Tensor4D, kernel, c.stride, 'valid'), weights)))(x);
      return [forward, gradient];
    };
    const [wasmForward, wasmGradient] = await onBackend('wasm', compute);
    const [cpuForward, cpuGradient] = await onBackend('cpu', compute);
    const forwardError = relativeError(wasmForward, cpuForward);
    const gradientError = relativeError(wasmGradient, cpuGradient);
    assert.ok(forwardError < 1e-5 && gradientError < 1e-5, `${JSON.stringify(c)}: forward ${forwardError}, gradient ${gradientError}`);
  }
});

test('one-output-channel Conv2D (the PNN last layer) and its gradients equal the cpu backend', async () => {
  await initBackends();
  const cases: { x: [number, number, number, number]; filter: [number, number, number, number]; pad: 'valid' | 'same' }[] = [
    { x: [1, 62, 61, 32], filter: [3, 3, 32, 1], pad: 'valid' },
    { x: [2, 17, 23, 3], filter: [5, 4, 3, 1], pad: 'valid' },
    { x: [1, 20, 21, 7], filter: [1, 1, 7, 1], pad: 'valid' },
    { x: [1, 16, 18, 32], filter: [3, 3, 32, 1], pad: 'same' }, // padded: stays on XNNPACK
  ];
  for (const c of cases) {
    const compute = () => {
      const x = tf.randomNormal(c.x, 0, 1, 'float32', 31) as tf.Tensor4D;
      const filter = tf.randomNormal(c.filter, 0, 1, 'float32', 32) as tf.Tensor4D;
      const weights = tf.randomNormal(tf.conv2d(x, filter, 1, c.pad).shape, 0, 1, 'float32', 33);
      const loss = (v: tf.Tensor, f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(v as tf.Tensor4D, f as tf.Tensor4D, 1, c.pad), weights));
      const [dx, dFilter] = tf.grads(loss)([x, filter]);
      return [tf.conv2d(x, filter, 1, c.pad), dx, dFilter];
    };
    const wasm = await onBackend('wasm', compute);
    const cpu = await onBackend('cpu', compute);
    const errors = wasm.map((values, i) => relativeError(values, cpu[i]));
    assert.ok(errors.every((e) => e < 1e-5), `${JSON.stringify(c)}: forward, dx, dFilter relative errors ${errors.join(', ')}`);
  }
});
