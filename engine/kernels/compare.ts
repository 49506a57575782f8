/**
 * Test helpers: run the same computation on the `cpu` and `wasm` backends and compare.
 * Relative error = max|a − b| / max|b| (max-norm relative, so values near zero do not dominate).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerProjectKernels } from './register.ts';

let ready: Promise<void> | undefined;

/** Registers the project kernels and initialises both backends once. */
export function initBackends(): Promise<void> {
  ready ??= (async () => {
    registerProjectKernels();
    for (const name of ['cpu', 'wasm']) {
      if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to initialise`);
    }
  })();
  return ready;
}

/** Runs `compute` on `backend` and returns its outputs as plain arrays (tensors disposed). */
export async function onBackend(backend: 'cpu' | 'wasm', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(compute);
  const values = await Promise.all(outputs.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(outputs);
  return values;
}

export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? difference : difference / scale;
}

/** Pads as tf.conv2d takes them. */
export type ConvPad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/**
 * Runs a Conv2D kernel config captured before the project kernels were registered (tfjs's own
 * XNNPACK kernel) on the current backend, stride 1: the reference the project's Conv2D is compared to.
 */
export function originalConv2D(original: tf.KernelConfig, x: tf.Tensor, filter: tf.Tensor, pad: ConvPad): tf.Tensor {
  const info = original.kernelFunc({
    inputs: { x, filter }, backend: tf.backend(),
    attrs: { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 } as unknown as tf.NamedAttrMap,
  }) as tf.TensorInfo;
  return tf.engine().makeTensorFromTensorInfo(info);
}
