/**
 * How unmixing/detection benchmarks lay out MATLAB variables, and how Bandwire maps them:
 *
 * - H × W × B array (ABU `data`, Salinas `salinasA_corrected`, MUUFL `hsi_sub`): column-major,
 *   value(r, c, b) = data[r + c·H + b·H·W].
 * - B × N matrix with scalars `nRow`, `nCol` (Zhu et al.: Samson `V`, Jasper `Y`, Urban GT `A`):
 *   pixel n = r + c·nRow (MATLAB column-major), value(r, c, b) = data[b + n·B]; an N × B matrix
 *   is accepted too. Without nRow/nCol a square N is taken as √N × √N.
 * - H × W matrix: one band (masks, ground truths, PAN images).
 * - Wavelengths from a vector named wavelength(s)/waveLength/wavlength/central (µm → nm when < 30).
 * - `variable` may name a struct field path such as `tgt_img_spectra.spectra` (first element).
 */
import { BandwireError } from '../../../core/errors.ts';
import { matStrings, numel, type MatValue } from './mat.ts';
import type { NumericArray } from './samples.ts';

/** A numeric variable seen as a cube: value(r, c, b) = data[r·rowStride + c·colStride + b·bandStride]. */
export interface MatCube {
  variable: string;
  rows: number;
  cols: number;
  bands: number;
  data: NumericArray;
  rowStride: number;
  colStride: number;
  bandStride: number;
  wavelengths?: number[];
}

type Numeric = Extract<MatValue, { kind: 'numeric' }>;

/** MATLAB class of a variable: the numeric or unsupported class name, else its kind (struct, cell, char, ...). */
export function variableClass(v: MatValue): string {
  return v.kind === 'numeric' || v.kind === 'unsupported' ? v.className : v.kind;
}

/** Every variable and struct field (first element) by the dotted path `variable` accepts, in file order. */
export function flattenVariables(vars: MatValue[], prefix = ''): { name: string; class: string; dims: number[] }[] {
  return vars.flatMap((v) => [
    { name: `${prefix}${v.name}`, class: variableClass(v), dims: v.dims },
    ...(v.kind === 'struct' && v.items[0] ? flattenVariables(Object.values(v.items[0]), `${prefix}${v.name}.`) : []),
  ]);
}

/** Lists variables as `name (class dims)` for messages, struct fields nested under their struct. */
export function describeVariables(vars: MatValue[], prefix = ''): string {
  return vars
    .map((v) => {
      const own = `'${prefix}${v.name}' (${variableClass(v)} ${v.dims.join('x')}`;
      // struct fields (of the first element) by their dotted path, which `variable` accepts
      if (v.kind === 'struct' && v.items[0]) return `${own}: ${describeVariables(Object.values(v.items[0]), `${prefix}${v.name}.`)})`;
      return `${own})`;
    })
    .join(', ');
}

/** Finds `name` or a dotted struct path; throws PARAM_INVALID listing what exists. */
export function findVariable(vars: MatValue[], name: string, file: string): MatValue {
  const [head, ...path] = name.split('.');
  let value: MatValue | undefined = vars.find((v) => v.name === head);
  for (const field of path) {
    value = value?.kind === 'struct' ? value.items[0]?.[field] : undefined;
  }
  if (!value) {
    throw new BandwireError('PARAM_INVALID', `param 'variable' = '${name}' is not in ${file}; it holds ${describeVariables(vars) || 'no variables'}`, { param: 'variable', file });
  }
  return value;
}

function scalar(vars: MatValue[], names: string[]): number | undefined {
  const v = vars.find((x) => names.includes(x.name) && x.kind === 'numeric' && numel(x) === 1) as Numeric | undefined;
  return v ? Number(v.data[0]) : undefined;
}

/** Wavelength vector in nm of length `bands`, if the file has one. */
export function matWavelengths(vars: MatValue[], bands: number): number[] | undefined {
  const v = vars.find((x) => /^(wavelengths?|wave_?lengths?|wavlength|wl|central)$/i.test(x.name) && x.kind === 'numeric' && numel(x) === bands) as Numeric | undefined;
  if (!v) return undefined;
  const values = Array.from(v.data, Number);
  const factor = Math.max(...values) < 30 ? 1000 : 1;
  return values.map((w) => w * factor);
}

function numericOrThrow(v: MatValue, file: string): Numeric {
  if (v.kind !== 'numeric') {
    throw new BandwireError('PARAM_INVALID', `variable '${v.name}' in ${file} is a ${v.kind === 'unsupported' ? v.className : v.kind}, not a numeric array`, { param: 'variable', file });
  }
  if (v.imag) throw new BandwireError('FILE_FORMAT', `variable '${v.name}' in ${file} is complex; only real arrays are supported`, { file });
  return v;
}

/** Interprets a numeric variable as a cube (see the module comment for the layouts). */
export function cubeFromVariable(vars: MatValue[], v: MatValue, file: string): MatCube {
  const n = numericOrThrow(v, file);
  const dims = n.dims.slice();
  while (dims.length > 2 && dims[dims.length - 1] === 1) dims.pop();
  const base = { variable: n.name, data: n.data };
  let cube: MatCube;
  if (dims.length === 3) {
    const [h, w, b] = dims;
    cube = { ...base, rows: h, cols: w, bands: b, rowStride: 1, colStride: h, bandStride: h * w };
  } else if (dims.length === 2) {
    const [a, b] = dims;
    let nRow = scalar(vars, ['nRow', 'nrow', 'rows', 'H']);
    let nCol = scalar(vars, ['nCol', 'ncol', 'cols', 'W']);
    if (nRow === undefined || nCol === undefined) {
      const side = Math.round(Math.sqrt(Math.max(a, b)));
      const looksLikePixels = Math.max(a, b) > 4 * Math.min(a, b) && side * side === Math.max(a, b) && side > 1;
      if (looksLikePixels) nRow = nCol = side;
    }
    if (nRow !== undefined && nCol !== undefined && b === nRow * nCol) {
      cube = { ...base, rows: nRow, cols: nCol, bands: a, rowStride: a, colStride: a * nRow, bandStride: 1 };
    } else if (nRow !== undefined && nCol !== undefined && a === nRow * nCol) {
      cube = { ...base, rows: nRow, cols: nCol, bands: b, rowStride: 1, colStride: nRow, bandStride: a };
    } else {
      cube = { ...base, rows: a, cols: b, bands: 1, rowStride: 1, colStride: a, bandStride: 0 };
    }
  } else {
    throw new BandwireError('FILE_FORMAT', `variable '${n.name}' in ${file} has ${dims.length} dimensions [${n.dims.join(' x ')}]; expected H x W x B, B x N or H x W`, { file });
  }
  cube.wavelengths = matWavelengths(vars, cube.bands);
  return cube;
}

/** The variable io.read picks by default: the largest 3-D numeric array, else the largest 2-D one. */
export function defaultCubeVariable(vars: MatValue[], file: string): MatValue {
  const numeric = vars.filter((v): v is Numeric => v.kind === 'numeric' && numel(v) > 1);
  const threeD = numeric.filter((v) => v.dims.length === 3);
  const pool = threeD.length ? threeD : numeric.filter((v) => v.dims.length === 2);
  if (!pool.length) throw new BandwireError('FILE_FORMAT', `${file} holds no numeric array to read as a raster; it holds ${describeVariables(vars) || 'nothing'}`, { file });
  return pool.reduce((a, b) => (numel(b) > numel(a) ? b : a));
}

/** Names from a cell or char matrix called cood/names/name/labels with `count` entries. */
export function matNames(vars: MatValue[], count: number): string[] | undefined {
  for (const key of ['cood', 'names', 'name', 'labels', 'spectra_names']) {
    const v = vars.find((x) => x.name === key);
    const names = matStrings(v);
    if (names && names.length === count) return names;
  }
  return undefined;
}
