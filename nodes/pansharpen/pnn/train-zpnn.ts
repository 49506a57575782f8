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
 * Memory: when H * W * B exceeds `TILE_VALUES` the network trains on the centre tile of that many
 * values (square, a multiple of the ratio; as rho-PNN tiles its training) and predicts the full
 * image; L0 and the final per-band losses are then those of the tile.
 */
import type * as tfType from '@tensorflow/tfjs-core';
import type { Adam } from './adam.ts';
import { cropLabel, filterAndSample, panLowpass, structuralLoss, structuralMap, thresholdMask } from './losses.ts';
import type { Network } from './network.ts';
import { cropScene, type Scene } from './scene.ts';
import { disposeAll, kernelTensor, planeTensor, storeBand, trainStep, type BandReport, type Hooks, type TrainResult } from './training.ts';

type Tf = typeof tfType;
type T4 = tfType.Tensor4D;

export const ZPNN_BETA = 0.36;

/** Iterations between two partial states (best weights so far) offered to `hooks.partial`. */
export const ZPNN_PARTIAL_EVERY = 10;

/** Largest training tile, in HR pixels x bands (about 300 x 300 x 64: ~2 GiB of tensors in a step). */
export const TILE_VALUES = 300 * 300 * 64;

/** The training scene: the whole scene, or its centre tile when the scene is large. */
export function trainingTile(scene: Scene): Scene {
  if (scene.rows * scene.cols * scene.bands <= TILE_VALUES) return scene;
  const side = Math.sqrt(TILE_VALUES / scene.bands);
  const lrSize = Math.max(Math.ceil((61 + scene.ratio) / scene.ratio) + 1, Math.floor(side / scene.ratio));
  const size = Math.min(lrSize, scene.lrRows, scene.lrCols);
  return cropScene(scene, Math.floor((scene.lrRows - size) / 2), Math.floor((scene.lrCols - size) / 2), size);
}

export async function trainZpnn(tf: Tf, net: Network, adam: Adam, full: Scene, options: { iterations: number }, hooks: Hooks): Promise<TrainResult> {
  const scene = trainingTile(full);
  const { rows, cols, bands, ratio, sampling } = scene;
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
    let improvedSincePartial = false;
    for (let i = 0; i < options.iterations; i++) {
      await hooks.checkAbort();
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
        improvedSincePartial = true;
      }
      curve.x.push(i + 1);
      curve.y.push(total);
      if (hooks.partial && improvedSincePartial && (i + 1) % ZPNN_PARTIAL_EVERY === 0) {
        // no band is final before the end: the cube stays interpolated, the weights are the best so far
        hooks.partial({ bandsDone: 0, fused: full.interpolated, reports: [], curve: { x: curve.x.slice(), y: curve.y.slice() }, weights: net.copy(best) });
        improvedSincePartial = false;
      }
      hooks.iteration(i + 1, total, `all ${bands} bands, iter ${i + 1}/${options.iterations}`);
    }
    if (best) net.restore(best);
    const [spectralT, structuralT] = tf.tidy(() => {
      const out = tf.transpose(net.forward(input), [3, 1, 2, 0]) as T4;
      return [perBand(out), tf.mean(structuralMap(tf, out, pan, threshold, window), [1, 2, 3])];
    });
    const spectral = spectralT.dataSync();
    const structural = structuralT.dataSync();
    const predicted = scene === full ? tf.tidy(() => tf.transpose(net.forward(input), [3, 1, 2, 0])) : predictFull(tf, net, full);
    const values = predicted.dataSync() as Float32Array;
    predicted.dispose();
    const total = full.rows * full.cols;
    const fused = new Float32Array(total * bands);
    const reports: BandReport[] = [];
    for (let b = 0; b < bands; b++) {
      const improved = spectral[b] < L0[b];
      storeBand(fused, total, b, (improved ? values : full.interpolated).subarray(b * total, (b + 1) * total));
      reports.push({ band: b, iterations: options.iterations, L0: L0[b], spectral: spectral[b], structural: structural[b], improved });
    }
    disposeAll(tf, [spectralT, structuralT]);
    return { fused, reports, curve, weights: net.read() };
  } finally {
    disposeAll(tf, [kernel61, pan, interpolated, lr, input, label, threshold, ...(best ?? [])]);
  }
}

/** Network output on the whole scene, band-sequential [B, H, W, 1]. */
function predictFull(tf: Tf, net: Network, scene: Scene): tfType.Tensor {
  return tf.tidy(() => {
    const interpolated = tf.tensor4d(scene.interpolated, [scene.bands, scene.rows, scene.cols, 1]);
    const pan = tf.tensor4d(scene.pan, [1, scene.rows, scene.cols, 1]);
    const input = tf.concat([tf.transpose(interpolated, [3, 1, 2, 0]), pan], 3) as T4;
    return tf.transpose(net.forward(input), [3, 1, 2, 0]);
  });
}
