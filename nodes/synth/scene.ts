/**
 * synth.scene: a linear-mixture scene x = Σ_k a_k m_k (+ anomaly) + n with every ground truth as an output.
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import { makeRaster, type Spectra } from '../../core/values.ts';
import { smoothField, smoothSpectrum } from './fields.ts';
import { Random } from './random.ts';

/** PAN response: mean of the bands whose centres lie in 400–700 nm. */
const VISIBLE_NM: [number, number] = [400, 700];

export default defineNode({
  id: 'synth.scene',
  version: 1,
  title: 'Synthetic scene',
  category: 'synth',
  description:
    'Generates a linear-mixture hyperspectral scene with known ground truth, deterministic per `seed` ' +
    '(mulberry32 generator). Endmember spectra are smooth sums of Gaussians over `wavelengthStart`–' +
    '`wavelengthEnd` nm (evenly spaced band centres, FWHM = band spacing), reflectance in 0.05–0.9. ' +
    'Abundances have spatial structure: one smooth Gaussian random field per endmember (σ ≈ rows/12 px) ' +
    'through a softmax with sharpness 3, so they are non-negative and sum to one (a spatial analogue of ' +
    'Dirichlet abundances, cf. Bioucas-Dias et al., "Hyperspectral unmixing overview", IEEE JSTARS 5(2), 2012). ' +
    '`anomalies` sub-pixel targets are small blobs (1×1 to 2×2 px) where a distinct spectrum is mixed in ' +
    'at a fraction drawn from 0.2–0.6 (the endmember abundances there sum to 1 − fraction). White Gaussian ' +
    'noise is added at `snr` dB (10·log10 of mean signal power over noise power). The PAN band is the mean ' +
    'of the (noisy) bands centred in 400–700 nm. Outputs: `cube`, `endmembers` (K spectra), `abundances` ' +
    '(K bands, noise-free truth), `pan`, `anomalies` (0/1 mask).',
  inputs: [],
  outputs: [
    { name: 'cube', type: 'cube' },
    { name: 'endmembers', type: 'spectra' },
    { name: 'abundances', type: 'abundances' },
    { name: 'pan', type: 'band' },
    { name: 'anomalies', type: 'mask' },
  ],
  params: {
    rows: { kind: 'integer', default: 100, min: 8, max: 8192, unit: 'px', description: 'image height' },
    cols: { kind: 'integer', default: 100, min: 8, max: 8192, unit: 'px', description: 'image width' },
    bands: { kind: 'integer', default: 64, min: 2, max: 2048, description: 'number of spectral bands' },
    endmembers: { kind: 'integer', default: 4, min: 1, max: 32, description: 'number of endmembers K' },
    snr: { kind: 'number', default: 40, min: -10, max: 200, unit: 'dB', description: 'signal-to-noise ratio of the added white Gaussian noise' },
    seed: { kind: 'integer', default: 0, min: 0, max: 2 ** 31 - 1, description: 'random seed; same seed, same scene' },
    anomalies: { kind: 'integer', default: 8, min: 0, max: 1000, description: 'number of sub-pixel anomaly blobs' },
    wavelengthStart: { kind: 'number', default: 400, min: 1, max: 100000, unit: 'nm', description: 'centre of the first band' },
    wavelengthEnd: { kind: 'number', default: 2500, min: 1, max: 100000, unit: 'nm', description: 'centre of the last band' },
  },
  checkParams(p) {
    return (p.wavelengthEnd as number) <= (p.wavelengthStart as number)
      ? [{ param: 'wavelengthEnd', message: `param 'wavelengthEnd' = ${p.wavelengthEnd} must exceed 'wavelengthStart' = ${p.wavelengthStart}` }]
      : [];
  },
  async run(_inputs, params, ctx) {
    const rows = params.rows as number;
    const cols = params.cols as number;
    const bands = params.bands as number;
    const count = params.endmembers as number;
    const start = params.wavelengthStart as number;
    const end = params.wavelengthEnd as number;
    if (end <= start) throw new BandwireError('PARAM_RANGE', `param 'wavelengthEnd' = ${end} must exceed 'wavelengthStart' = ${start}`, { node: ctx.nodeId, param: 'wavelengthEnd' });
    const random = new Random(params.seed as number);
    const spacing = (end - start) / (bands - 1);
    const wavelengths = Array.from({ length: bands }, (_, b) => start + b * spacing);
    const fwhm = wavelengths.map(() => spacing);
    const visible = wavelengths.map((w, b) => (w >= VISIBLE_NM[0] && w <= VISIBLE_NM[1] ? b : -1)).filter((b) => b >= 0);
    if (visible.length === 0) {
      throw new BandwireError('PARAM_RANGE', `no band lies in ${VISIBLE_NM[0]}–${VISIBLE_NM[1]} nm for the PAN band: widen 'wavelengthStart'/'wavelengthEnd' (${start}–${end} nm)`, { node: ctx.nodeId, param: 'wavelengthStart' });
    }
    const spectra = new Float64Array(count * bands);
    for (let k = 0; k < count; k++) spectra.set(smoothSpectrum(random, wavelengths), k * bands);
    const anomalySpectrum = smoothSpectrum(random, wavelengths);

    // Abundances: softmax of smooth fields (BIP, K per pixel).
    const pixels = rows * cols;
    const radius = Math.max(1, Math.round(Math.min(rows, cols) / 12 / 1.7));
    const fields = Array.from({ length: count }, (_, k) => {
      ctx.progress(0.5 * (k / count), `abundance field ${k + 1}/${count}`);
      ctx.checkAbort();
      return smoothField(random, rows, cols, radius);
    });
    const abundances = new Float32Array(pixels * count);
    const weights = new Float64Array(count);
    for (let p = 0; p < pixels; p++) {
      let sum = 0;
      for (let k = 0; k < count; k++) sum += weights[k] = Math.exp(3 * fields[k][p]);
      for (let k = 0; k < count; k++) abundances[p * count + k] = weights[k] / sum;
    }
    ctx.checkAbort();

    // Anomalies: blobs of 1×1..2×2 px away from the border, not touching each other.
    const mask = new Float32Array(pixels);
    const fraction = new Float64Array(pixels);
    const wanted = params.anomalies as number;
    let placed = 0;
    for (let attempt = 0; placed < wanted && attempt < wanted * 200; attempt++) {
      const height = 1 + random.integer(2);
      const width = 1 + random.integer(2);
      const r0 = 2 + random.integer(Math.max(1, rows - 4 - height));
      const c0 = 2 + random.integer(Math.max(1, cols - 4 - width));
      let free = true;
      for (let r = r0 - 1; r <= r0 + height && free; r++) for (let c = c0 - 1; c <= c0 + width; c++) if (mask[r * cols + c]) free = false;
      if (!free) continue;
      const f = random.range(0.2, 0.6);
      for (let r = r0; r < r0 + height; r++) for (let c = c0; c < c0 + width; c++) {
        mask[r * cols + c] = 1;
        fraction[r * cols + c] = f;
      }
      placed++;
    }
    if (placed < wanted) ctx.log(`placed ${placed} of ${wanted} anomalies (scene too small)`);

    // Mixing: x = (1-f) Σ_k a_k m_k + f t; abundances scaled by (1-f) where an anomaly is.
    const cube = new Float32Array(pixels * bands);
    const mixed = new Float64Array(bands);
    let power = 0;
    for (let p = 0; p < pixels; p++) {
      if (p % (cols * 64) === 0) {
        ctx.progress(0.5 + 0.2 * (p / pixels), `mixing row ${p / cols}/${rows}`);
        ctx.checkAbort();
      }
      const f = fraction[p];
      mixed.fill(0);
      for (let k = 0; k < count; k++) {
        const a = abundances[p * count + k] * (1 - f);
        abundances[p * count + k] = a;
        for (let b = 0; b < bands; b++) mixed[b] += a * spectra[k * bands + b];
      }
      for (let b = 0; b < bands; b++) {
        const v = mixed[b] + f * anomalySpectrum[b];
        cube[p * bands + b] = v;
        power += v * v;
      }
    }
    const sigma = Math.sqrt(power / (pixels * bands) / 10 ** ((params.snr as number) / 10));
    const pan = new Float32Array(pixels);
    for (let p = 0; p < pixels; p++) {
      if (p % (cols * 64) === 0) {
        ctx.progress(0.7 + 0.3 * (p / pixels), `noise row ${p / cols}/${rows}`);
        ctx.checkAbort();
      }
      let sum = 0;
      for (let b = 0; b < bands; b++) cube[p * bands + b] += sigma * random.normal();
      for (const b of visible) sum += cube[p * bands + b];
      pan[p] = sum / visible.length;
    }
    ctx.progress(1);
    const names = Array.from({ length: count }, (_, k) => `endmember${k + 1}`);
    const endmembers: Spectra = { kind: 'spectra', count, bands, data: spectra, names, wavelengths, fwhm };
    return {
      cube: makeRaster(rows, cols, bands, cube, { wavelengths, fwhm, role: 'cube' }),
      endmembers,
      abundances: makeRaster(rows, cols, count, abundances, { bandNames: names, role: 'abundances' }),
      pan: makeRaster(rows, cols, 1, pan, { bandNames: ['pan'], role: 'band' }),
      anomalies: makeRaster(rows, cols, 1, mask, { bandNames: ['anomaly'], role: 'mask' }),
    };
  },
});
