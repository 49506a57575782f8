/**
 * Runtime values that flow along edges. Plain typed arrays (no tensors) so that values can be
 * cached in memory and on disk, moved between threads, and previewed by the host.
 */

/** Affine geotransform as GDAL has it: [originX, pixelWidth, rowRotation, originY, colRotation, pixelHeight]. */
export type GeoTransform = [number, number, number, number, number, number];

export interface Georeference {
  geoTransform?: GeoTransform;
  /** CRS as WKT, PROJ string or `EPSG:nnnn`. */
  crs?: string;
  /** GeoTIFF GeoKeys, kept verbatim so a GeoTIFF written back keeps its CRS. */
  geoKeys?: Record<string, unknown>;
}

/**
 * A raster: cube, band, mask or abundances. Layout is band-interleaved-by-pixel (BIP):
 * `data[(row * cols + col) * bands + band]`, matching the contract's [rows, cols, bands].
 */
export interface Raster {
  kind: 'raster';
  rows: number;
  cols: number;
  bands: number;
  data: Float32Array;
  /** Band centre wavelengths in nm (length `bands`) when known. */
  wavelengths?: number[];
  /** Full width at half maximum in nm when known. */
  fwhm?: number[];
  /** Band names (abundances: endmember names; masks: class names). */
  bandNames?: string[];
  /** Value marking missing pixels in the source; such pixels are NaN in `data`. */
  nodata?: number;
  georef?: Georeference;
  /** What the raster holds, for previews: a reflectance cube, a score map, a 0/1 mask, ... */
  role?: 'cube' | 'band' | 'mask' | 'abundances';
  /** Source file, when read from one. */
  source?: string;
  /** Score maps: 'lower' when smaller values are more target-like (a spectral angle); absent = higher. */
  scoreOrder?: 'higher' | 'lower';
  /** Unit of the values when they have one ('rad' for a spectral angle); absent = as read, or unitless. */
  units?: string;
  /** A pansharpened cube: the PAN/HS resolution ratio r it was fused at (metrics.reduced's ERGAS uses it). */
  fusionRatio?: number;
}

/** K spectra over `bands` bands, row-major: `data[k * bands + b]`. */
export interface Spectra {
  kind: 'spectra';
  count: number;
  bands: number;
  data: Float64Array;
  names: string[];
  wavelengths?: number[];
  fwhm?: number[];
}

export interface MetricTable {
  columns: string[];
  rows: (number | string | null)[][];
}

export interface MetricCurve {
  x: number[];
  y: number[];
  xLabel?: string;
  yLabel?: string;
}

/** Named numbers, with optional tables (comparisons) and curves (ROC, loss). */
export interface Metrics {
  kind: 'metrics';
  values: Record<string, number>;
  tables?: Record<string, MetricTable>;
  curves?: Record<string, MetricCurve>;
  /**
   * Unit of a value or table column, by metric name (a key of `values`, or a column name of a
   * table): 'deg', 'rad', 'dB', ... Absent for unitless metrics (AUC, Q2n, ERGAS).
   */
  units?: Record<string, string>;
}

export interface WeightTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A trained network (PNN tuner). */
export interface Weights {
  kind: 'weights';
  model: string;
  tensors: WeightTensor[];
  meta?: Record<string, unknown>;
}

export type Value = Raster | Spectra | Metrics | Weights;

export function pixelCount(r: Raster): number {
  return r.rows * r.cols;
}

/** Builds a raster, checking that `data` has rows*cols*bands elements. */
export function makeRaster(
  rows: number,
  cols: number,
  bands: number,
  data: Float32Array = new Float32Array(rows * cols * bands),
  extra: Partial<Omit<Raster, 'kind' | 'rows' | 'cols' | 'bands' | 'data'>> = {},
): Raster {
  if (data.length !== rows * cols * bands) {
    throw new Error(`raster data has ${data.length} values, expected ${rows}x${cols}x${bands} = ${rows * cols * bands}`);
  }
  return { kind: 'raster', rows, cols, bands, data, ...extra };
}

/** Copies band `b` of a raster into a new Float32Array of rows*cols values. */
export function extractBand(r: Raster, b: number): Float32Array {
  const n = r.rows * r.cols;
  const out = new Float32Array(n);
  const { data, bands } = r;
  for (let i = 0, j = b; i < n; i++, j += bands) out[i] = data[j];
  return out;
}
