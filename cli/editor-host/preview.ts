/**
 * Host-side previews of rasters for the editor: a downsampled RGB composite of a cube or a
 * colour-mapped band, as PNG. The page never receives the cube itself.
 *
 * - Downsampling: nearest neighbour with an integer step so the longest side is <= maxSize.
 * - Stretch: per shown band, the low/high percentiles (default 2 % and 98 %) of the sampled
 *   finite values map linearly to 0..255. NaN pixels are drawn black.
 * - True colour: bands nearest 640, 550, 460 nm when the raster has wavelengths covering
 *   them (within 40 nm); otherwise three bands spread at 3/4, 1/2 and 1/4 of the band range.
 */
import type { PreviewRequest, PreviewResponse } from '../../core/ipc.ts';
import { IpcError } from '../../core/ipc.ts';
import type { Raster } from '../../core/values.ts';
import { encodePng } from '../../nodes/io/formats/png.ts';

const TRUE_COLOUR_NM = [640, 550, 460] as const;

/** Viridis colour map, 9 stops (matplotlib), interpolated linearly; t in [0, 1]. */
const VIRIDIS = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
] as const;

export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** Default RGB bands: true colour from wavelengths when possible, else spread bands. */
export function defaultRgbBands(raster: Raster): [number, number, number] {
  const wl = raster.wavelengths;
  if (wl && wl.length === raster.bands) {
    const picks = TRUE_COLOUR_NM.map((target) => {
      let best = 0;
      for (let b = 1; b < wl.length; b++) if (Math.abs(wl[b] - target) < Math.abs(wl[best] - target)) best = b;
      return Math.abs(wl[best] - target) <= 40 ? best : -1;
    });
    if (picks.every((p) => p >= 0)) return picks as [number, number, number];
  }
  const last = raster.bands - 1;
  return [Math.round(last * 0.75), Math.round(last * 0.5), Math.round(last * 0.25)];
}

/** The p-th percentile (0..100) of finite values, by sorting a copy. */
export function percentile(sorted: Float32Array, p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))));
  return sorted[i];
}

function sampleBand(raster: Raster, band: number, step: number, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * step;
    for (let x = 0; x < width; x++) out[y * width + x] = raster.data[(row * raster.cols + x * step) * raster.bands + band];
  }
  return out;
}

function limits(samples: Float32Array, lowPercent: number, highPercent: number): [number, number] {
  const finite = samples.filter((v) => Number.isFinite(v)).sort();
  let low = percentile(finite, lowPercent);
  let high = percentile(finite, highPercent);
  if (!(high > low)) {
    low = finite.length ? finite[0] : 0;
    high = finite.length ? finite[finite.length - 1] : 1;
    if (!(high > low)) high = low + 1;
  }
  return [low, high];
}

export function renderPreview(raster: Raster, request: PreviewRequest): PreviewResponse {
  const { rows, cols, bands } = raster;
  const checkBand = (b: number) => {
    if (b >= bands) throw new IpcError(`band ${b} is out of range: '${request.node}.${request.port}' has ${bands} bands (0-${bands - 1})`);
    return b;
  };
  const maxSize = request.maxSize ?? 512;
  const step = Math.max(1, Math.ceil(Math.max(rows, cols) / maxSize));
  const width = Math.ceil(cols / step);
  const height = Math.ceil(rows / step);
  const lowPercent = request.lowPercent ?? 2;
  const highPercent = request.highPercent ?? 98;
  const asMap = request.band !== undefined || bands === 1 || raster.role === 'band' || raster.role === 'mask' || raster.role === 'abundances';
  const shownBands = asMap ? [checkBand(request.band ?? 0)] : (request.bands ?? defaultRgbBands(raster)).map(checkBand);
  const samples = shownBands.map((b) => sampleBand(raster, b, step, width, height));
  const lims = samples.map((s) => (raster.role === 'mask' ? limitsMinMax(s) : limits(s, lowPercent, Math.max(lowPercent, highPercent))));
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    if (asMap) {
      const v = samples[0][i];
      if (!Number.isFinite(v)) continue;
      const [r, g, b] = viridis((v - lims[0][0]) / (lims[0][1] - lims[0][0]));
      rgb[i * 3] = r;
      rgb[i * 3 + 1] = g;
      rgb[i * 3 + 2] = b;
    } else {
      for (let c = 0; c < 3; c++) {
        const v = samples[c][i];
        const t = (v - lims[c][0]) / (lims[c][1] - lims[c][0]);
        rgb[i * 3 + c] = Number.isFinite(t) ? Math.round(255 * Math.min(1, Math.max(0, t))) : 0;
      }
    }
  }
  return {
    png: Buffer.from(encodePng(width, height, 3, rgb)).toString('base64'),
    width,
    height,
    rows,
    cols,
    bands,
    mode: asMap ? 'map' : 'rgb',
    shownBands,
    low: lims.map((l) => l[0]),
    high: lims.map((l) => l[1]),
    colormap: asMap ? 'viridis' : undefined,
    wavelengths: raster.wavelengths,
    bandNames: raster.bandNames,
    units: raster.units,
  };
}

function limitsMinMax(samples: Float32Array): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of samples) if (Number.isFinite(v)) { low = Math.min(low, v); high = Math.max(high, v); }
  if (!Number.isFinite(low)) return [0, 1];
  return high > low ? [low, high] : [low, low + 1];
}
