/**
 * io.read: loads a hyperspectral cube from GeoTIFF, ENVI or MATLAB .mat (v5, v7.3) as float32
 * [rows, cols, bands] with wavelengths (nm), FWHM, nodata and georeference.
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import { parseNumberList } from '../../core/params.ts';
import { checkReadFile, readRaster, warnIgnoredVariable, windowProblem, type RasterReadParams } from './read-raster.ts';

type ReadParams = RasterReadParams & { wavelengths?: string | number[] } & Record<string, unknown>;

export const ioRead = defineNode<ReadParams>({
  id: 'io.read',
  version: 1,
  title: 'Read raster',
  category: 'io',
  description: [
    'Loads a cube as float32 `[rows, cols, bands]`, with wavelengths (nm), FWHM, nodata and georeference when the file has them.',
    '',
    '- **GeoTIFF / COG / BigTIFF** (striped or tiled; none, LZW, Deflate, PackBits, ZSTD; predictors 2 and 3; pixel or band interleave; 8–64-bit integer and float; either byte order). None/LZW/Deflate/PackBits are decoded by Bandwire itself tile by tile into the output (memory: the float32 cube plus a few tiles); other compressions go through geotiff.js. Wavelengths and FWHM from GDAL band metadata (`wavelength` + `wavelength_units`, as GDAL copies them from ENVI); GDAL scale/offset applied; nodata pixels become NaN.',
    '- **ENVI** `.hdr` + binary (BSQ, BIL, BIP; data types 1, 2, 3, 4, 5, 12, 13, 14, 15; either byte order; header offset). `wavelength units` are converted to nm; `data ignore value` pixels become NaN; `map info` gives the geotransform (UTM/WGS-84 → EPSG:326xx/327xx). `dropBadBands` removes bands with `bbl` = 0.',
    '- **MATLAB .mat** v5 (compressed or not) and v7.3 (HDF5, read with h5wasm; MATLAB writes its column-major arrays as-is, so HDF5 shows the dimensions reversed — a `H × W × B` cube is an HDF5 `[B, W, H]` dataset — and Bandwire reverses them back, so a v7.3 file reads exactly like the same variables saved with `-v7`). `variable` names the array (struct fields as `s.field`); by default the largest 3-D array, else the largest 2-D one. Layouts: `H × W × B` arrays (ABU `data`, `salinasA_corrected`); `B × N` matrices with scalars `nRow`, `nCol` in MATLAB column-major pixel order (Zhu et al. Samson `V`, Jasper Ridge `Y`; example: `{"path": "Samson.mat", "variable": "V"}` gives 95 × 95 × 156); an `H × W` matrix is one band. Wavelengths come from a vector named `wavelengths`/`waveLength` (µm converted to nm). v7.3 cell arrays, sparse and complex variables are listed but not read.',
    '',
    '`bands` reads a subset (0-based, e.g. `"0-99,120-150"`), `window` a pixel window `"row, col, rows, cols"`; GeoTIFF and ENVI read only those bytes, and `bandwire validate` (and `run`, before anything starts) checks both against their headers.',
    '`applyScaleFactor` divides ENVI values by the header\'s `reflectance scale factor` (Jasper Ridge: 10000), as Spectral Python does on load; by default values stay as stored (`bandwire inspect` shows the factor). It matters where a cube meets library spectra in reflectance: ACE and the matched filter subtract the background mean from the target, so target and cube must share one scale (SAM and CEM rank pixels the same either way).',
    '`wavelengths` gives band centres in nm to a file that carries none (most .mat scenes), one per band read (after `bands` and `dropBadBands`); it replaces the file\'s own when both exist. Previews, spectra plots, resampling of library spectra and the R-PNN schedule then use them.',
  ].join('\n'),
  inputs: [],
  outputs: [{ name: 'cube', type: 'cube' }],
  params: {
    path: { kind: 'path', io: 'read', required: true, extensions: ['tif', 'tiff', 'hdr', 'img', 'dat', 'bsq', 'bil', 'bip', 'mat'], description: 'GeoTIFF, ENVI (.hdr or its data file) or MATLAB .mat file' },
    variable: { kind: 'string', default: '', description: 'MAT-file variable (empty: the largest cube-like array)' },
    bands: { kind: 'numbers', default: '', min: 0, description: '0-based band indices or ranges, e.g. "0-99,120-150" (empty: all)' },
    window: { kind: 'numbers', list: 'values', default: '', min: 0, unit: 'px', description: 'pixel window "row, col, rows, cols" (empty: whole image)' },
    dropBadBands: { kind: 'boolean', default: false, description: "ENVI: leave out bands marked bad in the header's bbl" },
    applyScaleFactor: { kind: 'boolean', default: false, description: "ENVI: divide by the header's 'reflectance scale factor' (e.g. 10000), giving reflectance in [0, 1]" },
    wavelengths: { kind: 'numbers', list: 'values', default: '', min: 0, unit: 'nm', description: 'band centres in nm, one per band read, e.g. "427.6, 437.7, ..." (empty: from the file)' },
  },
  checkParams(params) {
    const problem = windowProblem(params.window);
    return problem ? [{ param: 'window', message: problem }] : [];
  },
  checkFiles: (params, files) => checkReadFile(params, files),
  async run(_inputs, params, ctx) {
    const { raster, source } = await readRaster(params, ctx, 'cube');
    warnIgnoredVariable(params.variable, source, ctx);
    if (params.applyScaleFactor) {
      if (source.scaleFactor) {
        const inverse = 1 / source.scaleFactor;
        for (let i = 0; i < raster.data.length; i++) raster.data[i] *= inverse;
        ctx.log(`values divided by the reflectance scale factor ${source.scaleFactor}`);
      } else ctx.log(`warning: param 'applyScaleFactor' is set but ${raster.source ?? params.path} has no reflectance scale factor; values left as stored`);
    }
    const wavelengths = parseNumberList(params.wavelengths ?? '', 'wavelengths');
    if (wavelengths.length > 0) {
      if (wavelengths.length !== raster.bands) {
        throw new BandwireError('PARAM_INVALID', `param 'wavelengths' has ${wavelengths.length} values but ${raster.bands} bands were read from ${raster.source ?? params.path}`, { node: ctx.nodeId, param: 'wavelengths' });
      }
      if (raster.wavelengths) ctx.log(`param 'wavelengths' replaces the file's wavelengths (${raster.wavelengths[0].toFixed(1)}-${raster.wavelengths[raster.bands - 1].toFixed(1)} nm)`);
      if (Math.max(...wavelengths) < 100) ctx.log(`warning: param 'wavelengths' is in nm, and every value is below 100 (${wavelengths[0]}…): micrometres? multiply them by 1000`);
      raster.wavelengths = wavelengths;
      if (raster.fwhm && raster.fwhm.length !== raster.bands) raster.fwhm = undefined;
    }
    ctx.progress(1, `${raster.rows} x ${raster.cols} x ${raster.bands}`);
    return { cube: raster };
  },
});
