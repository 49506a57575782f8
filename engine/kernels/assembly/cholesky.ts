/**
 * Local (dual-window) RX on float64 SIMD (f64x2), one image row at a time (nodes/detect/local-rx.ts):
 * - addRowSums / prefixSums: per-column sums of [1, x, upper(x x^T)] over a band of image rows (one
 *   row added or removed per call) and their prefix sums along the row, so that any window's sums
 *   are four lookups;
 * - windowCovariance: the background mean and sample covariance (upper triangle, row-major) of the
 *   outer window minus the inner guard window around one pixel, and the pixel minus that mean;
 * - mahalanobis: score = x^T (C + loading·I)^{-1} x with C = L L^T. Left-looking row Cholesky
 *   reading the upper triangle of C: each entry of L is a dot product of two contiguous row
 *   prefixes of L, then a forward solve L y = x with the same dot products; score = Σ y_i².
 *   Returns −1 when C + loading·I is not positive definite (the caller raises the loading).
 * Matrices are k × k row-major float64 at byte offsets into this module's memory. The dot products use
 * fused multiply-add in the relaxed-SIMD build (relaxed-simd.ts picks it where the runtime has it).
 */

/** c + a·b for f64x2 lanes (fused with relaxed SIMD: one rounding instead of two). */
// @ts-ignore: decorator
@inline function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

/** Σ_{m < n} p[m] q[m] (float64). */
function dot(p: usize, q: usize, n: i32): f64 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let m = 0;
  for (; m + 4 <= n; m += 4) {
    const offset = (<usize>m) << 3;
    a0 = madd64(v128.load(p + offset), v128.load(q + offset), a0);
    a1 = madd64(v128.load(p + offset, 16), v128.load(q + offset, 16), a1);
  }
  const a = f64x2.add(a0, a1);
  let s = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
  for (; m < n; m++) s += load<f64>(p + ((<usize>m) << 3)) * load<f64>(q + ((<usize>m) << 3));
  return s;
}

export function mahalanobis(c: usize, l: usize, x: usize, y: usize, k: i32, loading: f64): f64 {
  const rowBytes = (<usize>k) << 3;
  for (let i = 0; i < k; i++) {
    const li = l + (<usize>i) * rowBytes;
    for (let j = 0; j < i; j++) {
      const lj = l + (<usize>j) * rowBytes;
      // C[i, j] = C[j, i]: the upper triangle, row j.
      const s = load<f64>(c + (<usize>j) * rowBytes + ((<usize>i) << 3)) - dot(li, lj, j);
      store<f64>(li + ((<usize>j) << 3), s / load<f64>(lj + ((<usize>j) << 3)));
    }
    const d = load<f64>(c + (<usize>i) * rowBytes + ((<usize>i) << 3)) + loading - dot(li, li, i);
    if (!(d > 0)) return -1;
    store<f64>(li + ((<usize>i) << 3), Math.sqrt(d));
  }
  let score: f64 = 0;
  for (let i = 0; i < k; i++) {
    const li = l + (<usize>i) * rowBytes;
    const v = (load<f64>(x + ((<usize>i) << 3)) - dot(li, y, i)) / load<f64>(li + ((<usize>i) << 3));
    store<f64>(y + ((<usize>i) << 3), v);
    score += v * v;
  }
  return score;
}

/**
 * columns[c] += sign · [1, x, x_i x_j (j ≥ i, row by row)] for every column c of one image row
 * (row: cols × k float64, already centred); columns: cols × (1 + k + k(k+1)/2) float64.
 */
export function addRowSums(columns: usize, row: usize, cols: i32, k: i32, sign: f64): void {
  const terms = 1 + k + (k * (k + 1)) / 2;
  const s = f64x2.splat(sign);
  for (let c = 0; c < cols; c++) {
    let t = columns + ((<usize>(c * terms)) << 3);
    const x = row + ((<usize>(c * k)) << 3);
    store<f64>(t, load<f64>(t) + sign);
    t += 8;
    let b = 0;
    for (; b + 2 <= k; b += 2) v128.store(t + ((<usize>b) << 3), f64x2.add(v128.load(t + ((<usize>b) << 3)), f64x2.mul(v128.load(x + ((<usize>b) << 3)), s)));
    for (; b < k; b++) store<f64>(t + ((<usize>b) << 3), load<f64>(t + ((<usize>b) << 3)) + sign * load<f64>(x + ((<usize>b) << 3)));
    t += (<usize>k) << 3;
    for (let i = 0; i < k; i++) {
      const xi = sign * load<f64>(x + ((<usize>i) << 3));
      const v = f64x2.splat(xi);
      const n = k - i;
      const xs = x + ((<usize>i) << 3);
      let j = 0;
      for (; j + 2 <= n; j += 2) v128.store(t + ((<usize>j) << 3), f64x2.add(v128.load(t + ((<usize>j) << 3)), f64x2.mul(v128.load(xs + ((<usize>j) << 3)), v)));
      for (; j < n; j++) store<f64>(t + ((<usize>j) << 3), load<f64>(t + ((<usize>j) << 3)) + xi * load<f64>(xs + ((<usize>j) << 3)));
      t += (<usize>n) << 3;
    }
  }
}

/** out[c + 1] = out[c] + columns[c] (out[0] = 0), each of `terms` float64; out has cols + 1 entries. */
export function prefixSums(columns: usize, out: usize, cols: i32, terms: i32): void {
  const bytes = (<usize>terms) << 3;
  memory.fill(out, 0, bytes);
  for (let c = 0; c < cols; c++) {
    const from = out + (<usize>c) * bytes;
    const to = from + bytes;
    const add = columns + (<usize>c) * bytes;
    let s = 0;
    for (; s + 2 <= terms; s += 2) {
      const o = (<usize>s) << 3;
      v128.store(to + o, f64x2.add(v128.load(from + o), v128.load(add + o)));
    }
    for (; s < terms; s++) {
      const o = (<usize>s) << 3;
      store<f64>(to + o, load<f64>(from + o) + load<f64>(add + o));
    }
  }
}

/**
 * Window sums S = (outer[o1] − outer[o0]) − (inner[i1] − inner[i0]) (prefix rows, `terms` each) give the
 * background count n, mean m = Σx / n and covariance C_ij = (Σx_i x_j − n m_i m_j) / (n − 1), written to
 * cov (upper triangle, row-major k × k); x = pixel − m. Returns n, and the trace of C in scratch[0].
 */
export function windowCovariance(outer: usize, inner: usize, o0: i32, o1: i32, i0: i32, i1: i32, k: i32, cov: usize, mean: usize, pixel: usize, x: usize, scratch: usize): f64 {
  const terms = 1 + k + (k * (k + 1)) / 2;
  const bytes = (<usize>terms) << 3;
  const a = outer + (<usize>o1) * bytes;
  const b = outer + (<usize>o0) * bytes;
  const p = inner + (<usize>i1) * bytes;
  const q = inner + (<usize>i0) * bytes;
  const n = load<f64>(a) - load<f64>(b) - (load<f64>(p) - load<f64>(q));
  const count = Math.round(n);
  if (count < 2) return count;
  for (let i = 0; i < k; i++) {
    const o = (<usize>(1 + i)) << 3;
    const m = (load<f64>(a + o) - load<f64>(b + o) - (load<f64>(p + o) - load<f64>(q + o))) / count;
    store<f64>(mean + ((<usize>i) << 3), m);
    store<f64>(x + ((<usize>i) << 3), load<f64>(pixel + ((<usize>i) << 3)) - m);
  }
  const scale = f64x2.splat(1 / (count - 1));
  const rowBytes = (<usize>k) << 3;
  let t = (<usize>(1 + k)) << 3;
  let trace: f64 = 0;
  for (let i = 0; i < k; i++) {
    const mi = count * load<f64>(mean + ((<usize>i) << 3));
    const v = f64x2.splat(mi);
    const row = cov + (<usize>i) * rowBytes + ((<usize>i) << 3);
    const means = mean + ((<usize>i) << 3);
    const n2 = k - i;
    let j = 0;
    for (; j + 2 <= n2; j += 2) {
      const o = t + ((<usize>j) << 3);
      const sum = f64x2.sub(f64x2.sub(v128.load(a + o), v128.load(b + o)), f64x2.sub(v128.load(p + o), v128.load(q + o)));
      v128.store(row + ((<usize>j) << 3), f64x2.mul(f64x2.sub(sum, f64x2.mul(v, v128.load(means + ((<usize>j) << 3)))), scale));
    }
    for (; j < n2; j++) {
      const o = t + ((<usize>j) << 3);
      const sum = load<f64>(a + o) - load<f64>(b + o) - (load<f64>(p + o) - load<f64>(q + o));
      store<f64>(row + ((<usize>j) << 3), (sum - mi * load<f64>(means + ((<usize>j) << 3))) / (count - 1));
    }
    trace += load<f64>(row);
    t += (<usize>n2) << 3;
  }
  store<f64>(scratch, trace);
  return count;
}
