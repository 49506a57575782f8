/**
 * Quicklook helpers: band choice for RGB (true colour from wavelengths or spread bands) and
 * percentile stretch of one band to 0–255.
 */
import type { Raster } from '../../../core/values.ts';

/** True-colour targets in nm (red, green, blue). */
const TRUE_COLOUR = [640, 550, 460];

/** Picks display bands: true colour when wavelengths span 460–640 nm, else 3 spread bands, else one. */
export function defaultDisplayBands(raster: Raster): number[] {
  if (raster.bands < 3) return [0];
  const w = raster.wavelengths;
  if (w && w.length === raster.bands && Math.min(...w) <= 480 && Math.max(...w) >= 620) {
    return TRUE_COLOUR.map((target) => {
      let best = 0;
      for (let b = 1; b < w.length; b++) if (Math.abs(w[b] - target) < Math.abs(w[best] - target)) best = b;
      return best;
    });
  }
  const n = raster.bands;
  return [Math.floor((5 * n) / 6), Math.floor(n / 2), Math.floor(n / 6)];
}

/**
 * Low and high display limits of band `b`: the `percent` and 100 − `percent` percentiles of its
 * finite values (histogram of 4096 bins between min and max). Returns [min, max] when percent = 0.
 */
export function stretchLimits(raster: Raster, b: number, percent: number): [number, number] {
  const { data, bands } = raster;
  const n = raster.rows * raster.cols;
  let min = Infinity, max = -Infinity, count = 0;
  for (let i = 0, j = b; i < n; i++, j += bands) {
    const v = data[j];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    count++;
  }
  if (count === 0) return [0, 1];
  if (percent <= 0 || max === min) return [min, max];
  const bins = 4096;
  const histogram = new Float64Array(bins);
  const scale = (bins - 1) / (max - min);
  for (let i = 0, j = b; i < n; i++, j += bands) {
    const v = data[j];
    if (Number.isFinite(v)) histogram[Math.round((v - min) * scale)]++;
  }
  const cut = (count * percent) / 100;
  let low = 0, acc = 0;
  while (low < bins - 1 && acc + histogram[low] <= cut) acc += histogram[low++];
  let high = bins - 1;
  acc = 0;
  while (high > 0 && acc + histogram[high] <= cut) acc += histogram[high--];
  const lo = min + low / scale, hi = min + high / scale;
  return hi > lo ? [lo, hi] : [min, max];
}

/** Writes band `b` stretched to 0–255 into `out` at stride `channels` (NaN → 0). */
export function stretchBand(raster: Raster, b: number, limits: [number, number], out: Uint8Array, channel: number, channels: number): void {
  const { data, bands } = raster;
  const n = raster.rows * raster.cols;
  const [lo, hi] = limits;
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0, j = b; i < n; i++, j += bands) {
    const v = data[j];
    const s = Number.isFinite(v) ? (v - lo) * scale : 0;
    out[i * channels + channel] = s <= 0 ? 0 : s >= 255 ? 255 : Math.round(s);
  }
}
