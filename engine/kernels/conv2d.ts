/**
 * Conv2D for the wasm backend, NHWC float32, stride 1, no dilation, by shape:
 * - one channel, 1-D filter ([k, 1, 1, 1] or [1, k, 1, 1]): row-by-row tap sums (line-conv.ts),
 *   the PNN losses' box sums, where XNNPACK packs a new operator per call (2-20 ms each);
 * - output channels a multiple of 8 and at least `forwardMinimum` multiply-adds: the SIMD kernel
 *   of conv-forward-module.ts (the PNN's large layers and, through conv-backprop.ts, their input
 *   gradients: 1.4-2× XNNPACK's rate here, 2× more with fused multiply-add);
 * - one channel in and out, equal strides s > 1, no padding: the strided SIMD correlation of
 *   correlate-module.ts (the PNN spectral loss's 61×61 MTF filter sampled every r pixels; XNNPACK
 *   needs 5-6 ms for its 3 M multiply-adds);
 * - one output channel, no padding (the PNN's last 3×3 32 → 1 layer): a SIMD dot product per
 *   output pixel over kH contiguous runs of kW·C floats (correlate-module.ts; XNNPACK runs this
 *   shape at about 1.4 GFLOP/s);
 * - anything else: tfjs's XNNPACK kernel (`original`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convForward } from './conv-forward-module.ts';
import { convSingleOutput, correlateStrided } from './correlate-module.ts';
import { lineCorrelate } from './line-conv.ts';
import { heapFloats, threadsOf, type KernelArgs } from './wasm-kernel-utils.ts';

interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Smaller convolutions stay on XNNPACK (its packing cost is small next to them either way). */
const forwardMinimum = 1e6;

export function conv2DConfig(original: tf.KernelConfig): tf.KernelConfig {
  function conv2D(args: KernelArgs): tf.TensorInfo {
    const backend = args.backend as BackendWasm;
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs;
    if (x.dtype !== 'float32' || filter.dtype !== 'float32' || attrs.dataFormat !== 'NHWC') return original.kernelFunc(args) as tf.TensorInfo;
    const [filterHeight, filterWidth, inChannels, outChannels] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
      attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
    if (stridedPlane(info)) {
      const out = backend.makeOutput(info.outShape, 'float32');
      const image = heapFloats(backend, x);
      const kernel = heapFloats(backend, filter);
      const result = heapFloats(backend, out);
      const g = { rows: info.inHeight, cols: info.inWidth, kh: filterHeight, kw: filterWidth, stride: info.strideHeight, outRows: info.outHeight, outCols: info.outWidth };
      for (let n = 0; n < info.batchSize; n++) {
        correlateStrided(image.subarray(n * g.rows * g.cols), kernel, g, result.subarray(n * g.outRows * g.outCols));
      }
      return out;
    }
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dilationHeight !== 1 || info.dilationWidth !== 1) {
      return original.kernelFunc(args) as tf.TensorInfo;
    }
    const line = (filterHeight === 1 || filterWidth === 1) && inChannels === 1 && outChannels === 1;
    const work = tf.util.sizeFromShape(info.outShape) * filterHeight * filterWidth * inChannels;
    const padBottom = info.outHeight + filterHeight - 1 - info.inHeight - info.padInfo.top;
    const padRight = info.outWidth + filterWidth - 1 - info.inWidth - info.padInfo.left;
    const forward = outChannels % 8 === 0 && work >= forwardMinimum && Math.min(info.padInfo.top, info.padInfo.left, padBottom, padRight) >= 0;
    const single = outChannels === 1 && !line && Math.max(info.padInfo.top, info.padInfo.left, padBottom, padRight) === 0;
    if (single) {
      const out = backend.makeOutput(info.outShape, 'float32');
      const image = heapFloats(backend, x);
      const kernel = heapFloats(backend, filter);
      const result = heapFloats(backend, out);
      const g = { inHeight: info.inHeight, inWidth: info.inWidth, channels: inChannels, filterHeight, filterWidth };
      const inSize = info.inHeight * info.inWidth * inChannels;
      const outSize = info.outHeight * info.outWidth;
      for (let n = 0; n < info.batchSize; n++) convSingleOutput(image.subarray(n * inSize), kernel, g, result.subarray(n * outSize));
      return out;
    }
    if (!line && !forward) return original.kernelFunc(args) as tf.TensorInfo;
    const out = backend.makeOutput(info.outShape, 'float32');
    // Views taken after makeOutput (which may grow the heap).
    if (line) {
      lineCorrelate(heapFloats(backend, x), heapFloats(backend, filter), {
        batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth,
        filterHeight, filterWidth, outHeight: info.outHeight, outWidth: info.outWidth,
        padTop: info.padInfo.top, padLeft: info.padInfo.left,
      }, heapFloats(backend, out));
      return out;
    }
    convForward(heapFloats(backend, x), heapFloats(backend, filter), {
      batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, channels: inChannels,
      filterHeight, filterWidth, outChannels,
      padTop: info.padInfo.top, padLeft: info.padInfo.left,
      padBottom, padRight,
    }, heapFloats(backend, out), threadsOf(backend));
    return out;
  }
  return { ...original, kernelFunc: conv2D as unknown as tf.KernelFunc };
}

/** One input and output channel, equal strides > 1, no dilation, no padding: the strided single-plane kernels apply. */
export function stridedPlane(info: tf.backend_util.Conv2DInfo): boolean {
  const p = info.padInfo;
  return info.inChannels === 1 && info.outChannels === 1 && info.strideHeight > 1 && info.strideHeight === info.strideWidth &&
    info.dilationHeight === 1 && info.dilationWidth === 1 && p.top === 0 && p.left === 0 && p.bottom === 0 && p.right === 0;
}
