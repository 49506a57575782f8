/**
 * prep.resampleSpectra: spectra (e.g. a library) → the band centres of a cube.
 * Each target band j is a Gaussian spectral response with centre c_j and FWHM f_j (σ = f_j / 2√(2 ln 2)),
 * integrated over the source samples with trapezoid weights; when the cube has no FWHM (or the
 * response holds fewer than two source samples) the source is linearly interpolated at c_j.
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import type { Raster, Spectra } from '../../core/values.ts';

const SIGMA_PER_FWHM = 1 / (2 * Math.sqrt(2 * Math.LN2));
/** Band centres closer than this (nm) are the same band. */
const MATCH_NM = 1e-3;

/** Linear interpolation of y(x) at t; x ascending. */
function interpolate(x: number[], y: Float64Array, offset: number, t: number): number {
  let hi = 1;
  while (hi < x.length - 1 && x[hi] < t) hi++;
  const lo = hi - 1;
  const span = x[hi] - x[lo];
  const w = span > 0 ? Math.min(1, Math.max(0, (t - x[lo]) / span)) : 0;
  return y[offset + lo] * (1 - w) + y[offset + hi] * w;
}

/**
 * Resamples every spectrum to `centres` (nm) with optional `fwhm` (nm). Throws BandwireError
 * (naming `node`) when the source has no wavelengths or a target band lies beyond the source
 * range by more than one source band spacing.
 */
export function resampleSpectra(source: Spectra, centres: number[], fwhm: number[] | undefined, node?: string): Spectra {
  const from = source.wavelengths;
  if (!from || from.length !== source.bands) {
    throw new BandwireError('INPUT_INVALID', `spectra '${source.names[0] ?? ''}' have no wavelengths, so they cannot be resampled to the cube's ${centres.length} bands`, { node });
  }
  // Same band centres (e.g. a cube whose bad bands were dropped by prep.selectBands): pick them.
  const picked = centres.map((c) => from.findIndex((w) => Math.abs(w - c) < MATCH_NM));
  if (picked.every((i) => i >= 0)) {
    const data = new Float64Array(source.count * centres.length);
    for (let k = 0; k < source.count; k++) picked.forEach((i, j) => (data[k * centres.length + j] = source.data[k * source.bands + i]));
    return { kind: 'spectra', count: source.count, bands: centres.length, data, names: [...source.names], wavelengths: [...centres], fwhm: fwhm ? [...fwhm] : undefined };
  }
  const order = from.map((_, i) => i).sort((a, b) => from[a] - from[b]);
  const x = order.map((i) => from[i]);
  const ySorted = new Float64Array(source.count * source.bands);
  for (let k = 0; k < source.count; k++) order.forEach((src, i) => (ySorted[k * source.bands + i] = source.data[k * source.bands + src]));
  const n = x.length;
  const spacingLow = n > 1 ? x[1] - x[0] : 0;
  const spacingHigh = n > 1 ? x[n - 1] - x[n - 2] : 0;
  const outside = centres.filter((c) => c < x[0] - spacingLow || c > x[n - 1] + spacingHigh);
  if (outside.length) {
    const round = (v: number) => Math.round(v * 100) / 100;
    const low = round(x[0] - spacingLow);
    const high = round(x[n - 1] + spacingHigh);
    const range = (list: number[]) => `${round(Math.min(...list))}–${round(Math.max(...list))} nm`;
    if (outside.length === centres.length) {
      throw new BandwireError('INPUT_INVALID', `cannot resample: no spectral overlap between the cube's bands (${range(centres)}) and the spectra '${source.names[0] ?? ''}' (${x[0]}–${x[n - 1]} nm); use spectra that cover the cube's wavelengths`, { node });
    }
    throw new BandwireError(
      'INPUT_INVALID',
      `cannot resample: ${outside.length} of the cube's ${centres.length} bands (the first at ${outside[0]} nm) lie outside the spectra's range ${x[0]}–${x[n - 1]} nm; ` +
        `drop those bands from the cube first, e.g. prep.selectBands with from = ${low} and to = ${high} nm`,
      { node },
    );
  }
  // Trapezoid integration weights of the source samples.
  const step = new Float64Array(n);
  for (let i = 0; i < n; i++) step[i] = 0.5 * ((i + 1 < n ? x[i + 1] : x[i]) - (i > 0 ? x[i - 1] : x[i])) || 1;
  const bands = centres.length;
  const data = new Float64Array(source.count * bands);
  for (let j = 0; j < bands; j++) {
    const c = centres[j];
    const sigma = fwhm && fwhm[j] > 0 ? fwhm[j] * SIGMA_PER_FWHM : 0;
    let indices: number[] = [];
    let weights: number[] = [];
    if (sigma > 0) {
      for (let i = 0; i < n; i++) {
        const d = (x[i] - c) / sigma;
        if (Math.abs(d) <= 4) {
          indices.push(i);
          weights.push(Math.exp(-0.5 * d * d) * step[i]);
        }
      }
      if (indices.length < 2) indices = weights = [];
    }
    const total = weights.reduce((a, b) => a + b, 0);
    for (let k = 0; k < source.count; k++) {
      const offset = k * source.bands;
      let v: number;
      if (indices.length > 0 && total > 0) {
        v = 0;
        for (let t = 0; t < indices.length; t++) v += weights[t] * ySorted[offset + indices[t]];
        v /= total;
      } else {
        v = interpolate(x, ySorted, offset, c);
      }
      data[k * bands + j] = v;
    }
  }
  return { kind: 'spectra', count: source.count, bands, data, names: [...source.names], wavelengths: [...centres], fwhm: fwhm ? [...fwhm] : undefined };
}

/** True when both wavelength lists are known and differ (by more than 1e-6 nm anywhere or in length). */
export function wavelengthsDiffer(a: number[] | undefined, b: number[] | undefined): boolean {
  if (!a || !b) return false;
  return a.length !== b.length || a.some((v, i) => Math.abs(v - b[i]) > 1e-6);
}

export default defineNode({
  id: 'prep.resampleSpectra',
  version: 1,
  title: 'Resample spectra',
  category: 'prep',
  description:
    'Resamples spectra (a library, endmembers, targets) to the band centres of the `like` cube. ' +
    'Each cube band is modelled as a Gaussian spectral response function with the cube\'s FWHM ' +
    '(σ = FWHM / 2√(2 ln 2)), integrated over the source samples with trapezoid weights, as in the ' +
    'usual convolution of USGS library spectra to AVIRIS bands (Clark et al., USGS splib06a, 2007). ' +
    'When the cube has no FWHM, or a response is narrower than the source sampling, the source is ' +
    'linearly interpolated at the band centre. When every cube band centre is one of the spectra\'s centres ' +
    '(same sensor, bad bands dropped with prep.selectBands) those bands are picked unchanged. Wavelengths in nm. Bands outside the source range ' +
    '(by more than one source band spacing) are an error.',
  inputs: [
    { name: 'spectra', type: 'spectra', description: 'spectra with wavelengths (nm)' },
    { name: 'like', type: 'cube', description: 'cube whose wavelengths (and FWHM) define the output bands' },
  ],
  outputs: [{ name: 'spectra', type: 'spectra' }],
  params: {},
  async run(inputs, _params, ctx) {
    const spectra = inputs.spectra as Spectra;
    const like = inputs.like as Raster;
    if (!like.wavelengths || like.wavelengths.length !== like.bands) {
      throw new BandwireError('INPUT_INVALID', `input 'like' has no wavelengths, so there is nothing to resample to`, { node: ctx.nodeId, port: 'like' });
    }
    return { spectra: resampleSpectra(spectra, like.wavelengths, like.fwhm, ctx.nodeId) };
  },
});
