/**
 * Test/bench helper: a synthetic reduced-resolution pansharpening case (Wald protocol). A
 * ground-truth HR cube mixes three smooth-edged abundance maps with per-band spectra (DN), the
 * PAN is the band mean, the HS input is the GT filtered by the MTF (GNyq 0.3, 41x41, replicate)
 * and decimated at the grid phase.
 */
import { makeRaster, type Raster } from '../../../core/values.ts';
import { decimate, filterReplicate, mtfKernel } from '../lib/mtf.ts';
import { seededRandom } from './network.ts';

export interface SyntheticCase {
  truth: Raster;
  hs: Raster;
  pan: Raster;
}

export function syntheticCase(size: number, bands: number, ratio: number, seed = 1): SyntheticCase {
  const random = seededRandom(seed);
  const n = size * size;
  const maps = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const blobs = Array.from({ length: 12 }, () => ({ x: random() * size, y: random() * size, r: 3 + random() * size * 0.15, k: Math.floor(random() * 3) }));
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const i = row * size + col;
      maps[0][i] = 0.5 + 0.3 * Math.sin(col / 5.3) * Math.cos(row / 7.1);
      maps[1][i] = 0.3;
      maps[2][i] = 0.2;
      for (const b of blobs) if ((row - b.y) ** 2 + (col - b.x) ** 2 < b.r * b.r) maps[b.k][i] += 0.8;
    }
  }
  const data = new Float32Array(n * bands);
  const spectra = [0, 1, 2].map(() => Array.from({ length: bands }, () => 4000 + 12000 * random()));
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < bands; b++) data[i * bands + b] = maps[0][i] * spectra[0][b] + maps[1][i] * spectra[1][b] + maps[2][i] * spectra[2][b];
  }
  const wavelengths = Array.from({ length: bands }, (_, b) => 450 + (b * 500) / Math.max(1, bands - 1));
  const truth = makeRaster(size, size, bands, data, { wavelengths, role: 'cube' });
  const panData = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let b = 0; b < bands; b++) s += data[i * bands + b];
    panData[i] = s / bands;
  }
  const pan = makeRaster(size, size, 1, panData, { role: 'band' });
  const hs = decimate(filterReplicate(truth, mtfKernel(0.3, ratio, 41)), ratio);
  hs.wavelengths = wavelengths;
  return { truth, hs, pan };
}

/** ERGAS (Wald) = (100 / r) sqrt(mean_b MSE_b / mu_b^2), float64, on the whole image. */
export function ergas(fused: Raster, truth: Raster, ratio: number, crop = 0): number {
  const { rows, cols, bands } = truth;
  let sum = 0;
  for (let b = 0; b < bands; b++) {
    let se = 0;
    let mu = 0;
    let count = 0;
    for (let r = crop; r < rows - crop; r++) {
      for (let c = crop; c < cols - crop; c++) {
        const j = (r * cols + c) * bands + b;
        se += (fused.data[j] - truth.data[j]) ** 2;
        mu += truth.data[j];
        count++;
      }
    }
    mu /= count;
    sum += se / count / (mu * mu);
  }
  return (100 / ratio) * Math.sqrt(sum / bands);
}
