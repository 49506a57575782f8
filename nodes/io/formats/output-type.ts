/**
 * `dtype: 'input'` for io.write: the sample type of the file the raster was read from
 * (`raster.source`), found by opening that file's header again (no pixels are read).
 * MAT classes map to their GeoTIFF types (double → float64, single → float32, logical → uint8);
 * 64-bit integers, which GeoTIFF readers handle poorly, are written as float64.
 */
import { BandwireError } from '../../../core/errors.ts';
import type { NodeFiles } from '../../../core/node-def.ts';
import type { Raster } from '../../../core/values.ts';
import { openRaster } from './open-raster.ts';
import { OUTPUT_TYPES, type OutputType } from './tiff-tiles.ts';

const ALIASES: Record<string, OutputType> = {
  double: 'float64', single: 'float32', logical: 'uint8', int64: 'float64', uint64: 'float64',
};

export async function inputSampleType(files: NodeFiles, raster: Raster, node: string): Promise<OutputType> {
  if (!raster.source) {
    throw new BandwireError('PARAM_INVALID', "param 'dtype' = 'input': the raster does not come straight from a file, so its input type is unknown; use 'float32'", { node, param: 'dtype' });
  }
  let dtype: string;
  try {
    const source = await openRaster(files, raster.source, '');
    dtype = source.dtype;
    await source.close();
  } catch (e) {
    throw new BandwireError('PARAM_INVALID', `param 'dtype' = 'input': cannot read the type of the source ${raster.source} (${(e as Error).message}); use 'float32'`, { node, param: 'dtype', file: raster.source });
  }
  const type = (ALIASES[dtype] ?? dtype) as OutputType;
  if (!OUTPUT_TYPES[type]) {
    throw new BandwireError('PARAM_INVALID', `param 'dtype' = 'input': the source ${raster.source} holds ${dtype} samples, which GeoTIFF output does not support; use 'float32'`, { node, param: 'dtype', file: raster.source });
  }
  return type;
}
