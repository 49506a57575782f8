/**
 * rho-PNN pre-training on band 0 (spec ALGORITHMS.md A.5; reference giu-guarino/rho-PNN utils.py
 * `patchify`, `model_ensemble`, `train`), run once before the band loop:
 * - patches: non-overlapping square tiles of band 0, side 90 (rr) / 120 (fr) HR px, row-major;
 *   LR side floor(side / r), HR side r x that (the reference's 90/6 = 15, 120/6 = 20), so every
 *   patch starts on an LR pixel and keeps the grid phase (LR i <-> HR r*i + phase). Per patch:
 *   input (HS~_0, PAN) [h, w, 2], LR label cropped as the spectral loss samples (`axisSampling`:
 *   for r = 6, side 90, the reference's `[5:-5]` mtf_scope crop). An axis shorter than one
 *   patch is covered by one patch spanning the whole axis (the whole image when both are).
 * - epoch = one pass over the patches in a fresh random order (seeded) in batches of 4 (the last
 *   batch may be smaller, as DataLoader without drop_last).
 * (1) model ensemble: 10 members start from the current network with a fresh Adam each (same
 *     learning rate), train 10 epochs on L_spec alone; the network gets the mean of their weights.
 *     Reference quirk, not copied: `copy.deepcopy(optimizer)` there holds copies of the original
 *     parameters, not the member's, so its members never move and its "ensemble" returns the
 *     initial weights (checked with PyTorch 2: the deep-copied optimizer steps orphan tensors).
 * (2) `epochs` epochs with the node's Adam (the same optimizer then runs the band loop):
 *     per batch L0 = L_spec(HS~ patches, labels) (mean of the per-patch L0, equal sizes);
 *     beta_s = 0.5 when L_spec < gamma*gamma_l*L0, 0 when L_spec > gamma*L0, unchanged between
 *     (0 at the start); loss L_spec + beta_s mean(1 - |rho(out, PAN; ceil(r/2))|); the hysteresis
 *     uses this step's pre-update L_spec, as the reference. The EMA (0.95) of the weights starts at
 *     the first L_spec < t_on and is updated after every later step; the final weights are the
 *     EMA. If t_on is never reached (the reference crashes: EMA None) the last weights are kept.
 */
import type * as tfType from '@tensorflow/tfjs-core';
import type { WeightTensor } from '../../../core/values.ts';
import { Adam } from './adam.ts';
import { centre, cropLabel, rhoLoss, spectralLoss } from './losses.ts';
import { Network, seededRandom } from './network.ts';
import { bandPatches } from './pretrain-rho-patches.ts';
import type { Scene } from './scene.ts';
import { bandTensors, disposeAll, kernelTensor, planeTensor, scalarValue, trainStep, type Hooks } from './training.ts';

type Tf = typeof tfType;
type T4 = tfType.Tensor4D;

export const PRETRAIN = { members: 10, memberEpochs: 10, batch: 4, beta: 0.5, ema: 0.95, patch: { rr: 90, fr: 120 } } as const;

export { bandPatches, randomWeights, type Patches } from './pretrain-rho-patches.ts';

export interface PretrainOptions {
  mode: 'rr' | 'fr';
  /** Hysteresis epochs of phase (2) (reference 300). */
  epochs: number;
  seed: number;
  /** Learning rate of the members' fresh Adam optimizers (the node's rate). */
  learningRate: number;
  /** Hysteresis thresholds as fractions of L0: [t_on, t_off] = [gamma*gamma_l, gamma]. */
  limits: [number, number];
  /** Ensemble size and epochs per member (reference 10 x 10; smaller only in tests). */
  members?: number;
  memberEpochs?: number;
  /** Test hook: copies of each member's final weights. */
  onMember?(weights: WeightTensor[]): void;
}

export interface PretrainReport {
  patches: number;
  /** Optimisation steps taken (ensemble + hysteresis). */
  steps: number;
  /** Band 0 on the full image: L0 of HS~ and L_spec of the pre-trained network. */
  L0: number;
  spectral: number;
  /** True when the EMA weights were kept (t_on reached), false: the last weights (fallback). */
  ema: boolean;
}

/** Steps a pre-training will take (for the progress fraction). */
export function pretrainSteps(patches: number, options: Pick<PretrainOptions, 'epochs' | 'members' | 'memberEpochs'>): number {
  const batches = Math.ceil(patches / PRETRAIN.batch);
  return ((options.members ?? PRETRAIN.members) * (options.memberEpochs ?? PRETRAIN.memberEpochs) + options.epochs) * batches;
}

/** In-place Fisher-Yates shuffle driven by `random`. */
function shuffle(order: number[], random: () => number): number[] {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Pre-trains `net` on band 0 (header). `adam` is the node's optimizer (phase 2, then the band
 * loop); `hooks.iteration` gets global steps 1..steps; `curve` receives each step's total loss.
 */
export async function pretrainRho(tf: Tf, net: Network, adam: Adam, scene: Scene, options: PretrainOptions, hooks: Hooks, curve: { x: number[]; y: number[] }): Promise<PretrainReport> {
  const patches = bandPatches(scene, PRETRAIN.patch[options.mode]);
  const { count, rows, cols, sampling } = patches;
  const window = Math.ceil(scene.ratio / 2);
  const random = seededRandom((options.seed ^ 0x5eed0) >>> 0);
  const members = options.members ?? PRETRAIN.members;
  const memberEpochs = options.memberEpochs ?? PRETRAIN.memberEpochs;
  const total = pretrainSteps(count, options);
  const kernel = kernelTensor(tf, scene.ratio, 61);
  const interpolated = tf.tensor4d(patches.interpolated, [count, rows, cols, 1]);
  const pan = tf.tensor4d(patches.pan, [count, rows, cols, 1]);
  const label = tf.tidy(() => cropLabel(tf, tf.tensor4d(patches.lr, [count, patches.lrRows, patches.lrCols, 1]), sampling));
  const panCentred = centre(tf, pan, window);
  // per-patch L0 (all patches have the same size: the batch L0 is the mean of its patches')
  const patchL0 = Array.from({ length: count }, (_, k) =>
    scalarValue(tf, () => spectralLoss(tf, tf.slice(interpolated, [k, 0, 0, 0], [1, -1, -1, -1]), tf.slice(label, [k, 0, 0, 0], [1, -1, -1, -1]), kernel, sampling)),
  );
  let step = 0;
  /** One epoch of (shuffled) batches: `visit(batch tensors, batch L0)` takes the step. */
  const epoch = async (visit: (batch: { input: T4; interpolated: T4; label: T4; centred: T4; energy: T4 }, L0: number) => number[], message: string) => {
    const order = shuffle(Array.from({ length: count }, (_, k) => k), random);
    for (let start = 0; start < count; start += PRETRAIN.batch) {
      await hooks.checkAbort();
      const chosen = order.slice(start, start + PRETRAIN.batch);
      const indices = tf.tensor1d(chosen, 'int32');
      const pick = (t: T4) => tf.gather(t, indices) as T4;
      const batch = tf.tidy(() => {
        const hs = pick(interpolated);
        return { input: tf.concat([hs, pick(pan)], 3) as T4, interpolated: hs, label: pick(label), centred: pick(panCentred.centred), energy: pick(panCentred.energy) };
      });
      try {
        const L0 = chosen.reduce((s, k) => s + patchL0[k], 0) / chosen.length;
        const [loss] = visit(batch, L0);
        step++;
        curve.x.push(step);
        curve.y.push(loss);
        hooks.iteration(step, loss, `pre-training band 0: ${message}, step ${step}/${total}`);
      } finally {
        disposeAll(tf, [indices, ...Object.values(batch)]);
      }
    }
  };
  const spectralOnly = (model: Network, batch: { input: T4; interpolated: T4; label: T4 }) => () => {
    const spectral = spectralLoss(tf, model.forward(batch.input, batch.interpolated), batch.label, kernel, sampling);
    return { total: spectral, parts: [] };
  };
  let ema = undefined as tfType.Tensor[] | undefined;
  let sum = undefined as tfType.Tensor[] | undefined;
  try {
    // (1) model ensemble: members from the current weights, fresh Adam each, spectral loss only
    const start = net.copy();
    for (let k = 0; k < members; k++) {
      const member = new Network(tf, net.arch, start);
      const optimizer = new Adam(tf, member.variables, options.learningRate);
      try {
        for (let e = 0; e < memberEpochs; e++) {
          await epoch((batch) => trainStep(tf, member, optimizer, spectralOnly(member, batch)), `ensemble member ${k + 1}/${members}, epoch ${e + 1}/${memberEpochs}`);
        }
        options.onMember?.(member.copy());
        const next = tf.tidy(() => member.variables.map((v, i) => (sum ? tf.add(sum[i], v) : tf.clone(v))));
        disposeAll(tf, sum ?? []);
        sum = next;
      } finally {
        optimizer.dispose();
        member.dispose();
      }
    }
    if (sum) {
      const mean = tf.tidy(() => sum!.map((s) => tf.div(s, members)));
      net.restore(mean);
      disposeAll(tf, [...sum, ...mean]);
      sum = undefined;
    }
    // (2) hysteresis with fixed beta, per-batch L0, EMA from the first L_spec < t_on
    let betaActive = 0;
    for (let e = 0; e < options.epochs; e++) {
      await epoch((batch, L0) => {
        const numbers = trainStep(tf, net, adam, () => {
          const out = net.forward(batch.input, batch.interpolated);
          const spectral = spectralLoss(tf, out, batch.label, kernel, sampling);
          // the reference decides beta_s from this step's (pre-update) L_spec before backward
          const value = spectral.dataSync()[0];
          if (value < options.limits[0] * L0) betaActive = PRETRAIN.beta;
          else if (value > options.limits[1] * L0) betaActive = 0;
          if (value < options.limits[0] * L0 && !ema) ema = [];
          if (betaActive === 0) return { total: spectral, parts: [] };
          return { total: tf.add(spectral, tf.mul(rhoLoss(tf, out, { centred: batch.centred, energy: batch.energy }, window), betaActive)) as tfType.Scalar, parts: [] };
        });
        if (ema) {
          const next = ema.length === 0 ? net.snapshot() : tf.tidy(() => ema!.map((w, i) => tf.add(tf.mul(w, PRETRAIN.ema), tf.mul(net.variables[i], 1 - PRETRAIN.ema))));
          disposeAll(tf, ema);
          ema = next;
        }
        return numbers;
      }, `hysteresis epoch ${e + 1}/${options.epochs}${betaActive > 0 ? ' (spatial on)' : ''}`);
    }
    const usedEma = ema !== undefined && ema.length > 0;
    if (usedEma) net.restore(ema!);
    // band 0 on the full image, before and after
    const full = bandTensors(tf, scene, 0);
    const fullKernelLabel = cropLabel(tf, full.lr, scene.sampling);
    const fullPan = planeTensor(tf, scene.pan, scene.rows, scene.cols);
    const fullInput = tf.concat([full.interpolated, fullPan], 3) as T4;
    try {
      const L0 = scalarValue(tf, () => spectralLoss(tf, full.interpolated, fullKernelLabel, kernel, scene.sampling));
      const spectral = scalarValue(tf, () => spectralLoss(tf, net.forward(fullInput, full.interpolated), fullKernelLabel, kernel, scene.sampling));
      return { patches: count, steps: step, L0, spectral, ema: usedEma };
    } finally {
      disposeAll(tf, [full.interpolated, full.lr, fullKernelLabel, fullPan, fullInput]);
    }
  } finally {
    disposeAll(tf, [kernel, interpolated, pan, label, panCentred.centred, panCentred.energy, ...(ema ?? []), ...(sum ?? [])]);
  }
}
