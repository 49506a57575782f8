/**
 * Losses of the PNN family (spec ALGORITHMS.md A.3-A.5). Every image tensor is NHWC with one
 * channel, [N, H, W, 1] (N = 1 for the band-wise variants, N = bands for Z-PNN); values are
 * normalised DN (DN / scale).
 *
 * - Spectral loss (R-PNN / rho-PNN `SpectralLoss`): L1 between the output filtered by the 61x61
 *   sensor MTF ('valid', no padding), sampled on the LR grid phase (LR i <-> HR r*i + phase), and
 *   the LR band cropped to the same samples. Only the sampled positions are computed (a strided
 *   convolution of a crop: same values as filter-then-subsample).
 * - Local cross-correlation `xcorr` (A.3): 2w x 2w asymmetric window (rows i-w+1 .. i+w), zero
 *   padding, per-pixel centring; box sums as two 1-D convolutions (no float32 cumsum); the PAN
 *   side can be centred once per training (`centre`).
 * - Structural loss (R-PNN): X = 1 - max(rho+, -1) with rho+ the xcorr with Sxy clipped to >= 1e-20;
 *   L = mean(X * [X > T]) with the constant threshold mask T.
 * - rho loss (rho-PNN): mean(1 - |rho|) with the unclipped xcorr.
 */
import type * as tfType from '@tensorflow/tfjs-core';
import { lowpassPlane } from './lowpass.ts';

type Tf = typeof tfType;
type T4 = tfType.Tensor4D;

/** Where the spectral loss samples, along one axis. */
export interface AxisSampling {
  /** HR offset of the first filter window in the network output. */
  start: number;
  /** LR index of the first sample (the label crop starts there). */
  first: number;
  /** Number of samples. */
  count: number;
}

/**
 * Sampling along one axis of length `hr` (HR) / `lr` (LR) for a `size`-tap valid filter: the
 * filter centred on HR r*i + phase lands on LR pixel i. For r = 6, size 61: start 3, first 5,
 * count lr - 10 (the reference's `[3::6]` and `[5:-5]`).
 */
export function axisSampling(hr: number, lr: number, ratio: number, phase: number, size = 61): AxisSampling {
  const half = (size - 1) / 2;
  const first = Math.max(0, Math.ceil((half - phase) / ratio));
  const start = ratio * first + phase - half;
  const fit = hr - size - start < 0 ? 0 : Math.floor((hr - size - start) / ratio) + 1;
  return { start, first, count: Math.min(fit, lr - first) };
}

export interface Sampling {
  rows: AxisSampling;
  cols: AxisSampling;
  ratio: number;
  size: number;
}

/** The LR label crop [N, rowCount, colCount, 1] from an LR band tensor [N, h, w, 1]. */
export function cropLabel(tf: Tf, lr: T4, s: Sampling): T4 {
  return tf.slice(lr, [0, s.rows.first, s.cols.first, 0], [-1, s.rows.count, s.cols.count, -1]);
}

/** MTF-filtered output at the LR sample positions: [N, rowCount, colCount, 1]. kernel [size, size, 1, 1]. */
export function filterAndSample(tf: Tf, output: T4, kernel: T4, s: Sampling): T4 {
  const height = (s.rows.count - 1) * s.ratio + s.size;
  const width = (s.cols.count - 1) * s.ratio + s.size;
  const crop = tf.slice(output, [0, s.rows.start, s.cols.start, 0], [-1, height, width, -1]);
  return tf.conv2d(crop, kernel, s.ratio, 'valid');
}

/** L_spec = mean |MTF(output) sampled - LR label|. label from `cropLabel`. */
export function spectralLoss(tf: Tf, output: T4, label: T4, kernel: T4, s: Sampling): tfType.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(filterAndSample(tf, output, kernel, s), label))) as tfType.Scalar);
}

/**
 * Sum over the 2w x 2w window covering rows i-w+1 .. i+w and cols j-w+1 .. j+w, zeros outside:
 * two 1-D convolutions with the zero padding given to the convolutions (no pad/slice tensors).
 */
export function boxSum(tf: Tf, x: T4, w: number): T4 {
  return tf.tidy(() => {
    const horizontal = tf.conv2d(x, tf.ones([1, 2 * w, 1, 1]) as T4, 1, [[0, 0], [0, 0], [w - 1, w], [0, 0]]);
    return tf.conv2d(horizontal, tf.ones([2 * w, 1, 1, 1]) as T4, 1, [[0, 0], [w - 1, w], [0, 0], [0, 0]]);
  });
}

/**
 * The side of xcorr that does not change between iterations (the PAN): y centred, y - box(y)/(4w²),
 * and its clipped energy max(box(centred²), 1e-20). Same values as xcorr computes from y.
 */
export interface Centred {
  centred: T4;
  energy: T4;
}

export function centre(tf: Tf, y: T4, w: number): Centred {
  return tf.tidy(() => {
    const centred = tf.sub(y, tf.div(boxSum(tf, y, w), 4 * w * w)) as T4;
    return { centred, energy: tf.maximum(boxSum(tf, tf.square(centred) as T4, w), 1e-20) as T4 };
  });
}

function isCentred(y: T4 | Centred): y is Centred {
  return (y as Centred).centred !== undefined;
}

/** y (or its centred form) repeated to n images when it holds one. */
function repeated(tf: Tf, y: T4 | Centred, n: number): T4 | Centred {
  const tile = (t: T4) => (t.shape[0] === n ? t : tf.tile(t, [n, 1, 1, 1]) as T4);
  return isCentred(y) ? { centred: tile(y.centred), energy: tile(y.energy) } : tile(y);
}

/**
 * Local correlation coefficient field rho(x, y) [N, H, W, 1] with half-width w (A.3).
 * `clipCovariance`: Sxy clipped to >= 1e-20 (R-PNN/Z-PNN structural loss), so rho >= 0.
 * y may be given centred (`centre`) when it is fixed across calls.
 */
export function xcorr(tf: Tf, x: T4, y: T4 | Centred, w: number, clipCovariance: boolean): T4 {
  return tf.tidy(() => {
    const area = 4 * w * w;
    const xc = tf.sub(x, tf.div(boxSum(tf, x, w), area));
    const { centred: yc, energy: syy } = isCentred(y) ? y : centre(tf, y, w);
    let sxy = boxSum(tf, tf.mul(xc, yc), w);
    if (clipCovariance) sxy = tf.maximum(sxy, 1e-20);
    const sxx = tf.maximum(boxSum(tf, tf.square(xc) as T4, w), 1e-20);
    return tf.div(sxy, tf.add(tf.sqrt(tf.mul(sxx, syy)), 1e-20));
  });
}

/** Structural loss of R-PNN / Z-PNN: mean(X * [X > T]), X = 1 - max(rho+(output, pan; w), -1). pan (or `centre(pan)`) broadcast over N. */
export function structuralLoss(tf: Tf, output: T4, pan: T4 | Centred, threshold: T4, w: number): tfType.Scalar {
  return tf.tidy(() => tf.mean(structuralMap(tf, output, pan, threshold, w)) as tfType.Scalar);
}

/** The per-pixel terms X * [X > T] of the structural loss, [N, H, W, 1]. */
export function structuralMap(tf: Tf, output: T4, pan: T4 | Centred, threshold: T4, w: number): T4 {
  return tf.tidy(() => {
    const x = tf.sub(1, tf.maximum(xcorr(tf, output, repeated(tf, pan, output.shape[0]), w, true), -1));
    // [X > T] as a constant mask: step() has a zero gradient (greater() has none in tfjs)
    const worst = tf.step(tf.sub(x, threshold));
    return tf.mul(x, worst);
  });
}

/** Spatial loss of rho-PNN: mean(1 - |rho(output, pan; w)|), unclipped xcorr; pan may be `centre(pan)`. */
export function rhoLoss(tf: Tf, output: T4, pan: T4 | Centred, w: number): tfType.Scalar {
  return tf.tidy(() => tf.mean(tf.sub(1, tf.abs(xcorr(tf, output, pan, w, false)))) as tfType.Scalar);
}

/**
 * R-PNN threshold mask T [N, H, W, 1] (constant per band): T = 1 - rho(PAN_lp, HS~_b; 18) on
 * the images reflection-padded by `scope`, then cropped back to H x W. `panLowpass` is the PAN
 * already padded by `scope` and low-passed (see `panLowpass`); `interpolated` [N, H, W, 1].
 */
export function thresholdMask(tf: Tf, panLowpassPadded: T4, interpolated: T4, scope: number, semiWidth = 18): T4 {
  return tf.tidy(() => {
    const padded = tf.mirrorPad(interpolated, [[0, 0], [scope, scope], [scope, scope], [0, 0]], 'reflect');
    const n = interpolated.shape[0];
    const pan = n === panLowpassPadded.shape[0] ? panLowpassPadded : tf.tile(panLowpassPadded, [n, 1, 1, 1]);
    const rho = xcorr(tf, pan, padded, semiWidth, false);
    const [, h, w] = interpolated.shape;
    return tf.sub(1, tf.slice(rho, [0, scope, scope, 0], [-1, h, w, -1]));
  });
}

/**
 * PAN low-pass for the threshold mask, as R-PNN: reflect-pad the PAN [N, H, W, 1] by `scope`, then
 * reflect-pad that by (k-1)/2 (two pads, not one: the second mirrors the first's border) and
 * filter 'valid' with the k x k MTF kernel [k, k, 1, 1] -> [N, H+2s, W+2s, 1]. Computed on the
 * host with the project's correlation kernel (lowpass.ts; XNNPACK is slow at this shape).
 */
export function panLowpass(tf: Tf, pan: T4, kernel: T4, scope: number): T4 {
  const [n, rows, cols] = pan.shape;
  const size = kernel.shape[0];
  const planes = pan.dataSync() as Float32Array;
  const taps = kernel.dataSync() as Float32Array;
  const outRows = rows + 2 * scope;
  const outCols = cols + 2 * scope;
  const out = new Float32Array(n * outRows * outCols);
  for (let p = 0; p < n; p++) {
    out.set(lowpassPlane(planes.subarray(p * rows * cols, (p + 1) * rows * cols), rows, cols, taps, size, scope), p * outRows * outCols);
  }
  return tf.tensor4d(out, [n, outRows, outCols, 1]);
}
