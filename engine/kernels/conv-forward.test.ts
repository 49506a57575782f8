/**
 * The forward-convolution kernel (conv-forward-module.ts, routed by conv2d.ts) against tfjs's
 * XNNPACK Conv2D (captured before the project kernels are registered): 'same', 'valid' and
 * asymmetric explicit pads, batch 2, output widths that leave 1-3 pixels after the 4-pixel
 * blocks, odd channel counts; fused multiply-add (relaxed SIMD) changes only the last bits, so
 * the bound is 1e-5 of the largest value. Helper threads give the one-thread values exactly,
 * also when x, the filter and the output live in one shared buffer (the threaded heap: helpers
 * read and write it in place), and they really computed their rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import * as tf from '@tensorflow/tfjs-core';
import { randomArray } from './cnn-fixture.ts';
import { initBackends, originalConv2D, relativeError, type ConvPad } from './compare.ts';
import { convForward, convForwardHelpers, convForwardOutSize, rowParts, type ConvForwardGeometry } from './conv-forward-module.ts';

// tfjs's own kernel, captured before initBackends registers the project's.
const original = tf.getKernel(tf.Conv2D, 'wasm')!;

const cases: { x: number[]; filter: number[]; pad: ConvPad }[] = [
  { x: [1, 40, 41, 48], filter: [5, 5, 48, 32], pad: 'valid' },
  { x: [1, 30, 33, 2], filter: [7, 7, 2, 48], pad: 'same' },
  { x: [2, 21, 22, 13], filter: [3, 3, 13, 16], pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  { x: [1, 25, 27, 32], filter: [5, 5, 32, 48], pad: [[0, 0], [4, 4], [4, 4], [0, 0]] },
  { x: [1, 70, 75, 40], filter: [1, 1, 40, 8], pad: 'valid' },
];

test('rowParts splits the rows into contiguous ranges covering each row once', () => {
  assert.deepEqual(rowParts(242, 2), [[0, 121], [121, 242]]);
  assert.deepEqual(rowParts(10, 3), [[0, 3], [3, 7], [7, 10]]);
  assert.deepEqual(rowParts(2, 4), [[0, 1], [1, 2]]);
  assert.deepEqual(rowParts(5, 1), [[0, 5]]);
});

test('Conv2D on the SIMD kernel equals XNNPACK to float32 rounding', async () => {
  await initBackends();
  await tf.setBackend('wasm');
  for (const c of cases) {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 3);
    const filter = tf.randomNormal(c.filter, 0, 1, 'float32', 4);
    const actual = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, c.pad);
    const expected = originalConv2D(original, x, filter, c.pad);
    assert.deepEqual(actual.shape, expected.shape);
    const error = relativeError(actual.dataSync(), expected.dataSync());
    assert.ok(error < 1e-5, `${JSON.stringify(c)}: relative error ${error}`);
    // Routed through the project kernel: the module called directly gives the same bits.
    const [, h, w, channels] = c.x;
    const [kH, kW, , outChannels] = c.filter;
    const [, outH, outW] = actual.shape;
    const padTop = c.pad === 'valid' ? 0 : c.pad === 'same' ? Math.floor((kH - 1) / 2) : c.pad[1][0];
    const padLeft = c.pad === 'valid' ? 0 : c.pad === 'same' ? Math.floor((kW - 1) / 2) : c.pad[2][0];
    const g: ConvForwardGeometry = {
      batch: c.x[0], inHeight: h, inWidth: w, channels, filterHeight: kH, filterWidth: kW, outChannels,
      padTop, padLeft, padBottom: outH + kH - 1 - h - padTop, padRight: outW + kW - 1 - w - padLeft,
    };
    const direct = new Float32Array(actual.size);
    convForward(x.dataSync() as Float32Array, filter.dataSync() as Float32Array, g, direct, 1);
    assert.deepEqual(direct, actual.dataSync(), `${JSON.stringify(c)}: tf.conv2d did not run the project kernel`);
    tf.dispose([x, filter, actual, expected]);
  }
});

test('helper threads give the one-thread values exactly, in place on a shared heap', async () => {
  const g: ConvForwardGeometry = {
    batch: 2, inHeight: 70, inWidth: 61, channels: 48, filterHeight: 5, filterWidth: 5, outChannels: 32,
    padTop: 2, padBottom: 2, padLeft: 1, padRight: 3,
  };
  const [outH, outW] = convForwardOutSize(g);
  const xSize = g.batch * g.inHeight * g.inWidth * g.channels;
  const filterSize = 5 * 5 * 48 * 32;
  const outSize = g.batch * outH * outW * g.outChannels;
  const x = randomArray(xSize, 1);
  const filter = randomArray(filterSize, 2);
  const single = new Float32Array(outSize);
  convForward(x, filter, g, single, 1);
  for (let waited = 0; convForwardHelpers.readyCount() < 2 && waited < 20_000; waited += 50) {
    convForward(x, filter, g, new Float32Array(outSize), 3);
    await sleep(50);
  }
  assert.equal(convForwardHelpers.readyCount(), 2, 'helper threads did not start');
  const before = convForwardHelpers.stats.completed;
  for (const threads of [2, 3]) {
    const split = new Float32Array(outSize);
    convForward(x, filter, g, split, threads);
    assert.deepEqual(split, single, `${threads} threads (copied inputs)`);
  }
  // One shared buffer holding x, the filter and the output, as the threaded backend's heap.
  const heap = new SharedArrayBuffer((4 + xSize + filterSize + outSize) * 4);
  const sharedX = new Float32Array(heap, 4 * 4, xSize);
  const sharedFilter = new Float32Array(heap, (4 + xSize) * 4, filterSize);
  const sharedOut = new Float32Array(heap, (4 + xSize + filterSize) * 4, outSize);
  sharedX.set(x);
  sharedFilter.set(filter);
  convForward(sharedX, sharedFilter, g, sharedOut, 3);
  assert.deepEqual(new Float32Array(sharedOut), single, 'shared heap, 3 threads');
  // Two images × (1 helper part with 2 threads + 2 with 3 threads + 2 on the shared heap).
  assert.equal(convForwardHelpers.stats.completed - before, 2 * (1 + 2 + 2));
  assert.equal(convForwardHelpers.stats.fallbacks, 0);
});

test('bad geometry is refused with a message', () => {
  const g: ConvForwardGeometry = { batch: 1, inHeight: 4, inWidth: 4, channels: 1, filterHeight: 3, filterWidth: 3, outChannels: 4, padTop: 0, padBottom: 0, padLeft: 0, padRight: 0 };
  assert.throws(() => convForward(new Float32Array(16), new Float32Array(36), g, new Float32Array(16), 1), /4 output channels \(needs a multiple of 8\)/);
  const big = { ...g, outChannels: 8, filterHeight: 5 };
  assert.throws(() => convForward(new Float32Array(16), new Float32Array(5 * 3 * 8), big, new Float32Array(0), 1), /filter is larger than the padded input/);
});
