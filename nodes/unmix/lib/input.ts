/**
 * Input checks shared by the unmix.* nodes: port presence and kind, NaNs, band counts and the
 * `endmembers` param against the cube. Messages name the node, port or param and the problem.
 */
import { inputError, BandwireError } from '../../../core/errors.ts';
import type { NodeInputs } from '../../../core/node-def.ts';
import type { Raster, Spectra } from '../../../core/values.ts';
import { nonFiniteProblem } from '../../lib/finite.ts';

/** The raster on `port`, checked to hold no NaN/Infinity (unmixing has no notion of missing pixels). */
export function requireCube(inputs: NodeInputs, port: string, node: string): Raster {
  const value = inputs[port];
  if (!value || value.kind !== 'raster') throw inputError(`input '${port}' of node '${node}' must be a raster`, { node, port });
  const problem = nonFiniteProblem(value, port);
  if (problem) throw inputError(problem, { node, port });
  return value;
}

/** The spectra on `port`, checked finite and (when `bands` is given) with that many bands. */
export function requireSpectra(inputs: NodeInputs, port: string, node: string, bands?: number, cubePort = 'cube'): Spectra {
  const value = inputs[port];
  if (!value || value.kind !== 'spectra') throw inputError(`input '${port}' of node '${node}' must be spectra`, { node, port });
  if (value.count < 1) throw inputError(`input '${port}' of node '${node}' holds no spectra`, { node, port });
  if (bands !== undefined && value.bands !== bands) {
    throw inputError(`input '${port}' of node '${node}' has ${value.bands} bands but input '${cubePort}' has ${bands}`, { node, port });
  }
  for (let i = 0; i < value.data.length; i++) {
    if (!Number.isFinite(value.data[i])) {
      throw inputError(`input '${port}' of node '${node}' holds a non-finite value in spectrum '${value.names[Math.floor(i / value.bands)] ?? Math.floor(i / value.bands)}'`, { node, port });
    }
  }
  return value;
}

/** Checks the endmember count p: at least 2 (1 for ATGP), at most the band count and the pixel count. */
export function checkEndmemberCount(p: number, cube: Raster, node: string, param = 'endmembers', minimum = 2): void {
  if (!Number.isInteger(p) || p < minimum) {
    throw new BandwireError('PARAM_RANGE', `param '${param}' of node '${node}' = ${p} must be an integer >= ${minimum}`, { node, param });
  }
  if (p > cube.bands) {
    throw new BandwireError('PARAM_RANGE', `param '${param}' of node '${node}' = ${p} exceeds the ${cube.bands} bands of input 'cube'`, { node, param });
  }
  if (p > cube.rows * cube.cols) {
    throw new BandwireError('PARAM_RANGE', `param '${param}' of node '${node}' = ${p} exceeds the ${cube.rows * cube.cols} pixels of input 'cube'`, { node, param });
  }
}

/** The optional `count` input of the extractors: a metrics value such as unmix.hysime's output. */
export const COUNT_PORT = {
  name: 'count',
  type: 'metrics',
  optional: true,
  description: "number of endmembers from a metrics output (its value 'endmembers', e.g. unmix.hysime's estimate, or its only value); overrides param 'endmembers' when connected",
} as const;

/**
 * The endmember count p: the `count` input when connected (value `endmembers`, else its only value),
 * else param `endmembers`; checked against the cube with messages naming where it came from.
 */
export function endmemberCount(inputs: NodeInputs, param: number, cube: Raster, node: string, minimum = 2): number {
  const count = inputs.count;
  if (count === undefined) {
    checkEndmemberCount(param, cube, node, 'endmembers', minimum);
    return param;
  }
  if (count.kind !== 'metrics') throw inputError(`input 'count' of node '${node}' must be metrics`, { node, port: 'count' });
  const names = Object.keys(count.values);
  const key = 'endmembers' in count.values ? 'endmembers' : names.length === 1 ? names[0] : undefined;
  if (key === undefined) {
    throw inputError(`input 'count' of node '${node}' has no value 'endmembers' and ${names.length} values (${names.join(', ') || 'none'}); connect unmix.hysime's metrics or a metrics output with one value`, { node, port: 'count' });
  }
  const p = count.values[key];
  if (!Number.isInteger(p) || p < minimum) throw inputError(`input 'count' of node '${node}': value '${key}' = ${p} must be an integer >= ${minimum}`, { node, port: 'count' });
  if (p > cube.bands) throw inputError(`input 'count' of node '${node}': value '${key}' = ${p} exceeds the ${cube.bands} bands of input 'cube'`, { node, port: 'count' });
  if (p > cube.rows * cube.cols) throw inputError(`input 'count' of node '${node}': value '${key}' = ${p} exceeds the ${cube.rows * cube.cols} pixels of input 'cube'`, { node, port: 'count' });
  return p;
}

/** Endmember names `endmember 1..p`. */
export function endmemberNames(p: number): string[] {
  return Array.from({ length: p }, (_, k) => `endmember ${k + 1}`);
}

/** Spectra made of p pixels of the cube (BIP rows), with the cube's wavelengths. */
export function pixelSpectra(cube: Raster, indices: number[]): Spectra {
  const L = cube.bands;
  const data = new Float64Array(indices.length * L);
  indices.forEach((pixel, k) => {
    for (let b = 0; b < L; b++) data[k * L + b] = cube.data[pixel * L + b];
  });
  return spectraOf(cube, data, indices.length);
}

/** Wraps K x L row-major float64 data as Spectra carrying the cube's wavelengths/fwhm. */
export function spectraOf(cube: Raster, data: Float64Array, count: number): Spectra {
  return {
    kind: 'spectra',
    count,
    bands: cube.bands,
    data,
    names: endmemberNames(count),
    ...(cube.wavelengths ? { wavelengths: cube.wavelengths.slice() } : {}),
    ...(cube.fwhm ? { fwhm: cube.fwhm.slice() } : {}),
  };
}

/**
 * For per-pixel least squares (FCLS, NNLS, robust): at most as many endmembers as bands, and
 * linearly independent ones, else the problem has no unique solution.
 */
export function checkDeterminedEndmembers(endmembers: Spectra, cube: Raster, node: string, independent: boolean): void {
  if (endmembers.count > cube.bands) {
    throw inputError(
      `input 'endmembers' of node '${node}' has ${endmembers.count} spectra, more than the ${cube.bands} bands of input 'cube': the least-squares problem is underdetermined (use unmix.sunsal for large libraries)`,
      { node, port: 'endmembers' },
    );
  }
  if (!independent) {
    throw inputError(`input 'endmembers' of node '${node}' holds linearly dependent spectra (duplicates or all-zero spectra); remove them`, { node, port: 'endmembers' });
  }
}
