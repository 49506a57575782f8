// pansharpen.pnn rho-pnn end to end on a synthetic Wald-protocol scene.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Metrics, Raster, Weights } from '../../../core/values.ts';
import { runNode } from '../../../test/harness.ts';
import { idealInterpolate } from '../lib/interpolate.ts';
import pnn from '../pnn.ts';
import { ergas, syntheticCase } from './synthetic.ts';

const ratio = 4;
const scene = syntheticCase(80, 3, ratio);
const baseline = ergas(idealInterpolate(scene.hs, ratio), scene.truth, ratio, 8);

test('rho-pnn beats the ideal interpolator on ERGAS (hysteresis switches the |rho| loss on)', async () => {
  const { outputs, leakedTensors } = await runNode(pnn, { hs: scene.hs, pan: scene.pan }, { variant: 'rho-pnn', iterations: 25, learningRate: 1e-3 });
  assert.equal(leakedTensors, 0);
  const result = ergas(outputs.cube as Raster, scene.truth, ratio, 8);
  // measured: interp 3.52, rho-pnn 3.31
  assert.ok(result < 0.97 * baseline, `ERGAS rho-pnn ${result} vs interp ${baseline}`);
  const losses = outputs.losses as Metrics;
  // the band stops early once n_s = 5 spatially active iterations are done
  assert.ok([0, 1, 2].some((b) => losses.values[`band${b}.iterations`] < 25), JSON.stringify(losses.values));
  assert.equal((outputs.weights as Weights).tensors.reduce((s, t) => s + t.data.length, 0), 80849, 'rho-PNN parameter count');
});

test('rho-pnn with pretrain: band-0 pre-training runs first (10 x 10 ensemble steps + pretrainEpochs), then the band loop', async () => {
  const small = syntheticCase(68, 2, ratio);
  const { outputs, leakedTensors, progress } = await runNode(pnn, { hs: small.hs, pan: small.pan }, { variant: 'rho-pnn', iterations: 3, pretrain: true, pretrainEpochs: 5 });
  assert.equal(leakedTensors, 0);
  const values = (outputs.losses as Metrics).values;
  // 68 px scene at ratio 4: smaller than one 88 px patch -> one whole-image patch, one batch per epoch
  assert.equal(values['pretrain.patches'], 1);
  assert.equal(values['pretrain.steps'], 10 * 10 + 5);
  assert.equal(values.iterations, 105 + values['band0.iterations'] + values['band1.iterations']);
  assert.ok(progress.some((p) => p.message?.startsWith('pre-training band 0: ensemble member 10/10')), 'pre-training progress reported');
  assert.ok(Number.isFinite(values['pretrain.spectral']) && values['pretrain.L0'] === values['band0.L0']);
  assert.ok((outputs.cube as Raster).data.every(Number.isFinite));
});
