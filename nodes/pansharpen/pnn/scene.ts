/**
 * Input checks and preparation shared by the PNN variants: ratio, sizes, NaNs, wavelengths, the
 * interpolated cube HS~ (ideal interpolator, grid phase LR i <-> HR r*i + floor(r/2)) and the
 * normalised planes (DN / scale) the networks train on.
 */
import { BandwireError } from '../../../core/errors.ts';
import type { Raster } from '../../../core/values.ts';
import { gridPhase, idealInterpolate, interpolationStages } from '../lib/interpolate.ts';
import { axisSampling, type Sampling } from './losses.ts';
import type { Variant } from './network.ts';

export const NODE_ID = 'pansharpen.pnn';

export interface Scene {
  /** HR (PAN) size. */
  rows: number;
  cols: number;
  /** LR (HS) size. */
  lrRows: number;
  lrCols: number;
  bands: number;
  ratio: number;
  phase: number;
  scale: number;
  /** PAN / scale, rows*cols. */
  pan: Float32Array;
  /** HS~ / scale, band-sequential: band b at [b*rows*cols, (b+1)*rows*cols). */
  interpolated: Float32Array;
  /** HS / scale, band-sequential on the LR grid. */
  lr: Float32Array;
  wavelengths?: number[];
  /** Spectral-loss sampling for the 61x61 MTF. */
  sampling: Sampling;
}

function fail(message: string, culprit: { param?: string; port?: string } = {}): never {
  throw new BandwireError('INPUT_INVALID', `${NODE_ID}: ${message}`, { node: NODE_ID, ...culprit });
}

function checkFinite(r: Raster, port: string): void {
  const d = r.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      const pixel = Math.floor(i / r.bands);
      fail(`input '${port}' holds NaN/Inf at row ${Math.floor(pixel / r.cols)}, col ${pixel % r.cols}, band ${i % r.bands}; fill or mask nodata first (this node does not handle NaN)`, { port });
    }
  }
}

/** Band-sequential copy of a BIP raster divided by `scale`. */
function bandSequential(r: Raster, scale: number): Float32Array {
  const n = r.rows * r.cols;
  const out = new Float32Array(n * r.bands);
  const { data, bands } = r;
  for (let b = 0; b < bands; b++) {
    const base = b * n;
    for (let i = 0, j = b; i < n; i++, j += bands) out[base + i] = data[j] / scale;
  }
  return out;
}

export interface SceneParams {
  variant: Variant;
  ratio: number;
  scale: number;
  wavelengths?: number[];
}

export function prepareScene(hs: Raster | undefined, pan: Raster | undefined, params: SceneParams): Scene {
  if (!hs || hs.kind !== 'raster') fail(`input 'hs' (the low-resolution cube) is required`, { port: 'hs' });
  if (!pan || pan.kind !== 'raster') fail(`input 'pan' (the panchromatic band) is required`, { port: 'pan' });
  if (pan.bands !== 1) fail(`input 'pan' has ${pan.bands} bands, expected 1 (use prep.synthPan or prep.selectBands)`, { port: 'pan' });
  let ratio = params.ratio;
  const derivedRows = pan.rows / hs.rows;
  const derivedCols = pan.cols / hs.cols;
  if (!ratio) {
    if (!Number.isInteger(derivedRows) || derivedRows !== derivedCols) {
      fail(`PAN ${pan.rows}x${pan.cols} and HS ${hs.rows}x${hs.cols} give a non-integer or anisotropic ratio (${derivedRows.toFixed(3)} x ${derivedCols.toFixed(3)}); crop them to PAN = r x HS`, { param: 'ratio' });
    }
    ratio = derivedRows;
  }
  if (!Number.isInteger(ratio) || ratio < 2) fail(`param 'ratio' = ${ratio} must be an integer >= 2`, { param: 'ratio' });
  if (pan.rows !== ratio * hs.rows || pan.cols !== ratio * hs.cols) {
    fail(`PAN ${pan.rows}x${pan.cols} is not ${ratio} x HS ${hs.rows}x${hs.cols} (param 'ratio' = ${ratio}); sizes must satisfy PAN = ratio x HS`, { param: 'ratio' });
  }
  if (!interpolationStages(ratio)) fail(`param 'ratio' = ${ratio} is not supported by the ideal interpolator (use 2^k or 3*2^k: 2, 3, 4, 6, 8, 12)`, { param: 'ratio' });
  checkFinite(hs, 'hs');
  checkFinite(pan, 'pan');
  const phase = gridPhase(ratio);
  const sampling: Sampling = {
    rows: axisSampling(pan.rows, hs.rows, ratio, phase),
    cols: axisSampling(pan.cols, hs.cols, ratio, phase),
    ratio,
    size: 61,
  };
  if (sampling.rows.count < 1 || sampling.cols.count < 1) {
    fail(`PAN ${pan.rows}x${pan.cols} is too small for the 61x61 MTF of the spectral loss at ratio ${ratio} (needs at least ${61 + ratio} px per side)`, { port: 'pan' });
  }
  let wavelengths = hs.wavelengths;
  if (params.wavelengths && params.wavelengths.length > 0) {
    if (params.wavelengths.length !== hs.bands) fail(`param 'wavelengths' has ${params.wavelengths.length} values but input 'hs' has ${hs.bands} bands`, { param: 'wavelengths' });
    wavelengths = params.wavelengths;
  }
  if (params.variant === 'r-pnn' && (!wavelengths || wavelengths.length !== hs.bands)) {
    fail(`variant 'r-pnn' needs band wavelengths (nm) for its iteration schedule and the alpha switch at 700 nm, and input 'hs' carries none; set param 'wavelengths' (one value per band) or load the cube with wavelengths / pass it through prep.selectBands`, { param: 'wavelengths' });
  }
  const interpolated = idealInterpolate(hs, ratio);
  return {
    rows: pan.rows,
    cols: pan.cols,
    lrRows: hs.rows,
    lrCols: hs.cols,
    bands: hs.bands,
    ratio,
    phase,
    scale: params.scale,
    pan: bandSequential(pan, params.scale),
    interpolated: bandSequential(interpolated, params.scale),
    lr: bandSequential(hs, params.scale),
    wavelengths,
    sampling,
  };
}

/** Band b of a band-sequential array of `n`-pixel planes (a view, no copy). */
export function plane(data: Float32Array, n: number, b: number): Float32Array {
  return data.subarray(b * n, (b + 1) * n);
}

/**
 * A window of the scene: LR rows/cols [lrRow, lrRow + lrSize) and the matching HR window
 * (ratio x larger, same grid phase). Used to train Z-PNN on a tile of large scenes.
 */
export function cropScene(scene: Scene, lrRow: number, lrCol: number, lrSize: number): Scene {
  const { ratio, bands } = scene;
  const size = lrSize * ratio;
  const cut = (data: Float32Array, rows: number, cols: number, row: number, col: number, side: number) => {
    const out = new Float32Array(side * side * bands);
    for (let b = 0; b < bands; b++) {
      for (let r = 0; r < side; r++) {
        const src = b * rows * cols + (row + r) * cols + col;
        out.set(data.subarray(src, src + side), (b * side + r) * side);
      }
    }
    return out;
  };
  const panCut = (() => {
    const out = new Float32Array(size * size);
    for (let r = 0; r < size; r++) {
      const src = (lrRow * ratio + r) * scene.cols + lrCol * ratio;
      out.set(scene.pan.subarray(src, src + size), r * size);
    }
    return out;
  })();
  const axis = axisSampling(size, lrSize, ratio, scene.phase);
  return {
    ...scene,
    rows: size,
    cols: size,
    lrRows: lrSize,
    lrCols: lrSize,
    pan: panCut,
    interpolated: cut(scene.interpolated, scene.rows, scene.cols, lrRow * ratio, lrCol * ratio, size),
    lr: cut(scene.lr, scene.lrRows, scene.lrCols, lrRow, lrCol, lrSize),
    sampling: { ...scene.sampling, rows: axis, cols: axis },
  };
}
