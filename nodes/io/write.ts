/**
 * io.write: saves any raster as a GeoTIFF (float32 or the input's type, tiled 256 x 256, Deflate + floating-point
 * predictor, band-planar) or as ENVI (.hdr + float32 BSQ), carrying wavelengths, FWHM, band
 * names, nodata and georeference. Writes go to a temporary file renamed over the target.
 */
import { BandwireError, inputError } from '../../core/errors.ts';
import { refuseExisting, writeEnviFiles } from './envi-files.ts';
import { defineNode, type NodeContext } from '../../core/node-def.ts';
import type { Raster } from '../../core/values.ts';
import { formatEnviHeader } from './formats/envi.ts';
import { encodeGeoTiff } from './formats/tiff-write.ts';
import { inputSampleType } from './formats/output-type.ts';
import { OUTPUT_TYPES, type OutputType } from './formats/tiff-tiles.ts';
import type { SampleType } from './formats/samples.ts';

interface WriteParams extends Record<string, unknown> {
  path: string;
  overwrite: boolean;
  dtype: 'float32' | 'input';
}

/** The graph that produced the value, when the engine passes it (optional extension of the context). */
export function graphJsonOf(ctx: NodeContext): string | undefined {
  const value = (ctx as NodeContext & { graphJson?: unknown }).graphJson;
  return typeof value === 'string' ? value : undefined;
}

/** BIP float32 → BSQ little-endian bytes of `type`; NaN becomes the nodata value when one is set. */
function toBsq(raster: Raster, type: OutputType, node: string): Uint8Array {
  const { rows, cols, bands, data } = raster;
  const spec = OUTPUT_TYPES[type];
  const plane = rows * cols;
  const out = new spec.ctor(plane * bands);
  const fill = raster.nodata ?? NaN;
  for (let b = 0; b < bands; b++) {
    const base = b * plane;
    for (let i = 0, j = b; i < plane; i++, j += bands) {
      const v = data[j] !== data[j] ? fill : data[j];
      if (spec.format !== 3 && !(Number.isInteger(v) && v >= spec.min && v <= spec.max)) {
        throw new BandwireError('PARAM_INVALID', `param 'dtype' = ${type}: pixel ${i} band ${b} holds ${v}, which ${type} cannot store; write float32`, { node, param: 'dtype' });
      }
      out[base + i] = v;
    }
  }
  return new Uint8Array(out.buffer);
}

/** ENVI has no int8: such data are written as int16. */
function enviType(type: OutputType): SampleType {
  return type === 'int8' ? 'int16' : type;
}

async function writeEnvi(raster: Raster, path: string, params: WriteParams, type: OutputType, ctx: NodeContext): Promise<void> {
  const headerPath = /\.hdr$/i.test(path) ? path : path.replace(/\.[^./]*$/, '') + '.hdr';
  const dataPath = /\.hdr$/i.test(path) ? path.slice(0, -4) + '.img' : path;
  if (!params.overwrite) await refuseExisting([headerPath, dataPath], ctx);
  const header = formatEnviHeader({
    samples: raster.cols, lines: raster.rows, bands: raster.bands, sampleType: enviType(type), interleave: 'bsq',
    wavelengths: raster.wavelengths?.length === raster.bands ? raster.wavelengths : undefined,
    fwhm: raster.fwhm?.length === raster.bands ? raster.fwhm : undefined,
    bandNames: raster.bandNames?.length === raster.bands ? raster.bandNames : undefined,
    ignoreValue: raster.nodata, geoTransform: raster.georef?.geoTransform, crs: raster.georef?.crs,
    graphJson: graphJsonOf(ctx), units: raster.units, scoreOrder: raster.scoreOrder === 'lower' ? 'lower' : undefined,
    warn: (message) => ctx.log(`warning: ${headerPath}: ${message}`),
  });
  await writeEnviFiles(ctx, dataPath, toBsq(raster, enviType(type) as OutputType, ctx.nodeId), headerPath, header, params.overwrite);
}

export const ioWrite = defineNode<WriteParams>({
  id: 'io.write',
  version: 1,
  title: 'Write raster',
  category: 'io',
  description: [
    'Saves a raster (cube, band, mask or abundances) to disk.',
    '',
    '- **`.tif` / `.tiff`**: GeoTIFF, float32, tiled 256 × 256, Deflate with the floating-point predictor (Adobe TIFF Tech Note 3), one plane per band. Wavelengths and FWHM (nm) are stored as GDAL band metadata (`wavelength`, `fwhm`), band names as band descriptions, nodata as `GDAL_NODATA`, geotransform and CRS as GeoTIFF tags. BigTIFF is used past 4 GiB. Readable by GDAL, QGIS, rasterio.',
    '- **`.hdr`** (or `.img`): ENVI header + float32 band-sequential data (`x.hdr` + `x.img`), with `wavelength` (nm), `fwhm`, `band names`, `data ignore value` and `map info` (with `rotation=<degrees>` for a rotated grid, as GDAL reads it; a sheared geotransform cannot be expressed and is left out with a warning). The producing graph is kept in the header field `bandwire graph` (base64 of its JSON; GDAL keeps unknown ENVI fields).',
    '',
    '`dtype`: `float32` (default), or `input` = the sample type of the file the raster was read from (`uint8` … `float64`; GeoTIFF integers use the horizontal predictor). Integer output refuses values that are not integers in the type\'s range, and NaN pixels without a nodata value, naming the pixel; ENVI writes int8 as int16.',
    '',
    'NaN pixels are written as the nodata value when the raster has one. An existing file is only replaced when `overwrite` is true; data goes to a temporary file that is renamed into place, so a failed write leaves no partial file.',
  ].join('\n'),
  inputs: [{ name: 'raster', type: 'raster', description: 'any raster' }],
  outputs: [],
  params: {
    path: { kind: 'path', io: 'write', required: true, extensions: ['tif', 'tiff', 'hdr', 'img'], description: 'output file: .tif (GeoTIFF) or .hdr (ENVI)' },
    overwrite: { kind: 'boolean', default: false, description: 'replace the file when it exists' },
    dtype: { kind: 'enum', options: ['float32', 'input'], default: 'float32', description: "sample type: float32, or 'input' = the type of the file the raster was read from (integers must fit)" },
  },
  async run(inputs, params, ctx) {
    const raster = inputs.raster;
    if (!raster || raster.kind !== 'raster') throw inputError(`input 'raster' must be a raster, got ${raster?.kind ?? 'nothing'}`, { node: ctx.nodeId, port: 'raster' });
    if (raster.bands === 0 || raster.rows === 0 || raster.cols === 0) throw inputError(`input 'raster' is empty (${raster.rows} x ${raster.cols} x ${raster.bands}): nothing to write`, { node: ctx.nodeId, port: 'raster' });
    const path = ctx.files.resolveOutput(params.path);
    const type: OutputType = params.dtype === 'input' ? await inputSampleType(ctx.files, raster, ctx.nodeId) : 'float32';
    if (/\.tiff?$/i.test(path)) {
      ctx.progress(0, 'compressing');
      const chunks = encodeGeoTiff(raster, {
        graphJson: graphJsonOf(ctx),
        sampleType: type,
        onBand: (fraction) => {
          ctx.checkAbort();
          ctx.progress(0.9 * fraction, 'compressing');
        },
      });
      const size = chunks.reduce((s, c) => s + c.length, 0);
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.length;
      }
      await ctx.files.writeAtomic(path, bytes, { overwrite: params.overwrite });
    } else if (/\.(hdr|img)$/i.test(path)) {
      await writeEnvi(raster, path, params, type, ctx);
    } else {
      throw new BandwireError('PARAM_INVALID', `param 'path' = '${params.path}': unknown extension (use .tif for GeoTIFF or .hdr for ENVI)`, { node: ctx.nodeId, param: 'path' });
    }
    ctx.progress(1, 'written');
    return {};
  },
});
