/**
 * R-PNN target adaptation (Guarino, Ciotola, Vivone, Scarpa 2024, "Band-wise hyperspectral image
 * pansharpening using CNN model propagation", IEEE TGRS; spec A.4): bands in file order, one
 * network and one Adam never reset, per band `schedule[b]` full-image iterations of
 * L = L_spec + alpha_b L_struct, best (pre-step) loss checkpoint of the post-step weights reloaded
 * at the end of the band and carried to the next band.
 * Bandwire addition (lesson H): the band keeps the interpolated HS~_b when the checkpoint's
 * spectral loss does not beat L0 = L_spec(HS~_b); the report says so.
 */
import type * as tfType from '@tensorflow/tfjs-core';
import type { Adam } from './adam.ts';
import { centre, cropLabel, panLowpass, spectralLoss, structuralLoss, thresholdMask } from './losses.ts';
import type { Network } from './network.ts';
import type { Scene } from './scene.ts';
import { bandPartial, bandTensors, disposeAll, kernelTensor, planeTensor, scalarValue, storeBand, trainStep, type BandReport, type Hooks, type TrainResult } from './training.ts';

type Tf = typeof tfType;

export interface RpnnOptions {
  /** Iterations per band (already capped). */
  schedule: number[];
  /** Structural weight per band. */
  alphas: number[];
}

export async function trainRpnn(tf: Tf, net: Network, adam: Adam, scene: Scene, options: RpnnOptions, hooks: Hooks): Promise<TrainResult> {
  const { rows, cols, bands, ratio, sampling } = scene;
  const n = rows * cols;
  const scope = net.arch.scope;
  const window = Math.ceil(ratio / 2);
  const fused = new Float32Array(n * bands);
  const reports: BandReport[] = [];
  const curve = { x: [] as number[], y: [] as number[] };
  const kernel61 = kernelTensor(tf, ratio, 61);
  const pan = planeTensor(tf, scene.pan, rows, cols);
  const lowpass = tf.tidy(() => {
    const kernel41 = kernelTensor(tf, ratio, 41);
    return panLowpass(tf, pan, kernel41, scope);
  });
  // The PAN side of the structural correlation, the same every iteration.
  const panCentred = centre(tf, pan, window);
  let step = 0;
  try {
    for (let b = 0; b < bands; b++) {
      const iterations = options.schedule[b];
      const alpha = options.alphas[b];
      const { interpolated, lr } = bandTensors(tf, scene, b);
      const input = tf.concat([interpolated, pan], 3) as tfType.Tensor4D;
      const label = cropLabel(tf, lr, sampling);
      const threshold = thresholdMask(tf, lowpass, interpolated, scope);
      let best: tfType.Tensor[] | undefined;
      try {
        const L0 = scalarValue(tf, () => spectralLoss(tf, interpolated, label, kernel61, sampling));
        let bestLoss = Infinity;
        for (let i = 0; i < iterations; i++) {
          await hooks.checkAbort();
          const [total] = trainStep(tf, net, adam, () => {
            const out = net.forward(input, interpolated);
            const spectral = spectralLoss(tf, out, label, kernel61, sampling);
            const structural = structuralLoss(tf, out, panCentred, threshold, window);
            return { total: tf.add(spectral, tf.mul(structural, alpha)) as tfType.Scalar, parts: [] };
          });
          if (total < bestLoss) {
            bestLoss = total;
            disposeAll(tf, best ?? []);
            best = net.snapshot();
          }
          step++;
          curve.x.push(step);
          curve.y.push(total);
          hooks.iteration(step, total, `band ${b + 1}/${bands}, iter ${i + 1}/${iterations}`);
        }
        if (best) net.restore(best);
        const [spectral, structural, prediction] = tf.tidy(() => {
          const out = net.forward(input, interpolated);
          return [spectralLoss(tf, out, label, kernel61, sampling), structuralLoss(tf, out, panCentred, threshold, window), out];
        });
        const report: BandReport = {
          band: b,
          iterations,
          L0,
          spectral: spectral.dataSync()[0],
          structural: structural.dataSync()[0],
          improved: false,
        };
        report.improved = report.spectral < L0;
        storeBand(fused, n, b, (report.improved ? prediction : interpolated).dataSync() as Float32Array);
        disposeAll(tf, [spectral, structural, prediction]);
        reports.push(report);
        hooks.partial?.(bandPartial(net, b + 1, fused, reports, curve));
      } finally {
        disposeAll(tf, [interpolated, lr, input, label, threshold, ...(best ?? [])]);
      }
    }
  } finally {
    disposeAll(tf, [kernel61, pan, lowpass, panCentred.centred, panCentred.energy]);
  }
  return { fused, reports, curve, weights: net.read() };
}
