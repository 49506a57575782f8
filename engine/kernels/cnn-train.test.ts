/**
 * A full train step of the 3-layer PNN-shaped CNN (9×9×48, 5×5×32, 5×5×1, 2 input channels):
 * loss and every weight gradient on wasm (project kernels) match the cpu backend within 1e-4
 * (max-norm relative), and the loss after one Adam step on wasm matches the cpu loss of the
 * weights updated by Adam's first-step rule w − lr·g/(|g| + ε) from the cpu gradients.
 * Reflect padding on 32×32 and zero 'same' padding on an odd 15×15 input (the cpu backend's
 * conv gradients are plain loops, ≈ 25 s for the 32×32 case, so one size each).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { cnnLoss, cnnVariables, cnnWeights, randomArray, type CnnWeights } from './cnn-fixture.ts';
import { initBackends, relativeError } from './compare.ts';

const inChannels = 2;
const learningRate = 1e-3;
const epsilon = 1e-7; // tfjs's float32 epsilon, Adam's default

type Padding = 'zero' | 'reflect';

/** Loss and gradients [kernel0, bias0, ...] of `weights` on `backend`. */
async function lossAndGradients(backend: string, weights: CnnWeights, size: number, padding: Padding): Promise<{ loss: number; gradients: Float32Array[] }> {
  await tf.setBackend(backend);
  const variables = cnnVariables(tf, weights);
  const input = tf.tensor4d(randomArray(size * size * inChannels, 11), [1, size, size, inChannels]);
  const target = tf.tensor4d(randomArray(size * size, 12), [1, size, size, 1]);
  const { value, grads } = tf.variableGrads(() => cnnLoss(tf, input, target, variables, padding), variables);
  const loss = (await value.data())[0];
  const gradients = await Promise.all(variables.map((v) => grads[v.name].data() as Promise<Float32Array>));
  tf.dispose([value, ...Object.values(grads), ...variables, input, target]);
  return { loss, gradients };
}

/** Loss after one tf.train.adam step on `backend`. */
async function lossAfterAdam(backend: string, weights: CnnWeights, size: number, padding: Padding): Promise<number> {
  await tf.setBackend(backend);
  const variables = cnnVariables(tf, weights);
  const input = tf.tensor4d(randomArray(size * size * inChannels, 11), [1, size, size, inChannels]);
  const target = tf.tensor4d(randomArray(size * size, 12), [1, size, size, 1]);
  const optimizer = tf.train.adam(learningRate);
  optimizer.minimize(() => cnnLoss(tf, input, target, variables, padding), false, variables);
  const loss = tf.tidy(() => cnnLoss(tf, input, target, variables, padding));
  const value = (await loss.data())[0];
  tf.dispose([loss, ...variables, input, target]);
  optimizer.dispose();
  return value;
}

/** Adam's first step (bias-corrected moments are g and g²): w − lr·g/(|g| + ε). */
function adamFirstStep(weights: CnnWeights, gradients: Float32Array[]): CnnWeights {
  const step = (values: Float32Array, g: Float32Array) => values.map((w, i) => w - learningRate * g[i] / (Math.abs(g[i]) + epsilon));
  return {
    shapes: weights.shapes,
    kernels: weights.kernels.map((k, i) => step(k, gradients[2 * i])),
    biases: weights.biases.map((b, i) => step(b, gradients[2 * i + 1])),
  };
}

const cases: { size: number; padding: Padding }[] = [{ size: 32, padding: 'reflect' }, { size: 15, padding: 'zero' }];
for (const { size, padding } of cases) {
  test(`CNN train step on wasm equals cpu (${size}×${size}, ${padding} padding)`, async () => {
    await initBackends();
    const weights = cnnWeights(inChannels, 7);
    const expected = await lossAndGradients('cpu', weights, size, padding);
    await tf.setBackend('wasm');
    const tensorsBefore = tf.memory().numTensors;
    const actual = await lossAndGradients('wasm', weights, size, padding);
    const names = ['kernel0', 'bias0', 'kernel1', 'bias1', 'kernel2', 'bias2'];
    assert.ok(Math.abs(actual.loss - expected.loss) <= 1e-4 * expected.loss, `loss ${actual.loss} vs cpu ${expected.loss}`);
    names.forEach((name, i) => {
      const error = relativeError(actual.gradients[i], expected.gradients[i]);
      assert.ok(error < 1e-4, `gradient of ${name}: relative error ${error.toExponential(2)} ≥ 1e-4`);
    });
    const after = await lossAfterAdam('wasm', weights, size, padding);
    assert.equal(tf.memory().numTensors, tensorsBefore, 'train step leaked tensors');
    const cpuAfter = (await lossAndGradients('cpu', adamFirstStep(weights, expected.gradients), size, padding)).loss;
    assert.ok(Math.abs(after - cpuAfter) <= 1e-4 * cpuAfter, `loss after Adam ${after} vs cpu ${cpuAfter}`);
    assert.ok(after < actual.loss, `Adam step did not reduce the loss (${actual.loss} → ${after})`);
  });
}
