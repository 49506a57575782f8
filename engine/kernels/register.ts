/**
 * Registers the project's kernels with TensorFlow.js (once per thread; later calls are no-ops).
 * - wasm backend: the gradient kernels tfjs-backend-wasm 4.22 lacks (Conv2DBackpropFilter,
 *   DepthwiseConv2dNativeBackpropInput/Filter, UnsortedSegmentSum), a fast Conv2DBackpropInput,
 *   a fast Slice, a transpose-free Sum over leading axes (bias gradients) and a Conv2D that
 *   runs the losses' box sums and the large multi-channel layers on project kernels (conv2d.ts). Call before or after the backend is initialised.
 * - every backend: the exact MirrorPad gradient (mirror-pad-gradient.ts).
 * Importing '@tensorflow/tfjs' registers tfjs's gradient functions: the tfjs-core Node bundle has
 * none, so without it no gradient (tf.grads, optimizers) works on any backend.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { conv2DBackpropFilterConfig, conv2DBackpropInputConfig } from './conv-backprop.ts';
import { conv2DConfig } from './conv2d.ts';
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from './depthwise-backprop.ts';
import { mirrorPadGradConfig } from './mirror-pad-gradient.ts';
import { unsortedSegmentSumConfig } from './segment-sum.ts';
import { sliceConfig } from './slice.ts';
import { sumConfig } from './sum.ts';

let registered: string[] | undefined;

function replaceKernel(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, config.backendName)) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

/** Names of the kernels and gradients supplied by the project. */
export function registerProjectKernels(): string[] {
  if (registered) return registered;
  const originalInput = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
  const originalSlice = tf.getKernel(tf.Slice, 'wasm');
  const originalSum = tf.getKernel(tf.Sum, 'wasm');
  const originalConv2D = tf.getKernel(tf.Conv2D, 'wasm');
  if (!originalInput || !originalSlice || !originalSum || !originalConv2D) {
    throw new Error('tfjs-backend-wasm is not loaded (no Conv2D / Conv2DBackpropInput / Slice / Sum kernel registered)');
  }
  // Conv2D first: conv2DBackpropInputConfig captures the Conv2D kernel registered when it is built.
  const conv2D = conv2DConfig(originalConv2D);
  replaceKernel(conv2D);
  const configs = [
    conv2D,
    conv2DBackpropFilterConfig,
    conv2DBackpropInputConfig(originalInput),
    depthwiseBackpropInputConfig,
    depthwiseBackpropFilterConfig,
    unsortedSegmentSumConfig,
    sliceConfig(originalSlice),
    sumConfig(originalSum),
  ];
  for (const config of configs) replaceKernel(config);
  tf.registerGradient(mirrorPadGradConfig);
  registered = [...configs.map((c) => `${c.kernelName} (wasm)`), `${tf.MirrorPad} gradient (all backends)`];
  return registered;
}
