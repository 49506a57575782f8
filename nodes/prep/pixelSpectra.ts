/**
 * prep.pixelSpectra: spectra taken from the cube itself (a target or endmember picked from pixels):
 * one spectrum per listed pixel (mean over a square window around it), and, when a mask is
 * connected, one mean spectrum per positive mask value (a region of interest per class).
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import type { Raster, Spectra } from '../../core/values.ts';

export interface Pixel {
  row: number;
  col: number;
}

/** Parses "row,col; row,col" (0-based; separators: ';' or newlines between pixels, ',' or spaces inside). */
export function parsePixels(text: string): Pixel[] {
  const pixels: Pixel[] = [];
  for (const item of text.split(/[;\n]/)) {
    const trimmed = item.trim();
    if (!trimmed) continue;
    const parts = trimmed.replace(/^\(|\)$/g, '').split(/[\s,]+/).filter(Boolean);
    const numbers = parts.map(Number);
    if (numbers.length !== 2 || !numbers.every((n) => Number.isInteger(n) && n >= 0)) {
      throw new Error(`'${trimmed}' is not a pixel "row,col" of two whole numbers >= 0`);
    }
    pixels.push({ row: numbers[0], col: numbers[1] });
  }
  return pixels;
}

/** Adds the finite samples of the pixel at data[base .. base + bands) to sum/count, band by band. */
function accumulate(data: Float32Array, base: number, sum: Float64Array, count: Uint32Array): void {
  for (let b = 0; b < sum.length; b++) {
    const v = data[base + b];
    if (Number.isFinite(v)) {
      sum[b] += v;
      count[b]++;
    }
  }
}

/** Mean spectrum (float64, length cube.bands) of the window × window pixels around `p`, clipped at the edges; non-finite samples skipped per band. */
export function windowMean(cube: Raster, p: Pixel, window: number): { mean: Float64Array; emptyBand: number } {
  const { bands, cols, rows, data } = cube;
  const half = (window - 1) / 2;
  const sum = new Float64Array(bands);
  const count = new Uint32Array(bands);
  for (let r = Math.max(0, p.row - half); r <= Math.min(rows - 1, p.row + half); r++) {
    for (let c = Math.max(0, p.col - half); c <= Math.min(cols - 1, p.col + half); c++) accumulate(data, (r * cols + c) * bands, sum, count);
  }
  const emptyBand = count.findIndex((n) => n === 0);
  for (let b = 0; b < bands; b++) sum[b] /= count[b];
  return { mean: sum, emptyBand };
}

/** Mean spectrum of every positive mask value, in increasing value order. */
export function maskMeans(cube: Raster, mask: Raster): { value: number; pixels: number; mean: Float64Array }[] {
  const { bands, data } = cube;
  const classes = new Map<number, { pixels: number; sum: Float64Array; count: Uint32Array }>();
  const labels = mask.data;
  for (let n = 0; n < labels.length; n++) {
    const value = labels[n];
    if (!(value > 0)) continue;
    let entry = classes.get(value);
    if (!entry) classes.set(value, (entry = { pixels: 0, sum: new Float64Array(bands), count: new Uint32Array(bands) }));
    entry.pixels++;
    accumulate(data, n * bands, entry.sum, entry.count);
  }
  return [...classes.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([value, e]) => ({ value, pixels: e.pixels, mean: e.sum.map((s, b) => s / e.count[b]) }));
}

export default defineNode({
  id: 'prep.pixelSpectra',
  version: 1,
  title: 'Spectra from pixels',
  category: 'prep',
  description:
    'Takes spectra from the cube itself, e.g. a target for the detectors or an endmember picked by eye: one ' +
    'spectrum per pixel listed in `pixels` ("row,col; row,col", 0-based, as shown when you click a pixel in the ' +
    'preview; the preview\'s "Use pixel as spectrum" button adds them here), averaged over a `window` × `window` ' +
    'square around it (clipped at the image edges) to lower the noise. When a `mask` is connected, also one mean ' +
    'spectrum per positive mask value (e.g. the target pixels of a ground-truth map, or the classes of a label ' +
    'image), after the listed pixels. NaN/Inf samples (nodata, bad bands) are left out of each mean; a band with ' +
    'no finite sample is an error. Wavelengths and FWHM are the cube\'s, so the detectors use the spectra ' +
    'without resampling.',
  inputs: [
    { name: 'cube', type: 'cube' },
    { name: 'mask', type: 'mask', optional: true },
  ],
  outputs: [{ name: 'spectra', type: 'spectra' }],
  params: {
    pixels: { kind: 'string', default: '', description: 'pixels "row,col; row,col" (0-based); empty when only the mask is used' },
    window: { kind: 'integer', default: 1, min: 1, max: 51, unit: 'px', description: 'odd size of the square averaged around each pixel (1 = the pixel alone)' },
    names: { kind: 'string', default: '', description: 'comma-separated names for the pixel spectra (default "pixel (row, col)")' },
  },
  checkParams(p) {
    const problems: { param: string; message: string }[] = [];
    if (typeof p.window === 'number' && p.window % 2 === 0) problems.push({ param: 'window', message: `param 'window' = ${p.window} must be odd (the pixel is its centre)` });
    if (typeof p.pixels === 'string') {
      try {
        parsePixels(p.pixels);
      } catch (e) {
        problems.push({ param: 'pixels', message: `param 'pixels': ${(e as Error).message}` });
      }
    }
    return problems;
  },
  async run(inputs, params, ctx) {
    const node = ctx.nodeId;
    const cube = inputs.cube as Raster;
    const mask = inputs.mask as Raster | undefined;
    const window = (params.window as number | undefined) ?? 1;
    let pixels: Pixel[];
    try {
      pixels = parsePixels(String(params.pixels ?? ''));
    } catch (e) {
      throw new BandwireError('PARAM_INVALID', `param 'pixels': ${(e as Error).message}`, { node, param: 'pixels' });
    }
    if (pixels.length === 0 && !mask) {
      throw new BandwireError('PARAM_INVALID', `param 'pixels' is empty and no 'mask' is connected: list pixels "row,col; row,col" or connect a mask`, { node, param: 'pixels' });
    }
    const outside = pixels.find((p) => p.row >= cube.rows || p.col >= cube.cols);
    if (outside) {
      throw new BandwireError('PARAM_RANGE', `param 'pixels' has (${outside.row}, ${outside.col}), outside the ${cube.rows} × ${cube.cols} pixels of input 'cube' (rows 0–${cube.rows - 1}, cols 0–${cube.cols - 1})`, { node, param: 'pixels' });
    }
    const given = String(params.names ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (given.length > pixels.length) {
      throw new BandwireError('PARAM_INVALID', `param 'names' has ${given.length} names for ${pixels.length} pixel(s)`, { node, param: 'names' });
    }
    const spectra: { name: string; mean: Float64Array }[] = [];
    for (const [i, p] of pixels.entries()) {
      const { mean, emptyBand } = windowMean(cube, p, window);
      if (emptyBand >= 0) {
        throw new BandwireError('INPUT_INVALID', `pixel (${p.row}, ${p.col}) of input 'cube' has no finite value in band ${emptyBand}${window > 1 ? ` within the ${window} × ${window} window` : ''} (nodata or a bad band); pick another pixel, widen 'window' or drop the band first`, { node, param: 'pixels' });
      }
      spectra.push({ name: given[i] ?? `pixel (${p.row}, ${p.col})`, mean });
    }
    if (mask) {
      if (mask.rows !== cube.rows || mask.cols !== cube.cols) {
        throw new BandwireError('INPUT_INVALID', `input 'mask' is ${mask.rows} × ${mask.cols} pixels but input 'cube' is ${cube.rows} × ${cube.cols}`, { node, port: 'mask' });
      }
      const classes = maskMeans(cube, mask);
      if (classes.length === 0) throw new BandwireError('INPUT_INVALID', `input 'mask' has no positive pixel to average`, { node, port: 'mask' });
      for (const c of classes) {
        const emptyBand = c.mean.findIndex((v) => !Number.isFinite(v));
        if (emptyBand >= 0) throw new BandwireError('INPUT_INVALID', `the ${c.pixels} pixels of mask value ${c.value} have no finite value in band ${emptyBand} of input 'cube'`, { node, port: 'mask' });
        spectra.push({ name: `mask ${c.value} (${c.pixels} px)`, mean: c.mean });
      }
    }
    const bands = cube.bands;
    const data = new Float64Array(spectra.length * bands);
    spectra.forEach((s, k) => data.set(s.mean, k * bands));
    const out: Spectra = { kind: 'spectra', count: spectra.length, bands, data, names: spectra.map((s) => s.name) };
    if (cube.wavelengths) out.wavelengths = [...cube.wavelengths];
    if (cube.fwhm) out.fwhm = [...cube.fwhm];
    return { spectra: out };
  },
});
