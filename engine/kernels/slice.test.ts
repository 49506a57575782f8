/**
 * The project Slice kernel on wasm gives exactly the cpu backend's values: ranks 1-5, float32 /
 * int32 / bool, crops, channel picks, whole trailing axes, size -1, empty slices; and the
 * reference copy `sliceInto` on a hand-checked case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackends } from './compare.ts';
import { sliceInto } from './slice.ts';

test('sliceInto copies the box row-major', () => {
  // 3 x 4 matrix 0..11, rows 1..2, cols 1..2
  const source = Float32Array.from({ length: 12 }, (_, i) => i);
  const target = new Float32Array(4);
  sliceInto(source, [3, 4], [1, 1], [2, 2], target);
  assert.deepEqual([...target], [5, 6, 9, 10]);
});

const cases: { shape: number[]; begin: number[]; size: number[] }[] = [
  { shape: [10], begin: [3], size: [5] },
  { shape: [7, 9], begin: [1, 2], size: [4, -1] },
  { shape: [1, 40, 40, 2], begin: [0, 0, 0, 0], size: [-1, -1, -1, 1] },
  { shape: [1, 40, 40, 2], begin: [0, 0, 0, 1], size: [-1, -1, -1, 1] },
  { shape: [1, 40, 40, 1], begin: [0, 3, 3, 0], size: [-1, 35, 35, -1] },
  { shape: [2, 30, 33, 5], begin: [1, 2, 0, 0], size: [1, 20, -1, -1] },
  { shape: [3, 6, 7, 100], begin: [0, 1, 2, 10], size: [2, 4, 3, 80] },
  { shape: [2, 3, 4, 5, 6], begin: [1, 0, 1, 2, 3], size: [1, 3, 2, 3, 2] },
  { shape: [4, 5], begin: [2, 1], size: [0, 3] },
];

test('Slice on wasm equals cpu exactly', async () => {
  await initBackends();
  for (const dtype of ['float32', 'int32', 'bool'] as const) {
    for (const c of cases) {
      const count = c.shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: count }, (_, i) => (dtype === 'bool' ? (i * 7) % 3 === 0 : dtype === 'int32' ? i * 3 - 50 : Math.sin(i) * 100));
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        const x = tf.tensor(values as number[], c.shape, dtype);
        const y = tf.slice(x, c.begin, c.size);
        const result = { shape: y.shape, data: Array.from(await y.data()) };
        tf.dispose([x, y]);
        return result;
      };
      const expected = await run('cpu');
      const actual = await run('wasm');
      assert.deepEqual(actual, expected, `${dtype} ${JSON.stringify(c)}`);
    }
  }
});
