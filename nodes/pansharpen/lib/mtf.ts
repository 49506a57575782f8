/**
 * Sensor MTF model and Wald-protocol filtering (ALGORITHMS.md A.2; toolbox `nyquist_filter_generator`,
 * `gen_mtf`, `gen_mtf_pan`, `LPfilterGauss`, `mtf`). Kernels are N x N row-major Float64Arrays.
 *
 * Design (4 steps): sigma_f = sqrt(((N-1)*fcut/2)^2 / (-2 ln GNyq)) with fcut = 1/r (frequency-
 * sample units); Hd = Gaussian(N, sigma_f)/max; h = real(fftshift(ifft2(ifftshift(Hd)))) (fsamp2);
 * kernel = h .* w with w a radial 1-D Kaiser(N, beta 0.5) window (0 beyond radius 1). Not
 * renormalised (sum 0.99719 for GNyq 0.3, N 41, r 6), as the toolbox does for r = 6. (The toolbox
 * clips negative taps and renormalises to sum 1 for r != 6 - a "TO DO: delete for hyperspectral"
 * branch; Bandwire uses the same unnormalised design for every ratio.)
 */
import { type Raster } from '../../../core/values.ts';
import { decimatePlane, filterDecimatePlane, filterPlaneReplicate } from './filter.ts';
import { fromPlanes, toPlanes } from './planes.ts';

export { decimatePlane, filterDecimatePlane, filterPlaneReplicate };

/** Gaussian of MATLAB fspecial('gaussian', [N N], sigma): values < eps*max set to 0, unit sum. */
function fspecialGaussian(size: number, sigma: number): Float64Array {
  const c = (size - 1) / 2;
  const g = new Float64Array(size * size);
  let max = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = Math.exp(-((x - c) ** 2 + (y - c) ** 2) / (2 * sigma * sigma));
      g[y * size + x] = v;
      if (v > max) max = v;
    }
  }
  let sum = 0;
  for (let i = 0; i < g.length; i++) {
    if (g[i] < Number.EPSILON * max) g[i] = 0;
    sum += g[i];
  }
  for (let i = 0; i < g.length; i++) g[i] /= sum;
  return g;
}

/** Modified Bessel function of the first kind, order 0 (power series; |x| small here). */
function besselI0(x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

/** numpy.kaiser(N, beta). */
function kaiser(size: number, beta: number): Float64Array {
  const w = new Float64Array(size);
  for (let n = 0; n < size; n++) {
    const t = (2 * n) / (size - 1) - 1;
    w[n] = besselI0(beta * Math.sqrt(Math.max(0, 1 - t * t))) / besselI0(beta);
  }
  return w;
}

/**
 * Real part of the centred inverse 2-D DFT of an N x N (N odd) response that is even in each
 * axis: h[y,x] = (1/N^2) sum_{u,v} Hd[v,u] cos(2 pi u x/N) cos(2 pi v y/N), centred coordinates.
 * Equals real(fftshift(ifft2(ifftshift(Hd)))).
 */
function centredInverseDft(hd: Float64Array, size: number): Float64Array {
  const c = (size - 1) / 2;
  const cosTable = new Float64Array(size * size); // [u][x]
  for (let u = 0; u < size; u++) {
    for (let x = 0; x < size; x++) cosTable[u * size + x] = Math.cos((2 * Math.PI * (u - c) * (x - c)) / size);
  }
  // transform along x for every row v, then along y
  const rowsDone = new Float64Array(size * size); // [v][x]
  for (let v = 0; v < size; v++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let u = 0; u < size; u++) s += hd[v * size + u] * cosTable[u * size + x];
      rowsDone[v * size + x] = s;
    }
  }
  const h = new Float64Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let v = 0; v < size; v++) s += rowsDone[v * size + x] * cosTable[v * size + y];
      h[y * size + x] = s / (size * size);
    }
  }
  return h;
}

/** Frequency sigma of the Gaussian response; `lpFilterGauss` uses N instead of N-1 (toolbox LPfilterGauss). */
export function mtfSigma(gnyq: number, ratio: number, size: number, lpFilterGauss = false): number {
  const fcut = 1 / ratio;
  const span = lpFilterGauss ? size : size - 1;
  return Math.sqrt((span * fcut / 2) ** 2 / (-2 * Math.log(gnyq)));
}

/**
 * The size x size MTF-matched lowpass kernel whose response is `gnyq` at the LR Nyquist frequency
 * (1/(2 ratio) cycles/pixel). `size` must be odd. `lpFilterGauss` selects the BT-H/HPM variant.
 */
export function mtfKernel(gnyq: number, ratio: number, size: number, lpFilterGauss = false): Float64Array {
  if (!(gnyq > 0 && gnyq < 1)) throw new Error(`MTF Nyquist gain must be in (0, 1), got ${gnyq}`);
  if (size % 2 !== 1) throw new Error(`MTF kernel size must be odd, got ${size}`);
  const sigma = mtfSigma(gnyq, ratio, size, lpFilterGauss);
  const g = fspecialGaussian(size, sigma);
  let max = 0;
  for (const v of g) max = Math.max(max, v);
  const hd = g.map((v) => v / max);
  const h = centredInverseDft(hd, size);
  const window1d = kaiser(size, 0.5);
  const t = Array.from({ length: size }, (_, i) => -1 + (2 * i) / (size - 1));
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const rho = Math.hypot(t[x], t[y]);
      let w = 0;
      if (rho <= 1) {
        // numpy.interp(rho, t, kaiser) on the uniform grid t
        const pos = (rho + 1) * c;
        const i0 = Math.min(Math.floor(pos), size - 2);
        const f = pos - i0;
        w = window1d[i0] * (1 - f) + window1d[i0 + 1] * f;
      }
      h[y * size + x] *= w;
    }
  }
  return h;
}

/** Filters every band; `kernels` is one kernel for all bands or one per band. */
export function filterReplicate(cube: Raster, kernels: Float64Array | Float64Array[]): Raster {
  const planes = toPlanes(cube).map((p, b) => filterPlaneReplicate(p, Array.isArray(kernels) ? kernels[b] : kernels));
  const out = fromPlanes(planes, cube);
  out.role = cube.role ?? out.role;
  return out;
}

/** Decimates every band by `ratio` at phase floor(r/2): floor(rows/r) x floor(cols/r) x bands. */
export function decimate(cube: Raster, ratio: number): Raster {
  const out = fromPlanes(toPlanes(cube).map((p) => decimatePlane(p, ratio)), cube);
  out.role = cube.role ?? out.role;
  return out;
}
