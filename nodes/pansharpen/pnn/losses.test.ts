// PNN losses vs a float64 PyTorch reference (reference_losses.py) on small random images, r = 6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initRuntime, tf } from '../../../engine/runtime/backend.ts';
import { mtfKernel } from '../lib/mtf.ts';
import { pythonMissing, runPython } from '../lib/python.ts';
import { axisSampling, centre, cropLabel, panLowpass, rhoLoss, spectralLoss, structuralLoss, thresholdMask, xcorr, type Sampling } from './losses.ts';
import { seededRandom } from './network.ts';

type T4 = import('@tensorflow/tfjs-core').Tensor4D;
type Tensor = import('@tensorflow/tfjs-core').Tensor;

const H = 84;
const h = 14;

/** A smooth random image (sum of random sinusoids) plus noise, values around 0.2. */
function image(size: number, random: () => number, base?: Float32Array): Float32Array {
  const out = new Float32Array(size * size);
  const waves = Array.from({ length: 4 }, () => [random() * 0.5, random() * 0.5, random() * 6]);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      let v = 0.2 + 0.02 * (random() - 0.5);
      for (const [a, b, p] of waves) v += 0.03 * Math.sin(a * r + b * c + p);
      out[r * size + c] = base ? 0.5 * base[r * size + c] + 0.5 * v : v;
    }
  }
  return out;
}

function maxError(actual: ArrayLike<number>, expected: number[]): number {
  let e = 0;
  for (let i = 0; i < expected.length; i++) e = Math.max(e, Math.abs(actual[i] - expected[i]));
  return e;
}

function maxAbs(values: number[]): number {
  return values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

test('R-PNN / rho-PNN losses, threshold mask and gradients match the PyTorch reference', async (t) => {
  const missing = pythonMissing(['torch']);
  if (missing) return t.skip(missing);
  await initRuntime();
  const random = seededRandom(7);
  const pan = image(H, random);
  const out = image(H, random, pan);
  const interp = image(H, random, pan);
  const lr = image(h, random);
  const k61 = mtfKernel(0.3, 6, 61);
  const k41 = mtfKernel(0.3, 6, 41);
  const script = readFileSync(fileURLToPath(new URL('./reference_losses.py', import.meta.url)), 'utf8');
  const ref = runPython(script, { out: [...out], lr: [...lr], pan: [...pan], interp: [...interp], k61: [...k61], k41: [...k41], H, h }) as Record<string, number & number[]>;

  const sampling: Sampling = { rows: axisSampling(H, h, 6, 3), cols: axisSampling(H, h, 6, 3), ratio: 6, size: 61 };
  assert.deepEqual(sampling.rows, { start: 3, first: 5, count: h - 10 });
  const before = tf.memory().numTensors;
  const result = tf.tidy(() => {
    const t4 = (d: Float32Array, s: number) => tf.tensor4d(d, [1, s, s, 1]);
    const outT = t4(out, H);
    const panT = t4(pan, H);
    const kernel61 = tf.tensor4d(Float32Array.from(k61), [61, 61, 1, 1]);
    const kernel41 = tf.tensor4d(Float32Array.from(k41), [41, 41, 1, 1]);
    const label = cropLabel(tf, t4(lr, h), sampling);
    const threshold = thresholdMask(tf, panLowpass(tf, panT, kernel41, 6), t4(interp, H), 6);
    const spectral = (x: Tensor) => spectralLoss(tf, x as T4, label, kernel61, sampling);
    const structural = (x: Tensor) => structuralLoss(tf, x as T4, panT, threshold, 3);
    const rho = (x: Tensor) => rhoLoss(tf, x as T4, panT, 3);
    return {
      threshold: threshold.dataSync(),
      xcorr: xcorr(tf, outT, panT, 3, false).dataSync(),
      spectral: spectral(outT).dataSync()[0],
      structural: structural(outT).dataSync()[0],
      rho: rho(outT).dataSync()[0],
      gradSpectral: tf.grad(spectral)(outT).dataSync(),
      gradStructural: tf.grad(structural)(outT).dataSync(),
      gradRho: tf.grad(rho)(outT).dataSync(),
    };
  });
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  t.diagnostic(`spectral ${result.spectral} / ${ref.spectral}, structural ${result.structural} / ${ref.structural}, rho ${result.rho} / ${ref.rho}`);
  // float32 (TF.js) vs float64 (PyTorch): values to 1e-5 absolute
  assert.ok(Math.abs(result.spectral - ref.spectral) < 1e-5, `spectral ${result.spectral} vs ${ref.spectral}`);
  assert.ok(Math.abs(result.structural - ref.structural) < 1e-5, `structural ${result.structural} vs ${ref.structural}`);
  assert.ok(Math.abs(result.rho - ref.rho) < 1e-5, `rho ${result.rho} vs ${ref.rho}`);
  assert.ok(ref.structural > 0.01 && ref.spectral > 1e-3, 'the case exercises both losses');
  assert.ok(maxError(result.threshold, ref.threshold) < 1e-4, `threshold mask error ${maxError(result.threshold, ref.threshold)}`);
  assert.ok(maxError(result.xcorr, ref.xcorr) < 1e-4, `xcorr error ${maxError(result.xcorr, ref.xcorr)}`);
  // gradients w.r.t. the output: max error relative to the largest gradient entry, 1e-3
  for (const name of ['gradSpectral', 'gradStructural', 'gradRho'] as const) {
    const relative = maxError(result[name], ref[name]) / maxAbs(ref[name]);
    assert.ok(relative < 1e-3, `${name} relative error ${relative}`);
  }
});

test('a PAN centred once gives the same losses and gradients as the PAN itself', async () => {
  await initRuntime();
  const random = seededRandom(11);
  const pan = image(H, random);
  const out = image(H, random, pan);
  const before = tf.memory().numTensors;
  const [direct, centred] = [false, true].map((once) => tf.tidy(() => {
    const panT = tf.tensor4d(pan, [1, H, H, 1]);
    const outT = tf.tensor4d(out, [1, H, H, 1]);
    const side = once ? centre(tf, panT, 3) : panT;
    const threshold = tf.fill([1, H, H, 1], 0.01) as T4;
    const structural = (x: Tensor) => structuralLoss(tf, x as T4, side, threshold, 3);
    const rho = (x: Tensor) => rhoLoss(tf, x as T4, side, 3);
    return [structural(outT), rho(outT), tf.grad(structural)(outT), tf.grad(rho)(outT)].map((t) => Array.from(t.dataSync()));
  }));
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  assert.ok(direct[0][0] > 0.01 && direct[1][0] > 0.01, 'the case exercises both losses');
  // The same operations on the same values: equal up to float32 rounding of reordered work (1e-6 relative).
  direct.forEach((values, k) => {
    const scale = maxAbs(values);
    assert.ok(maxError(centred[k], values) <= 1e-6 * scale, `output ${k}: ${maxError(centred[k], values)} (scale ${scale})`);
  });
});
