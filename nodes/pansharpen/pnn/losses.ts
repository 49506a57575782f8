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
 *   padding, per-pixel centring; box sums as two 1-D convolutions (no float32 cumsum).
 * - Structural loss (R-PNN): X = 1 - max(rho+, -1) with rho+ the xcorr with Sxy clipped to >= 1e-20;
 *   L = mean(X * [X > T]) with the constant threshold mask T.
 * - rho loss (rho-PNN): mean(1 - |rho|) with the unclipped xcorr.
 */
import type * as tfType from '@tensorflow/tfjs-core';

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

/** Sum over the 2w x 2w window covering rows i-w+1 .. i+w and cols j-w+1 .. j+w, zeros outside. */
export function boxSum(tf: Tf, x: T4, w: number): T4 {
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [w - 1, w], [w - 1, w], [0, 0]]);
    const horizontal = tf.conv2d(padded, tf.ones([1, 2 * w, 1, 1]) as T4, 1, 'valid');
    return tf.conv2d(horizontal, tf.ones([2 * w, 1, 1, 1]) as T4, 1, 'valid');
  });
}

/**
 * Local correlation coefficient field rho(x, y) [N, H, W, 1] with half-width w (A.3).
 * `clipCovariance`: Sxy clipped to >= 1e-20 (R-PNN/Z-PNN structural loss), so rho >= 0.
 */
export function xcorr(tf: Tf, x: T4, y: T4, w: number, clipCovariance: boolean): T4 {
  return tf.tidy(() => {
    const area = 4 * w * w;
    const xc = tf.sub(x, tf.div(boxSum(tf, x, w), area));
    const yc = tf.sub(y, tf.div(boxSum(tf, y, w), area));
    let sxy = boxSum(tf, tf.mul(xc, yc), w);
    if (clipCovariance) sxy = tf.maximum(sxy, 1e-20);
    const sxx = tf.maximum(boxSum(tf, tf.square(xc) as T4, w), 1e-20);
    const syy = tf.maximum(boxSum(tf, tf.square(yc) as T4, w), 1e-20);
    return tf.div(sxy, tf.add(tf.sqrt(tf.mul(sxx, syy)), 1e-20));
  });
}

/** Structural loss of R-PNN / Z-PNN: mean(X * [X > T]), X = 1 - max(rho+(output, pan; w), -1). pan broadcast over N. */
export function structuralLoss(tf: Tf, output: T4, pan: T4, threshold: T4, w: number): tfType.Scalar {
  return tf.tidy(() => tf.mean(structuralMap(tf, output, pan, threshold, w)) as tfType.Scalar);
}

/** The per-pixel terms X * [X > T] of the structural loss, [N, H, W, 1]. */
export function structuralMap(tf: Tf, output: T4, pan: T4, threshold: T4, w: number): T4 {
  return tf.tidy(() => {
    const panN = pan.shape[0] === output.shape[0] ? pan : tf.tile(pan, [output.shape[0], 1, 1, 1]);
    const x = tf.sub(1, tf.maximum(xcorr(tf, output, panN, w, true), -1));
    // [X > T] as a constant mask: step() has a zero gradient (greater() has none in tfjs)
    const worst = tf.step(tf.sub(x, threshold));
    return tf.mul(x, worst);
  });
}

/** Spatial loss of rho-PNN: mean(1 - |rho(output, pan; w)|), unclipped xcorr. */
export function rhoLoss(tf: Tf, output: T4, pan: T4, w: number): tfType.Scalar {
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
 * PAN low-pass for the threshold mask, as R-PNN: reflect-pad the PAN [1, H, W, 1] by `scope`, then
 * reflect-pad that by (k-1)/2 (two pads, not one: the second mirrors the first's border) and
 * filter 'valid' with the k x k MTF kernel [k, k, 1, 1] -> [1, H+2s, W+2s, 1].
 */
export function panLowpass(tf: Tf, pan: T4, kernel: T4, scope: number): T4 {
  return tf.tidy(() => {
    const half = (kernel.shape[0] - 1) / 2;
    const once = tf.mirrorPad(pan, [[0, 0], [scope, scope], [scope, scope], [0, 0]], 'reflect');
    const twice = tf.mirrorPad(once, [[0, 0], [half, half], [half, half], [0, 0]], 'reflect');
    return tf.conv2d(twice, kernel, 1, 'valid');
  });
}
