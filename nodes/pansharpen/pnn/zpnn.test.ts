// pansharpen.pnn z-pnn end to end on a synthetic Wald-protocol scene; weights reuse and checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BandwireError } from '../../../core/errors.ts';
import type { Raster, Weights } from '../../../core/values.ts';
import { runNode } from '../../../test/harness.ts';
import { idealInterpolate } from '../lib/interpolate.ts';
import pnn from '../pnn.ts';
import { ergas, syntheticCase } from './synthetic.ts';
import { cropScene, prepareScene } from './scene.ts';
import { trainingTile } from './train-zpnn.ts';

const ratio = 4;
const scene = syntheticCase(80, 3, ratio);
const baseline = ergas(idealInterpolate(scene.hs, ratio), scene.truth, ratio, 8);

test('z-pnn beats the ideal interpolator on ERGAS; its weights are reusable and checked', async () => {
  const first = await runNode(pnn, { hs: scene.hs, pan: scene.pan }, { variant: 'z-pnn', iterations: 40, learningRate: 2e-4 });
  assert.equal(first.leakedTensors, 0);
  const result = ergas(first.outputs.cube as Raster, scene.truth, ratio, 8);
  // measured: interp 3.52, z-pnn 2.79
  assert.ok(result < 0.9 * baseline, `ERGAS z-pnn ${result} vs interp ${baseline}`);
  const weights = first.outputs.weights as Weights;
  assert.equal(weights.model, 'pnn/z-pnn');
  // continuing from the tuned weights for 1 more iteration stays at least as good as interpolation
  const again = await runNode(pnn, { hs: scene.hs, pan: scene.pan, weights }, { variant: 'z-pnn', iterations: 1, learningRate: 1e-6 });
  assert.ok(ergas(again.outputs.cube as Raster, scene.truth, ratio, 8) < 0.9 * baseline);
  await assert.rejects(runNode(pnn, { hs: scene.hs, pan: scene.pan, weights }, { variant: 'r-pnn' }), (e: unknown) => {
    assert.ok(e instanceof BandwireError);
    assert.match(e.message, /input 'weights'.*does not match variant 'r-pnn'/);
    return true;
  });
});

test('cropScene keeps the grid phase: HR tile = ratio x LR tile, same values', () => {
  const full = prepareScene(scene.hs, scene.pan, { variant: 'z-pnn', ratio: 0, scale: 65536 });
  const tile = cropScene(full, 3, 2, 16);
  assert.equal(tile.rows, 64);
  assert.equal(tile.lrRows, 16);
  const b = 2;
  // LR (3 + 5, 2 + 7) and HR (4 * 3 + 21, 4 * 2 + 30) of band b
  assert.equal(tile.lr[b * 256 + 5 * 16 + 7], full.lr[b * 400 + 8 * 20 + 9]);
  assert.equal(tile.interpolated[b * 4096 + 21 * 64 + 30], full.interpolated[b * 6400 + 33 * 80 + 38]);
  assert.equal(tile.pan[21 * 64 + 30], full.pan[33 * 80 + 38]);
  assert.deepEqual(tile.sampling.rows, { start: 0, first: 7, count: 1 });
  // a small scene trains on itself
  assert.equal(trainingTile(full), full);
});
