// rho-PNN pre-training on band 0 (pretrain-rho.ts): patches, model ensemble, hysteresis/EMA, cancel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, isCancelled } from '../../../core/errors.ts';
import type { WeightTensor } from '../../../core/values.ts';
import { initRuntime, tf } from '../../../engine/runtime/backend.ts';
import { Adam } from './adam.ts';
import { architecture, Network } from './network.ts';
import { bandPatches, pretrainRho, randomWeights, type PretrainOptions, type PretrainReport } from './pretrain-rho.ts';
import { prepareScene, type Scene } from './scene.ts';
import { syntheticCase } from './synthetic.ts';
import type { Hooks } from './training.ts';

const sceneOf = (size: number, ratio: number): Scene => {
  const c = syntheticCase(size, 1, ratio);
  return prepareScene(c.hs, c.pan, { variant: 'rho-pnn', ratio, scale: 65536 });
};
// ratio 6, 270 x 270 PAN (45 x 45 LR): 3 x 3 patches of 90 HR / 15 LR (the reference's RR patches)
const nine = sceneOf(270, 6);
const hooks = (onStep: (step: number) => void = () => {}): Hooks => ({
  iteration: (step) => onStep(step),
  checkAbort: async () => {},
});
const limits: [number, number] = [0.62 * 0.9, 0.62];

/** Runs pretrainRho on a fresh fully random net; returns the report, the final weights and the members'. */
async function pretrain(scene: Scene, options: Partial<PretrainOptions>, h = hooks()) {
  await initRuntime();
  const net = new Network(tf, architecture('rho-pnn'), randomWeights(architecture('rho-pnn'), options.seed ?? 0));
  const adam = new Adam(tf, net.variables, 1e-3);
  const members: WeightTensor[][] = [];
  const before = tf.memory().numTensors;
  try {
    const report: PretrainReport = await pretrainRho(tf, net, adam, scene, { mode: 'rr', epochs: 0, seed: 0, learningRate: 1e-3, limits, onMember: (w) => members.push(w), ...options }, h, { x: [], y: [] });
    assert.equal(tf.memory().numTensors, before, 'pre-training released its tensors');
    return { report, weights: net.copy(), members };
  } finally {
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked (cancelled or not)');
    adam.dispose();
    net.dispose();
  }
}

const flat = (w: WeightTensor[]) => Float32Array.from(w.flatMap((t) => Array.from(t.data)));

test('patches tile band 0 without overlap, row-major, on LR-aligned corners (grid phase kept)', () => {
  const p = bandPatches(nine, 90);
  assert.equal(p.count, 9);
  assert.deepEqual([p.rows, p.cols, p.lrRows, p.lrCols], [90, 90, 15, 15]);
  assert.deepEqual(p.corners.slice(0, 4), [{ lrRow: 0, lrCol: 0 }, { lrRow: 0, lrCol: 15 }, { lrRow: 0, lrCol: 30 }, { lrRow: 15, lrCol: 0 }]);
  // the spectral loss of a 90 px patch at r = 6: conv output [3::6] (start 3), label [5:-5] (5 samples)
  assert.deepEqual(p.sampling.rows, { start: 3, first: 5, count: 5 });
  // patch 5 (LR corner 15, 30) holds the scene's HR window at (90, 180) and LR window at (15, 30)
  const k = 5;
  for (const [r, c] of [[0, 0], [17, 44], [89, 89]]) {
    assert.equal(p.interpolated[(k * 90 + r) * 90 + c], nine.interpolated[(90 + r) * 270 + 180 + c]);
    assert.equal(p.pan[(k * 90 + r) * 90 + c], nine.pan[(90 + r) * 270 + 180 + c]);
  }
  for (const [r, c] of [[0, 0], [7, 11], [14, 14]]) assert.equal(p.lr[(k * 15 + r) * 15 + c], nine.lr[(15 + r) * 45 + 30 + c]);
  // ratio 4: LR side floor(90/4) = 22 -> 88 HR; an 80 px scene is smaller: one patch = the whole image
  assert.deepEqual([bandPatches(sceneOf(200, 4), 90).count, bandPatches(sceneOf(200, 4), 90).rows], [4, 88]);
  const small = bandPatches(sceneOf(80, 4), 90);
  assert.deepEqual([small.count, small.rows, small.cols, small.lrRows], [1, 80, 80, 20]);
});

test('model ensemble: the network gets the mean of the members; deterministic per seed', async () => {
  // 9 patches in batches of 4: each member sees its own shuffled batches, so members differ
  const options = { members: 2, memberEpochs: 1, epochs: 0, seed: 3 };
  const a = await pretrain(nine, options);
  assert.equal(a.members.length, 2);
  assert.equal(a.report.steps, 2 * 3);
  assert.equal(a.report.ema, false, 'no hysteresis epoch: the ensemble average is kept');
  const members = a.members.map(flat);
  const average = flat(a.weights);
  let spread = 0;
  let error = 0;
  for (let i = 0; i < average.length; i++) {
    const mean = (members[0][i] + members[1][i]) / 2;
    error = Math.max(error, Math.abs(average[i] - mean));
    spread = Math.max(spread, Math.abs(members[0][i] - members[1][i]));
  }
  assert.ok(error < 1e-7, `average vs mean of members: max diff ${error}`);
  assert.ok(spread > 1e-5, `members trained on different batch orders differ (max diff ${spread})`);
  const again = await pretrain(nine, options);
  assert.deepEqual(flat(again.weights), average, 'same seed, same weights');
  const other = await pretrain(nine, { ...options, seed: 4 });
  assert.notDeepEqual(flat(other.weights), average, 'another seed, other weights');
});

test('hysteresis pre-training brings band 0 below L0 of the interpolated band and keeps the EMA', async () => {
  // 68 px, ratio 4: one whole-image patch. Fully random start: L_spec starts at 3 x L0.
  // measured: L0 5.76e-3, first step 1.74e-2, after 2 x 3 ensemble steps + 40 epochs 2.74e-3 (EMA on)
  const { report } = await pretrain(sceneOf(68, 4), { members: 2, memberEpochs: 3, epochs: 40 });
  assert.equal(report.steps, 46);
  assert.equal(report.ema, true);
  assert.ok(report.spectral < 0.8 * report.L0, `band 0 after pre-training ${report.spectral} vs L0 ${report.L0}`);
});

test('t_on never reached: no EMA, the last weights are kept (the reference crashes here)', async () => {
  const { report, weights } = await pretrain(nine, { members: 0, epochs: 1, limits: [1e-9, 1e-9] });
  assert.equal(report.ema, false);
  assert.equal(report.steps, 3);
  assert.ok(Number.isFinite(report.spectral) && report.spectral > 0);
  // the weights moved away from the random start (last weights kept, not the start)
  assert.notDeepEqual(flat(weights), flat(randomWeights(architecture('rho-pnn'), 0)));
});

test('cancel during pre-training stops at the next step and releases every tensor', async () => {
  let cancelled = false;
  let steps = 0;
  const h: Hooks = {
    iteration: (step) => {
      steps = step;
      if (step === 2) cancelled = true;
    },
    checkAbort: async () => {
      if (cancelled) throw new CancelledError();
    },
  };
  await assert.rejects(pretrain(nine, { members: 2, memberEpochs: 3, epochs: 5 }, h), (e: unknown) => isCancelled(e));
  assert.equal(steps, 2);
});
