/**
 * Robust representation + learning-based sparsity (after F. Zhu, Y. Wang, B. Fan, G. Meng and C. Pan,
 * "Effective spectral unmixing via robust representation and learning-based sparsity",
 * arXiv:1409.0685, 2014; the "data-guided sparsity" line of Zhu et al., IEEE TIP 2014):
 *
 *   min_{A >= 0 (, M >= 0)}  ||Y - M A||_{2,1} + lambda sum_n sum_k A_kn^{p_n},  1^T a_n = 1
 *
 * where ||E||_{2,1} = sum_l ||E_l,:||_2 sums the error norms of the L channels (an outlier channel
 * counts linearly, not squared) and p_n in [pMin, 1] is the per-pixel guidance map: small (strong
 * sparsity) for nearly pure pixels, 1 for highly mixed ones.
 *
 * Solver: majorise-minimise. At each iteration both non-smooth terms are replaced by their
 * tangent upper bounds at the current A, which gives per-pixel non-negative least squares solved
 * exactly (Lawson-Hanson in Gram form, as unmix.fcls):
 *   l2,1 term: channel weights d_l = 1 / (2 ||E_l,:|| + eps), normalised to mean 1;
 *   l_p term (concave in a for p <= 1): lambda a^p <= const + lambda p a0^(p-1) a (reweighted l1);
 *   a_n = argmin_{a >= 0} 1/2 a^T (M^T D M + delta^2 1 1^T) a - (M^T D y_n + delta^2 1 - lambda/2 w_n)^T a
 *        with w_kn = p_n max(a_kn, 1e-6)^(p_n - 1) (sum-to-one by the delta-augmented row of
 *        Heinz & Chang / L1/2-NMF);
 *   M <- M .* (Y A^T) ./ (M A A^T) when endmembers are refined (NMF multiplicative step);
 *   guidance p_n = pMin + (1 - pMin) H(a_n) / log K, H the entropy of the abundances: the
 *     "mixed level" of pixel n, re-learned from the current abundances at every iteration.
 * The guidance rule is this module's closed-form reading of the paper's learned map, not its exact
 * sub-problem. Data are scaled by sqrt(mean(M^2)) first, so lambda does not depend on units.
 */
import { GramNnls } from './nnls.ts';

export interface RobustOptions {
  lambda: number;
  iterations: number;
  pMin: number;
  delta: number;
  updateEndmembers: boolean;
  onStep?: (iteration: number) => void;
}

/** data: N x L (BIP); M0: K x L spectra; A0: N x K initial abundances. Returns A (N x K), M (K x L), guidance (N). */
export function robustUnmix(data: Float32Array, N: number, L: number, M0: Float64Array, K: number, A0: Float64Array, options: RobustOptions) {
  let scale = 0;
  for (const v of M0) scale += v * v;
  scale = Math.sqrt(scale / M0.length);
  const M = M0.map((v) => v / scale);
  const A = Float64Array.from(A0);
  const guidance = new Float64Array(N);
  const weights = new Float64Array(L);
  const residual = new Float64Array(L);
  const delta2 = options.delta * options.delta;
  const h = new Float64Array(K);
  const x = new Float64Array(K);
  const weighted = new Float64Array(K * L);
  const y = new Float64Array(L);
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    options.onStep?.(iteration);
    // channel residual norms ||E_l,:||^2 over all pixels
    residual.fill(0);
    for (let n = 0; n < N; n++) {
      for (let l = 0; l < L; l++) {
        let fit = 0;
        for (let k = 0; k < K; k++) fit += M[k * L + l] * A[n * K + k];
        const e = data[n * L + l] / scale - fit;
        residual[l] += e * e;
      }
    }
    let mean = 0;
    for (let l = 0; l < L; l++) mean += (weights[l] = 1 / (2 * Math.sqrt(residual[l]) + 1e-12));
    mean /= L;
    for (let l = 0; l < L; l++) weights[l] /= mean;
    for (let k = 0; k < K; k++) for (let l = 0; l < L; l++) weighted[k * L + l] = M[k * L + l] * weights[l];
    const gram = new Float64Array(K * K);
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) {
      let s = delta2;
      for (let l = 0; l < L; l++) s += weighted[i * L + l] * M[j * L + l];
      gram[i * K + j] = s;
    }
    const solver = new GramNnls(gram, K);
    learnGuidance(A, K, N, options.pMin, guidance);
    for (let n = 0; n < N; n++) {
      for (let l = 0; l < L; l++) y[l] = data[n * L + l] / scale;
      const p = guidance[n];
      for (let k = 0; k < K; k++) {
        let s = delta2;
        for (let l = 0; l < L; l++) s += weighted[k * L + l] * y[l];
        h[k] = s - (options.lambda / 2) * p * Math.pow(Math.max(A[n * K + k], 1e-6), p - 1);
      }
      solver.solve(h, x);
      for (let k = 0; k < K; k++) A[n * K + k] = x[k];
    }
    if (options.updateEndmembers) refineEndmembers(data, N, L, scale, M, K, A);
  }
  learnGuidance(A, K, N, options.pMin, guidance);
  return { abundances: A, endmembers: M.map((v) => v * scale), guidance };
}

/** M <- M .* (Y A^T) ./ (M A A^T) (Lee-Seung step for the endmembers). */
function refineEndmembers(data: Float32Array, N: number, L: number, scale: number, M: Float64Array, K: number, A: Float64Array): void {
  const YA = new Float64Array(K * L);
  const AA = new Float64Array(K * K);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const a = A[n * K + k];
      if (a === 0) continue;
      for (let l = 0; l < L; l++) YA[k * L + l] += a * data[n * L + l] / scale;
      for (let j = 0; j < K; j++) AA[k * K + j] += a * A[n * K + j];
    }
  }
  for (let k = 0; k < K; k++) for (let l = 0; l < L; l++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += AA[k * K + j] * M[j * L + l];
    M[k * L + l] = Math.max(M[k * L + l] * YA[k * L + l] / Math.max(s, 1e-300), 1e-12);
  }
}

/** p_n = pMin + (1 - pMin) * entropy(a_n / sum a_n) / log K, for N x K abundances. */
function learnGuidance(A: Float64Array, K: number, N: number, pMin: number, out: Float64Array): void {
  const logK = Math.log(K);
  for (let n = 0; n < N; n++) {
    let total = 0;
    for (let k = 0; k < K; k++) total += A[n * K + k];
    let entropy = 0;
    for (let k = 0; k < K; k++) {
      const q = total > 0 ? A[n * K + k] / total : 0;
      if (q > 0) entropy -= q * Math.log(q);
    }
    out[n] = pMin + (1 - pMin) * Math.min(1, entropy / logK);
  }
}
