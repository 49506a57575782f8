/**
 * Conv2D and depthwise Conv2D on wasm (project kernels) vs the cpu backend on small random
 * inputs: forward values and the gradients with respect to input and filter of
 * L = Σ conv(x, W) ⊙ R (R random, so dy = R) agree within 1e-4 (max-norm relative).
 * Covers odd sizes, 'same'/'valid'/numeric padding, strides 1, 2, 3, 4 and 6 (the 61x61
 * spectral-loss filter; stride > kernel too), channel counts 1–13,
 * batch 2, channel multipliers 1 and 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { randomArray } from './cnn-fixture.ts';
import { initBackends, onBackend, relativeError } from './compare.ts';

type Pad = 'same' | 'valid' | number;
interface Case { batch: number; height: number; width: number; inChannels: number; outChannels: number; kernel: number; stride: number; pad: Pad }

const convCases: Case[] = [
  { batch: 1, height: 9, width: 7, inChannels: 3, outChannels: 8, kernel: 3, stride: 1, pad: 'same' },
  { batch: 2, height: 11, width: 13, inChannels: 5, outChannels: 4, kernel: 5, stride: 1, pad: 'valid' },
  { batch: 1, height: 10, width: 9, inChannels: 48, outChannels: 32, kernel: 5, stride: 1, pad: 'same' },
  { batch: 1, height: 12, width: 12, inChannels: 2, outChannels: 48, kernel: 9, stride: 1, pad: 'same' },
  { batch: 1, height: 8, width: 11, inChannels: 32, outChannels: 1, kernel: 5, stride: 1, pad: 'same' },
  { batch: 1, height: 7, width: 7, inChannels: 1, outChannels: 1, kernel: 3, stride: 1, pad: 'valid' },
  { batch: 2, height: 9, width: 10, inChannels: 13, outChannels: 3, kernel: 3, stride: 2, pad: 'same' },
  { batch: 1, height: 12, width: 11, inChannels: 6, outChannels: 12, kernel: 4, stride: 2, pad: 'valid' },
  { batch: 1, height: 8, width: 8, inChannels: 4, outChannels: 9, kernel: 3, stride: 1, pad: 2 },
  { batch: 1, height: 6, width: 9, inChannels: 7, outChannels: 5, kernel: 1, stride: 1, pad: 'valid' },
  { batch: 1, height: 70, width: 67, inChannels: 1, outChannels: 1, kernel: 61, stride: 6, pad: 'valid' },
  { batch: 2, height: 13, width: 14, inChannels: 3, outChannels: 5, kernel: 5, stride: 3, pad: 'same' },
  { batch: 1, height: 9, width: 9, inChannels: 2, outChannels: 3, kernel: 2, stride: 4, pad: 1 },
];

function label(c: Case): string {
  return `${c.batch}×${c.height}×${c.width}×${c.inChannels} → ${c.outChannels}, ${c.kernel}×${c.kernel}, stride ${c.stride}, pad ${c.pad}`;
}

/** [y, dL/dx, dL/dW] for the given conv on the current backend. */
function valueAndGradients(c: Case, depthwise: boolean): tf.Tensor[] {
  const x = tf.tensor4d(randomArray(c.batch * c.height * c.width * c.inChannels, 1), [c.batch, c.height, c.width, c.inChannels]);
  const multiplier = depthwise ? c.outChannels / c.inChannels : c.outChannels;
  const filter = tf.tensor4d(randomArray(c.kernel * c.kernel * c.inChannels * multiplier, 2), [c.kernel, c.kernel, c.inChannels, multiplier]);
  const pad = c.pad as 'same' | 'valid';
  const conv = (input: tf.Tensor4D, w: tf.Tensor4D) =>
    depthwise ? tf.depthwiseConv2d(input, w, c.stride, pad) : tf.conv2d(input, w, c.stride, pad);
  const y = conv(x, filter);
  const weightsOfY = tf.tensor(randomArray(y.size, 3), y.shape);
  const gradients = tf.grads((input: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(conv(input as tf.Tensor4D, w as tf.Tensor4D), weightsOfY)))([x, filter]);
  return [y, ...gradients];
}

async function compare(c: Case, depthwise: boolean): Promise<void> {
  const expected = await onBackend('cpu', () => valueAndGradients(c, depthwise));
  const actual = await onBackend('wasm', () => valueAndGradients(c, depthwise));
  ['value', 'gradient wrt input', 'gradient wrt filter'].forEach((name, i) => {
    const error = relativeError(actual[i], expected[i]);
    assert.ok(error < 1e-4, `${label(c)}: ${name} relative error ${error.toExponential(2)}`);
  });
}

test('Conv2D values and gradients on wasm equal cpu', async () => {
  await initBackends();
  for (const c of convCases) await compare(c, false);
});

const depthwiseCases: Case[] = [
  { batch: 1, height: 9, width: 7, inChannels: 3, outChannels: 3, kernel: 3, stride: 1, pad: 'same' },
  { batch: 2, height: 16, width: 15, inChannels: 8, outChannels: 8, kernel: 7, stride: 1, pad: 'same' },
  { batch: 1, height: 11, width: 13, inChannels: 5, outChannels: 5, kernel: 5, stride: 1, pad: 'valid' },
  { batch: 1, height: 9, width: 10, inChannels: 4, outChannels: 8, kernel: 3, stride: 1, pad: 'same' },
  { batch: 1, height: 10, width: 9, inChannels: 3, outChannels: 6, kernel: 3, stride: 2, pad: 'valid' },
  { batch: 1, height: 12, width: 11, inChannels: 2, outChannels: 2, kernel: 4, stride: 2, pad: 'same' },
];

test('depthwise Conv2D values and gradients on wasm equal cpu', async () => {
  await initBackends();
  for (const c of depthwiseCases) await compare(c, true);
});

test('kernels release their temporaries on wasm', async () => {
  await initBackends();
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const dataBefore = backend.numDataIds();
  tf.dispose(tf.tidy(() => valueAndGradients(convCases[0], false)));
  tf.dispose(tf.tidy(() => valueAndGradients(depthwiseCases[0], true)));
  assert.equal(tf.memory().numTensors, before);
  assert.equal(backend.numDataIds(), dataBefore, 'wasm heap buffers leaked');
});
