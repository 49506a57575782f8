/**
 * Input gradient of a convolution with equal strides s > 1 (e.g. the spectral loss's 61x61 MTF
 * filter sampled every 6 pixels), by phase decomposition instead of tfjs-backend-wasm's scalar
 * loop. With y' = y + padTop = s·Y + p (likewise x' = s·X + q):
 *
 *   dx[y, x, ci] = Σ_{a, b, co} dy[Y − a, X − b, co] · W[p + s·a, q + s·b, ci, co]
 *
 * so all s² phases come from one stride-1 forward convolution of dy (XNNPACK) with the filter
 * F[a', b', co, (p·s + q)·Cin + ci] = W[p + s·(A−1−a'), q + s·(B−1−b'), ci, co] (zero past the
 * filter; A = ⌈KH/s⌉, B = ⌈KW/s⌉, top/left padding A−1 / B−1), then DepthToSpace(s) and a crop
 * by the forward padding. The same multiply-adds as the direct sum, in a different order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFloats, makeFloatOutput, wasmKernel } from './wasm-kernel-utils.ts';

/** F as above from W [KH, KW, Cin, Cout]: [A, B, Cout, s·s·Cin]. */
export function phaseFilter(filter: Float32Array, height: number, width: number, inChannels: number, outChannels: number, stride: number): { values: Float32Array; shape: [number, number, number, number] } {
  const rows = Math.ceil(height / stride);
  const cols = Math.ceil(width / stride);
  const channels = stride * stride * inChannels;
  const values = new Float32Array(rows * cols * outChannels * channels);
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < cols; b++) {
      for (let p = 0; p < stride; p++) {
        const kh = p + stride * (rows - 1 - a);
        if (kh >= height) continue;
        for (let q = 0; q < stride; q++) {
          const kw = q + stride * (cols - 1 - b);
          if (kw >= width) continue;
          for (let ci = 0; ci < inChannels; ci++) {
            const source = ((kh * width + kw) * inChannels + ci) * outChannels;
            const target = ((a * cols + b) * outChannels) * channels + (p * stride + q) * inChannels + ci;
            for (let co = 0; co < outChannels; co++) values[target + co * channels] = filter[source + co];
          }
        }
      }
    }
  }
  return { values, shape: [rows, cols, outChannels, channels] };
}

/** dx [N, H, W, Cin] for NHWC dy and filter with equal strides; `info` from computeConv2DInfo. */
export function stridedInputGradient(backend: BackendWasm, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const stride = info.strideHeight;
  const { values, shape } = phaseFilter(heapFloats(backend, filter), info.filterHeight, info.filterWidth, info.inChannels, info.outChannels, stride);
  const [rows, cols] = shape;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Phase rows Y needed: s·Y + p covers y' = top .. top + H − 1.
  const needRows = Math.floor((info.inHeight - 1 + top) / stride) + 1;
  const needCols = Math.floor((info.inWidth - 1 + left) / stride) + 1;
  const pad = [[0, 0], [rows - 1, Math.max(0, needRows - info.outHeight)], [cols - 1, Math.max(0, needCols - info.outWidth)], [0, 0]];
  const phases = makeFloatOutput(backend, shape, values);
  const temporaries = [phases];
  try {
    const stacked = wasmKernel(tf.Conv2D)({
      inputs: { x: dy, filter: phases },
      backend,
      attrs: { strides: [1, 1], dilations: [1, 1], pad, dataFormat: 'NHWC', dimRoundingMode: undefined } as unknown as tf.NamedAttrMap,
    }) as tf.TensorInfo;
    temporaries.push(stacked);
    const spread = wasmKernel(tf.DepthToSpace)({ inputs: { x: stacked }, backend, attrs: { blockSize: stride, dataFormat: 'NHWC' } }) as tf.TensorInfo;
    temporaries.push(spread);
    return wasmKernel(tf.Slice)({
      inputs: { x: spread },
      backend,
      attrs: { begin: [0, top, left, 0], size: [info.batchSize, info.inHeight, info.inWidth, info.inChannels] },
    }) as tf.TensorInfo;
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}
