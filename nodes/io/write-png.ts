/**
 * io.writePng: an 8-bit quicklook of any raster: RGB from three bands (or true colour from
 * wavelengths), greyscale from one band, each channel stretched between percentiles.
 */
import { BandwireError, inputError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import { isEmptyList, parseIndexList } from '../../core/params.ts';
import { encodePng } from './formats/png.ts';
import { defaultDisplayBands, stretchBand, stretchLimits } from './formats/stretch.ts';

interface PngParams extends Record<string, unknown> {
  path: string;
  bands: string | number[];
  stretch: number;
  overwrite: boolean;
}

export const ioWritePng = defineNode<PngParams>({
  id: 'io.writePng',
  version: 1,
  title: 'Write PNG quicklook',
  category: 'io',
  description: [
    'Saves an 8-bit PNG preview of a raster.',
    '',
    '- `bands`: three 0-based band indices for red, green, blue (e.g. `"29,19,9"`) or one index for greyscale. Empty: true colour (bands nearest 640, 550, 460 nm) when the raster has wavelengths covering the visible, else three bands spread over the cube; a single-band raster (score map, mask) is grey.',
    '- `stretch`: percent clipped at each end of every channel before scaling to 0–255 (2 = the usual 2–98 % stretch; 0 = min–max). NaN pixels are black.',
  ].join('\n'),
  inputs: [{ name: 'raster', type: 'raster' }],
  outputs: [],
  params: {
    path: { kind: 'path', io: 'write', required: true, extensions: ['png'], description: 'output .png file' },
    bands: { kind: 'numbers', default: '', min: 0, description: 'RGB band indices (3) or one grey band; empty = automatic' },
    stretch: { kind: 'number', default: 2, min: 0, max: 49, unit: '%', description: 'percent clipped at each end per channel' },
    overwrite: { kind: 'boolean', default: false, description: 'replace the file when it exists' },
  },
  checkParams(params) {
    // syntax and minimum are checked by the schema; the count is known before the raster is
    const count = isEmptyList(params.bands) ? 0 : parseIndexList(params.bands).length;
    return count === 0 || count === 1 || count === 3 ? [] : [{ param: 'bands', message: `param 'bands' must hold 1 (grey) or 3 (RGB) indices, got ${count}` }];
  },
  async run(inputs, params, ctx) {
    const raster = inputs.raster;
    if (!raster || raster.kind !== 'raster') throw inputError(`input 'raster' must be a raster, got ${raster?.kind ?? 'nothing'}`, { node: ctx.nodeId, port: 'raster' });
    if (raster.bands === 0 || raster.rows === 0 || raster.cols === 0) throw inputError(`input 'raster' is empty (${raster.rows} x ${raster.cols} x ${raster.bands}): nothing to write`, { node: ctx.nodeId, port: 'raster' });
    let bands: number[];
    try {
      bands = isEmptyList(params.bands) ? defaultDisplayBands(raster) : parseIndexList(params.bands);
    } catch (e) {
      throw new BandwireError('PARAM_INVALID', `param 'bands': ${(e as Error).message}`, { node: ctx.nodeId, param: 'bands' });
    }
    if (bands.length !== 1 && bands.length !== 3) {
      throw new BandwireError('PARAM_INVALID', `param 'bands' must hold 1 (grey) or 3 (RGB) indices, got ${bands.length}`, { node: ctx.nodeId, param: 'bands' });
    }
    const bad = bands.find((b) => b >= raster.bands);
    if (bad !== undefined) {
      throw new BandwireError('PARAM_INVALID', `param 'bands' = ${bad} exceeds the ${raster.bands} bands of input 'raster'`, { node: ctx.nodeId, param: 'bands' });
    }
    const channels = bands.length as 1 | 3;
    const pixels = new Uint8Array(raster.rows * raster.cols * channels);
    bands.forEach((b, channel) => stretchBand(raster, b, stretchLimits(raster, b, params.stretch), pixels, channel, channels));
    const png = encodePng(raster.cols, raster.rows, channels, pixels, { Software: 'Bandwire', Bands: bands.join(',') });
    await ctx.files.writeAtomic(ctx.files.resolveOutput(params.path), png, { overwrite: params.overwrite });
    ctx.progress(1, 'written');
    return {};
  },
});
