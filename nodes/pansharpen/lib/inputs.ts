/**
 * Shared input handling of the pansharpening nodes: checks the `hs` (low-resolution cube) and `pan`
 * (one band on the high-resolution grid) inputs, derives or checks `ratio`, rejects NaNs, and
 * returns float64 planes. Every error names the node and the parameter or port at fault.
 */
import { BandwireError, inputError } from '../../../core/errors.ts';
import type { NodeContext, NodeInputs, PortSpec } from '../../../core/node-def.ts';
import type { Raster, Value } from '../../../core/values.ts';
import { interpolatePlane, interpolationStages } from './interpolate.ts';
import { bandPlane, fromPlanes, toPlanes, type Plane } from './planes.ts';
import { nonFiniteProblem } from '../../lib/finite.ts';
import type { ParamSpec } from '../../../core/params.ts';

/** The node at fault: graph node id and node type, e.g. { node: 'gsa', type: 'pansharpen.gsa' }. */
export interface Who {
  node: string;
  type: string;
}

export function describe(who: Who): string {
  return `${who.type} '${who.node}'`;
}

export interface PansharpenInputs {
  hs: Raster;
  pan: Raster;
  ratio: number;
  /** Low-resolution bands (h x w). */
  low: Plane[];
  /** The PAN (H x W = r*h x r*w). */
  panPlane: Plane;
}

export function requireRaster(value: Value | undefined, who: Who, port: string): Raster {
  if (!value) throw new BandwireError('MISSING_INPUT', `${describe(who)}: input '${port}' is not connected`, { node: who.node, port });
  if (value.kind !== 'raster') throw inputError(`${describe(who)}: input '${port}' must be a raster, got ${value.kind}`, { node: who.node, port });
  return value;
}

/** Throws when the raster holds NaN or infinite values (pansharpening does not handle nodata). */
export function rejectNonFinite(r: Raster, who: Who, port: string): void {
  const problem = nonFiniteProblem(r, port);
  if (problem) throw inputError(`${describe(who)}: ${problem}`, { node: who.node, port });
}

/**
 * Ratio check: `requested` 0 derives r = PAN rows / HS rows; it must be an integer, equal for
 * rows and cols, and supported by the ideal interpolator (2^k or 3*2^k).
 */
export function resolveRatio(requested: number, hs: Raster, pan: Raster, who: Who): number {
  const sizes = `PAN ${pan.rows}x${pan.cols} px, HS ${hs.rows}x${hs.cols} px`;
  let ratio = requested;
  if (!ratio) {
    const byRows = pan.rows / hs.rows;
    const byCols = pan.cols / hs.cols;
    if (!Number.isInteger(byRows) || byRows !== byCols) {
      throw new BandwireError(
        'PARAM_INVALID',
        `${describe(who)}: param 'ratio' = 0 (derive) but the sizes give no integer ratio (${sizes}: ${byRows.toFixed(3)} x ${byCols.toFixed(3)}); crop the inputs so PAN = r x HS`,
        { node: who.node, param: 'ratio' },
      );
    }
    ratio = byRows;
  }
  if (!Number.isInteger(ratio) || ratio < 2) {
    throw new BandwireError('PARAM_INVALID', `${describe(who)}: param 'ratio' = ${ratio} must be an integer >= 2`, { node: who.node, param: 'ratio' });
  }
  if (pan.rows !== ratio * hs.rows || pan.cols !== ratio * hs.cols) {
    throw new BandwireError(
      'PARAM_INVALID',
      `${describe(who)}: param 'ratio' = ${ratio} does not match the inputs (${sizes}; expected PAN ${ratio * hs.rows}x${ratio * hs.cols})`,
      { node: who.node, param: 'ratio' },
    );
  }
  if (!interpolationStages(ratio)) {
    throw new BandwireError('PARAM_INVALID', `${describe(who)}: param 'ratio' = ${ratio} is not supported (use 2, 3, 4, 6, 8, 12, 16, ...: 2^k or 3*2^k)`, { node: who.node, param: 'ratio' });
  }
  return ratio;
}

export function readPansharpenInputs(inputs: NodeInputs, ratioParam: number, who: Who): PansharpenInputs {
  const hs = requireRaster(inputs.hs, who, 'hs');
  const pan = requireRaster(inputs.pan, who, 'pan');
  if (pan.bands !== 1) throw inputError(`${describe(who)}: input 'pan' must have 1 band, got ${pan.bands}; pick one with prep.selectBands or make one with prep.synthPan`, { node: who.node, port: 'pan' });
  rejectNonFinite(hs, who, 'hs');
  rejectNonFinite(pan, who, 'pan');
  const ratio = resolveRatio(ratioParam, hs, pan, who);
  return { hs, pan, ratio, low: toPlanes(hs), panPlane: bandPlane(pan, 0) };
}

/** The fused cube: HS metadata (wavelengths, fwhm, band names) on the PAN grid and georeference. */
export function fusedCube(planes: Plane[], hs: Raster, pan: Raster): Raster {
  const out = fromPlanes(planes, hs);
  out.role = 'cube';
  out.fusionRatio = Math.round(pan.rows / hs.rows);
  if (pan.georef) out.georef = pan.georef;
  return out;
}

/** The `ratio` param shared by every pansharpening node. */
export const RATIO_PARAM: ParamSpec = {
  kind: 'integer',
  default: 0,
  min: 0,
  max: 32,
  description: 'PAN/HS resolution ratio r (PAN = r x HS in both directions); 0 derives it from the input sizes. Supported: 2^k or 3*2^k (2, 3, 4, 6, 8, 12, 16).',
};

/** Ports shared by every pansharpening node: `hs` + `pan` in, the fused `cube` out. */
export const PANSHARPEN_INPUTS: PortSpec[] = [
  { name: 'hs', type: 'cube', description: 'low-resolution hyperspectral cube (h x w x B)' },
  { name: 'pan', type: 'band', description: 'panchromatic band (r*h x r*w)' },
];
export const PANSHARPEN_OUTPUTS: PortSpec[] = [{ name: 'cube', type: 'cube', description: 'fused cube (r*h x r*w x B)' }];

/** Every low-resolution plane through the ideal interpolator (HS~ of the toolbox), checking for cancel between bands. */
export function interpolateAll(low: Plane[], ratio: number, ctx: Pick<NodeContext, 'checkAbort'>): Float64Array[] {
  return low.map((p) => {
    ctx.checkAbort();
    return interpolatePlane(p, ratio).data;
  });
}
