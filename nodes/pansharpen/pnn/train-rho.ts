/**
 * rho-PNN zero-shot band-wise adaptation (Guarino, Ciotola, Vivone, Poggi, Scarpa 2025; reference
 * giu-guarino/rho-PNN; spec A.5). Per band b, with L0 = L_spec(HS~_b):
 * - loss L_spec + beta_s * L_rho, L_rho = mean(1 - |rho(out, PAN; ceil(r/2))|);
 * - hysteresis: beta_s = beta (ON) when L_spec < t_on = gamma*gamma_l*L0, 0 (OFF) when
 *   L_spec > t_off = gamma*L0, unchanged in between; before the first switch-on, spectral only;
 * - beta adaptation at the first switch-on: from beta_0, two Adam steps from a saved state, halve
 *   beta while L_spec grows by more than `epsilon` (floor beta_0/8), then roll back;
 * - EMA (0.95) of the weights once beta is tuned; counter n_s of spatially active iterations;
 * - lowest-L_rho checkpoint during active iterations, overwritten by the EMA when beta was tuned;
 * - adaptive budget max_iter[b] from the LR inter-band correlation (`rhoBudget`).
 * Pre-training on band 0 (optional, `pretrain`; pretrain-rho.ts): model ensemble (10 members x 10
 * epochs, spectral loss) then `epochs` hysteresis epochs (beta 0.5, per-batch L0, EMA) on
 * non-overlapping patches, from the fully random PyTorch-style init; the same Adam then runs the
 * band loop. Without it (default) the network starts from the zero-last-layer initialisation
 * (output = HS~). Simplification (documented in the node help): no tiling / MobileNet tile
 * selection in the band loop: every iteration uses the full image (the reference RR mode batches
 * all tiles, which equals the full image up to tile borders). Bandwire addition (lesson H): a band keeps HS~_b
 * when the final spectral loss does not beat L0.
 */
import type * as tfType from '@tensorflow/tfjs-core';
import { disposeState, type Adam } from './adam.ts';
import { centre, cropLabel, rhoLoss, spectralLoss } from './losses.ts';
import type { Network } from './network.ts';
import { bandPatches, PRETRAIN, pretrainRho, pretrainSteps, type PretrainOptions, type PretrainReport } from './pretrain-rho.ts';
import type { Scene } from './scene.ts';
import { rhoBudget } from './schedule.ts';
import { bandPartial, bandTensors, disposeAll, kernelTensor, planeTensor, scalarValue, storeBand, trainStep, type BandReport, type Hooks, type TrainResult } from './training.ts';

type Tf = typeof tfType;

export const RHO_SETTINGS = {
  rr: { gamma: 0.62, gammaLow: 0.9, beta0: 1, epsilon: 1.003, settle: 5, eta: 30 },
  fr: { gamma: 0.65, gammaLow: 0.9, beta0: 2, epsilon: 1.007, settle: 20, eta: 30 },
} as const;

export interface RhoOptions {
  mode: 'rr' | 'fr';
  /** Cap on iterations per band (0 = none). */
  cap: number;
  onBudget(total: number): void;
  /** Pre-training on band 0 before the band loop (absent: none). */
  pretrain?: Omit<PretrainOptions, 'mode' | 'limits'>;
}

export interface RhoResult extends TrainResult {
  pretrain?: PretrainReport;
}

export async function trainRho(tf: Tf, net: Network, adam: Adam, scene: Scene, options: RhoOptions, hooks: Hooks): Promise<RhoResult> {
  const hp = RHO_SETTINGS[options.mode];
  const { rows, cols, bands, ratio, sampling } = scene;
  const n = rows * cols;
  const m = scene.lrRows * scene.lrCols;
  const window = Math.ceil(ratio / 2);
  const lrBands = Array.from({ length: bands }, (_, b) => scene.lr.subarray(b * m, (b + 1) * m));
  const budget = rhoBudget(lrBands, hp.settle, hp.eta).map((x) => (options.cap > 0 ? Math.min(x, options.cap) : x));
  const preSteps = options.pretrain ? pretrainSteps(bandPatches(scene, PRETRAIN.patch[options.mode]).count, options.pretrain) : 0;
  options.onBudget(preSteps + budget.reduce((a, x) => a + x, 0));
  const fused = new Float32Array(n * bands);
  const reports: BandReport[] = [];
  const curve = { x: [] as number[], y: [] as number[] };
  const kernel61 = kernelTensor(tf, ratio, 61);
  const pan = planeTensor(tf, scene.pan, rows, cols);
  // The PAN side of the correlation, the same every iteration.
  const panCentred = centre(tf, pan, window);
  let step = 0;
  let pretrain: PretrainReport | undefined;
  try {
    if (options.pretrain) {
      pretrain = await pretrainRho(tf, net, adam, scene, { ...options.pretrain, mode: options.mode, limits: [hp.gamma * hp.gammaLow, hp.gamma] }, hooks, curve);
      step = pretrain.steps;
    }
    for (let b = 0; b < bands; b++) {
      const { interpolated, lr } = bandTensors(tf, scene, b);
      const input = tf.concat([interpolated, pan], 3) as tfType.Tensor4D;
      const label = cropLabel(tf, lr, sampling);
      let best: tfType.Tensor[] | undefined;
      let ema: tfType.Tensor[] | undefined;
      const losses = (beta: number) => () => {
        const out = net.forward(input, interpolated);
        const spectral = spectralLoss(tf, out, label, kernel61, sampling);
        const spatial = rhoLoss(tf, out, panCentred, window);
        return { total: tf.add(spectral, tf.mul(spatial, beta)) as tfType.Scalar, parts: [spectral, spatial] };
      };
      const spectralNow = () => scalarValue(tf, () => spectralLoss(tf, net.forward(input, interpolated), label, kernel61, sampling));
      try {
        const L0 = scalarValue(tf, () => spectralLoss(tf, interpolated, label, kernel61, sampling));
        const tOn = hp.gamma * hp.gammaLow * L0;
        const tOff = hp.gamma * L0;
        let beta = 0;
        let betaActive = 0;
        let tuned = false;
        let counter: number = hp.settle;
        let bestRho = Infinity;
        let i = 0;
        for (; i < budget[b] && counter > 0; i++) {
          await hooks.checkAbort();
          const [total, spectral, spatial] = trainStep(tf, net, adam, losses(betaActive));
          if (betaActive > 0) {
            counter--;
            if (spatial < bestRho) {
              bestRho = spatial;
              disposeAll(tf, best ?? []);
              best = net.snapshot();
            }
          }
          if (ema) {
            const next = tf.tidy(() => ema!.map((e, k) => tf.add(tf.mul(e, 0.95), tf.mul(net.variables[k], 0.05))));
            disposeAll(tf, ema);
            ema = next;
          }
          if (!tuned && spectral < tOn) {
            beta = adaptBeta(tf, net, adam, losses, spectralNow, hp);
            tuned = true;
            ema = net.snapshot();
          }
          if (tuned) betaActive = spectral < tOn ? beta : spectral > tOff ? 0 : betaActive;
          step++;
          curve.x.push(step);
          curve.y.push(total);
          hooks.iteration(step, total, `band ${b + 1}/${bands}, iter ${i + 1}/${budget[b]}${betaActive > 0 ? ' (spatial on)' : ''}`);
        }
        if (best) net.restore(best);
        if (ema) net.restore(ema);
        const [spectral, structural, prediction] = tf.tidy(() => {
          const out = net.forward(input, interpolated);
          return [spectralLoss(tf, out, label, kernel61, sampling), rhoLoss(tf, out, panCentred, window), out];
        });
        const report: BandReport = { band: b, iterations: i, L0, spectral: spectral.dataSync()[0], structural: structural.dataSync()[0], improved: false };
        report.improved = report.spectral < L0;
        storeBand(fused, n, b, (report.improved ? prediction : interpolated).dataSync() as Float32Array);
        disposeAll(tf, [spectral, structural, prediction]);
        reports.push(report);
        hooks.partial?.(bandPartial(net, b + 1, fused, reports, curve));
      } finally {
        disposeAll(tf, [interpolated, lr, input, label, ...(best ?? []), ...(ema ?? [])]);
      }
    }
  } finally {
    disposeAll(tf, [kernel61, pan, panCentred.centred, panCentred.energy]);
  }
  return { fused, reports, curve, weights: net.read(), pretrain };
}

/**
 * beta adaptation: from a saved (network, Adam) state take two steps with weight beta; halve beta
 * while L_spec after them exceeds epsilon x L_spec before (floor beta_0 / 8); restore the state.
 */
function adaptBeta(
  tf: Tf,
  net: Network,
  adam: Adam,
  losses: (beta: number) => () => { total: tfType.Scalar; parts: tfType.Scalar[] },
  spectralNow: () => number,
  hp: { beta0: number; epsilon: number },
): number {
  const savedNet = net.snapshot();
  const savedAdam = adam.save();
  try {
    const before = spectralNow();
    let beta = hp.beta0;
    for (;;) {
      net.restore(savedNet);
      adam.load(savedAdam);
      trainStep(tf, net, adam, losses(beta));
      trainStep(tf, net, adam, losses(beta));
      const after = spectralNow();
      if (after <= hp.epsilon * before || beta <= hp.beta0 / 8) return beta;
      beta /= 2;
    }
  } finally {
    net.restore(savedNet);
    adam.load(savedAdam);
    disposeAll(tf, savedNet);
    disposeState(savedAdam);
  }
}
