/**
 * io.readMask: a ground-truth or label raster (one band) from MATLAB .mat, GeoTIFF or ENVI.
 */
import { defineNode } from '../../core/node-def.ts';
import { checkReadFile, readRaster, warnIgnoredVariable, type RasterReadParams } from './read-raster.ts';
import { openRaster } from './formats/open-raster.ts';

type MaskParams = RasterReadParams & Record<string, unknown>;

/** The band that holds the mask: `bands`, by default the first. */
const maskBand = (params: MaskParams): MaskParams => ({ ...params, bands: params.bands || '0' });

/** Variable names used for masks and label maps by the benchmark files (ABU `map`, Salinas `gt`, MUUFL `gtImg_sub`). */
const MASK_NAMES = [/^map$/i, /^gt$/i, /_gt$/i, /^gt/i, /groundtruth/i, /^mask/i, /label/i];

export const ioReadMask = defineNode<MaskParams>({
  id: 'io.readMask',
  version: 1,
  title: 'Read mask',
  category: 'io',
  description: [
    'Loads a ground-truth mask or label map (one band; 0 = background, other values = classes or anomalies).',
    '',
    '- **MATLAB .mat** (v5 or v7.3/HDF5): `variable`, by default the first of `map` (ABU, San Diego, HYDICE anomaly masks), `gt`, `*_gt` (`salinasA_gt`), `gt*` (`gtImg_sub`), `*groundtruth*`, `mask*`, `*label*`; an H × W matrix in MATLAB column-major order.',
    '- **GeoTIFF / ENVI**: band `bands` (default the first).',
  ].join('\n'),
  inputs: [],
  outputs: [{ name: 'mask', type: 'mask' }],
  params: {
    path: { kind: 'path', io: 'read', required: true, extensions: ['mat', 'tif', 'tiff', 'hdr', 'img'], description: 'MATLAB .mat, GeoTIFF or ENVI file' },
    variable: { kind: 'string', default: '', description: 'MAT-file variable (empty: map/gt/... by name)' },
    bands: { kind: 'numbers', default: '0', min: 0, description: 'band holding the mask (GeoTIFF/ENVI)' },
  },
  checkFiles: (params, files) => checkReadFile(maskBand(params), files),
  async run(_inputs, params, ctx) {
    let variable = params.variable ?? '';
    const path = ctx.files.resolveInput(params.path);
    if (!variable && /\.mat$/i.test(path)) {
      const probe = await openRaster(ctx.files, path, '').catch(() => undefined);
      const vars = probe?.variables ?? [];
      const match = MASK_NAMES.map((re) => vars.find((v) => v.kind === 'numeric' && v.dims.length === 2 && re.test(v.name))).find(Boolean);
      if (match) variable = match.name;
    }
    const { raster, source } = await readRaster({ ...maskBand(params), variable }, ctx, 'mask');
    warnIgnoredVariable(params.variable, source, ctx);
    ctx.progress(1, `${raster.rows} x ${raster.cols}`);
    return { mask: raster };
  },
});
