/** pansharpen.interp: the zero-effort baseline (EXP), the HS cube upsampled with the ideal interpolator. */
import { defineNode } from '../../core/node-def.ts';
import { interpolatePlane } from './lib/interpolate.ts';
import { fusedCube, RATIO_PARAM, readPansharpenInputs } from './lib/inputs.ts';

export default defineNode<{ ratio: number }>({
  id: 'pansharpen.interp',
  version: 1,
  title: 'Interpolate (EXP)',
  category: 'pansharpen',
  description: [
    'Upsamples the low-resolution hyperspectral cube to the PAN grid with the "ideal interpolator" of the',
    'hyperspectral pansharpening toolbox (Ciotola et al., "Hyperspectral pansharpening: critical review, tools and',
    'future perspectives", IEEE GRSM 2024): the 23-tap polynomial kernel of Aiazzi et al. (2002) per x2 stage and a',
    'truncated-sinc x3 stage. The PAN is only used for its size: this is the EXP baseline every method must beat.',
    '',
    'Grid phase: LR pixel i sits on HR pixel r*i + floor(r/2) (r = 6: 6i+3, r = 4: 4i+2), the phase used by',
    'prep.degrade and the metrics. Unlike the reference code, r = 8 runs three x2 stages (the reference upsamples',
    '16x) and r = 3 runs only the x3 stage (the reference upsamples 6x).',
  ].join('\n'),
  inputs: [
    { name: 'hs', type: 'cube', description: 'low-resolution hyperspectral cube (h x w x B)' },
    { name: 'pan', type: 'band', description: 'panchromatic band on the high-resolution grid (r*h x r*w)' },
  ],
  outputs: [{ name: 'cube', type: 'cube', description: 'interpolated cube (r*h x r*w x B)' }],
  params: { ratio: RATIO_PARAM },
  async run(inputs, params, ctx) {
    const { hs, pan, ratio, low } = readPansharpenInputs(inputs, params.ratio, { node: ctx.nodeId, type: 'pansharpen.interp' });
    const planes = low.map((p, b) => {
      ctx.checkAbort();
      ctx.progress(b / low.length, `band ${b + 1}/${low.length}`);
      return interpolatePlane(p, ratio);
    });
    return { cube: fusedCube(planes, hs, pan) };
  },
});
