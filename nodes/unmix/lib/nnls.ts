/**
 * Lawson-Hanson active-set non-negative least squares in Gram form (Lawson & Hanson 1974,
 * "Solving Least Squares Problems", ch. 23): minimise 1/2 x^T G x - h^T x subject to x >= 0, where
 * G = A^T A (K x K, fixed for a scene) and h = A^T y (per pixel). The normal equations of the passive
 * set are solved by Cholesky on Float64Arrays reused across pixels.
 */
export class GramNnls {
  readonly size: number;
  private readonly gram: Float64Array;
  private readonly tolerance: number;
  private readonly passive: Uint8Array;
  private readonly candidate: Float64Array;
  private readonly gradient: Float64Array;
  private readonly factor: Float64Array;
  private readonly index: Int32Array;
  private readonly rhs: Float64Array;

  /** `gram` is K x K row-major, symmetric positive definite. */
  constructor(gram: Float64Array, size: number) {
    this.size = size;
    this.gram = gram;
    let scale = 0;
    for (let k = 0; k < size; k++) scale = Math.max(scale, gram[k * size + k]);
    this.tolerance = 1e-13 * size * scale;
    this.passive = new Uint8Array(size);
    this.candidate = new Float64Array(size);
    this.gradient = new Float64Array(size);
    this.factor = new Float64Array(size * size);
    this.index = new Int32Array(size);
    this.rhs = new Float64Array(size);
  }

  /** Solves for one right-hand side h (length K); writes the solution into x (length K). */
  solve(h: Float64Array, x: Float64Array): void {
    const K = this.size;
    const { gram, passive, candidate, gradient } = this;
    x.fill(0);
    passive.fill(0);
    let hScale = 0;
    for (let k = 0; k < K; k++) hScale = Math.max(hScale, Math.abs(h[k]));
    const tol = this.tolerance + 1e-13 * K * hScale;
    for (let outer = 0; outer < 3 * K + 10; outer++) {
      // gradient w = h - G x; pick the most positive component outside the passive set
      let best = -1;
      let bestValue = tol;
      for (let i = 0; i < K; i++) {
        let s = h[i];
        for (let j = 0; j < K; j++) s -= gram[i * K + j] * x[j];
        gradient[i] = s;
        if (!passive[i] && s > bestValue) {
          bestValue = s;
          best = i;
        }
      }
      if (best < 0) return;
      passive[best] = 1;
      for (let inner = 0; inner < 3 * K + 10; inner++) {
        this.solvePassive(h);
        let feasible = true;
        for (let i = 0; i < K; i++) if (passive[i] && candidate[i] <= 0) feasible = false;
        if (feasible) {
          x.set(candidate);
          break;
        }
        // step from x toward the candidate until the first passive variable hits zero
        let alpha = Infinity;
        for (let i = 0; i < K; i++) {
          if (passive[i] && candidate[i] <= 0) alpha = Math.min(alpha, x[i] / (x[i] - candidate[i]));
        }
        for (let i = 0; i < K; i++) {
          x[i] += alpha * (candidate[i] - x[i]);
          if (passive[i] && x[i] <= 1e-15 * (1 + Math.abs(candidate[i]))) {
            passive[i] = 0;
            x[i] = 0;
          }
        }
      }
    }
  }

  /** candidate_P = G_PP^-1 h_P by Cholesky, candidate outside P = 0. */
  private solvePassive(h: Float64Array): void {
    const K = this.size;
    const { gram, passive, candidate, factor, index, rhs } = this;
    let m = 0;
    for (let i = 0; i < K; i++) if (passive[i]) index[m++] = i;
    for (let r = 0; r < m; r++) {
      for (let c = 0; c <= r; c++) {
        let s = gram[index[r] * K + index[c]];
        for (let k = 0; k < c; k++) s -= factor[r * K + k] * factor[c * K + k];
        factor[r * K + c] = r === c ? Math.sqrt(Math.max(s, 1e-300)) : s / factor[c * K + c];
      }
    }
    for (let r = 0; r < m; r++) {
      let s = h[index[r]];
      for (let k = 0; k < r; k++) s -= factor[r * K + k] * rhs[k];
      rhs[r] = s / factor[r * K + r];
    }
    for (let r = m - 1; r >= 0; r--) {
      let s = rhs[r];
      for (let k = r + 1; k < m; k++) s -= factor[k * K + r] * rhs[k];
      rhs[r] = s / factor[r * K + r];
    }
    candidate.fill(0);
    for (let r = 0; r < m; r++) candidate[index[r]] = rhs[r];
  }
}

/** True when the K x K symmetric matrix is numerically positive definite (Cholesky pivots > 1e-12 of the largest diagonal). */
export function isPositiveDefinite(gram: Float64Array, size: number): boolean {
  const K = size;
  const factor = new Float64Array(K * K);
  let scale = 0;
  for (let k = 0; k < K; k++) scale = Math.max(scale, gram[k * K + k]);
  for (let r = 0; r < K; r++) {
    for (let c = 0; c <= r; c++) {
      let s = gram[r * K + c];
      for (let k = 0; k < c; k++) s -= factor[r * K + k] * factor[c * K + k];
      if (r === c) {
        if (!(s > 1e-12 * scale)) return false;
        factor[r * K + r] = Math.sqrt(s);
      } else {
        factor[r * K + c] = s / factor[c * K + c];
      }
    }
  }
  return true;
}
