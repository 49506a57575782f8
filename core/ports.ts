/**
 * Port types of the public contract (CONTRACT §3) and the one `canConnect` rule shared by
 * the canvas and `compile`.
 *
 * - `cube`: raster [rows, cols, bands] float32 with wavelengths/fwhm (nm), nodata, georeference.
 * - `band`: a single-band raster; accepted wherever a `cube` is. A `cube` may connect to a `band`
 *   input; its band count is checked when the node runs.
 * - `mask`: boolean/label raster (ground truth, detections).
 * - `spectra`: K x bands matrix with names and wavelengths.
 * - `abundances`: raster [rows, cols, K] tied to K endmember names.
 * - `metrics`: named numbers (plus optional tables and curves).
 * - `weights`: a trained network (PNN tuner), reusable on the next scene.
 * - `raster`: input-only pseudo type that accepts any raster (cube, band, mask, abundances).
 */
export const PORT_TYPES = ['cube', 'band', 'mask', 'spectra', 'abundances', 'metrics', 'weights', 'raster'] as const;
export type PortType = (typeof PORT_TYPES)[number];

export const RASTER_TYPES: readonly PortType[] = ['cube', 'band', 'mask', 'abundances'];

/** Display colour per port type (handles, legend). */
export const PORT_COLORS: Record<PortType, string> = {
  cube: '#4e9af1',
  band: '#49c6a8',
  mask: '#e0b341',
  spectra: '#c678dd',
  abundances: '#e06c75',
  metrics: '#98c379',
  weights: '#d19a66',
  raster: '#8899aa',
};

export interface ConnectVerdict {
  ok: boolean;
  /** Why the connection is refused, in words a user understands. */
  reason?: string;
}

/** Decides whether an output of type `from` may feed an input of type `to`. */
export function canConnect(from: PortType, to: PortType): ConnectVerdict {
  if (from === to) return { ok: true };
  if (to === 'raster' && RASTER_TYPES.includes(from)) return { ok: true };
  if (to === 'cube' && (from === 'band' || from === 'abundances')) return { ok: true };
  if (to === 'band' && from === 'cube') return { ok: true };
  return { ok: false, reason: `a ${from} output cannot feed a ${to} input` };
}
