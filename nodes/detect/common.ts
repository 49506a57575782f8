/**
 * Shared pieces of the detectors: input checks, target selection/resampling, background
 * statistics (mean, covariance, whitening) and the score raster.
 */
import { BandwireError } from '../../core/errors.ts';
import type { NodeContext, NodeInputs } from '../../core/node-def.ts';
import type { ParamSpec } from '../../core/params.ts';
import { makeRaster, type Raster, type Spectra } from '../../core/values.ts';
import { addRidge, bandMeans, cholesky, dot, lowerInverse, matVec, moments, multiply, projectedMoment, whitening } from '../lib/linalg.ts';
import { resampleSpectra, wavelengthsDiffer } from '../prep/resampleSpectra.ts';

/** Ridge added (× mean eigenvalue) when the covariance is singular, as in regularised RX/MF. */
export const RIDGE = 1e-6;

/** Largest cond(Cz) estimate after which `whiten` refines again (float32 Cz is then still accurate to ~1e-4). */
const MAX_REFINED_CONDITION = 1e3;

export const TARGET_INDEX_PARAM: ParamSpec = {
  kind: 'integer',
  default: 0,
  min: 0,
  description: 'which spectrum of the `target` input to detect (0 = the first)',
};

export const RIDGE_HELP =
  'A singular covariance (e.g. constant bands) is regularised by adding 1e-6 × its mean eigenvalue ' +
  'to the diagonal (diagonal loading); NaN pixels are an error (drop or fill them first).';

/** The `cube` input, checked for NaNs (which the detectors do not handle). */
export function cubeInput(inputs: NodeInputs, ctx: NodeContext): Raster {
  const cube = inputs.cube as Raster | undefined;
  if (!cube || cube.kind !== 'raster') throw new BandwireError('MISSING_INPUT', `input 'cube' is required`, { node: ctx.nodeId, port: 'cube' });
  const { data } = cube;
  // Fast screen: v * 0 is NaN only for NaN and ±Inf, so one product sum flags both; then locate.
  // Four partial sums (no loop-carried add latency): ~4× faster than testing each value.
  let screen = 0;
  const whole = data.length - (data.length % 4);
  for (let i = 0; i < whole; i += 4) screen += data[i] * 0 + data[i + 1] * 0 + (data[i + 2] * 0 + data[i + 3] * 0);
  for (let i = whole; i < data.length; i++) screen += data[i] * 0;
  for (let i = 0; Number.isNaN(screen) && i < data.length; i++) {
    if (Number.isNaN(data[i])) {
      const pixel = Math.floor(i / cube.bands);
      throw new BandwireError(
        'INPUT_INVALID',
        `input 'cube' has NaN values (first at row ${Math.floor(pixel / cube.cols)}, col ${pixel % cube.cols}, band ${i % cube.bands}); remove bad bands or fill nodata first`,
        { node: ctx.nodeId, port: 'cube' },
      );
    }
  }
  if (cube.rows * cube.cols <= cube.bands) {
    throw new BandwireError('INPUT_INVALID', `input 'cube' has ${cube.rows * cube.cols} pixels, fewer than its ${cube.bands} bands + 1: background covariance cannot be estimated`, { node: ctx.nodeId, port: 'cube' });
  }
  return cube;
}

/**
 * Spectrum `index` of the `target` input at the cube's bands (float64, length cube.bands).
 * Resampled when both wavelength sets are known and differ; a band-count mismatch that cannot be
 * resampled is an error.
 */
export function targetSpectrum(inputs: NodeInputs, index: number, cube: Raster, ctx: NodeContext, port = 'target'): Float64Array {
  let spectra = inputs[port] as Spectra | undefined;
  if (!spectra || spectra.kind !== 'spectra') throw new BandwireError('MISSING_INPUT', `input '${port}' (spectra) is required`, { node: ctx.nodeId, port });
  if (index >= spectra.count) {
    throw new BandwireError('PARAM_RANGE', `param 'targetIndex' = ${index} but input '${port}' holds ${spectra.count} spectra`, { node: ctx.nodeId, param: 'targetIndex' });
  }
  if (wavelengthsDiffer(spectra.wavelengths, cube.wavelengths)) {
    spectra = resampleSpectra(spectra, cube.wavelengths!, cube.fwhm, ctx.nodeId);
  } else if (spectra.bands !== cube.bands) {
    throw new BandwireError(
      'INPUT_INVALID',
      `input '${port}' has ${spectra.bands} bands but 'cube' has ${cube.bands}, and it cannot be resampled ` +
        `(${spectra.wavelengths ? '' : `'${port}' has no wavelengths`}${!spectra.wavelengths && !cube.wavelengths ? ' and ' : ''}${cube.wavelengths ? '' : `'cube' has no wavelengths`})`,
      { node: ctx.nodeId, port },
    );
  }
  const target = spectra.data.slice(index * spectra.bands, (index + 1) * spectra.bands);
  if (target.some((v) => !Number.isFinite(v))) {
    throw new BandwireError('INPUT_INVALID', `target spectrum '${spectra.names[index] ?? index}' has NaN or infinite values`, { node: ctx.nodeId, port });
  }
  return target;
}

/** The checked inputs shared by the single-target detectors (ACE, CEM, MF). */
export interface TargetInputs {
  cube: Raster;
  /** Spectrum `targetIndex` of `target` at the cube's bands (float64, length bands). */
  target: Float64Array;
  bands: number;
  /** rows × cols. */
  pixels: number;
}

/** cubeInput + targetSpectrum(param 'targetIndex') and the cube's sizes. */
export function targetInputs(inputs: NodeInputs, targetIndex: number, ctx: NodeContext): TargetInputs {
  const cube = cubeInput(inputs, ctx);
  const target = targetSpectrum(inputs, targetIndex, cube, ctx);
  return { cube, target, bands: cube.bands, pixels: cube.rows * cube.cols };
}

export interface Background {
  mean: Float64Array;
  /** First-pass covariance (or correlation) estimate from a pixel subsample (informational). */
  covariance: Float64Array;
  /** W (bands × bands) with W C W^T = I. */
  whitening: Float64Array;
  /** Diagonal loading added (0 when the covariance was regular). */
  ridge: number;
}

/** Mean, sample covariance (N-1) and whitening of the whole cube; regularised when singular. */
export function background(cube: Raster, ctx: NodeContext): Background {
  return whiten(cube, true, ctx);
}

export interface FirstPass extends Background {
  /** Pixel offset subtracted before the products (the mean, or undefined for correlation). */
  offset: Float64Array | undefined;
  divisor: number;
}

/**
 * First, approximate pass: mean of every pixel; covariance (`centre`) or correlation of a strided
 * subsample of at least max(20 × bands, 8192) pixels on the tensor runtime; its whitening W0,
 * with growing diagonal loading (`ridge` > 0) when it looks singular.
 */
export function firstPass(cube: Raster, centre: boolean, ctx: NodeContext): FirstPass {
  const pixels = cube.rows * cube.cols;
  const bands = cube.bands;
  const mean = centre ? bandMeans(cube.data, pixels, bands) : new Float64Array(bands);
  const stride = Math.max(1, Math.floor(pixels / Math.max(20 * bands, 8192)));
  const sample = stride === 1 ? cube.data : subsample(cube.data, pixels, bands, stride);
  const { matrix } = moments(ctx.tf, sample, Math.floor(sample.length / bands), bands, centre);
  let w = choleskyWhitening(matrix, bands) ?? whitening(matrix, bands);
  let ridge = 0;
  // Float32 first-pass moments of ill-conditioned scenes can look singular: load the diagonal
  // (growing ×10) until W0 exists; whiten() removes the loading again unless C is truly singular.
  for (let loading = RIDGE; !w && loading <= 1; loading *= 10) {
    const trial = Float64Array.from(matrix);
    ridge = addRidge(trial, bands, loading);
    if (!(ridge > 0)) break;
    w = whitening(trial, bands, 0);
  }
  if (!w) {
    throw new BandwireError('INPUT_INVALID', `node '${ctx.nodeId}': the background covariance is zero (all pixels equal), nothing to detect against`, { node: ctx.nodeId, port: 'cube' });
  }
  return { mean, covariance: matrix, whitening: w, ridge, offset: centre ? mean : undefined, divisor: centre ? pixels - 1 : pixels };
}

/**
 * Whitening W (W C W^T = I) of the cube's covariance (`centre`, divisor N-1) or correlation matrix
 * (divisor N). The float32 moments of the tensor runtime are not accurate enough for ill-conditioned
 * scenes (cond(C) ~ 1e7 on AVIRIS), so W0 from a first pass (on a pixel subsample) is refined: the moment of z = W0 x is
 * close to I and well conditioned, and W = L^{-1} W0 with Cz = L L^T whitens C to float32 accuracy
 * (one refinement; at most three when cond(Cz) ≥ 1e3, i.e. W0 was far off). When C is singular (constant bands) W comes from C + δI with δ = RIDGE × mean
 * eigenvalue.
 */
export function whiten(cube: Raster, centre: boolean, ctx: NodeContext): Background {
  const { tf } = ctx;
  const pixels = cube.rows * cube.cols;
  const bands = cube.bands;
  const first = firstPass(cube, centre, ctx);
  const { mean, covariance: matrix, offset, divisor } = first;
  let { whitening: w, ridge } = first;
  for (let round = 0; round < 3; round++) {
    ctx.checkAbort();
    const projected = projectedMoment(tf, cube.data, pixels, bands, w, offset, divisor);
    // Cz = L L^T (Cholesky; Cz ≈ I) and L^{-1} Cz L^{-T} = I, so W ← L^{-1} W.
    const lower = cholesky(projected, bands);
    if (!lower || lower.some((v, i) => i % (bands + 1) === 0 && !(v > 3e-5))) break; // truly singular: keep the ridge-loaded W
    w = multiply(lowerInverse(lower, bands), w, bands);
    ridge = 0;
    // The corrected W is accurate to the float32 rounding of Cz times cond(Cz) (~1e-5 for the
    // cond(Cz) < 10 a subsample W0 gives): one round suffices unless W0 was far off. cond(Cz) is
    // estimated by (max L_ii / min L_ii)², a lower bound that is cheap (no eigendecomposition).
    let largest = 0;
    let smallest = Infinity;
    for (let i = 0; i < bands; i++) {
      largest = Math.max(largest, lower[i * bands + i]);
      smallest = Math.min(smallest, lower[i * bands + i]);
    }
    if ((largest / smallest) ** 2 < MAX_REFINED_CONDITION) break;
  }
  if (ridge > 0) ctx.log(`covariance is singular (constant or dependent bands): added diagonal loading ${ridge.toExponential(3)}`);
  return { mean, covariance: matrix, whitening: w, ridge };
}

/** W^T v / scale for a row-major `n × n` W: with v = W d this is C^{-1} d / scale. */
export function whitenedTranspose(w: Float64Array, n: number, v: Float64Array, scale: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const s = v[k] / scale;
    for (let b = 0; b < n; b++) out[b] += w[k * n + b] * s;
  }
  return out;
}

/**
 * Filter w = C^{-1} d / (d^T C^{-1} d) from a whitening W (W C W^T = I, row-major n × n):
 * C^{-1} d = W^T (W d) and d^T C^{-1} d = |W d|².
 */
export function whitenedFilter(w: Float64Array, n: number, d: Float64Array): Float64Array {
  const whitenedTarget = matVec(w, n, n, d);
  return whitenedTranspose(w, n, whitenedTarget, dot(whitenedTarget, whitenedTarget));
}

/** `solution` / (solution^T d): a solved C^{-1} d normalised so that the filter gives 1 at d. */
export function normalisedFilter(solution: Float64Array, d: Float64Array): Float64Array {
  const norm = dot(solution, d);
  return solution.map((v) => v / norm);
}

/**
 * W0 = L^{-1} for C = L L^T (Cholesky): a whitening (W0 C W0^T = I) ~10× cheaper than the
 * eigendecomposition; undefined unless C is clearly regular (smallest pivot² > 1e-10 × largest),
 * leaving near-singular matrices to the eigen-based path with its diagonal loading.
 */
function choleskyWhitening(matrix: Float64Array, bands: number): Float64Array | undefined {
  const lower = cholesky(matrix, bands);
  if (!lower) return undefined;
  let largest = 0;
  let smallest = Infinity;
  for (let i = 0; i < bands; i++) {
    largest = Math.max(largest, lower[i * bands + i] ** 2);
    smallest = Math.min(smallest, lower[i * bands + i] ** 2);
  }
  return smallest > 1e-10 * largest ? lowerInverse(lower, bands) : undefined;
}

/** Every `stride`-th pixel of BIP data (copy). */
function subsample(data: Float32Array, pixels: number, bands: number, stride: number): Float32Array {
  const count = Math.floor(pixels / stride);
  const out = new Float32Array(count * bands);
  for (let i = 0; i < count; i++) out.set(data.subarray(i * stride * bands, (i * stride + 1) * bands), i * bands);
  return out;
}

/** A one-band score raster shaped like `cube`, carrying its georeference. */
export function scoreRaster(cube: Raster, scores: Float32Array, name = 'score'): Raster {
  return makeRaster(cube.rows, cube.cols, 1, scores, { georef: cube.georef, role: 'band', bandNames: [name] });
}
