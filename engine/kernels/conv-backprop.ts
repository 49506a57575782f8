/**
 * Conv2D gradients for the wasm backend.
 * - Conv2DBackpropFilter (absent from tfjs-backend-wasm 4.22): the AssemblyScript SIMD kernel,
 *   on as many threads as the backend's XNNPACK pool (helper-pool.ts).
 * - Conv2DBackpropInput: tfjs's wasm version is a scalar loop (≈ 15× slower than the forward conv);
 *   for stride 1 the input gradient is a forward conv of dy with the flipped, in/out-swapped
 *   filter (XNNPACK); for equal strides s > 1 one forward conv gives all s² phases
 *   (strided-input-gradient.ts), or for one channel without padding the direct SIMD scatter of
 *   correlate-module.ts; unequal strides keep the original kernel.
 * Only NHWC (channelsLast), as the wasm backend's forward Conv2D.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convFilterGradient } from './conv-filter-module.ts';
import { stridedPlane } from './conv2d.ts';
import { correlateStridedGradient } from './correlate-module.ts';
import { stridedInputGradient } from './strided-input-gradient.ts';
import { flipFilter, heapFloats, makeFloatOutput, threadsOf, transposedPadding, wasmKernel, type KernelArgs } from './wasm-kernel-utils.ts';

interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function channelsLast(dataFormat: string, kernel: string): 'channelsLast' {
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat as 'NHWC' | 'NCHW');
  if (format !== 'channelsLast') throw new Error(`${kernel} on the wasm backend supports only NHWC data, got ${dataFormat}`);
  return format;
}

function conv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  const format = channelsLast(attrs.dataFormat, 'Conv2DBackpropFilter');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, format);
  const gradient = convFilterGradient(heapFloats(backend, x), heapFloats(backend, dy), {
    batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels,
    outHeight: info.outHeight, outWidth: info.outWidth, outChannels: info.outChannels,
    filterHeight: info.filterHeight, filterWidth: info.filterWidth,
    strideHeight: info.strideHeight, strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight, dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top, padLeft: info.padInfo.left,
  }, threadsOf(backend));
  return makeFloatOutput(backend, attrs.filterShape, gradient);
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};

/** Builds the stride-1 Conv2DBackpropInput over the backend's forward Conv2D; `original` handles the rest. */
export function conv2DBackpropInputConfig(original: tf.KernelConfig): tf.KernelConfig {
  const conv2D = wasmKernel(tf.Conv2D);
  function conv2DBackpropInput(args: KernelArgs): tf.TensorInfo {
    const backend = args.backend as BackendWasm;
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
    const format = channelsLast(attrs.dataFormat, 'Conv2DBackpropInput');
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, format);
    if (stridedPlane(info)) {
      const dx = backend.makeOutput(attrs.inputShape, 'float32');
      const gradient = heapFloats(backend, dy);
      const kernel = heapFloats(backend, filter);
      const result = heapFloats(backend, dx);
      const g = { rows: info.inHeight, cols: info.inWidth, kh: info.filterHeight, kw: info.filterWidth, stride: info.strideHeight, outRows: info.outHeight, outCols: info.outWidth };
      for (let n = 0; n < info.batchSize; n++) {
        correlateStridedGradient(gradient.subarray(n * g.outRows * g.outCols), kernel, g, result.subarray(n * g.rows * g.cols));
      }
      return dx;
    }
    if (info.strideHeight > 1 && info.strideHeight === info.strideWidth && info.dilationHeight === 1 && info.dilationWidth === 1) {
      return stridedInputGradient(backend, dy, filter, info);
    }
    const pad = info.strideHeight === 1 && info.strideWidth === 1 ? transposedPadding(info) : undefined;
    if (!pad) return original.kernelFunc(args) as tf.TensorInfo;
    const flipped = flipFilter(heapFloats(backend, filter), info.filterHeight, info.filterWidth, info.inChannels, info.outChannels);
    const swapped = makeFloatOutput(backend, [info.filterHeight, info.filterWidth, info.outChannels, info.inChannels], flipped);
    try {
      return conv2D({
        inputs: { x: dy, filter: swapped },
        backend,
        attrs: { strides: [1, 1], dilations: [1, 1], pad, dataFormat: 'NHWC', dimRoundingMode: undefined } as unknown as tf.NamedAttrMap,
      }) as tf.TensorInfo;
    } finally {
      backend.disposeData(swapped.dataId);
    }
  }
  return { ...original, kernelFunc: conv2DBackpropInput as unknown as tf.KernelFunc };
}
