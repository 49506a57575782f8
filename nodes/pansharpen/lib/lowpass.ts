/**
 * Lowpass filters of the classical methods (ALGORITHMS.md B):
 * - `atrousLowpass`: Starck-Murtagh B3-spline undecimated ("a trous") wavelet with ceil(log2 r)
 *   levels and all details zeroed (toolbox LPFilter / LPFilterPlusDecTorch). With the toolbox's
 *   sqrt(2)-scaled filter bank, decomposition followed by reconstruction applies every dilated
 *   B3 filter [1 4 6 4 1]/16 (holes 2^j - 1) twice per axis; borders are symmetric (edge-repeating).
 * - `imresizeBicubic`: MATLAB imresize(..., 'bicubic') (a = -0.5, antialiased when shrinking,
 *   mirrored borders), used by AWLP's equalisation.
 */
import { mapLines, symmetricIndex, type Plane } from './planes.ts';

const B3 = [1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16];

function dilatedB3Line(step: number) {
  return (line: Float64Array, out: Float64Array) => {
    const n = line.length;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = -2; k <= 2; k++) s += B3[k + 2] * line[symmetricIndex(i + k * step, n)];
      out[i] = s;
    }
  };
}

/** The a trous approximation of `plane` for ratio r (DC gain 1). */
export function atrousLowpass(plane: Plane, ratio: number): Plane {
  const levels = Math.ceil(Math.log2(ratio));
  let p = plane;
  for (let pass = 0; pass < 2; pass++) {
    for (let level = 0; level < levels; level++) {
      const f = dilatedB3Line(2 ** level);
      p = mapLines(p, 'rows', p.cols, f);
      p = mapLines(p, 'cols', p.rows, f);
    }
  }
  return p;
}

/** Keys cubic convolution kernel with a = -0.5 (MATLAB `cubic`). */
function cubic(x: number): number {
  const ax = Math.abs(x);
  const ax2 = ax * ax;
  const ax3 = ax2 * ax;
  if (ax <= 1) return 1.5 * ax3 - 2.5 * ax2 + 1;
  if (ax <= 2) return -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2;
  return 0;
}

/** MATLAB `contributions` for one axis: per output index, source indices and normalised weights. */
function contributions(inLength: number, outLength: number, scale: number) {
  const antialias = scale < 1;
  const width = antialias ? 4 / scale : 4;
  const taps = Math.ceil(width) + 2;
  const index = new Int32Array(outLength * taps);
  const weight = new Float64Array(outLength * taps);
  for (let i = 0; i < outLength; i++) {
    const u = (i + 1) / scale + 0.5 * (1 - 1 / scale); // 1-based source coordinate
    const left = Math.floor(u - width / 2);
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      const j = left + k; // 1-based
      const x = u - j;
      const w = antialias ? scale * cubic(scale * x) : cubic(x);
      index[i * taps + k] = symmetricIndex(j - 1, inLength);
      weight[i * taps + k] = w;
      sum += w;
    }
    for (let k = 0; k < taps; k++) weight[i * taps + k] /= sum;
  }
  return { taps, index, weight };
}

/** imresize(plane, scale, 'bicubic'); output size ceil(rows*scale) x ceil(cols*scale). */
export function imresizeBicubic(plane: Plane, scale: number): Plane {
  const outRows = Math.ceil(plane.rows * scale - 1e-9);
  const outCols = Math.ceil(plane.cols * scale - 1e-9);
  const resizeLine = (inLength: number, outLength: number) => {
    const { taps, index, weight } = contributions(inLength, outLength, scale);
    return (line: Float64Array, out: Float64Array) => {
      for (let i = 0; i < outLength; i++) {
        let s = 0;
        for (let k = 0; k < taps; k++) s += weight[i * taps + k] * line[index[i * taps + k]];
        out[i] = s;
      }
    };
  };
  // MATLAB resizes the dimension with the smaller scale first; both scales are equal here
  const rowsDone = mapLines(plane, 'cols', outRows, resizeLine(plane.rows, outRows));
  const both = mapLines(rowsDone, 'rows', outCols, resizeLine(plane.cols, outCols));
  return both;
}
