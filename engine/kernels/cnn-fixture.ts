/**
 * The PNN-shaped network used by the kernel tests and the CNN bench: three convolutions
 * (9×9 → 48, ReLU, 5×5 → 32, ReLU, 5×5 → 1) on an NHWC input with `inChannels` bands (R-PNN feeds
 * one upsampled MS band + PAN = 2 channels and predicts a residual for that band; Ciotola et al.,
 * "Unsupervised Deep Learning-based Pansharpening with Jointly-Enhanced Spectral and Spatial
 * Fidelity", IEEE TGRS 2023). Weights are deterministic per seed (uniform ±1/sqrt(fan-in)).
 */
import type * as tfTypes from '@tensorflow/tfjs-core';

type Tf = typeof tfTypes;

export const cnnLayers = [
  { size: 9, filters: 48 },
  { size: 5, filters: 32 },
  { size: 5, filters: 1 },
] as const;

export interface CnnWeights {
  kernels: Float32Array[];
  biases: Float32Array[];
  shapes: [number, number, number, number][];
}

/** Mulberry32: a small deterministic generator in [0, 1). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomArray(length: number, seed: number, scale = 1): Float32Array {
  const next = random(seed);
  return Float32Array.from({ length }, () => (next() * 2 - 1) * scale);
}

export function cnnWeights(inChannels: number, seed = 1): CnnWeights {
  const weights: CnnWeights = { kernels: [], biases: [], shapes: [] };
  let channels = inChannels;
  cnnLayers.forEach((layer, i) => {
    const shape: [number, number, number, number] = [layer.size, layer.size, channels, layer.filters];
    const bound = 1 / Math.sqrt(layer.size * layer.size * channels);
    weights.kernels.push(randomArray(shape[0] * shape[1] * shape[2] * shape[3], seed * 100 + i, bound));
    weights.biases.push(randomArray(layer.filters, seed * 100 + 50 + i, bound));
    weights.shapes.push(shape);
    channels = layer.filters;
  });
  return weights;
}

/** Variables for `weights` on the current backend: [kernel0, bias0, kernel1, bias1, ...]. */
export function cnnVariables(tf: Tf, weights: CnnWeights): tfTypes.Variable[] {
  // tidy releases the initial-value tensors; variables survive it.
  return tf.tidy(() => weights.kernels.flatMap((kernel, i) => [
    tf.variable(tf.tensor4d(kernel, weights.shapes[i]), true),
    tf.variable(tf.tensor1d(weights.biases[i]), true),
  ]));
}

/**
 * Forward pass, NHWC: 'same' zero padding, or reflect padding (mirrorPad) then 'valid' convolutions.
 * The first input channel is the band whose residual the network predicts.
 */
export function cnnForward(tf: Tf, input: tfTypes.Tensor4D, variables: tfTypes.Variable[], padding: 'zero' | 'reflect' = 'zero'): tfTypes.Tensor4D {
  let x: tfTypes.Tensor4D = input;
  cnnLayers.forEach((layer, i) => {
    const half = (layer.size - 1) / 2;
    const padded = padding === 'reflect' ? tf.mirrorPad(x, [[0, 0], [half, half], [half, half], [0, 0]], 'reflect') : x;
    const conv = tf.conv2d(padded, variables[2 * i] as tfTypes.Tensor4D, 1, padding === 'reflect' ? 'valid' : 'same');
    const biased = tf.add(conv, variables[2 * i + 1]) as tfTypes.Tensor4D;
    x = i < cnnLayers.length - 1 ? tf.relu(biased) : biased;
  });
  const band = tf.slice(input, [0, 0, 0, 0], [...input.shape.slice(0, 3), 1] as [number, number, number, number]);
  return tf.add(x, band);
}

/** Mean absolute error between the network output and `target` [N, H, W, 1]. */
export function cnnLoss(tf: Tf, input: tfTypes.Tensor4D, target: tfTypes.Tensor4D, variables: tfTypes.Variable[], padding: 'zero' | 'reflect' = 'zero'): tfTypes.Scalar {
  return tf.mean(tf.abs(tf.sub(cnnForward(tf, input, variables, padding), target)));
}

/** Multiply-adds of one forward pass (the backward pass costs about twice that). */
export function cnnForwardFlops(height: number, width: number, inChannels: number): number {
  let channels = inChannels;
  let flops = 0;
  for (const layer of cnnLayers) {
    flops += 2 * height * width * layer.size * layer.size * channels * layer.filters;
    channels = layer.filters;
  }
  return flops;
}
