/**
 * Shared pieces of the detectors: input checks, target selection/resampling, background
 * statistics (mean, covariance, whitening) and the score raster.
 */
import { BandwireError } from '../../core/errors.ts';
import type { NodeContext, NodeInputs } from '../../core/node-def.ts';
import type { ParamSpec } from '../../core/params.ts';
import { makeRaster, type Raster, type Spectra } from '../../core/values.ts';
import { nonFiniteProblem } from '../lib/finite.ts';
import { addRidge, cholesky, dot, lowerInverse, matVec, moments, multiply, projectedMoment, whitening } from '../lib/linalg.ts';
import { resampleSpectra, wavelengthsDiffer } from '../prep/resampleSpectra.ts';

/** Ridge added (× mean eigenvalue) when the covariance is singular, as in regularised RX/MF. */
export const RIDGE = 1e-6;

/** Largest cond(Cz) estimate after which `whiten` refines again (float32 Cz is then still accurate to ~1e-4). */
const MAX_REFINED_CONDITION = 1e3;

/** Largest pivot condition estimate of C whose Cholesky factor gives W = L^{-1} directly. */
const CHOLESKY_CONDITION = 1e10;

export const TARGET_INDEX_PARAM: ParamSpec = {
  kind: 'integer',
  default: 0,
  min: 0,
  description: 'which spectrum of the `target` input to detect (0 = the first)',
};

export const TARGET_NAME_PARAM: ParamSpec = {
  kind: 'string',
  default: '',
  description: 'name of the spectrum of the `target` input to detect: the exact name, else the first name containing it (case-insensitive); overrides `targetIndex` when set',
};

/** The target-choosing params of the target detectors. */
export const TARGET_PARAMS = { targetIndex: TARGET_INDEX_PARAM, targetName: TARGET_NAME_PARAM };

export interface TargetChoice {
  targetIndex?: unknown;
  targetName?: unknown;
}

/** Index of the chosen spectrum of `spectra`: by `targetName` when set (exact, else first containing it), else `targetIndex`. */
export function chooseTarget(spectra: Spectra, choice: TargetChoice, ctx: NodeContext, port = 'target'): number {
  const name = typeof choice.targetName === 'string' ? choice.targetName.trim() : '';
  if (name) {
    const wanted = name.toLowerCase();
    const names = spectra.names.map((n) => n.toLowerCase());
    let index = names.indexOf(wanted);
    if (index < 0) index = names.findIndex((n) => n.includes(wanted));
    if (index < 0) {
      const sample = spectra.names.slice(0, 5).map((n) => `'${n}'`).join(', ');
      throw new BandwireError('PARAM_INVALID', `param 'targetName' = '${name}' matches none of the ${spectra.count} spectrum names of input '${port}' (${sample}${spectra.count > 5 ? ', ...' : ''})`, { node: ctx.nodeId, param: 'targetName' });
    }
    const others = names.filter((n, i) => i !== index && n.includes(wanted)).length;
    ctx.log(`target: spectrum ${index} '${spectra.names[index]}'${others ? ` (${others} other name(s) contain '${name}'; use the full name to pick another)` : ''}`);
    return index;
  }
  const index = typeof choice.targetIndex === 'number' ? choice.targetIndex : 0;
  if (index >= spectra.count) {
    throw new BandwireError('PARAM_RANGE', `param 'targetIndex' = ${index} but input '${port}' holds ${spectra.count} spectra`, { node: ctx.nodeId, param: 'targetIndex' });
  }
  return index;
}

/** Where a detector's `target` can come from (appended to the help of the target detectors). */
export const TARGET_HELP =
  'The `target` input takes any spectra: a library or spectra file (io.readSpectra; `targetName` picks the ' +
  'entry by name, e.g. "alunite", or `targetIndex` by position), endmembers (unmix.*), or pixels of the cube itself (prep.pixelSpectra; in the editor, click a pixel ' +
  'in a cube preview and press "Use pixel as spectrum").';

export const RIDGE_HELP =
  'A singular covariance (e.g. constant bands) is regularised by adding 1e-6 × its mean eigenvalue ' +
  'to the diagonal (diagonal loading); NaN pixels are an error (drop or fill them first).';

/**
 * The `cube` input, checked for NaNs (which the detectors do not handle). `screen: false` leaves
 * the NaN check to `rejectNaN` after the background moments (a NaN makes them NaN), saving a pass
 * over the cube.
 */
export function cubeInput(inputs: NodeInputs, ctx: NodeContext, screen = true): Raster {
  const cube = inputs.cube as Raster | undefined;
  if (!cube || cube.kind !== 'raster') throw new BandwireError('MISSING_INPUT', `input 'cube' is required`, { node: ctx.nodeId, port: 'cube' });
  if (screen) rejectNaN(cube, ctx);
  if (cube.rows * cube.cols <= cube.bands) {
    throw new BandwireError('INPUT_INVALID', `input 'cube' has ${cube.rows * cube.cols} pixels, fewer than its ${cube.bands} bands + 1: background covariance cannot be estimated`, { node: ctx.nodeId, port: 'cube' });
  }
  return cube;
}

/** Throws INPUT_INVALID naming the first NaN or infinite value of the cube, if it has one. */
export function rejectNaN(cube: Raster, ctx: NodeContext): void {
  const problem = nonFiniteProblem(cube, 'cube');
  if (problem) throw new BandwireError('INPUT_INVALID', problem, { node: ctx.nodeId, port: 'cube' });
}

/**
 * When the diagonal of a moment matrix of the cube is not finite: rejectNaN (a NaN or infinite value),
 * else INPUT_INVALID for values whose squares overflow.
 */
export function rejectNaNMoments(cube: Raster, matrix: Float64Array, ctx: NodeContext): void {
  const bands = cube.bands;
  for (let b = 0; b < bands; b++) {
    if (Number.isFinite(matrix[b * bands + b])) continue;
    rejectNaN(cube, ctx);
    throw new BandwireError('INPUT_INVALID', `input 'cube' band ${b} is too large for its variance to be finite; scale the cube first`, { node: ctx.nodeId, port: 'cube' });
  }
}

/**
 * The chosen spectrum (chooseTarget) of the `target` input at the cube's bands (float64, length
 * cube.bands). Resampled when both wavelength sets are known and differ; a band-count mismatch that
 * cannot be resampled is an error.
 */
export function targetSpectrum(inputs: NodeInputs, choice: TargetChoice, cube: Raster, ctx: NodeContext, port = 'target'): Float64Array {
  let spectra = inputs[port] as Spectra | undefined;
  if (!spectra || spectra.kind !== 'spectra') throw new BandwireError('MISSING_INPUT', `input '${port}' (spectra) is required`, { node: ctx.nodeId, port });
  const index = chooseTarget(spectra, choice, ctx, port);
  if (wavelengthsDiffer(spectra.wavelengths, cube.wavelengths)) {
    const from = spectra.wavelengths!;
    spectra = resampleSpectra(spectra, cube.wavelengths!, cube.fwhm, ctx.nodeId);
    ctx.log(`target '${spectra.names[index] ?? index}' resampled from ${from.length} bands (${Math.min(...from)}–${Math.max(...from)} nm) to the cube's ${cube.bands} bands${cube.fwhm ? ' (Gaussian responses from their FWHM)' : ''}`);
  } else if (spectra.bands !== cube.bands) {
    throw new BandwireError(
      'INPUT_INVALID',
      `input '${port}' has ${spectra.bands} bands but 'cube' has ${cube.bands}, and it cannot be resampled ` +
        `(${spectra.wavelengths ? '' : `'${port}' has no wavelengths`}${!spectra.wavelengths && !cube.wavelengths ? ' and ' : ''}${cube.wavelengths ? '' : `'cube' has no wavelengths`})`,
      { node: ctx.nodeId, port },
    );
  }
  const target = spectra.data.slice(index * spectra.bands, (index + 1) * spectra.bands);
  const missing = [...target.keys()].filter((b) => !Number.isFinite(target[b]));
  if (missing.length) {
    const at = (b: number) => (cube.wavelengths ? `${Math.round(cube.wavelengths[b] * 10) / 10}` : `${b}`);
    // contiguous runs of missing bands, e.g. "1353.5–1432.9, 1811.2–1960.1 nm"
    const runs: [number, number][] = [];
    for (const b of missing) (runs.length && runs[runs.length - 1][1] === b - 1 ? (runs[runs.length - 1][1] = b) : runs.push([b, b]));
    const listed = runs.slice(0, 4).map(([a, b]) => (a === b ? at(a) : `${at(a)}–${at(b)}`)).join(', ') + (runs.length > 4 ? `, … (${runs.length} ranges)` : '');
    throw new BandwireError(
      'INPUT_INVALID',
      `target spectrum '${spectra.names[index] ?? index}' has no value at ${missing.length} of the cube's ${cube.bands} bands (${cube.wavelengths ? `${listed} nm` : `bands ${listed}`}; ` +
        `a spectral library marks deleted channels so): choose another spectrum, or leave those bands out of the cube (prep.selectBands)`,
      { node: ctx.nodeId, port },
    );
  }
  return target;
}

/** The checked inputs shared by the single-target detectors (ACE, CEM, MF). */
export interface TargetInputs {
  cube: Raster;
  /** The chosen spectrum of `target` at the cube's bands (float64, length bands). */
  target: Float64Array;
  bands: number;
  /** rows × cols. */
  pixels: number;
}

/** cubeInput (NaN check left to the background moments) + targetSpectrum(params targetName/targetIndex) and the cube's sizes. */
export function targetInputs(inputs: NodeInputs, choice: TargetChoice, ctx: NodeContext): TargetInputs {
  const cube = cubeInput(inputs, ctx, false);
  const target = targetSpectrum(inputs, choice, cube, ctx);
  return { cube, target, bands: cube.bands, pixels: cube.rows * cube.cols };
}

export interface Background {
  mean: Float64Array;
  /** Covariance (or correlation) matrix of the whole cube, float64 `bands × bands`. */
  covariance: Float64Array;
  /** W (bands × bands) with W C W^T = I. */
  whitening: Float64Array;
  /** W is lower-triangular (W = L^{-1} for C = L L^T): quadratic forms need half the work. */
  triangular: boolean;
  /** Diagonal loading added (0 when the covariance was regular). */
  ridge: number;
}

/** Mean, sample covariance (N-1) and whitening of the whole cube; regularised when singular. */
export function background(cube: Raster, ctx: NodeContext): Background {
  return whiten(cube, true, ctx);
}

/**
 * Whitening W (W C W^T = I) of the cube's covariance (`centre`, divisor N-1) or correlation matrix
 * (divisor N). C comes from the SIMD moments kernel in one pass (float64 products and sums, as
 * numpy/BLAS: no float32 rounding, which on cond(C) ~ 1e7 AVIRIS scenes would move RX by ~1e-4),
 * and W = L^{-1} from its float64 Cholesky factor C = L L^T (lower-triangular: the per-pixel forms
 * need half the work). When C is (near) singular (constant bands; Cholesky pivot ratio² above
 * CHOLESKY_CONDITION) W comes from the eigendecomposition of C + δI with δ = RIDGE × mean
 * eigenvalue, then is refined: the moment Cz of z = W x is close to I, and W ← L_z^{-1} W with
 * Cz = L_z L_z^T (at most three rounds) removes the loading again unless C is truly singular.
 */
export function whiten(cube: Raster, centre: boolean, ctx: NodeContext): Background {
  const pixels = cube.rows * cube.cols;
  const bands = cube.bands;
  const { mean, matrix } = moments(cube.data, pixels, bands, centre, ctx.checkAbort);
  rejectNaNMoments(cube, matrix, ctx);
  const offset = centre ? mean : undefined;
  const divisor = centre ? pixels - 1 : pixels;
  const factor = cholesky(matrix, bands);
  const condition = factor ? pivotCondition(factor, bands) : Infinity;
  let w = factor && condition < CHOLESKY_CONDITION ? lowerInverse(factor, bands) : undefined;
  let triangular = w !== undefined;
  let ridge = 0;
  if (!w) w = whitening(matrix, bands);
  // Near-singular C: load the diagonal (growing ×10) until W exists; the refinement below removes
  // the loading again unless C is truly singular.
  for (let loading = RIDGE; !w && loading <= 1; loading *= 10) {
    const trial = Float64Array.from(matrix);
    ridge = addRidge(trial, bands, loading);
    if (!(ridge > 0)) break;
    w = whitening(trial, bands, 0);
  }
  if (!w) {
    throw new BandwireError('INPUT_INVALID', `node '${ctx.nodeId}': the background covariance is zero (all pixels equal), nothing to detect against`, { node: ctx.nodeId, port: 'cube' });
  }
  for (let round = 0; round < 3 && !triangular; round++) {
    ctx.checkAbort();
    const projected = projectedMoment(cube.data, pixels, bands, w, offset, divisor, triangular, ctx.checkAbort);
    // Cz = L L^T (Cholesky; Cz ≈ I) and L^{-1} Cz L^{-T} = I, so W ← L^{-1} W.
    const lower = cholesky(projected, bands);
    if (!lower || lower.some((v, i) => i % (bands + 1) === 0 && !(v > 3e-5))) break; // truly singular: keep the ridge-loaded W
    w = multiply(lowerInverse(lower, bands), w, bands);
    ridge = 0;
    // cond(Cz) < MAX_REFINED_CONDITION: the corrected W is accurate to the rounding of Cz.
    if (pivotCondition(lower, bands) < MAX_REFINED_CONDITION) break;
  }
  if (ridge > 0) ctx.log(`covariance is singular (constant or dependent bands): added diagonal loading ${ridge.toExponential(3)}`);
  return { mean, covariance: matrix, whitening: w, triangular, ridge };
}

/** (max L_ii / min L_ii)² of a Cholesky factor: a cheap lower bound of the condition number. */
function pivotCondition(lower: Float64Array, n: number): number {
  let largest = 0;
  let smallest = Infinity;
  for (let i = 0; i < n; i++) {
    largest = Math.max(largest, lower[i * n + i]);
    smallest = Math.min(smallest, lower[i * n + i]);
  }
  return (largest / smallest) ** 2;
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

/** A one-band score raster shaped like `cube`, carrying its georeference; `lower` for scores lowest at targets, with their unit. */
export function scoreRaster(cube: Raster, scores: Float32Array, name = 'score', lower?: { units: string }): Raster {
  return makeRaster(cube.rows, cube.cols, 1, scores, { georef: cube.georef, role: 'band', bandNames: [name], ...(lower ? { scoreOrder: 'lower', units: lower.units } : {}) });
}
