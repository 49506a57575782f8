/**
 * Pieces shared by the PNN training loops: one optimisation step, per-band reports, the tensors
 * of one band (input, LR label, constant kernels) and progress/abort hooks.
 */
import type * as tfType from '@tensorflow/tfjs-core';
import type { WeightTensor } from '../../../core/values.ts';
import { mtfKernel } from '../lib/mtf.ts';
import type { Adam } from './adam.ts';
import type { Network } from './network.ts';
import type { Scene } from './scene.ts';

type Tf = typeof tfType;
type T4 = tfType.Tensor4D;

export interface BandReport {
  band: number;
  iterations: number;
  /** Spectral loss of the interpolated band (the level to beat). */
  L0: number;
  /** Final spectral and structural losses of the network output kept by the checkpoint. */
  spectral: number;
  structural: number;
  /** True when the network output beat L0 and was used; false: the interpolated band was kept. */
  improved: boolean;
}

export interface TrainResult {
  /** Fused bands / scale, band-sequential (rows*cols per band). */
  fused: Float32Array;
  reports: BandReport[];
  /** Total loss per iteration (x = global step). */
  curve: { x: number[]; y: number[] };
  weights: WeightTensor[];
}

export interface Hooks {
  /** Reports one finished iteration: global step, its total loss and a message. */
  iteration(step: number, loss: number, message: string): void;
  /** Yields to the event loop (so a cancel can arrive) and throws CancelledError when cancelled. */
  checkAbort(): Promise<void>;
  /**
   * Optional: the best state so far, worth keeping if the run is cancelled. Called after each band
   * (R-PNN, rho-PNN) or every few iterations when the best loss improved (Z-PNN). The arrays are
   * copies the loop no longer touches, except `fused`, which the receiver must copy.
   */
  partial?(state: PartialState): void;
}

export interface PartialState {
  /** Bands 0 .. bandsDone-1 are final in `fused`; later bands are not tuned yet. */
  bandsDone: number;
  /** Band-sequential fused bands / scale (rows*cols per band); valid up to bandsDone. */
  fused: Float32Array;
  reports: BandReport[];
  curve: { x: number[]; y: number[] };
  /** The best weights so far (copies). */
  weights: WeightTensor[];
}

/** The partial state after `bandsDone` bands: copies of reports, curve and the current weights. */
export function bandPartial(net: Network, bandsDone: number, fused: Float32Array, reports: BandReport[], curve: { x: number[]; y: number[] }): PartialState {
  return { bandsDone, fused, reports: reports.slice(), curve: { x: curve.x.slice(), y: curve.y.slice() }, weights: net.copy() };
}

/**
 * One step: gradients of `objective().total` w.r.t. the network variables, Adam update.
 * Returns [total, ...parts] as numbers (parts are the loss terms, evaluated pre-step).
 */
export function trainStep(tf: Tf, net: Network, adam: Adam, objective: () => { total: tfType.Scalar; parts: tfType.Scalar[] }): number[] {
  let parts: tfType.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const o = objective();
    parts = o.parts.map((p) => tf.keep(p));
    return o.total;
  }, net.variables);
  const ordered = net.variables.map((v) => grads[v.name]);
  adam.apply(ordered);
  const numbers = [value.dataSync()[0], ...parts.map((p) => p.dataSync()[0])];
  tf.dispose([value, ...ordered, ...parts]);
  return numbers;
}

/** The MTF kernel (GNyq 0.3, every HS band) as a conv filter [size, size, 1, 1]. */
export function kernelTensor(tf: Tf, ratio: number, size: number, gnyq = 0.3): T4 {
  return tf.tensor4d(Float32Array.from(mtfKernel(gnyq, ratio, size)), [size, size, 1, 1]);
}

/** A band-sequential plane as [1, rows, cols, 1]. */
export function planeTensor(tf: Tf, data: Float32Array, rows: number, cols: number): T4 {
  return tf.tensor4d(data, [1, rows, cols, 1]);
}

/** Interpolated band b [1, H, W, 1] and LR band b [1, h, w, 1] of the scene. */
export function bandTensors(tf: Tf, scene: Scene, b: number): { interpolated: T4; lr: T4 } {
  const n = scene.rows * scene.cols;
  const m = scene.lrRows * scene.lrCols;
  return {
    interpolated: planeTensor(tf, scene.interpolated.subarray(b * n, (b + 1) * n), scene.rows, scene.cols),
    lr: planeTensor(tf, scene.lr.subarray(b * m, (b + 1) * m), scene.lrRows, scene.lrCols),
  };
}

/** Copies a [1, H, W, 1] prediction into band b of the band-sequential output. */
export function storeBand(out: Float32Array, n: number, b: number, values: Float32Array): void {
  out.set(values.subarray(0, n), b * n);
}

export function disposeAll(tf: Tf, tensors: (tfType.Tensor | undefined)[]): void {
  tf.dispose(tensors.filter((t): t is tfType.Tensor => t !== undefined));
}

/** Evaluates a scalar-valued computation and returns its number (tensors released). */
export function scalarValue(tf: Tf, compute: () => tfType.Scalar): number {
  const value = tf.tidy(compute);
  const number = value.dataSync()[0];
  value.dispose();
  return number;
}
