/**
 * SUNSAL (J. M. Bioucas-Dias and M. A. T. Figueiredo, "Alternating direction algorithms for
 * constrained sparse regression: application to hyperspectral unmixing", WHISPERS 2010), following
 * the authors' sunsal.m:
 *   min_X 1/2 ||M X - Y||_F^2 + lambda ||X||_1   s.t. X >= 0 (positivity), 1^T X = 1^T (sumToOne)
 * by ADMM on X = Z: with F = (M^T M + mu I)^-1,
 *   Z <- max(soft(X - D, lambda/mu), 0)        (soft only without positivity)
 *   X <- F (M^T Y + mu (Z + D)), projected onto 1^T X = 1 when sumToOne:
 *        X <- X - F 1 (1^T F 1)^-1 (1^T X - 1)
 *   D <- D - (X - Z)
 * mu starts at 0.01 and is doubled/halved every 10 iterations to keep the primal and dual residuals
 * within a factor 10 (D rescaled accordingly); stop when both are below sqrt(N K) tol (sunsal.m: tol = 1e-4).
 * M and Y are first divided by sqrt(mean(M^2)) and lambda by its square, as sunsal.m does.
 * Returns X (K x N, row-major), as sunsal.m does.
 */
import { invert } from './small-matrix.ts';

export interface SunsalOptions {
  lambda: number;
  iterations: number;
  positivity: boolean;
  sumToOne: boolean;
  /** Stopping tolerance per entry (sunsal.m: 1e-4). */
  tolerance: number;
  /** Called every 10 iterations (progress, abort). */
  onStep?: (iteration: number) => void;
}

/** M: K x L row-major spectra; data: N x L (BIP). Returns { x: K x N, iterations run }. */
export function sunsal(M: Float64Array, K: number, L: number, data: Float32Array, N: number, options: SunsalOptions): { x: Float64Array; iterations: number } {
  let norm = 0;
  for (const v of M) norm += v * v;
  norm = Math.sqrt(norm / M.length);
  const lambda = options.lambda / (norm * norm);
  const gram = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) {
    let s = 0;
    for (let b = 0; b < L; b++) s += M[i * L + b] * M[j * L + b];
    gram[i * K + j] = s / (norm * norm);
  }
  // W = M^T Y (K x N), scaled
  const W = new Float64Array(K * N);
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) {
    let s = 0;
    for (let b = 0; b < L; b++) s += M[k * L + b] * data[n * L + b];
    W[k * N + n] = s / (norm * norm);
  }
  let mu = 0.01;
  let F = factor(gram, K, mu);
  let Fsum = rowSums(F, K);
  let FsumTotal = Fsum.reduce((s, v) => s + v, 0);
  const x = new Float64Array(K * N);
  const z = new Float64Array(K * N);
  const d = new Float64Array(K * N);
  const z0 = new Float64Array(K * N);
  const rhs = new Float64Array(K);
  const tol = Math.sqrt(N * K) * options.tolerance;
  // initial x = F M^T Y (sum-to-one projected), z = x, d = 0, as sunsal.m
  updateX(0);
  z.set(x);
  let iteration = 1;
  let primal = Infinity;
  let dual = Infinity;
  for (; iteration <= options.iterations && (primal > tol || dual > tol); iteration++) {
    if (iteration % 10 === 1) {
      z0.set(z);
      options.onStep?.(iteration);
    }
    const threshold = lambda / mu;
    for (let i = 0; i < z.length; i++) {
      const v = x[i] - d[i];
      let s = Math.sign(v) * Math.max(Math.abs(v) - threshold, 0);
      if (options.positivity && s < 0) s = 0;
      z[i] = s;
    }
    updateX(mu);
    for (let i = 0; i < d.length; i++) d[i] -= x[i] - z[i];
    if (iteration % 10 === 1) {
      let p = 0;
      let q = 0;
      for (let i = 0; i < x.length; i++) {
        p += (x[i] - z[i]) ** 2;
        q += (z[i] - z0[i]) ** 2;
      }
      primal = Math.sqrt(p);
      dual = mu * Math.sqrt(q);
      let changed = false;
      if (primal > 10 * dual) {
        mu *= 2;
        for (let i = 0; i < d.length; i++) d[i] /= 2;
        changed = true;
      } else if (dual > 10 * primal) {
        mu /= 2;
        for (let i = 0; i < d.length; i++) d[i] *= 2;
        changed = true;
      }
      if (changed) {
        F = factor(gram, K, mu);
        Fsum = rowSums(F, K);
        FsumTotal = Fsum.reduce((s, v) => s + v, 0);
      }
    }
  }
  return { x, iterations: iteration - 1 };

  /** x_n = F (w_n + m (z_n + d_n)), then the sum-to-one correction. */
  function updateX(m: number): void {
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) rhs[k] = W[k * N + n] + m * (z[k * N + n] + d[k * N + n]);
      let total = 0;
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let j = 0; j < K; j++) s += F[k * K + j] * rhs[j];
        x[k * N + n] = s;
        total += s;
      }
      if (options.sumToOne) {
        const correction = (total - 1) / FsumTotal;
        for (let k = 0; k < K; k++) x[k * N + n] -= Fsum[k] * correction;
      }
    }
  }
}

function factor(gram: Float64Array, K: number, mu: number): Float64Array {
  const a = Float64Array.from(gram);
  for (let k = 0; k < K; k++) a[k * K + k] += mu;
  const inv = invert(a, K);
  if (!inv) throw new Error('SUNSAL: M^T M + mu I is singular');
  return inv;
}

function rowSums(F: Float64Array, K: number): Float64Array {
  const s = new Float64Array(K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) s[i] += F[i * K + j];
  return s;
}
