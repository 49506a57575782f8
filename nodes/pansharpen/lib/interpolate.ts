/**
 * The "ideal interpolator" of the hyperspectral pansharpening toolbox (Ciotola et al. 2024,
 * `Utils/interpolator_tools.py`), spec ALGORITHMS.md A.1:
 * - x2 stages: Aiazzi et al. 23-tap polynomial kernel (CDF23), zero stuffing, circular padding;
 *   the first stage puts the input on odd HR positions, later stages on even ones;
 * - x3 stage: truncated sinc (N = 30 taps each side) at +-1/3 pixel, symmetric edge padding.
 *
 * Supported ratios: r = 2^k (k >= 1, log2(r) x2 stages) and r = 3 * 2^k (one x3 stage, then k x2
 * stages), i.e. 2, 3, 4, 6, 8, 12, 16, ...
 *
 * Grid phase: LR pixel i lands exactly on HR index r*i + floor(r/2) (r = 6: 6i+3, r = 4: 4i+2,
 * r = 2: 2i+1, r = 8: 8i+4, r = 3: 3i+1); `decimate` in mtf.ts samples the same phase.
 * Differences from the reference (documented bugs): it runs int(r/2) x2 stages, so r = 8 returns
 * 16x and r = 3 returns 6x; here r = 8 runs 3 stages and r = 3 only the x3 stage. The reference
 * x3 stage fails when the LR side is below N+1 = 31 px (padding larger than the image); here the
 * symmetric extension is periodic, so any size works (identical results for sides >= 31).
 */
import { type Raster } from '../../../core/values.ts';
import { circularIndex, fromPlanes, mapLines, symmetricIndex, toPlanes, type Plane } from './planes.ts';

/** Half of the 23-tap kernel (offsets 0..11), already x2 for zero-stuffing compensation. */
const CDF23 = [0.5, 0.305334091185, 0, -0.072698593239, 0, 0.021809577942, 0, -0.005192756653, 0, 0.000807762146, 0, -0.000060081482].map(
  (v) => 2 * v,
);

/** Half-length of the x3 sinc kernels (2N+1 taps). */
export const SINC_HALF_TAPS = 30;

/** HR index of LR pixel 0 for ratio r: LR i <-> HR r*i + gridPhase(r). */
export function gridPhase(ratio: number): number {
  return Math.floor(ratio / 2);
}

/** Number of x2 stages and whether a x3 stage comes first, or undefined when r is unsupported. */
export function interpolationStages(ratio: number): { triple: boolean; doublings: number } | undefined {
  if (!Number.isInteger(ratio) || ratio < 2) return undefined;
  let r = ratio;
  const triple = r % 3 === 0;
  if (triple) r /= 3;
  let doublings = 0;
  while (r > 1 && r % 2 === 0) {
    r /= 2;
    doublings++;
  }
  return r === 1 ? { triple, doublings } : undefined;
}

/**
 * One x2 stage along a line: zero-stuffing at `offset` (1 or 0) then 23-tap circular filtering.
 * Output o with d = o - offset: d even -> the stuffed sample itself (centre tap 1, other even taps 0);
 * d odd -> sum over odd taps t of CDF23[t] (x[(d-t)/2] + x[(d+t)/2]), indices circular.
 */
const ODD_TAPS = [1, 3, 5, 7, 9, 11].map((t) => CDF23[t]);
const WRAP = 6; // the odd taps reach (d +- 11)/2, at most 6 LR samples away

function doubleLine(line: Float64Array, out: Float64Array, offset: number): void {
  const n = line.length;
  // circularly extended copy: ext[k + WRAP] = line[k mod n] for k in [-WRAP, n + WRAP)
  const ext = new Float64Array(n + 2 * WRAP);
  for (let k = -WRAP; k < n + WRAP; k++) ext[k + WRAP] = line[circularIndex(k, n)];
  const m = 2 * n;
  for (let o = 0; o < m; o++) {
    const d = o - offset;
    if ((d & 1) === 0) {
      out[o] = line[circularIndex(d / 2, n)];
      continue;
    }
    // (d - t)/2 = (d - 1)/2 - (t - 1)/2 and (d + t)/2 = (d + 1)/2 + (t - 1)/2
    const below = (d - 1) / 2 + WRAP;
    const above = (d + 1) / 2 + WRAP;
    let s = 0;
    for (let k = 0; k < 6; k++) s += ODD_TAPS[k] * (ext[below - k] + ext[above + k]);
    out[o] = s;
  }
}

function sincNormalised(shift: number): Float64Array {
  const N = SINC_HALF_TAPS;
  const h = new Float64Array(2 * N + 1);
  let sum = 0;
  for (let n = -N; n <= N; n++) {
    const x = Math.PI * (n + shift);
    const v = x === 0 ? 1 : Math.sin(x) / x;
    h[n + N] = v;
    sum += v;
  }
  for (let i = 0; i < h.length; i++) h[i] /= sum;
  return h;
}

const SINC_THIRD = sincNormalised(1 / 3);
const SINC_TWO_THIRDS = sincNormalised(2 / 3);

/**
 * One x3 stage along a line: y[3i+1] = x[i], y[3i+2] = value at i+1/3 = sum_n h1[n] x[i-n],
 * y[3i] = value at i-1/3 = sum_n h2[n] x[i-1-n], with h1 = sinc(n+1/3), h2 = sinc(n+2/3) (each
 * normalised to sum 1) and symmetric extension (the reference's kernels and truncation exactly).
 */
function tripleLine(line: Float64Array, out: Float64Array): void {
  const n = line.length;
  const N = SINC_HALF_TAPS;
  // symmetric extension: ext[k + N + 1] = x[k] for k in [-(N+1), n + N]
  const ext = new Float64Array(n + 2 * N + 2);
  for (let k = -(N + 1); k <= n + N; k++) ext[k + N + 1] = line[symmetricIndex(k, n)];
  for (let i = 0; i < n; i++) {
    let plus = 0;
    let minus = 0;
    const centre = i + N + 1;
    for (let k = -N; k <= N; k++) {
      plus += SINC_THIRD[k + N] * ext[centre - k];
      minus += SINC_TWO_THIRDS[k + N] * ext[centre - 1 - k];
    }
    out[3 * i] = minus;
    out[3 * i + 1] = line[i];
    out[3 * i + 2] = plus;
  }
}

/** Upsamples one plane by `ratio` (see the file comment for ratios and phase). */
export function interpolatePlane(plane: Plane, ratio: number): Plane {
  const stages = interpolationStages(ratio);
  if (!stages) throw new Error(`ideal interpolator: unsupported ratio ${ratio} (use 2^k or 3*2^k)`);
  let p = plane;
  if (stages.triple) {
    p = mapLines(p, 'rows', p.cols * 3, tripleLine);
    p = mapLines(p, 'cols', p.rows * 3, tripleLine);
  }
  for (let z = 0; z < stages.doublings; z++) {
    // the first x2 stage places samples on odd positions; it is stage 0 of interp23tap also after a x3 stage
    const offset = z === 0 ? 1 : 0;
    const f = (line: Float64Array, out: Float64Array) => doubleLine(line, out, offset);
    p = mapLines(p, 'rows', p.cols * 2, f);
    p = mapLines(p, 'cols', p.rows * 2, f);
  }
  return p;
}

/** Upsamples every band of `cube` by the integer `ratio`: output (rows*r) x (cols*r) x bands. */
export function idealInterpolate(cube: Raster, ratio: number): Raster {
  const planes = toPlanes(cube).map((p) => interpolatePlane(p, ratio));
  const out = fromPlanes(planes, cube);
  out.role = cube.role ?? out.role;
  return out;
}
