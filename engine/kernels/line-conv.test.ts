/**
 * The project's one-channel 1-D Conv2D on wasm gives bit-identical values to tfjs's XNNPACK
 * Conv2D (kept for a reference before the project kernels are registered) for the PNN box-sum
 * shapes (explicit pads, w = 3 and 18), 'same'/'valid' pads, batch 2 and random filters; the
 * box-sum input gradient (conv-backprop.ts over this kernel) matches cpu to float32 rounding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackends, onBackend, originalConv2D, relativeError, type ConvPad } from './compare.ts';
import { lineCorrelate, lineCorrelatePlain, type LineGeometry } from './line-conv.ts';

// tfjs's own kernel, captured before initBackends registers the project's.
const original = tf.getKernel(tf.Conv2D, 'wasm')!;

test('lineCorrelate on a hand-checked case', () => {
  // x = [1 2 3 4] (1 x 4), filter [1, 10] with pad left 1, right 0 → [10, 21, 32, 43]
  const out = new Float32Array(4);
  lineCorrelate(Float32Array.from([1, 2, 3, 4]), Float32Array.from([1, 10]), {
    batch: 1, inHeight: 1, inWidth: 4, filterHeight: 1, filterWidth: 2, outHeight: 1, outWidth: 4, padTop: 0, padLeft: 1,
  }, out);
  assert.deepEqual([...out], [10, 21, 32, 43]);
});

test('the SIMD kernel equals the plain TypeScript tap sum bit for bit (pads, odd widths, batches, 2-D filters)', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const geometries: Omit<LineGeometry, 'outHeight' | 'outWidth'>[] = [
    { batch: 1, inHeight: 37, inWidth: 53, filterHeight: 1, filterWidth: 6, padTop: 0, padLeft: 2 },
    { batch: 2, inHeight: 41, inWidth: 30, filterHeight: 18, filterWidth: 1, padTop: 9, padLeft: 0 },
    { batch: 1, inHeight: 9, inWidth: 7, filterHeight: 3, filterWidth: 5, padTop: 4, padLeft: 6 },
    { batch: 1, inHeight: 64, inWidth: 65, filterHeight: 36, filterWidth: 1, padTop: 0, padLeft: 0 },
    { batch: 3, inHeight: 5, inWidth: 3, filterHeight: 1, filterWidth: 3, padTop: 0, padLeft: 1 },
  ];
  for (const base of geometries) {
    for (const [extraBottom, extraRight] of [[0, 0], [1, 2]]) {
      const g: LineGeometry = {
        ...base,
        outHeight: base.inHeight + 2 * base.padTop - base.filterHeight + 1 + extraBottom,
        outWidth: base.inWidth + 2 * base.padLeft - base.filterWidth + 1 + extraRight,
      };
      const x = Float32Array.from({ length: g.batch * g.inHeight * g.inWidth }, random);
      const filter = Float32Array.from({ length: g.filterHeight * g.filterWidth }, random);
      const simd = new Float32Array(g.batch * g.outHeight * g.outWidth).fill(NaN);
      const plain = new Float32Array(simd.length).fill(NaN);
      lineCorrelate(x, filter, g, simd);
      lineCorrelatePlain(x, filter, g, plain);
      const differing = simd.filter((v, i) => !Object.is(v, plain[i])).length;
      assert.equal(differing, 0, `${JSON.stringify(g)}: ${differing} of ${simd.length} values differ`);
    }
  }
});

const cases: { x: number[]; filter: number[]; pad: ConvPad }[] = [
  { x: [1, 240, 240, 1], filter: [1, 6, 1, 1], pad: [[0, 0], [0, 0], [2, 3], [0, 0]] },
  { x: [1, 240, 240, 1], filter: [6, 1, 1, 1], pad: [[0, 0], [2, 3], [0, 0], [0, 0]] },
  { x: [1, 120, 130, 1], filter: [36, 1, 1, 1], pad: [[0, 0], [17, 18], [0, 0], [0, 0]] },
  { x: [2, 50, 60, 1], filter: [1, 7, 1, 1], pad: 'same' },
  { x: [1, 50, 60, 1], filter: [5, 1, 1, 1], pad: 'valid' },
  { x: [1, 20, 30, 1], filter: [1, 3, 1, 1], pad: [[0, 0], [1, 0], [4, 2], [0, 0]] },
];

test('one-channel 1-D Conv2D equals XNNPACK bit for bit', async () => {
  await initBackends();
  await tf.setBackend('wasm');
  for (const c of cases) {
    for (const ones of [true, false]) {
      const x = tf.randomNormal(c.x, 0, 1, 'float32', 3);
      const filter = ones ? tf.ones(c.filter) : tf.randomNormal(c.filter, 0, 1, 'float32', 4);
      const actual = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, c.pad);
      const expected = originalConv2D(original, x, filter, c.pad);
      assert.deepEqual(actual.shape, expected.shape);
      const a = actual.dataSync();
      const e = expected.dataSync();
      let differing = 0;
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], e[i])) differing++;
      assert.equal(differing, 0, `${JSON.stringify(c)} ones=${ones}: ${differing} values differ`);
      tf.dispose([x, filter, actual, expected]);
    }
  }
});

test('box-sum gradient through the 1-D kernels matches cpu', async () => {
  await initBackends();
  const compute = () => {
    const x = tf.randomNormal([1, 40, 44, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
    const weights = tf.randomNormal([1, 40, 44, 1], 0, 1, 'float32', 8);
    const box = (v: tf.Tensor4D) => {
      const horizontal = tf.conv2d(v, tf.ones([1, 6, 1, 1]) as tf.Tensor4D, 1, [[0, 0], [0, 0], [2, 3], [0, 0]]);
      return tf.conv2d(horizontal, tf.ones([6, 1, 1, 1]) as tf.Tensor4D, 1, [[0, 0], [2, 3], [0, 0], [0, 0]]);
    };
    const gradient = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(box(v as tf.Tensor4D), weights)))(x);
    return [box(x), gradient];
  };
  const [cpuBox, cpuGradient] = await onBackend('cpu', compute);
  const [wasmBox, wasmGradient] = await onBackend('wasm', compute);
  assert.ok(relativeError(wasmBox, cpuBox) < 1e-6, 'box sum');
  assert.ok(relativeError(wasmGradient, cpuGradient) < 1e-6, 'gradient');
});
