/**
 * prep.synthPan: a synthetic panchromatic band, the per-pixel mean of the bands whose centre wavelength lies in
 * [from, to] nm (400-700 nm by default, the PRISMA PAN range; ALGORITHMS.md D), or of the bands listed in `bands`.
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import { parseIndexList } from '../../core/params.ts';
import { makeRaster } from '../../core/values.ts';
import { requireRaster } from '../pansharpen/lib/inputs.ts';

type Params = { from: number; to: number; bands?: unknown };

export default defineNode<Params>({
  id: 'prep.synthPan',
  version: 1,
  title: 'Synthetic PAN',
  category: 'prep',
  description: [
    'Builds a panchromatic band as the mean of the cube\'s bands whose centre wavelength lies in [`from`, `to`] nm',
    '(default 400-700 nm, the spectral range of the PRISMA PAN), e.g. to simulate the PAN of a Wald-protocol test',
    'from a hyperspectral scene. Needs wavelengths; without them, list the band indices in `bands` (e.g. "0-40").',
    'NaN values (nodata) propagate: a pixel with a NaN in any selected band is NaN in the PAN.',
  ].join('\n'),
  inputs: [{ name: 'cube', type: 'cube', description: 'hyperspectral cube with wavelengths (nm)' }],
  outputs: [{ name: 'band', type: 'band', description: 'the synthetic PAN (rows x cols x 1)' }],
  params: {
    from: { kind: 'number', default: 400, min: 0, unit: 'nm', description: 'shortest band centre averaged' },
    to: { kind: 'number', default: 700, min: 0, unit: 'nm', description: 'longest band centre averaged' },
    bands: { kind: 'numbers', description: 'optional band indices (0-based, e.g. "0-40") used instead of from/to' },
  },
  checkParams(p) {
    return p.to < p.from ? [{ param: 'to', message: `param 'to' = ${p.to} nm is below 'from' = ${p.from} nm` }] : [];
  },
  async run(inputs, params, ctx) {
    const node = ctx.nodeId;
    const cube = requireRaster(inputs.cube, { node, type: 'prep.synthPan' }, 'cube');
    let indices: number[];
    const bands = params.bands;
    if (bands !== undefined && bands !== null && bands !== '' && !(Array.isArray(bands) && bands.length === 0)) {
      try {
        indices = parseIndexList(bands);
      } catch (e) {
        throw new BandwireError('PARAM_INVALID', `prep.synthPan '${node}': param 'bands': ${(e as Error).message}`, { node, param: 'bands' });
      }
      const bad = indices.find((i) => !Number.isInteger(i) || i < 0 || i >= cube.bands);
      if (bad !== undefined) throw new BandwireError('PARAM_RANGE', `prep.synthPan '${node}': param 'bands' has index ${bad}, outside the ${cube.bands} bands of input 'cube'`, { node, param: 'bands' });
    } else {
      const w = cube.wavelengths;
      if (!w) {
        throw new BandwireError(
          'INPUT_INVALID',
          `prep.synthPan '${node}': params 'from'/'to' select bands by wavelength but input 'cube' has no wavelengths; set param 'bands' to band indices (e.g. "0-40"), or select the visible bands with prep.selectBands and set 'bands' to all of them`,
          { node, param: 'from' },
        );
      }
      indices = w.map((x, i) => (x >= params.from && x <= params.to ? i : -1)).filter((i) => i >= 0);
      if (indices.length === 0) {
        throw new BandwireError('PARAM_RANGE', `prep.synthPan '${node}': params 'from'/'to' (${params.from}-${params.to} nm) select no band; the cube spans ${Math.min(...w)}-${Math.max(...w)} nm`, {
          node,
          param: 'from',
        });
      }
    }
    const pixels = cube.rows * cube.cols;
    const out = new Float32Array(pixels);
    const { data, bands: count } = cube;
    for (let p = 0; p < pixels; p++) {
      let s = 0;
      for (const b of indices) s += data[p * count + b];
      out[p] = s / indices.length;
    }
    ctx.progress(1, `mean of ${indices.length} bands`);
    return { band: makeRaster(cube.rows, cube.cols, 1, out, { role: 'band', georef: cube.georef, bandNames: ['PAN'] }) };
  },
});
