/**
 * moments-module: the SIMD moment sums, pixel dot products and quadratic forms against plain float64
 * loops, on a small input (one thread, band counts that are not multiples of 4 or 8) and on one
 * large enough to be split over two threads (BANDWIRE_THREADS=2 forced for the file); a cancelled
 * split run leaves the helper ready for the next; the float64 matrix-vector product of lanczos.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixVectorSession, pixelDots, quadraticForms, shiftedSums } from './moments-module.ts';
import { relativeError } from './compare.ts';

process.env.BANDWIRE_THREADS = '2';

function randomData(length: number, seed: number, bands: number): Float32Array {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 48271) % 2147483647) >>> 0) / 2147483647);
  return Float32Array.from({ length }, (_, i) => random() * (1 + (i % bands)) + 100 * ((i % bands) % 3));
}

/** Plain float64 Σ (x - s) and Σ (x - s)(x - s)^T. */
function plainSums(data: Float32Array, pixels: number, bands: number, shift: Float64Array): { sum: Float64Array; products: Float64Array } {
  const sum = new Float64Array(bands);
  const products = new Float64Array(bands * bands);
  const d = new Float64Array(bands);
  for (let p = 0; p < pixels; p++) {
    for (let b = 0; b < bands; b++) {
      d[b] = data[p * bands + b] - shift[b];
      sum[b] += d[b];
    }
    for (let i = 0; i < bands; i++) for (let j = 0; j < bands; j++) products[i * bands + j] += d[i] * d[j];
  }
  return { sum, products };
}

for (const [pixels, bands, label] of [[37, 13, 'one thread'], [24_000, 190, 'split over two threads']] as const) {
  test(`shiftedSums equals float64 sums to 1e-12 (${pixels}×${bands}, ${label})`, () => {
    const data = randomData(pixels * bands, 11, bands);
    const shift = Float64Array.from({ length: bands }, (_, b) => 100 * (b % 3) + 0.5 * (1 + b));
    const ours = shiftedSums(data, pixels, bands, shift);
    const plain = plainSums(data, pixels, bands, shift);
    assert.ok(relativeError(ours.sum, plain.sum) < 1e-12, `sum: ${relativeError(ours.sum, plain.sum)}`);
    assert.ok(relativeError(ours.products, plain.products) < 1e-12, `products: ${relativeError(ours.products, plain.products)}`);
  });

  test(`quadraticForms equal float64 forms to float32 accuracy (${pixels}×${bands}, ${label})`, () => {
    const data = randomData(pixels * bands, 5, bands);
    const outputs = bands === 13 ? 5 : bands;
    const offset = Float64Array.from({ length: bands }, (_, b) => 100 * (b % 3) + 0.5 * (1 + b));
    const matrix = Float64Array.from({ length: outputs * bands }, (_, i) => Math.sin(i * 0.7) / (1 + (i % bands)));
    const lower = outputs === bands;
    if (lower) for (let k = 0; k < outputs; k++) for (let b = k + 1; b < bands; b++) matrix[k * bands + b] = 0;
    const vector = Float64Array.from({ length: outputs }, (_, k) => Math.cos(k));
    const ours = quadraticForms(data, pixels, bands, matrix, outputs, { offset, lower, vector, products: true });
    const norms = new Float64Array(pixels);
    const cross = new Float64Array(pixels);
    const y = new Float64Array(pixels * outputs);
    for (let p = 0; p < pixels; p++) {
      for (let k = 0; k < outputs; k++) {
        let s = 0;
        for (let b = 0; b < bands; b++) s += matrix[k * bands + b] * (data[p * bands + b] - Math.fround(offset[b]));
        y[p * outputs + k] = s;
        norms[p] += s * s;
        cross[p] += s * vector[k];
      }
    }
    const products = new Float64Array(outputs * outputs);
    for (let p = 0; p < pixels; p++) for (let i = 0; i < outputs; i++) for (let j = 0; j < outputs; j++) products[i * outputs + j] += y[p * outputs + i] * y[p * outputs + j];
    let worstNorm = 0;
    for (let p = 0; p < pixels; p++) worstNorm = Math.max(worstNorm, Math.abs(ours.norms[p] - norms[p]) / norms[p]);
    assert.ok(worstNorm < 1e-5, `norms: ${worstNorm}`);
    assert.ok(relativeError(ours.cross!, cross) < 1e-5, `cross: ${relativeError(ours.cross!, cross)}`);
    assert.ok(relativeError(ours.products!, products) < 1e-5, `products: ${relativeError(ours.products!, products)}`);
  });
}

test('float32 sums are within float32 rounding, pixelDots equals float64 dot products and moment product', () => {
  const pixels = 24_000;
  const bands = 190;
  const data = randomData(pixels * bands, 3, bands);
  const shift = Float64Array.from({ length: bands }, (_, b) => 100 * (b % 3) + 0.5 * (1 + b));
  const single = shiftedSums(data, pixels, bands, shift, undefined, 'float32');
  const plain = plainSums(data, pixels, bands, single.shift);
  assert.ok(relativeError(single.sum, plain.sum) < 1e-12, `float32 path sum: ${relativeError(single.sum, plain.sum)}`);
  assert.ok(relativeError(single.products, plain.products) < 1e-6, `float32 path products: ${relativeError(single.products, plain.products)}`);
  const f = Float64Array.from({ length: bands }, (_, b) => Math.sin(b) / (1 + b));
  const offset = 0.25;
  const { dots, product, total } = pixelDots(data, pixels, bands, f, offset, { dots: true, product: true });
  const expectedDots = new Float64Array(pixels);
  const expectedProduct = new Float64Array(bands);
  let expectedTotal = 0;
  for (let p = 0; p < pixels; p++) {
    let s = -offset;
    for (let b = 0; b < bands; b++) s += data[p * bands + b] * f[b];
    expectedDots[p] = s;
    expectedTotal += s;
    for (let b = 0; b < bands; b++) expectedProduct[b] += s * data[p * bands + b];
  }
  assert.ok(relativeError(dots!, expectedDots) < 1e-7, `dots: ${relativeError(dots!, expectedDots)}`);
  assert.ok(relativeError(product!, expectedProduct) < 1e-12, `product: ${relativeError(product!, expectedProduct)}`);
  assert.ok(Math.abs(total - expectedTotal) < 1e-9 * Math.abs(expectedTotal), `total ${total} vs ${expectedTotal}`);
});

test('a run cancelled half-way leaves the helper thread ready for the next', () => {
  const pixels = 24_000;
  const bands = 190;
  const data = randomData(pixels * bands, 9, bands);
  const shift = new Float64Array(bands);
  let calls = 0;
  assert.throws(() => shiftedSums(data, pixels, bands, shift, () => {
    if (++calls === 4) throw new Error('cancelled by the test');
  }), /cancelled by the test/);
  const again = shiftedSums(data, pixels, bands, shift);
  const plain = plainSums(data, pixels, bands, shift);
  assert.ok(relativeError(again.products, plain.products) < 1e-12);
});

test('matrixVectorSession equals a float64 matrix-vector loop (n = 7, 198)', () => {
  for (const n of [7, 198]) {
    const matrix = Float64Array.from({ length: n * n }, (_, i) => Math.sin(0.37 * i) * (1 + (i % 5)));
    const multiply = matrixVectorSession(matrix, n);
    for (let round = 0; round < 2; round++) {
      const x = Float64Array.from({ length: n }, (_, j) => Math.cos(0.9 * j + round));
      const plain = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) plain[i] += matrix[i * n + j] * x[j];
      const ours = multiply(x);
      assert.ok(relativeError(ours, plain) < 1e-13, `n = ${n}: ${relativeError(ours, plain)}`);
    }
  }
});
