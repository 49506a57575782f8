/**
 * Smooth spectra and smooth random fields for the synthetic scene.
 */
import type { Random } from './random.ts';

/**
 * A smooth reflectance-like spectrum over `wavelengths` (nm): a sloped baseline plus 3–6 Gaussian
 * bumps/dips with widths of 40–400 nm, rescaled into [low, high].
 */
export function smoothSpectrum(random: Random, wavelengths: number[], low = 0.05, high = 0.9): Float64Array {
  const start = wavelengths[0];
  const end = wavelengths[wavelengths.length - 1];
  const span = Math.max(end - start, 1);
  const slope = random.range(-1, 1);
  const terms = 3 + random.integer(4);
  const centres: number[] = [];
  const widths: number[] = [];
  const heights: number[] = [];
  for (let t = 0; t < terms; t++) {
    centres.push(random.range(start, end));
    widths.push(random.range(0.02, 0.2) * span);
    heights.push(random.range(-1, 1.5));
  }
  const values = new Float64Array(wavelengths.length);
  wavelengths.forEach((w, b) => {
    let v = slope * ((w - start) / span);
    for (let t = 0; t < terms; t++) v += heights[t] * Math.exp(-0.5 * ((w - centres[t]) / widths[t]) ** 2);
    values[b] = v;
  });
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const top = random.range(0.6, 1) * (high - low) + low;
  const scale = max > min ? (top - low) / (max - min) : 0;
  for (let b = 0; b < values.length; b++) values[b] = low + (values[b] - min) * scale;
  return values;
}

/** Box blur of radius r along rows then columns (in place, edge-clamped), float64. */
function boxBlur(field: Float64Array, rows: number, cols: number, radius: number): void {
  const line = new Float64Array(Math.max(rows, cols));
  const pass = (count: number, length: number, index: (i: number, j: number) => number) => {
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < length; j++) line[j] = field[index(i, j)];
      let sum = 0;
      for (let j = -radius; j <= radius; j++) sum += line[Math.min(length - 1, Math.max(0, j))];
      for (let j = 0; j < length; j++) {
        field[index(i, j)] = sum / (2 * radius + 1);
        sum += line[Math.min(length - 1, j + radius + 1)] - line[Math.max(0, j - radius)];
      }
    }
  };
  pass(rows, cols, (i, j) => i * cols + j);
  pass(cols, rows, (i, j) => j * cols + i);
}

/**
 * A smooth zero-mean, unit-variance random field (white noise through three box blurs ≈ Gaussian
 * blur with σ ≈ radius), rows × cols.
 */
export function smoothField(random: Random, rows: number, cols: number, radius: number): Float64Array {
  const field = new Float64Array(rows * cols);
  for (let i = 0; i < field.length; i++) field[i] = random.normal();
  for (let pass = 0; pass < 3; pass++) boxBlur(field, rows, cols, radius);
  let mean = 0;
  for (const v of field) mean += v;
  mean /= field.length;
  let variance = 0;
  for (const v of field) variance += (v - mean) ** 2;
  const scale = 1 / Math.sqrt(variance / field.length || 1);
  for (let i = 0; i < field.length; i++) field[i] = (field[i] - mean) * scale;
  return field;
}
