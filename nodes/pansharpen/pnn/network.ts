/**
 * The PNN family's three-layer CNN (Masi et al. 2016; R-PNN: Guarino et al. 2024; rho-PNN:
 * Guarino et al. 2025; Z-PNN: Ciotola et al. 2022), as a list of convolution layers run on the
 * tensor runtime. Tensors are NHWC: input [1, H, W, B + 1] = (interpolated HS bands, PAN last),
 * output [1, H, W, B] = network + interpolated bands (residual).
 *
 * - r-pnn:   7x7 2->48, 5x5 48->32, 3x3 32->1, 'valid', input reflection-padded by 6 (43,473 params).
 * - rho-pnn: 7x7, 7x7, 5x5 'same' with reflect padding at every layer (80,849 params).
 * - z-pnn:   9x9 (B+1)->48, 5x5 48->32, 5x5 32->B, 'valid', input reflection-padded by 8.
 * Weights are stored in TF layout [kh, kw, in, out] (PyTorch's [out, in, kh, kw] transposed).
 */
import type * as tfType from '@tensorflow/tfjs-core';
import type { WeightTensor, Weights } from '../../../core/values.ts';
import { mulberry32 } from '../../lib/random.ts';

export type Variant = 'r-pnn' | 'rho-pnn' | 'z-pnn';

export interface Layer {
  kernel: number;
  inputs: number;
  outputs: number;
}

export interface Architecture {
  variant: Variant;
  layers: Layer[];
  /** 'valid': pad the input once by `scope` (reflect) then valid convs; 'same': reflect-pad each layer. */
  padding: 'valid' | 'same';
  /** Total reflection padding of the input in 'valid' mode: sum of (k - 1) / 2. */
  scope: number;
  /** Bands predicted at once (1 for the band-wise variants). */
  bands: number;
}

export function architecture(variant: Variant, bands = 1): Architecture {
  const kernels = variant === 'r-pnn' ? [7, 5, 3] : variant === 'rho-pnn' ? [7, 7, 5] : [9, 5, 5];
  const out = variant === 'z-pnn' ? bands : 1;
  const channels = [out + 1, 48, 32, out];
  const layers = kernels.map((kernel, i) => ({ kernel, inputs: channels[i], outputs: channels[i + 1] }));
  const scope = kernels.reduce((s, k) => s + (k - 1) / 2, 0);
  return { variant, layers, padding: variant === 'rho-pnn' ? 'same' : 'valid', scope, bands: out };
}

/** Deterministic uniform generator in [0, 1) (mulberry32, seeded with `seed` as uint32). */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}

/**
 * PyTorch's default conv init, weights and biases ~ U(-1/sqrt(fan_in), +1/sqrt(fan_in)) with
 * fan_in = inputs * k * k, deterministic per seed. The last layer is zero (lesson H of the spec):
 * the residual network then starts from exactly the interpolated bands.
 */
export function initialWeights(arch: Architecture, seed: number): WeightTensor[] {
  const random = seededRandom(seed);
  const tensors: WeightTensor[] = [];
  arch.layers.forEach((layer, i) => {
    const last = i === arch.layers.length - 1;
    const bound = 1 / Math.sqrt(layer.inputs * layer.kernel * layer.kernel);
    const kernel = new Float32Array(layer.kernel * layer.kernel * layer.inputs * layer.outputs);
    const bias = new Float32Array(layer.outputs);
    if (!last) {
      for (let j = 0; j < kernel.length; j++) kernel[j] = (2 * random() - 1) * bound;
      for (let j = 0; j < bias.length; j++) bias[j] = (2 * random() - 1) * bound;
    }
    tensors.push({ name: `conv${i + 1}.weight`, shape: [layer.kernel, layer.kernel, layer.inputs, layer.outputs], data: kernel });
    tensors.push({ name: `conv${i + 1}.bias`, shape: [layer.outputs], data: bias });
  });
  return tensors;
}

export function modelName(arch: Architecture): string {
  return `pnn/${arch.variant}`;
}

/** Checks a Weights value against the architecture; returns a problem description or undefined. */
export function weightsProblem(weights: Weights, arch: Architecture): string | undefined {
  if (weights.model !== modelName(arch)) return `model '${weights.model}' does not match variant '${arch.variant}' (expected '${modelName(arch)}')`;
  const expected = initialWeights(arch, 0);
  if (weights.tensors.length !== expected.length) return `${weights.tensors.length} tensors, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = weights.tensors[i];
    const e = expected[i];
    if (a.name !== e.name || a.shape.join('x') !== e.shape.join('x')) {
      return `tensor ${i} is '${a.name}' [${a.shape.join('x')}], expected '${e.name}' [${e.shape.join('x')}] (a model trained for another band count?)`;
    }
  }
  return undefined;
}

/** Trainable network: tf variables (kernel, bias per layer) and a forward pass. */
export class Network {
  readonly variables: tfType.Variable[];
  constructor(
    readonly tf: typeof tfType,
    readonly arch: Architecture,
    weights: WeightTensor[],
  ) {
    this.variables = weights.map((w) => {
      const initial = tf.tensor(w.data, w.shape, 'float32');
      const variable = tf.variable(initial, true, undefined, 'float32');
      initial.dispose();
      return variable;
    });
  }

  /**
   * input [N, H, W, bands + 1] (interpolated bands, PAN last) -> [N, H, W, bands]. `residual`:
   * the interpolated bands when the caller holds them (saves slicing them out of `input`).
   */
  forward(input: tfType.Tensor4D, residual?: tfType.Tensor4D): tfType.Tensor4D {
    const { tf, arch } = this;
    return tf.tidy(() => {
      let x: tfType.Tensor4D = input;
      if (arch.padding === 'valid') x = tf.mirrorPad(x, [[0, 0], [arch.scope, arch.scope], [arch.scope, arch.scope], [0, 0]], 'reflect');
      arch.layers.forEach((layer, i) => {
        if (arch.padding === 'same') {
          const p = (layer.kernel - 1) / 2;
          x = tf.mirrorPad(x, [[0, 0], [p, p], [p, p], [0, 0]], 'reflect');
        }
        const kernel = this.variables[2 * i] as tfType.Tensor4D;
        const bias = this.variables[2 * i + 1] as tfType.Tensor1D;
        x = tf.add(tf.conv2d(x, kernel, 1, 'valid'), bias);
        if (i < arch.layers.length - 1) x = tf.relu(x);
      });
      const bands = arch.bands;
      const interpolated = residual ?? tf.slice(input, [0, 0, 0, 0], [-1, -1, -1, bands]);
      return tf.add(x, interpolated);
    });
  }

  /** Current values (or those of `values`, e.g. a snapshot) as plain arrays, for the `weights` output. */
  read(values: tfType.Tensor[] = this.variables): WeightTensor[] {
    this.names ??= initialWeights(this.arch, 0).map((w) => w.name);
    const names = this.names;
    return values.map((v, i) => ({ name: names[i], shape: v.shape.slice(), data: v.dataSync() as Float32Array }));
  }

  /** Copies of the current values (or of `values`) as plain arrays, safe to keep while training goes on. */
  copy(values: tfType.Tensor[] = this.variables): WeightTensor[] {
    return this.read(values).map((w) => ({ ...w, data: w.data.slice() }));
  }

  private names: string[] | undefined;

  /** Copies of the current values (tensors the caller must dispose). */
  snapshot(): tfType.Tensor[] {
    return this.variables.map((v) => this.tf.clone(v));
  }

  restore(values: tfType.Tensor[]): void {
    this.variables.forEach((v, i) => v.assign(values[i]));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
