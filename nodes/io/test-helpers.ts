/** Test helpers for io nodes: GDAL availability and a deterministic synthetic cube. */
import { spawnSync } from 'node:child_process';
import { makeRaster, type Raster } from '../../core/values.ts';

/** Runs a GDAL tool; returns stdout, or undefined when GDAL is not installed. */
export function gdal(tool: string, args: string[]): string | undefined {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error) return undefined;
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export function hasGdal(): boolean {
  return !spawnSync('gdalinfo', ['--version']).error;
}

/** rows x cols x bands cube with smooth values, a few NaN pixels, wavelengths and UTM georeference. */
export function sampleCube(rows: number, cols: number, bands: number, seed = 1): Raster {
  const data = new Float32Array(rows * cols * bands);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = Math.sin(i * 0.013) * 100 + (s / 2147483648) * 10;
  }
  return makeRaster(rows, cols, bands, data, {
    wavelengths: Array.from({ length: bands }, (_, b) => 400 + 10 * b),
    fwhm: Array.from({ length: bands }, () => 9.5),
    georef: { geoTransform: [500000, 30, 0, 4000000, 0, -30], crs: 'EPSG:32611' },
  });
}
