/**
 * Float64 Cholesky factor and Mahalanobis distance for local (dual-window) RX, one pixel per call:
 * score = x^T (C + loading·I)^{-1} x with C = L L^T. Left-looking row Cholesky: each entry of L is
 * a dot product of two contiguous row prefixes of L (f64x2, two accumulators, then the tail), then
 * a forward solve L y = x with the same dot products; score = Σ y_i². Returns −1 when C + loading·I
 * is not positive definite (the caller raises the loading and calls again).
 * c, l: k × k row-major float64 (only the lower triangle of c is read), x: k float64, y: k scratch.
 */

/** Σ_{m < n} p[m] q[m] (float64). */
function dot(p: usize, q: usize, n: i32): f64 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let m = 0;
  for (; m + 4 <= n; m += 4) {
    const offset = (<usize>m) << 3;
    a0 = f64x2.add(a0, f64x2.mul(v128.load(p + offset), v128.load(q + offset)));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(p + offset, 16), v128.load(q + offset, 16)));
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
    const ci = c + (<usize>i) * rowBytes;
    for (let j = 0; j < i; j++) {
      const lj = l + (<usize>j) * rowBytes;
      const s = load<f64>(ci + ((<usize>j) << 3)) - dot(li, lj, j);
      store<f64>(li + ((<usize>j) << 3), s / load<f64>(lj + ((<usize>j) << 3)));
    }
    const d = load<f64>(ci + ((<usize>i) << 3)) + loading - dot(li, li, i);
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
