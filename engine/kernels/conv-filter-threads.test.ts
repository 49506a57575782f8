/**
 * The filter gradient split over helper threads equals the single-thread kernel bit for bit (each
 * output element gets the same float32 operations), for the three R-PNN layer shapes (split along
 * the input channels, along the output channels, and the swapped 32 → 1 layer) and a batch-2
 * strided case, and inputs already in shared memory (read in place); the helpers really computed
 * their parts (no fallback).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomArray } from './cnn-fixture.ts';
import { convFilterGradient, convFilterHelpers, splitParts, type ConvFilterGeometry } from './conv-filter-module.ts';

const helperStats = convFilterHelpers.stats;
const readyHelperCount = () => convFilterHelpers.readyCount();

function geometry(batch: number, size: number, inChannels: number, outChannels: number, kernel: number, stride: number, pad: number): ConvFilterGeometry {
  const out = Math.floor((size + 2 * pad - kernel) / stride) + 1;
  return {
    batch, inHeight: size, inWidth: size, inChannels, outHeight: out, outWidth: out, outChannels,
    filterHeight: kernel, filterWidth: kernel, strideHeight: stride, strideWidth: stride,
    dilationHeight: 1, dilationWidth: 1, padTop: pad, padLeft: pad,
  };
}

test('splitParts keeps register blocks whole and covers every channel once', () => {
  assert.deepEqual(splitParts(48, 32, 2), [[0, 24, 0, 32], [24, 48, 0, 32]]);
  assert.deepEqual(splitParts(2, 48, 2), [[0, 2, 0, 24], [0, 2, 24, 48]]);
  assert.deepEqual(splitParts(1, 32, 3), [[0, 1, 0, 8], [0, 1, 8, 24], [0, 1, 24, 32]]);
  assert.deepEqual(splitParts(10, 3, 4), [[0, 4, 0, 3], [4, 8, 0, 3], [8, 10, 0, 3]]);
  assert.deepEqual(splitParts(3, 12, 4), [[0, 3, 0, 12]]);
  assert.deepEqual(splitParts(48, 32, 1), [[0, 48, 0, 32]]);
});

test('helper threads give the single-thread values exactly', async () => {
  const cases = [
    geometry(1, 110, 48, 32, 5, 1, 0),
    geometry(1, 120, 2, 48, 7, 1, 0),
    geometry(1, 300, 32, 1, 3, 1, 1),
    geometry(2, 150, 13, 24, 3, 2, 1),
  ];
  // Start the helpers, then wait until both are ready (parts of unready helpers run here).
  convFilterGradient(randomArray(110 * 110 * 48, 1), randomArray(106 * 106 * 32, 2), cases[0], 3);
  for (let waited = 0; readyHelperCount() < 2 && waited < 20_000; waited += 50) await sleep(50);
  assert.equal(readyHelperCount(), 2, 'helper threads did not start');
  const before = helperStats.completed;
  for (const g of cases) {
    const x = randomArray(g.batch * g.inHeight * g.inWidth * g.inChannels, g.inChannels);
    const dy = randomArray(g.batch * g.outHeight * g.outWidth * g.outChannels, g.outChannels);
    const single = convFilterGradient(x, dy, g, 1);
    for (const threads of [2, 3]) {
      const split = convFilterGradient(x, dy, g, threads);
      let differing = 0;
      for (let i = 0; i < single.length; i++) if (split[i] !== single[i]) differing++;
      assert.equal(differing, 0, `${g.inChannels} → ${g.outChannels}, ${g.filterHeight}x${g.filterWidth}, ${threads} threads: ${differing} values differ`);
    }
  }
  // x and dy inside one SharedArrayBuffer (as on the threaded backend's heap): helpers read them in place.
  const g = cases[0];
  const xSize = g.inHeight * g.inWidth * g.inChannels;
  const dySize = g.outHeight * g.outWidth * g.outChannels;
  const heap = new SharedArrayBuffer((8 + xSize + 3 + dySize) * 4);
  const x = new Float32Array(heap, 8 * 4, xSize);
  const dy = new Float32Array(heap, (8 + xSize + 3) * 4, dySize);
  x.set(randomArray(xSize, 5));
  dy.set(randomArray(dySize, 6));
  const single = convFilterGradient(x, dy, g, 1);
  const split = convFilterGradient(x, dy, g, 3);
  assert.deepEqual([...split], [...single], 'shared-heap inputs: helper values differ');
  // Every case is above the parallel minimum: one helper part with 2 threads, two with 3.
  assert.equal(helperStats.completed - before, 3 * cases.length + 2);
  assert.equal(helperStats.fallbacks, 0);
});
