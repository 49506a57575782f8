/**
 * prep.selectBands: keeps a subset of bands, by 0-based indices/ranges or by a wavelength interval (nm).
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import { isEmptyList, parseIndexList } from '../../core/params.ts';
import { makeRaster, type Raster } from '../../core/values.ts';

export default defineNode({
  id: 'prep.selectBands',
  version: 1,
  title: 'Select bands',
  category: 'prep',
  description:
    'Keeps a subset of the bands of a cube, in the order given: either `bands` (0-based indices or inclusive ' +
    'ranges such as "0-99,120-150", e.g. to drop water-vapour bands) or the bands whose centre wavelength lies ' +
    'in [`from`, `to`] nm (needs wavelengths). Wavelengths, FWHM, band names, nodata and georeference are kept.',
  inputs: [{ name: 'cube', type: 'cube' }],
  outputs: [{ name: 'cube', type: 'cube' }],
  params: {
    bands: { kind: 'numbers', description: 'band indices (0-based) or ranges like "0-99,120-150"; leave empty to select by wavelength' },
    from: { kind: 'number', min: 0, unit: 'nm', description: 'lowest band centre kept (with `to`, when `bands` is empty)' },
    to: { kind: 'number', min: 0, unit: 'nm', description: 'highest band centre kept (with `from`, when `bands` is empty)' },
  },
  checkParams(p) {
    const problems: { param: string; message: string }[] = [];
    const hasBands = !isEmptyList(p.bands);
    if (!hasBands && p.from === undefined && p.to === undefined) problems.push({ param: 'bands', message: `set param 'bands' or 'from'/'to'` });
    if (typeof p.from === 'number' && typeof p.to === 'number' && p.to < p.from) problems.push({ param: 'to', message: `param 'to' = ${p.to} nm is below 'from' = ${p.from} nm` });
    return problems;
  },
  async run(inputs, params, ctx) {
    const cube = inputs.cube as Raster;
    const node = ctx.nodeId;
    let indices: number[];
    const bandsParam = params.bands;
    const hasBands = !isEmptyList(bandsParam);
    if (hasBands) {
      try {
        indices = parseIndexList(bandsParam);
      } catch (e) {
        throw new BandwireError('PARAM_INVALID', `param 'bands': ${(e as Error).message}`, { node, param: 'bands' });
      }
      const bad = indices.find((i) => !Number.isInteger(i) || i < 0 || i >= cube.bands);
      if (bad !== undefined) throw new BandwireError('PARAM_RANGE', `param 'bands' has index ${bad}, outside the ${cube.bands} bands (0–${cube.bands - 1}) of input 'cube'`, { node, param: 'bands' });
    } else {
      const from = (params.from as number | undefined) ?? -Infinity;
      const to = (params.to as number | undefined) ?? Infinity;
      if (from === -Infinity && to === Infinity) throw new BandwireError('PARAM_INVALID', `set param 'bands' or 'from'/'to'`, { node, param: 'bands' });
      if (!cube.wavelengths) throw new BandwireError('INPUT_INVALID', `param '${params.from !== undefined ? 'from' : 'to'}' selects by wavelength, but input 'cube' has no wavelengths; use param 'bands' (indices) instead`, { node, param: params.from !== undefined ? 'from' : 'to' });
      indices = cube.wavelengths.map((w, i) => (w >= from && w <= to ? i : -1)).filter((i) => i >= 0);
      if (indices.length === 0) {
        const w = cube.wavelengths;
        throw new BandwireError('PARAM_RANGE', `params 'from'/'to' (${params.from ?? '-∞'}–${params.to ?? '∞'} nm) select no band; the cube spans ${Math.min(...w)}–${Math.max(...w)} nm`, { node, param: 'from' });
      }
    }
    const pixels = cube.rows * cube.cols;
    const count = indices.length;
    const data = new Float32Array(pixels * count);
    const source = cube.data;
    for (let p = 0; p < pixels; p++) {
      const base = p * cube.bands;
      const out = p * count;
      for (let j = 0; j < count; j++) data[out + j] = source[base + indices[j]];
    }
    const pick = <T>(list: T[] | undefined) => (list && list.length === cube.bands ? indices.map((i) => list[i]) : undefined);
    return {
      cube: makeRaster(cube.rows, cube.cols, count, data, {
        wavelengths: pick(cube.wavelengths),
        fwhm: pick(cube.fwhm),
        bandNames: pick(cube.bandNames),
        nodata: cube.nodata,
        georef: cube.georef,
        role: cube.role,
        source: cube.source,
      }),
    };
  },
});
