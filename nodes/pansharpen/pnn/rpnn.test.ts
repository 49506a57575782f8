// pansharpen.pnn (r-pnn) end to end on a synthetic Wald-protocol scene, bad inputs and cancel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BandwireError, isCancelled } from '../../../core/errors.ts';
import type { Metrics, Raster, Weights } from '../../../core/values.ts';
import { initRuntime, tf } from '../../../engine/runtime/backend.ts';
import { runNode } from '../../../test/harness.ts';
import { idealInterpolate } from '../lib/interpolate.ts';
import pnn from '../pnn.ts';
import { ergas, syntheticCase } from './synthetic.ts';

const ratio = 4;

test('r-pnn beats the ideal interpolator on ERGAS (80x80 PAN, ratio 4, 3 bands) and leaks no tensors', async () => {
  const scene = syntheticCase(80, 3, ratio);
  const { outputs, leakedTensors, progress, logs } = await runNode(pnn, { hs: scene.hs, pan: scene.pan }, { variant: 'r-pnn', iterations: 25 }); // default learning rate (3e-4)
  assert.equal(leakedTensors, 0);
  // 80 px at ratio 4 leaves 5 x 5 LR pixels beside the 61 x 61 MTF: logged as unreliable
  assert.ok(logs.some((l) => /^warning: the spectral loss sees only 25 low-resolution pixel\(s\) \(5 x 5\) at 80 x 80 px, ratio 4/.test(l)), logs.join('\n'));
  const fused = outputs.cube as Raster;
  const interpolated = idealInterpolate(scene.hs, ratio);
  const baseline = ergas(interpolated, scene.truth, ratio, 8);
  const result = ergas(fused, scene.truth, ratio, 8);
  // measured: interp 3.52, r-pnn 2.14
  assert.ok(result < 0.9 * baseline, `ERGAS r-pnn ${result} vs interp ${baseline}`);
  const losses = outputs.losses as Metrics;
  assert.equal(losses.values.iterations, 20 + 25 + 25, 'schedule 20 / min(n_b, 25) / min(n_b, 25)');
  assert.equal(losses.curves?.loss.y.length, 70);
  for (let b = 0; b < 3; b++) {
    const improved = losses.values[`band${b}.improved`] === 1;
    assert.equal(improved, losses.values[`band${b}.spectral`] < losses.values[`band${b}.L0`]);
  }
  assert.ok(losses.values.improvedBands >= 2);
  const weights = outputs.weights as Weights;
  assert.equal(weights.model, 'pnn/r-pnn');
  assert.equal(weights.tensors.reduce((s, t) => s + t.data.length, 0), 43473, 'R-PNN parameter count');
  assert.ok(progress.some((p) => /band 3\/3, iter 25\/25/.test(p.message ?? '')));
});

test('bad inputs give errors naming the node and the parameter', async () => {
  await initRuntime();
  const scene = syntheticCase(80, 2, ratio);
  const expectError = async (inputs: Record<string, unknown>, params: Record<string, unknown>, pattern: RegExp, param?: string) => {
    await assert.rejects(runNode(pnn, inputs as never, params), (e: unknown) => {
      assert.ok(e instanceof BandwireError, String(e));
      assert.match(e.message, /pansharpen\.pnn/);
      assert.match(e.message, pattern);
      if (param) assert.equal(e.culprit.param, param);
      return true;
    });
  };
  const odd = { ...scene.pan, rows: 78, cols: 78, data: scene.pan.data.subarray(0, 78 * 78) };
  await expectError({ hs: scene.hs, pan: odd }, {}, /non-integer/, 'ratio');
  await expectError({ hs: scene.hs, pan: scene.pan }, { ratio: 3 }, /not 3 x HS/, 'ratio');
  const noWavelengths = { ...scene.hs, wavelengths: undefined };
  await expectError({ hs: noWavelengths, pan: scene.pan }, {}, /wavelengths.*prep\.selectBands/s, 'wavelengths');
  // the param as text (the CLI's --set, a hand-edited graph) is parsed, not ignored
  await expectError({ hs: noWavelengths, pan: scene.pan }, { wavelengths: '500, 600; 700' }, /'wavelengths' has 3 values but input 'hs' has 2 bands/, 'wavelengths');
  const nan = { ...scene.hs, data: scene.hs.data.slice() };
  nan.data[5] = Number.NaN;
  await expectError({ hs: nan, pan: scene.pan }, {}, /NaN/);
  await expectError({ hs: scene.hs, pan: scene.hs }, {}, /'pan' has 2 bands/);
});

test('cancel stops training promptly and releases every tensor', async () => {
  await initRuntime();
  const scene = syntheticCase(80, 2, ratio);
  const controller = new AbortController();
  const before = tf.memory().numTensors;
  setTimeout(() => controller.abort(), 1500);
  const started = Date.now();
  await assert.rejects(runNode(pnn, { hs: scene.hs, pan: scene.pan }, { iterations: 1000 }, { signal: controller.signal }), (e: unknown) => isCancelled(e));
  assert.ok(Date.now() - started < 60_000);
  assert.equal(tf.memory().numTensors, before);
});
