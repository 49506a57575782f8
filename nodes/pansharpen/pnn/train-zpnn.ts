/**
 * Z-PNN-style training (Ciotola, Vitale, Mazza, Poggi, Scarpa 2022, "Pansharpening by
 * convolutional neural networks in the full resolution framework", IEEE TGRS; spec A.6): one
 * 9/5/5 network (48/32 channels, input reflection-padded by its scope 8, residual) predicts all B
 * bands at once from (HS~, PAN); loss L_spec (61x61 MTF GNyq 0.3 per band, sampled at the grid
 * phase, L1 over every band) + beta L_struct (R-PNN thresholded structural loss per band against
 * the PAN, mask semi-width 8), beta = 0.36 (the WV2/WV3 setting); `iterations` full-image steps
 * with a best-loss checkpoint. No pre-trained weights exist for hyperspectral sensors: training
 * starts from the zero-last-layer initialisation (output = HS~). Bandwire addition (lesson H):
 * bands whose final spectral loss does not beat their L0 keep HS~_b.
 */
import type * as tfType from '@tensorflow/tfjs-core';
import type { Adam } from './adam.ts';
import { cropLabel, filterAndSample, panLowpass, structuralLoss, thresholdMask } from './losses.ts';
import type { Network } from './network.ts';
import type { Scene } from './scene.ts';
import { disposeAll, kernelTensor, planeTensor, storeBand, trainStep, type BandReport, type Hooks, type TrainResult } from './training.ts';

type Tf = typeof tfType;
type T4 = tfType.Tensor4D;

export const ZPNN_BETA = 0.36;

export function trainZpnn(tf: Tf, net: Network, adam: Adam, scene: Scene, options: { iterations: number }, hooks: Hooks): TrainResult {
  const { rows, cols, bands, ratio, sampling } = scene;
  const n = rows * cols;
  const window = Math.ceil(ratio / 2);
  const scope = net.arch.scope;
  const curve = { x: [] as number[], y: [] as number[] };
  const kernel61 = kernelTensor(tf, ratio, 61);
  const pan = planeTensor(tf, scene.pan, rows, cols);
  // [B, H, W, 1] stacks (one image per band) for the losses; [1, H, W, B + 1] network input
  const interpolated = tf.tensor4d(scene.interpolated, [bands, rows, cols, 1]);
  const lr = tf.tensor4d(scene.lr, [bands, scene.lrRows, scene.lrCols, 1]);
  const input = tf.tidy(() => tf.concat([tf.transpose(interpolated, [3, 1, 2, 0]), pan], 3)) as T4;
  const label = cropLabel(tf, lr, sampling);
  const threshold = tf.tidy(() => thresholdMask(tf, panLowpass(tf, pan, kernelTensor(tf, ratio, 41), scope), interpolated, scope, 8));
  const perBand = (x: T4) => tf.mean(tf.abs(tf.sub(filterAndSample(tf, x, kernel61, sampling), label)), [1, 2, 3]);
  let best: tfType.Tensor[] | undefined;
  try {
    const L0T = tf.tidy(() => perBand(interpolated));
    const L0 = L0T.dataSync().slice();
    L0T.dispose();
    let bestLoss = Infinity;
    for (let i = 0; i < options.iterations; i++) {
      hooks.checkAbort();
      const [total] = trainStep(tf, net, adam, () => {
        const out = tf.transpose(net.forward(input), [3, 1, 2, 0]) as T4;
        const spectral = tf.mean(perBand(out)) as tfType.Scalar;
        const structural = structuralLoss(tf, out, pan, threshold, window);
        return { total: tf.add(spectral, tf.mul(structural, ZPNN_BETA)) as tfType.Scalar, parts: [] };
      });
      if (total < bestLoss) {
        bestLoss = total;
        disposeAll(tf, best ?? []);
        best = net.snapshot();
      }
      curve.x.push(i + 1);
      curve.y.push(total);
      hooks.iteration(i + 1, total, `all ${bands} bands, iter ${i + 1}/${options.iterations}`);
    }
    if (best) net.restore(best);
    const [spectralT, prediction] = tf.tidy(() => {
      const out = tf.transpose(net.forward(input), [3, 1, 2, 0]) as T4;
      return [perBand(out), out];
    });
    const spectral = spectralT.dataSync();
    const predicted = prediction.dataSync() as Float32Array;
    const fused = new Float32Array(n * bands);
    const reports: BandReport[] = [];
    for (let b = 0; b < bands; b++) {
      const improved = spectral[b] < L0[b];
      storeBand(fused, n, b, (improved ? predicted : scene.interpolated).subarray(b * n, (b + 1) * n));
      reports.push({ band: b, iterations: options.iterations, L0: L0[b], spectral: spectral[b], structural: NaN, improved });
    }
    disposeAll(tf, [spectralT, prediction]);
    return { fused, reports, curve, weights: net.read() };
  } finally {
    disposeAll(tf, [kernel61, pan, interpolated, lr, input, label, threshold, ...(best ?? [])]);
  }
}
