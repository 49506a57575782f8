/**
 * Pixel moments, projections and whitened quadratic forms for the detectors and unmixing
 * (nodes/detect, nodes/unmix), SIMD, compiled with `asc --enable simd -O3` (see
 * scripts/build-kernels.mjs); driven block by block by ../moments-module.ts.
 *
 * Pixel blocks are row-major `pixels × stride` (BIP rows padded with zeros to `stride`, a multiple
 * of 8 bands for float32 blocks, of 4 for float64 ones; float32 `pixels` a multiple of 4, padded
 * with zero rows). All pointers are byte offsets into this module's memory; the module keeps no
 * state of its own.
 *
 * - `prepare64` + `products64`: Σ (x - s) and the upper triangle of Σ (x - s)(x - s)^T entirely in
 *   float64 (f32 pixels widened exactly and packed by groups of 4 bands; 4 × 4 f64x2 register
 *   blocks, syrk: stride²/2 MACs per pixel) — the covariance as numpy/BLAS computes it.
 * - `prepare` + `products`: the same with float32 products (4 × 8 f32x4 register blocks, the style
 *   of conv-filter.ts) whose partial sums run over only GROUP pixels before a float64 flush: about
 *   twice as fast, for first estimates that are refined.
 * - `forms`: y = x W^T for an `stride × outputs` matrix Wt = W^T, with `lower` = 1 when W is
 *   lower-triangular (only b ≤ k is read: half the MACs), and per pixel |y|² and y · v (float32);
 *   y itself is stored when `out` ≠ 0.
 * - `pixelDots`: x · f - offset per pixel in float64, and the moment product Σ s_p x_p.
 * - `project64`: x · basis_k - shift_k per pixel for a few float64 basis vectors.
 * - `negativePivots`: the inertia count of a symmetric matrix (L D L^T), for lanczos.ts.
 */

/** Pixels per float32 partial sum before the float64 flush of `products`. */
const GROUP: i32 = 32;

/** dst[0..4) += float64 widening of the four float32 lanes of c. */
// @ts-ignore: decorator
@inline function flush4(dst: usize, c: v128): void {
  v128.store(dst, f64x2.add(v128.load(dst), f64x2.promote_low_f32x4(c)));
  const high = v128.shuffle<f32>(c, c, 2, 3, 0, 1);
  v128.store(dst, f64x2.add(v128.load(dst, 16), f64x2.promote_low_f32x4(high)), 16);
}

/**
 * out[p·stride + b] = raw[p·bands + b] - shift[b] (zeros for b ≥ bands and for rows p ≥ pixels up
 * to `padded`); sums[b] += Σ_p raw[p, b] - pixels · shift[b] in float64.
 */
export function prepare(raw: usize, pixels: i32, padded: i32, bands: i32, stride: i32, shift: usize, out: usize, sums: usize): void {
  const rowBytes = <usize>stride << 2;
  const vectorBands = bands & ~3;
  memory.fill(out, 0, <usize>padded * rowBytes);
  for (let p = 0; p < pixels; p++) {
    const source = raw + ((<usize>(p * bands)) << 2);
    const target = out + <usize>p * rowBytes;
    let b = 0;
    for (; b < vectorBands; b += 4) {
      const offset = <usize>b << 2;
      v128.store(target + offset, f32x4.sub(v128.load(source + offset), v128.load(shift + offset)));
    }
    for (; b < bands; b++) {
      const offset = <usize>b << 2;
      store<f32>(target + offset, load<f32>(source + offset) - load<f32>(shift + offset));
    }
  }
  // Σ_p (x - s) = Σ_p x - N s in float64 from the raw values: exact up to float64 rounding (the
  // float32 differences above are rounded when x and s differ by more than a factor of 2).
  const rawRow = (<usize>bands) << 2;
  let b = 0;
  for (; b + 2 <= bands; b += 2) {
    let c = f64x2.splat(0);
    let x = raw + (<usize>b << 2);
    for (let p = 0; p < pixels; p++, x += rawRow) c = f64x2.add(c, f64x2.promote_low_f32x4(v128.load64_zero(x)));
    const at = sums + (<usize>b << 3);
    const shifts = f64x2.promote_low_f32x4(v128.load64_zero(shift + (<usize>b << 2)));
    v128.store(at, f64x2.add(v128.load(at), f64x2.sub(c, f64x2.mul(shifts, f64x2.splat(<f64>pixels)))));
  }
  for (; b < bands; b++) {
    let c: f64 = 0;
    let x = raw + (<usize>b << 2);
    for (let p = 0; p < pixels; p++, x += rawRow) c += <f64>load<f32>(x);
    const at = sums + (<usize>b << 3);
    store<f64>(at, load<f64>(at) + c - <f64>load<f32>(shift + (<usize>b << 2)) * <f64>pixels);
  }
}

/** matrix[i..i+4, j..j+8] += Σ_p y[p, i..i+4] y[p, j..j+8]^T, float64 flush every GROUP pixels. */
function block4x8(a: usize, b: usize, rowBytes: usize, pixels: i32, matrix: usize, matrixRow: usize): void {
  for (let start = 0; start < pixels; start += GROUP) {
    const count = min(GROUP, pixels - start);
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    for (let p = 0; p < count; p++) {
      const b0 = v128.load(b), b1 = v128.load(b, 16);
      const a0 = v128.load32_splat(a), a1 = v128.load32_splat(a, 4);
      const a2 = v128.load32_splat(a, 8), a3 = v128.load32_splat(a, 12);
      c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
      c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
      c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
      c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
      a += rowBytes; b += rowBytes;
    }
    let out = matrix;
    flush4(out, c00); flush4(out + 32, c01);
    out += matrixRow;
    flush4(out, c10); flush4(out + 32, c11);
    out += matrixRow;
    flush4(out, c20); flush4(out + 32, c21);
    out += matrixRow;
    flush4(out, c30); flush4(out + 32, c31);
  }
}

/**
 * matrix[i, j] += Σ_p y[p, i] y[p, j] for j ≥ i (plus some j < i inside diagonal blocks) of a
 * `pixels × stride` block y; matrix is `stride × stride` float64.
 */
export function products(y: usize, pixels: i32, stride: i32, matrix: usize): void {
  const rowBytes = <usize>stride << 2;
  const matrixRow = <usize>stride << 3;
  for (let i = 0; i < stride; i += 4) {
    for (let j = i & ~7; j < stride; j += 8) {
      block4x8(y + (<usize>i << 2), y + (<usize>j << 2), rowBytes, pixels, matrix + <usize>i * matrixRow + (<usize>j << 3), matrixRow);
    }
  }
}

/**
 * Float64 version of `prepare` for `products64`, packed by groups of 4 bands: out[g][p][0..4) =
 * f64(raw[p·bands + 4g + c]) - shift[4g + c] (shift float64; zeros for padding), group strips of
 * `padded × 4` float64 one after the other, and sums[b] += Σ_p out[p, b]. Float32 inputs become
 * float64 exactly, so the products of `products64` carry only float64 rounding. The packing lets a
 * 4 × 4 tile of `products64` read two contiguous strips (whole cache lines) instead of 32 bytes of
 * two lines per pixel row.
 */
export function prepare64(raw: usize, pixels: i32, padded: i32, bands: i32, stride: i32, shift: usize, out: usize, sums: usize): void {
  const stripBytes = <usize>padded << 5;
  const vectorBands = bands & ~3;
  memory.fill(out, 0, <usize>padded * (<usize>stride << 3));
  for (let p = 0; p < pixels; p++) {
    const source = raw + ((<usize>(p * bands)) << 2);
    const target = out + (<usize>p << 5);
    let b = 0;
    for (; b < vectorBands; b += 4) {
      const x = v128.load(source + (<usize>b << 2));
      const low = f64x2.promote_low_f32x4(x);
      const high = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
      const at = <usize>b << 3;
      const strip = target + (<usize>(b >> 2)) * stripBytes;
      v128.store(strip, f64x2.sub(low, v128.load(shift + at)));
      v128.store(strip, f64x2.sub(high, v128.load(shift + at, 16)), 16);
    }
    for (; b < bands; b++) {
      const at = target + (<usize>(b >> 2)) * stripBytes + (<usize>(b & 3) << 3);
      store<f64>(at, <f64>load<f32>(source + (<usize>b << 2)) - load<f64>(shift + (<usize>b << 3)));
    }
  }
  for (let b = 0; b < stride; b += 2) {
    let c = f64x2.splat(0);
    let row = out + (<usize>(b >> 2)) * stripBytes + (<usize>(b & 3) << 3);
    for (let p = 0; p < pixels; p++, row += 32) c = f64x2.add(c, v128.load(row));
    v128.store(sums + (<usize>b << 3), f64x2.add(v128.load(sums + (<usize>b << 3)), c));
  }
}

/** matrix[i..i+4, j..j+4] += Σ_p a[p, 0..4) b[p, 0..4)^T in float64 (f64x2 lanes); a, b: strips of `pixels × 4`. */
function block4x4(a: usize, b: usize, pixels: i32, matrix: usize, matrixRow: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  for (let p = 0; p < pixels; p++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    const a0 = v128.load64_splat(a), a1 = v128.load64_splat(a, 8);
    const a2 = v128.load64_splat(a, 16), a3 = v128.load64_splat(a, 24);
    c00 = f64x2.add(c00, f64x2.mul(a0, b0)); c01 = f64x2.add(c01, f64x2.mul(a0, b1));
    c10 = f64x2.add(c10, f64x2.mul(a1, b0)); c11 = f64x2.add(c11, f64x2.mul(a1, b1));
    c20 = f64x2.add(c20, f64x2.mul(a2, b0)); c21 = f64x2.add(c21, f64x2.mul(a2, b1));
    c30 = f64x2.add(c30, f64x2.mul(a3, b0)); c31 = f64x2.add(c31, f64x2.mul(a3, b1));
    a += 32; b += 32;
  }
  let out = matrix;
  v128.store(out, f64x2.add(v128.load(out), c00)); v128.store(out, f64x2.add(v128.load(out, 16), c01), 16);
  out += matrixRow;
  v128.store(out, f64x2.add(v128.load(out), c10)); v128.store(out, f64x2.add(v128.load(out, 16), c11), 16);
  out += matrixRow;
  v128.store(out, f64x2.add(v128.load(out), c20)); v128.store(out, f64x2.add(v128.load(out, 16), c21), 16);
  out += matrixRow;
  v128.store(out, f64x2.add(v128.load(out), c30)); v128.store(out, f64x2.add(v128.load(out, 16), c31), 16);
}

/**
 * Float64 `products`: matrix[i, j] += Σ_p y[p, i] y[p, j] for j ≥ i (by 4 × 4 blocks) of a block y
 * of `pixels` float64 rows packed by `prepare64` (strips of `pixels × 4`, stride a multiple of 4);
 * matrix `stride × stride` float64.
 */
export function products64(y: usize, pixels: i32, stride: i32, matrix: usize): void {
  const stripBytes = <usize>pixels << 5;
  const matrixRow = <usize>stride << 3;
  for (let i = 0; i < stride; i += 4) {
    for (let j = i; j < stride; j += 4) {
      block4x4(y + (<usize>(i >> 2)) * stripBytes, y + (<usize>(j >> 2)) * stripBytes, pixels, matrix + <usize>i * matrixRow + (<usize>j << 3), matrixRow);
    }
  }
}

/** Sum of the four lanes. */
// @ts-ignore: decorator
@inline function lanes(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * For each pixel p of a `pixels × stride` block x: y_p = Wt^T x_p (Wt `stride × outputs`, outputs
 * a multiple of 8), norms[p] = |y_p|², cross[p] = y_p · v (v length outputs), out[p, :] = y_p when
 * out ≠ 0. lower = 1: Wt[b, k] = 0 for b > k is assumed and skipped.
 */
export function forms(x: usize, pixels: i32, stride: i32, wt: usize, outputs: i32, lower: i32, v: usize, norms: usize, cross: usize, out: usize): void {
  const rowBytes = <usize>stride << 2;
  const wtRow = <usize>outputs << 2;
  for (let p = 0; p < pixels; p += 4) {
    const x0 = x + <usize>p * rowBytes;
    let n0 = f32x4.splat(0), n1 = f32x4.splat(0), n2 = f32x4.splat(0), n3 = f32x4.splat(0);
    let d0 = f32x4.splat(0), d1 = f32x4.splat(0), d2 = f32x4.splat(0), d3 = f32x4.splat(0);
    for (let k = 0; k < outputs; k += 8) {
      const end = lower ? min(stride, k + 8) : stride;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let a = x0;
      let w = wt + (<usize>k << 2);
      for (let b = 0; b < end; b++) {
        const w0 = v128.load(w), w1 = v128.load(w, 16);
        const a0 = v128.load32_splat(a), a1 = v128.load32_splat(a + rowBytes);
        const a2 = v128.load32_splat(a + 2 * rowBytes), a3 = v128.load32_splat(a + 3 * rowBytes);
        c00 = f32x4.add(c00, f32x4.mul(a0, w0)); c01 = f32x4.add(c01, f32x4.mul(a0, w1));
        c10 = f32x4.add(c10, f32x4.mul(a1, w0)); c11 = f32x4.add(c11, f32x4.mul(a1, w1));
        c20 = f32x4.add(c20, f32x4.mul(a2, w0)); c21 = f32x4.add(c21, f32x4.mul(a2, w1));
        c30 = f32x4.add(c30, f32x4.mul(a3, w0)); c31 = f32x4.add(c31, f32x4.mul(a3, w1));
        a += 4; w += wtRow;
      }
      n0 = f32x4.add(n0, f32x4.add(f32x4.mul(c00, c00), f32x4.mul(c01, c01)));
      n1 = f32x4.add(n1, f32x4.add(f32x4.mul(c10, c10), f32x4.mul(c11, c11)));
      n2 = f32x4.add(n2, f32x4.add(f32x4.mul(c20, c20), f32x4.mul(c21, c21)));
      n3 = f32x4.add(n3, f32x4.add(f32x4.mul(c30, c30), f32x4.mul(c31, c31)));
      const v0 = v128.load(v + (<usize>k << 2)), v1 = v128.load(v + (<usize>k << 2), 16);
      d0 = f32x4.add(d0, f32x4.add(f32x4.mul(c00, v0), f32x4.mul(c01, v1)));
      d1 = f32x4.add(d1, f32x4.add(f32x4.mul(c10, v0), f32x4.mul(c11, v1)));
      d2 = f32x4.add(d2, f32x4.add(f32x4.mul(c20, v0), f32x4.mul(c21, v1)));
      d3 = f32x4.add(d3, f32x4.add(f32x4.mul(c30, v0), f32x4.mul(c31, v1)));
      if (out) {
        const y = out + ((<usize>(p * outputs + k)) << 2);
        v128.store(y, c00); v128.store(y, c01, 16);
        v128.store(y + wtRow, c10); v128.store(y + wtRow, c11, 16);
        v128.store(y + 2 * wtRow, c20); v128.store(y + 2 * wtRow, c21, 16);
        v128.store(y + 3 * wtRow, c30); v128.store(y + 3 * wtRow, c31, 16);
      }
    }
    const target = <usize>p << 2;
    store<f32>(norms + target, lanes(n0)); store<f32>(norms + target, lanes(n1), 4);
    store<f32>(norms + target, lanes(n2), 8); store<f32>(norms + target, lanes(n3), 12);
    store<f32>(cross + target, lanes(d0)); store<f32>(cross + target, lanes(d1), 4);
    store<f32>(cross + target, lanes(d2), 8); store<f32>(cross + target, lanes(d3), 12);
  }
}

/**
 * Per pixel p of raw BIP float32 data (`pixels × bands`): s_p = Σ_b x[p, b] f[b] - offset in
 * float64 (f float64, length bands). Stores f32(s_p) at dots[p] when dots ≠ 0; when out ≠ 0 adds
 * s_p x_p to the float64 vector out (length bands) and s_p to total[0]: the product M f of the
 * second moment M = Σ (x - μ)(x - μ)^T (with offset = μ^T f, out - total·μ) without forming M.
 */
export function pixelDots(raw: usize, pixels: i32, bands: i32, f: usize, offset: f64, dots: usize, out: usize, total: usize): void {
  const pairs = bands & ~3;
  let sum: f64 = 0;
  for (let p = 0; p < pixels; p++) {
    const x = raw + ((<usize>(p * bands)) << 2);
    let c0 = f64x2.splat(0), c1 = f64x2.splat(0);
    let b = 0;
    for (; b < pairs; b += 4) {
      const at = <usize>b;
      c0 = f64x2.add(c0, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(x + (at << 2))), v128.load(f + (at << 3))));
      c1 = f64x2.add(c1, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(x + (at << 2), 8)), v128.load(f + (at << 3), 16)));
    }
    const c = f64x2.add(c0, c1);
    let s = f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
    for (; b < bands; b++) s += <f64>load<f32>(x + (<usize>b << 2)) * load<f64>(f + (<usize>b << 3));
    s -= offset;
    if (dots) store<f32>(dots + (<usize>p << 2), <f32>s);
    if (out) {
      sum += s;
      const scale = f64x2.splat(s);
      b = 0;
      for (; b < pairs; b += 2) {
        const at = out + (<usize>b << 3);
        v128.store(at, f64x2.add(v128.load(at), f64x2.mul(scale, f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>b << 2))))));
      }
      for (; b < bands; b++) {
        const at = out + (<usize>b << 3);
        store<f64>(at, load<f64>(at) + s * <f64>load<f32>(x + (<usize>b << 2)));
      }
    }
  }
  if (out) store<f64>(total, load<f64>(total) + sum);
}

/**
 * out[p·count + k] = Σ_b x[p, b] basis[k·bands + b] - shifts[k] in float64 for raw BIP float32
 * pixels (`pixels × bands`) and `count` float64 basis vectors: subspace projections (VCA, N-FINDR).
 */
export function project64(raw: usize, pixels: i32, bands: i32, basis: usize, count: i32, shifts: usize, out: usize): void {
  const quads = bands & ~3;
  const rowBytes = (<usize>bands) << 3;
  for (let p = 0; p < pixels; p++) {
    const x = raw + ((<usize>(p * bands)) << 2);
    for (let k = 0; k < count; k++) {
      const f = basis + <usize>k * rowBytes;
      let c0 = f64x2.splat(0), c1 = f64x2.splat(0);
      let b = 0;
      for (; b < quads; b += 4) {
        const at = <usize>b;
        c0 = f64x2.add(c0, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(x + (at << 2))), v128.load(f + (at << 3))));
        c1 = f64x2.add(c1, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(x + (at << 2), 8)), v128.load(f + (at << 3), 16)));
      }
      const c = f64x2.add(c0, c1);
      let s = f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
      for (; b < bands; b++) s += <f64>load<f32>(x + (<usize>b << 2)) * load<f64>(f + (<usize>b << 3));
      store<f64>(out + ((<usize>(p * count + k)) << 3), s - load<f64>(shifts + (<usize>k << 3)));
    }
  }
}

/**
 * Inertia count for Sylvester's law: factors the symmetric `n × n` row-major float64 matrix at `a`
 * (overwritten; only its upper triangle is read) as L D L^T without pivoting, updating the upper
 * triangle of each trailing Schur complement row by row (f64x2, n³/6 MACs), and returns the number
 * of negative pivots D_jj, or -1 when a pivot is zero or not finite.
 */
export function negativePivots(a: usize, n: i32): i32 {
  const rowBytes = <usize>n << 3;
  let negative = 0;
  for (let j = 0; j < n; j++) {
    const rowJ = a + <usize>j * rowBytes;
    const pivot = load<f64>(rowJ + (<usize>j << 3));
    if (pivot == 0 || !isFinite(pivot)) return -1;
    if (pivot < 0) negative++;
    for (let i = j + 1; i < n; i++) {
      const factor = load<f64>(rowJ + (<usize>i << 3)) / pivot;
      if (factor == 0) continue;
      const rowI = a + <usize>i * rowBytes;
      const f = f64x2.splat(factor);
      let t = i;
      for (; t + 1 < n; t += 2) {
        const at = <usize>t << 3;
        v128.store(rowI + at, f64x2.sub(v128.load(rowI + at), f64x2.mul(f, v128.load(rowJ + at))));
      }
      for (; t < n; t++) {
        const at = <usize>t << 3;
        store<f64>(rowI + at, load<f64>(rowI + at) - factor * load<f64>(rowJ + at));
      }
    }
  }
  return negative;
}
