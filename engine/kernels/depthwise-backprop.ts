/**
 * Depthwise Conv2D gradients for the wasm backend (both absent from tfjs-backend-wasm 4.22).
 * - DepthwiseConv2dNativeBackpropInput: for stride 1, dilation 1 and channel multiplier 1 (the
 *   case of a fixed per-band blur such as an MTF filter in a pansharpening loss) it is a forward
 *   depthwise conv of dy with the spatially flipped filter (XNNPACK); otherwise a typed-array loop.
 * - DepthwiseConv2dNativeBackpropFilter: typed-array loop, float64 accumulation.
 * Shapes (NHWC): x [N, H, W, C], filter [KH, KW, C, M], dy [N, outH, outW, C·M].
 *   y[n, oh, ow, c·M + m] = Σ_{kh, kw} x[n, oh·sh + kh·dh − top, ow·sw + kw·dw − left, c] · W[kh, kw, c, m]
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { flipFilter, heapFloats, makeFloatOutput, transposedPadding, wasmKernel, type KernelArgs } from './wasm-kernel-utils.ts';

interface DepthwiseAttrs {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type Info = tf.backend_util.Conv2DInfo;

/**
 * Visits every (input pixel, output pixel, tap) triple of a depthwise conv and hands the flat
 * offsets to `visit(xBase, yBase, tapBase)` (x pixel ·C, y pixel ·C·M, tap ·C·M).
 */
function forEachTap(info: Info, visit: (xBase: number, yBase: number, tapBase: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const yBase = ((n * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * info.strideHeight + kh * info.dilationHeight - info.padInfo.top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * info.strideWidth + kw * info.dilationWidth - info.padInfo.left;
            if (iw < 0 || iw >= inWidth) continue;
            visit(((n * inHeight + ih) * inWidth + iw) * inChannels, yBase, (kh * filterWidth + kw) * outChannels);
          }
        }
      }
    }
  }
}

/** dx [N, H, W, C] = adjoint of the depthwise conv applied to dy. */
export function depthwiseInputGradient(dy: Float32Array, filter: Float32Array, info: Info): Float64Array {
  const dx = new Float64Array(info.batchSize * info.inHeight * info.inWidth * info.inChannels);
  const channels = info.inChannels;
  const multiplier = info.outChannels / channels;
  forEachTap(info, (xBase, yBase, tapBase) => {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let m = 0; m < multiplier; m++) sum += dy[yBase + c * multiplier + m] * filter[tapBase + c * multiplier + m];
      dx[xBase + c] += sum;
    }
  });
  return dx;
}

/** dW [KH, KW, C, M] = Σ over pixels of x · dy. */
export function depthwiseFilterGradient(x: Float32Array, dy: Float32Array, info: Info): Float64Array {
  const dw = new Float64Array(info.filterHeight * info.filterWidth * info.outChannels);
  const channels = info.inChannels;
  const multiplier = info.outChannels / channels;
  forEachTap(info, (xBase, yBase, tapBase) => {
    for (let c = 0; c < channels; c++) {
      const value = x[xBase + c];
      for (let m = 0; m < multiplier; m++) dw[tapBase + c * multiplier + m] += value * dy[yBase + c * multiplier + m];
    }
  });
  return dw;
}

function depthwiseInfo(inputShape: number[], filterShape: number[], attrs: DepthwiseAttrs): Info {
  return tf.backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, true);
}

function depthwiseBackpropInput(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as DepthwiseAttrs & { inputShape: [number, number, number, number] };
  const info = depthwiseInfo(attrs.inputShape, filter.shape, attrs);
  const unit = info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
  const pad = unit && info.outChannels === info.inChannels ? transposedPadding(info) : undefined;
  if (!pad) return makeFloatOutput(backend, attrs.inputShape, depthwiseInputGradient(heapFloats(backend, dy), heapFloats(backend, filter), info));
  const flipped = flipFilter(heapFloats(backend, filter), info.filterHeight, info.filterWidth, 1, info.inChannels);
  const flippedInfo = makeFloatOutput(backend, filter.shape, flipped);
  try {
    return wasmKernel(tf.DepthwiseConv2dNative)({
      inputs: { x: dy, filter: flippedInfo },
      backend,
      attrs: { strides: [1, 1], dilations: [1, 1], pad, dimRoundingMode: undefined } as unknown as tf.NamedAttrMap,
    }) as tf.TensorInfo;
  } finally {
    backend.disposeData(flippedInfo.dataId);
  }
}

function depthwiseBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as DepthwiseAttrs & { filterShape: [number, number, number, number] };
  const info = depthwiseInfo(x.shape, attrs.filterShape, attrs);
  return makeFloatOutput(backend, attrs.filterShape, depthwiseFilterGradient(heapFloats(backend, x), heapFloats(backend, dy), info));
}

export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as unknown as tf.KernelFunc,
};

export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter as unknown as tf.KernelFunc,
};
