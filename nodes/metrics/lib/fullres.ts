/**
 * Full-resolution quality indices (ALGORITHMS.md C.2; toolbox `evaluation_fr`, `metrics_fr.py`;
 * D_rho from rho-PNN, Scarpa & Ciotola 2022), float64 band planes.
 */
import { filterDecimatePlane, mtfKernel } from '../../pansharpen/lib/mtf.ts';
import { makePlane, type Plane } from '../../pansharpen/lib/planes.ts';
import { combine, leastSquares } from '../../pansharpen/lib/regression.ts';
import { q2n } from './q2n.ts';

/**
 * D_lambda (Khan et al. 2009) = 1 - Q2n( decimate_r( MTF(F) ), HS_LR ): the fused bands are
 * filtered with the 41x41 Gaussian MTF (Nyquist gain `gnyq`, replicate borders), sampled at
 * r*i + floor(r/2) (the toolbox hard-codes offset 3, equal for r = 6) and compared with the
 * original low-resolution bands (32x32 blocks).
 */
export function dLambdaKhan(fused: Plane[], hsLow: Plane[], ratio: number, gnyq = 0.3, checkAbort?: () => void): number {
  const kernel = mtfKernel(gnyq, ratio, 41);
  const low = fused.map((p) => {
    checkAbort?.();
    return filterDecimatePlane(p, kernel, ratio);
  });
  return 1 - q2n(low, hsLow, 32, 32, checkAbort).value;
}

function variance(d: Float64Array): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) m += d[i];
  m /= d.length;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += (d[i] - m) ** 2;
  return s / (d.length - 1);
}

/**
 * D_sR = 1 - R^2 of the least-squares regression (no intercept) of the PAN on the fused bands:
 * alpha = pinv(F) P, I_R = sum_b alpha_b F_b, R^2 = 1 - var(P - I_R)/var(P).
 */
export function dsRegression(fused: Plane[], pan: Plane): number {
  const alpha = leastSquares(fused.map((p) => p.data), pan.data);
  const fit = combine(fused.map((p) => p.data), alpha);
  const residual = new Float64Array(fit.length);
  for (let i = 0; i < fit.length; i++) residual[i] = pan.data[i] - fit[i];
  return variance(residual) / variance(pan.data);
}

/**
 * Box sums over the asymmetric 2w x 2w window covering rows i-w+1..i+w and cols j-w+1..j+w,
 * zeros outside the image (the cumulative-sum box of `xcorr_torch`, computed directly).
 */
export function boxSum(p: Plane, w: number): Plane {
  const { rows, cols, data } = p;
  const horizontal = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      const lo = Math.max(0, c - w + 1);
      const hi = Math.min(cols - 1, c + w);
      for (let k = lo; k <= hi; k++) s += data[r * cols + k];
      horizontal[r * cols + c] = s;
    }
  }
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const lo = Math.max(0, r - w + 1);
    const hi = Math.min(rows - 1, r + w);
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let k = lo; k <= hi; k++) s += horizontal[k * cols + c];
      out[r * cols + c] = s;
    }
  }
  return makePlane(rows, cols, out);
}

/** Local correlation field rho(X, Y) of ALGORITHMS.md A.3 (unclipped variant), half-width w. */
export function localCorrelation(x: Plane, y: Plane, w: number): Float64Array {
  const area = 4 * w * w;
  const muX = boxSum(x, w).data;
  const muY = boxSum(y, w).data;
  const n = x.data.length;
  const xc = new Float64Array(n);
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xc[i] = x.data[i] - muX[i] / area;
    yc[i] = y.data[i] - muY[i] / area;
  }
  const prod = new Float64Array(n);
  const xx = new Float64Array(n);
  const yy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    prod[i] = xc[i] * yc[i];
    xx[i] = xc[i] * xc[i];
    yy[i] = yc[i] * yc[i];
  }
  const sxy = boxSum(makePlane(x.rows, x.cols, prod), w).data;
  const sxx = boxSum(makePlane(x.rows, x.cols, xx), w).data;
  const syy = boxSum(makePlane(x.rows, x.cols, yy), w).data;
  const rho = new Float64Array(n);
  for (let i = 0; i < n; i++) rho[i] = sxy[i] / (Math.sqrt(Math.max(sxx[i], 1e-20) * Math.max(syy[i], 1e-20)) + 1e-20);
  return rho;
}

/** D_rho = mean over bands and pixels of 1 - clip(rho(F_b, P; w = floor(r/2)), -1, 1). */
export function dRho(fused: Plane[], pan: Plane, ratio: number, checkAbort?: () => void): number {
  const w = Math.max(1, Math.floor(ratio / 2));
  let sum = 0;
  for (const band of fused) {
    checkAbort?.();
    const rho = localCorrelation(band, pan, w);
    for (let i = 0; i < rho.length; i++) sum += 1 - Math.min(1, Math.max(-1, rho[i]));
  }
  return sum / (fused.length * pan.data.length);
}
