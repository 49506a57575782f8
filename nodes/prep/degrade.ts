/**
 * prep.degrade: Wald-protocol degradation (Wald, Ranchin & Mangolini, PE&RS 1997) as the hyperspectral
 * pansharpening toolbox builds reduced-resolution data (ALGORITHMS.md A.2, C.3): every band is filtered
 * with a 41x41 Gaussian MTF whose gain at the LR Nyquist frequency is `nyquistGain` (replicate borders),
 * then decimated keeping HR pixels r*i + floor(r/2) (nearest-exact; 6i+3 for r = 6, 4i+2 for r = 4).
 * With `mtf` = pan the input is a PAN and gets the PAN gain (0.2 for PRISMA, 0.15 otherwise).
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import type { GeoTransform, Raster } from '../../core/values.ts';
import { rejectNonFinite, requireRaster, type Who } from '../pansharpen/lib/inputs.ts';
import { filterDecimatePlane, mtfKernel } from '../pansharpen/lib/mtf.ts';
import { fromPlanes, toPlanes } from '../pansharpen/lib/planes.ts';

type Params = { ratio: number; nyquistGain: number; mtf: 'hs' | 'pan'; sensor: 'generic' | 'prisma' };

/** Pixel size x r; the origin is kept (the decimated grid starts floor(r/2) HR pixels in). */
function degradedGeoref(r: Raster, ratio: number): Raster['georef'] {
  const gt = r.georef?.geoTransform;
  if (!r.georef || !gt) return r.georef;
  const scaled: GeoTransform = [gt[0], gt[1] * ratio, gt[2] * ratio, gt[3], gt[4] * ratio, gt[5] * ratio];
  return { ...r.georef, geoTransform: scaled };
}

function degrade(r: Raster, ratio: number, gain: number, who: Who, port: string, progress: (f: number) => void): Raster {
  if (r.rows % ratio !== 0 || r.cols % ratio !== 0) {
    throw new BandwireError(
      'PARAM_INVALID',
      `prep.degrade '${who.node}': input '${port}' is ${r.rows}x${r.cols} px, not a multiple of param 'ratio' = ${ratio}; crop it to ${ratio * Math.floor(r.rows / ratio)}x${ratio * Math.floor(r.cols / ratio)} first (io.read param 'window' = "0, 0, ${ratio * Math.floor(r.rows / ratio)}, ${ratio * Math.floor(r.cols / ratio)}")`,
      { node: who.node, param: 'ratio' },
    );
  }
  rejectNonFinite(r, who, port);
  const kernel = mtfKernel(gain, ratio, 41);
  const planes = toPlanes(r).map((p, b, all) => {
    progress(b / all.length);
    return filterDecimatePlane(p, kernel, ratio);
  });
  const out = fromPlanes(planes, r);
  out.role = r.role ?? out.role;
  const georef = degradedGeoref(r, ratio);
  if (georef) out.georef = georef;
  return out;
}

export default defineNode<Params>({
  id: 'prep.degrade',
  version: 1,
  title: 'Degrade (Wald protocol)',
  category: 'prep',
  description: [
    'Simulates the low-resolution sensor for reduced-resolution assessment (Wald protocol: Wald, Ranchin &',
    'Mangolini, PE&RS 1997), exactly as the hyperspectral pansharpening toolbox (Ciotola et al. 2024) prepares its',
    'test data: each band is blurred with a 41x41 Gaussian-shaped MTF whose response at the low-resolution Nyquist',
    'frequency equals `nyquistGain` (0.3, the toolbox value for every HS sensor; replicate borders), then decimated',
    'by `ratio` keeping pixel r*i + floor(r/2) (6i+3 for r = 6), the grid phase of pansharpen.interp.',
    'To degrade a real PAN, use a second prep.degrade with `mtf` = pan: the PAN MTF gain is 0.2 with `sensor` =',
    'prisma (ASI mission status), else 0.15, as `gen_mtf_pan`. The input must be a multiple of `ratio` in size.',
    'Typical use: original cube -> degrade -> HS; synthPan or degraded PAN -> pansharpen.* -> metrics.reduced',
    'against the original cube.',
  ].join('\n'),
  inputs: [{ name: 'cube', type: 'cube', description: 'high-resolution cube (H x W x B) or PAN, H and W multiples of ratio' }],
  outputs: [{ name: 'cube', type: 'cube', description: 'degraded cube (H/r x W/r x B)' }],
  params: {
    ratio: { kind: 'integer', default: 6, min: 2, max: 32, description: 'resolution ratio r (PRISMA: 6)' },
    nyquistGain: { kind: 'number', default: 0.3, min: 0.01, max: 0.99, description: 'MTF gain of the HS bands at the LR Nyquist frequency (mtf = hs)' },
    mtf: { kind: 'enum', default: 'hs', options: ['hs', 'pan'], description: "which MTF: 'hs' (gain nyquistGain for every band) or 'pan' (the PAN gain of `sensor`)" },
    sensor: { kind: 'enum', default: 'generic', options: ['generic', 'prisma'], description: 'PAN MTF gain when mtf = pan: prisma 0.2, generic 0.15' },
  },
  async run(inputs, params, ctx) {
    const who = { node: ctx.nodeId, type: 'prep.degrade' };
    const cube = requireRaster(inputs.cube, who, 'cube');
    const gain = params.mtf === 'pan' ? (params.sensor === 'prisma' ? 0.2 : 0.15) : params.nyquistGain;
    const out = degrade(cube, params.ratio, gain, who, 'cube', (f) => {
      ctx.checkAbort();
      ctx.progress(f, 'filtering bands');
    });
    return { cube: out };
  },
});
