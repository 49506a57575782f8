/**
 * Conv2D for the wasm backend on one channel with a 1-D filter ([k, 1, 1, 1] or [1, k, 1, 1]),
 * stride 1, no dilation: the separable box sums of the PNN losses (losses.ts `boxSum`, w = 3 and
 * the threshold mask's w = 18) and, through conv-backprop.ts, their input gradients. XNNPACK
 * packs a new operator for every such call (the filters are fresh tf.ones tensors) and spends
 * 2-20 ms on a 240x240 image whose correlation is 0.3-2 M multiply-adds; here it is a plain loop.
 * out[n, i, j] = Σ_{a, c} fround(x[n, i + a − top, j + c − left] · w[a, c]) accumulated in float32
 * from +0 in tap order (a, c ascending), taps outside the image skipped (zero padding).
 * Other shapes keep tfjs's kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFloats, type KernelArgs } from './wasm-kernel-utils.ts';

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
 * into out [batch, outHeight, outWidth]. Each output row accumulates the shifted input rows tap
 * by tap (a, then c, ascending); products are rounded by Math.fround and every partial sum by
 * the Float32Array store, so each pixel gets the float32 operations of a sequential tap sum.
 */
export function lineCorrelate(x: Float32Array, filter: Float32Array, g: LineGeometry, out: Float32Array): void {
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

interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function lineConvConfig(original: tf.KernelConfig): tf.KernelConfig {
  function conv2D(args: KernelArgs): tf.TensorInfo {
    const backend = args.backend as BackendWasm;
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs;
    const [filterHeight, filterWidth, inChannels, outChannels] = filter.shape;
    const lineFilter = (filterHeight === 1 || filterWidth === 1) && inChannels === 1 && outChannels === 1;
    if (!lineFilter || x.dtype !== 'float32' || filter.dtype !== 'float32' || attrs.dataFormat !== 'NHWC') {
      return original.kernelFunc(args) as tf.TensorInfo;
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
      attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dilationHeight !== 1 || info.dilationWidth !== 1) {
      return original.kernelFunc(args) as tf.TensorInfo;
    }
    const out = backend.makeOutput(info.outShape, 'float32');
    // Views taken after makeOutput (which may grow the heap).
    lineCorrelate(heapFloats(backend, x), heapFloats(backend, filter), {
      batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth,
      filterHeight, filterWidth, outHeight: info.outHeight, outWidth: info.outWidth,
      padTop: info.padInfo.top, padLeft: info.padInfo.left,
    }, heapFloats(backend, out));
    return out;
  }
  return { ...original, kernelFunc: conv2D as unknown as tf.KernelFunc };
}
