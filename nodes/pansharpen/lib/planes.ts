/**
 * Band planes: the pansharpening maths works on one band at a time as a row-major Float64Array of
 * rows*cols values (float64 so that filters and statistics do not lose precision). These helpers
 * move between the BIP `Raster` layout (data[(row*cols+col)*bands+band]) and planes.
 */
import { makeRaster, type Raster } from '../../../core/values.ts';

/** A single-band image: `data[row * cols + col]`. */
export interface Plane {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function makePlane(rows: number, cols: number, data: Float64Array = new Float64Array(rows * cols)): Plane {
  return { rows, cols, data };
}

/** Band `band` of a BIP raster as a float64 plane. */
export function bandPlane(cube: Raster, band: number): Plane {
  const n = cube.rows * cube.cols;
  const out = new Float64Array(n);
  const { data, bands } = cube;
  for (let i = 0, j = band; i < n; i++, j += bands) out[i] = data[j];
  return makePlane(cube.rows, cube.cols, out);
}

/** Every band of a raster as planes. */
export function toPlanes(cube: Raster): Plane[] {
  const planes: Plane[] = [];
  for (let b = 0; b < cube.bands; b++) planes.push(bandPlane(cube, b));
  return planes;
}

/** Writes `plane` into band `band` of a BIP float32 array with `bands` bands. */
export function putPlane(target: Float32Array, bands: number, band: number, plane: Plane): void {
  const n = plane.rows * plane.cols;
  const src = plane.data;
  for (let i = 0, j = band; i < n; i++, j += bands) target[j] = src[i];
}

/** Builds a BIP raster from planes of equal size; `like` supplies wavelengths/fwhm/names to keep. */
export function fromPlanes(planes: Plane[], like?: Raster): Raster {
  const { rows, cols } = planes[0];
  const data = new Float32Array(rows * cols * planes.length);
  planes.forEach((p, b) => putPlane(data, planes.length, b, p));
  const extra: Partial<Raster> = { role: planes.length === 1 ? 'band' : 'cube' };
  if (like?.wavelengths && like.wavelengths.length === planes.length) extra.wavelengths = like.wavelengths;
  if (like?.fwhm && like.fwhm.length === planes.length) extra.fwhm = like.fwhm;
  if (like?.bandNames && like.bandNames.length === planes.length) extra.bandNames = like.bandNames;
  return makeRaster(rows, cols, planes.length, data, extra);
}

/** Applies `fn(line, out)` to every row (axis 'rows') or every column (axis 'cols') of a plane. */
export function mapLines(
  plane: Plane,
  axis: 'rows' | 'cols',
  outLength: number,
  fn: (line: Float64Array, out: Float64Array) => void,
): Plane {
  const { rows, cols, data } = plane;
  if (axis === 'rows') {
    const out = new Float64Array(rows * outLength);
    const o = new Float64Array(outLength);
    for (let r = 0; r < rows; r++) {
      fn(data.subarray(r * cols, (r + 1) * cols), o);
      out.set(o, r * outLength);
    }
    return makePlane(rows, outLength, out);
  }
  const out = new Float64Array(outLength * cols);
  const line = new Float64Array(rows);
  const o = new Float64Array(outLength);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) line[r] = data[r * cols + c];
    fn(line, o);
    for (let r = 0; r < outLength; r++) out[r * cols + c] = o[r];
  }
  return makePlane(outLength, cols, out);
}

/** Index into [0, n) with symmetric (edge-repeating) extension: ... b a | a b c | c b ... */
export function symmetricIndex(i: number, n: number): number {
  const period = 2 * n;
  let k = ((i % period) + period) % period;
  if (k >= n) k = period - 1 - k;
  return k;
}

/** Index into [0, n) with replicate (clamp-to-edge) extension. */
export function replicateIndex(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/** Index into [0, n) with circular (wrap) extension. */
export function circularIndex(i: number, n: number): number {
  return ((i % n) + n) % n;
}
