/**
 * Conv2D for the wasm backend on one channel with a 1-D filter ([k, 1, 1, 1] or [1, k, 1, 1]),
 * stride 1, no dilation: the separable box sums of the PNN losses (losses.ts `boxSum`, w = 3 and
 * the threshold mask's w = 18) and, through conv-backprop.ts, their input gradients. XNNPACK
 * packs a new operator for every such call (the filters are fresh tf.ones tensors) and spends
 * 2-20 ms on a 240x240 image whose correlation is 0.3-2 M multiply-adds; here it is the SIMD
 * kernel lineCorrelate of assembly/correlate.ts (0.2-1 ms; `lineCorrelatePlain` is the same sum in
 * plain TypeScript, 5-10× slower, kept as the reference the tests compare with).
 * out[n, i, j] = Σ_{a, c} fround(x[n, i + a − top, j + c − left] · w[a, c]) accumulated in float32
 * from +0 in tap order (a, c ascending), taps outside the image skipped (zero padding).
 * The Conv2D kernel (conv2d.ts) sends other shapes elsewhere.
 */
import { lineCorrelateImage } from './correlate-module.ts';

/** Geometry of a one-channel 'valid'-or-padded correlation (pads in pixels, stride 1). */
export interface LineGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  filterHeight: number;
  filterWidth: number;
  outHeight: number;
  outWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * Correlates each image of x [batch, inHeight, inWidth] with filter [filterHeight, filterWidth]
 * into out [batch, outHeight, outWidth] on the SIMD kernel (bit-identical to lineCorrelatePlain).
 */
export function lineCorrelate(x: Float32Array, filter: Float32Array, g: LineGeometry, out: Float32Array): void {
  const inSize = g.inHeight * g.inWidth;
  const outSize = g.outHeight * g.outWidth;
  for (let n = 0; n < g.batch; n++) {
    lineCorrelateImage(x.subarray(n * inSize, (n + 1) * inSize), g.inHeight, g.inWidth, filter, g.filterHeight, g.filterWidth,
      out.subarray(n * outSize, (n + 1) * outSize), g.outHeight, g.outWidth, g.padTop, g.padLeft);
  }
}

/**
 * lineCorrelate in plain TypeScript. Each output row accumulates the shifted input rows tap by
 * tap (a, then c, ascending); products are rounded by Math.fround and every partial sum by the
 * Float32Array store, so each pixel gets the float32 operations of a sequential tap sum.
 */
export function lineCorrelatePlain(x: Float32Array, filter: Float32Array, g: LineGeometry, out: Float32Array): void {
  const round = Math.fround;
  const { inHeight, inWidth, filterHeight, filterWidth, outHeight, outWidth, padTop, padLeft } = g;
  for (let n = 0; n < g.batch; n++) {
    const image = n * inHeight * inWidth;
    for (let i = 0; i < outHeight; i++) {
      const target = (n * outHeight + i) * outWidth;
      out.fill(0, target, target + outWidth);
      // Filter rows a with input row i + a − padTop inside the image.
      const aFirst = Math.max(0, padTop - i);
      const aLast = Math.min(filterHeight, inHeight + padTop - i);
      for (let a = aFirst; a < aLast; a++) {
        for (let c = 0; c < filterWidth; c++) {
          const shift = c - padLeft;
          const source = image + (i + a - padTop) * inWidth + shift;
          const weight = filter[a * filterWidth + c];
          // Output columns j with input column j + shift inside the image.
          const first = Math.max(0, -shift);
          const last = Math.min(outWidth, inWidth - shift);
          for (let j = first; j < last; j++) out[target + j] += round(x[source + j] * weight);
        }
      }
    }
  }
}
