/**
 * Data-range handling of the pansharpening metrics. The toolbox indices expect digital numbers
 * (0..2^16): evaluation_rr clips the fused image to [0, 2^16] and Q2n rounds both inputs to integers,
 * so [0, 1]-normalised data would collapse to 0/1 and silently destroy Q2n and D_lambda.
 * `scale`: 'dn' uses values as they are; 'unit' multiplies by 2^16; 'auto' multiplies by 2^16 when the
 * maximum of the reference (metrics.reduced) or of the HS input (metrics.full) is at most 1.5.
 */
import type { ParamSpec } from '../../../core/params.ts';
import type { Raster } from '../../../core/values.ts';

export const DN_RANGE = 2 ** 16;

export type ScaleMode = 'auto' | 'dn' | 'unit';

export const SCALE_PARAM: ParamSpec = {
  kind: 'enum',
  default: 'auto',
  options: ['auto', 'dn', 'unit'],
  description:
    "data range: 'dn' = digital numbers as the reference metrics expect; 'unit' = [0, 1] data, multiplied by 2^16 before the indices; 'auto' = 'unit' when the reference's maximum is <= 1.5, else 'dn'",
};

export function maxValue(r: Raster): number {
  let m = -Infinity;
  for (const v of r.data) if (v > m) m = v;
  return m;
}

/** The factor applied to the images: 2^16 for unit data, else 1. */
export function scaleFactor(mode: ScaleMode, reference: Raster): number {
  if (mode === 'unit') return DN_RANGE;
  if (mode === 'dn') return 1;
  return maxValue(reference) <= 1.5 ? DN_RANGE : 1;
}
