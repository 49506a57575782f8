/**
 * Iteration budgets of the band-wise PNN variants (spec A.4, A.5).
 */

/**
 * R-PNN target-adaptation schedule: band 0 gets `first` (20) iterations; band b > 0 gets
 * n_b = min((floor((lambda_b - lambda_{b-1}) / 10) + 1) * perStep, saturation) with perStep 15,
 * saturation 80 (wavelengths in nm, file order). Negative values (a band whose wavelength is
 * below the previous one, e.g. PRISMA's VNIR -> SWIR overlap) become 0: that band reuses the
 * previous checkpoint, as in the reference.
 */
export function rpnnSchedule(wavelengths: number[], first = 20, perStep = 15, saturation = 80): number[] {
  return wavelengths.map((lambda, b) => {
    if (b === 0) return first;
    const n = Math.trunc(Math.min((Math.floor((lambda - wavelengths[b - 1]) / 10) + 1) * perStep, saturation));
    return Math.max(0, n);
  });
}

/** R-PNN structural weight: 0.5 until the first band above 700 nm, then 0.25 for it and every later band (sticky). */
export function rpnnAlphas(wavelengths: number[], before = 0.5, after = 0.25, edge = 700): number[] {
  let switched = false;
  return wavelengths.map((lambda) => {
    if (lambda > edge) switched = true;
    return switched ? after : before;
  });
}

/**
 * rho-PNN adaptive budget: c_b = Pearson correlation over LR pixels of bands b-1 and b;
 * N1 = 4 n_s; max_iter[b] = N1 + floor(eta N1 (B-1) (1 - c_b) / sum_j (1 - c_j)) for b >= 1,
 * max_iter[0] = max_iter[1]. `bands[b]` holds the LR pixels of band b.
 */
export function rhoBudget(bands: Float64Array[] | Float32Array[], settle: number, eta: number): number[] {
  const count = bands.length;
  const n1 = 4 * settle;
  if (count === 1) return [n1];
  const decorrelation = [0];
  for (let b = 1; b < count; b++) decorrelation.push(1 - pearson(bands[b - 1], bands[b]));
  const total = decorrelation.reduce((s, d) => s + d, 0);
  const extra = eta * n1 * (count - 1);
  const budget = decorrelation.map((d) => n1 + (total > 0 ? Math.floor((extra * d) / total) : Math.floor(extra / (count - 1))));
  budget[0] = budget[1];
  return budget;
}

/** Pearson correlation of two equally long sample vectors (float64 accumulation). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 1;
}
