/** Global statistics over the pixels of a plane (float64; std/cov unbiased as torch.std/torch.cov). */
export function mean(d: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i];
  return s / d.length;
}

export function covariance(a: Float64Array, b: Float64Array): number {
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1);
}

export function variance(a: Float64Array): number {
  return covariance(a, a);
}

export function std(a: Float64Array): number {
  return Math.sqrt(variance(a));
}

export function min(a: Float64Array): number {
  let m = Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] < m) m = a[i];
  return m;
}

/** float64 machine epsilon, the toolbox's torch.finfo(float64).eps guard in divisions. */
export const EPS = 2.220446049250313e-16;
