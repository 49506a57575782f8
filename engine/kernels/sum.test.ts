/**
 * The project Sum kernel on wasm (leading reduced axes) gives bit-identical values to tfjs's own
 * wasm path (transpose so the reduced axes come last, then a sequential float32 row sum), and
 * agrees with a float64 column sum to float32 rounding; other axes keep tfjs's kernel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackends } from './compare.ts';
import { columnSum } from './sum.ts';

test('columnSum sums each column in row order', () => {
  // 3 x 2 matrix [[1, 2], [3, 4], [5, 6]] → [9, 12]
  const out = new Float32Array(2);
  columnSum(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 2, out);
  assert.deepEqual([...out], [9, 12]);
});

const cases: { shape: number[]; axes: number[]; keepDims: boolean }[] = [
  { shape: [1, 60, 61, 32], axes: [0, 1, 2], keepDims: false },
  { shape: [2, 30, 33, 5], axes: [2, 0, 1], keepDims: true },
  { shape: [500, 3], axes: [0], keepDims: false },
  { shape: [7, 9, 11], axes: [0, 1], keepDims: false },
  { shape: [1, 40, 40, 1], axes: [0, 1, 2], keepDims: false },
];

test('Sum over leading axes on wasm equals tfjs wasm transpose-then-sum bit for bit', async () => {
  await initBackends();
  await tf.setBackend('wasm');
  for (const c of cases) {
    const count = c.shape.reduce((a, b) => a * b, 1);
    // Values of mixed magnitude and sign so that the summation order matters.
    const values = Float32Array.from({ length: count }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 3));
    const x = tf.tensor(values, c.shape);
    const y = tf.sum(x, c.axes, c.keepDims);
    // Reference: reduced axes moved last by an explicit transpose (tfjs's own kernel then sums innermost axes).
    const rank = c.shape.length;
    const kept = Array.from({ length: rank }, (_, i) => i).filter((i) => !c.axes.includes(i));
    const sortedAxes = [...c.axes].sort((a, b) => a - b);
    const moved = tf.transpose(x, [...kept, ...sortedAxes]);
    const reference = tf.sum(moved, sortedAxes.map((_, i) => kept.length + i));
    const expectedShape = c.shape.map((s, i) => (c.axes.includes(i) ? 1 : s)).filter((s, i) => c.keepDims || !c.axes.includes(i));
    assert.deepEqual(y.shape, expectedShape, JSON.stringify(c));
    const actual = await y.data();
    const expected = await reference.data();
    assert.deepEqual([...actual], [...expected], JSON.stringify(c));
    // Float64 column sums agree to float32 accumulation error (relative to Σ|x| per column).
    const columns = actual.length;
    const exact = new Float64Array(columns);
    const magnitude = new Float64Array(columns);
    for (let i = 0; i < count; i++) {
      exact[i % columns] += values[i];
      magnitude[i % columns] += Math.abs(values[i]);
    }
    for (let k = 0; k < columns; k++) assert.ok(Math.abs(actual[k] - exact[k]) <= 1e-5 * magnitude[k], `${JSON.stringify(c)} column ${k}`);
    tf.dispose([x, y, moved, reference]);
  }
});

test('Sum over trailing or all axes and int32 sums still match cpu', async () => {
  await initBackends();
  const run = async (backend: 'cpu' | 'wasm') => {
    await tf.setBackend(backend);
    const x = tf.tensor(Array.from({ length: 120 }, (_, i) => i % 13), [4, 5, 6], 'int32');
    const f = tf.tensor(Array.from({ length: 120 }, (_, i) => (i % 13) / 4), [4, 5, 6]);
    const outs = [tf.sum(x, [0, 1]), tf.sum(f, [2]), tf.sum(f), tf.sum(f, [1])];
    const data = await Promise.all(outs.map(async (t) => ({ dtype: t.dtype, shape: t.shape, values: [...(await t.data())] })));
    tf.dispose([x, f, ...outs]);
    return data;
  };
  assert.deepEqual(await run('wasm'), await run('cpu'));
});
