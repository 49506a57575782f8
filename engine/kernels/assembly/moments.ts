/**
 * Pixel moments, projections and whitened quadratic forms for the detectors and unmixing
 * (nodes/detect, nodes/unmix), SIMD, compiled with `asc --enable simd -O3` (see
 * scripts/build-kernels.mjs) and again with relaxed SIMD, whose multiply-adds (madd32, madd64)
 * are fused (one rounding; the covariance and form loops ran 1.2-1.7× faster here;
 * ../relaxed-simd.ts picks the build); driven block by block by ../moments-module.ts.
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
 *   1.7× as fast, for first estimates that are refined.
 * - `forms`: y = x W^T for an `stride × outputs` matrix Wt = W^T packed by panels of 8 outputs,
 *   with `lower` = 1 when W is lower-triangular (only b ≤ k is read: half the MACs), and per pixel
 *   |y|² and y · v (float32); y itself is stored when `out` ≠ 0. Tiles of 16 pixels reuse each
 *   panel from L1.
 * - `pixelDots`: x · f - offset per pixel in float64, and the moment product Σ s_p x_p.
 * - `project64`: x · basis_k - shift_k per pixel for a few float64 basis vectors.
 * - `matVec64`: y = A x in float64, and `negativePivots`: the inertia count of a symmetric matrix
 *   (L D L^T), for lanczos.ts.
 */

/** Pixels per float32 partial sum before the float64 flush of `products`. */
const GROUP: i32 = 32;

/** c + a·b for f32x4 lanes: one fused multiply-add with relaxed SIMD (see ../relaxed-simd.ts), else mul then add. */
// @ts-ignore: decorator
@inline function madd32(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** c + a·b for f64x2 lanes (fused with relaxed SIMD: one rounding instead of two). */
// @ts-ignore: decorator
@inline function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

/** dst[0..4) += float64 widening of the four float32 lanes of c. */
// @ts-ignore: decorator
@inline function flush4(dst: usize, c: v128): void {
  v128.store(dst, f64x2.add(v128.load(dst), f64x2.promote_low_f32x4(c)));
  const high = v128.shuffle<f32>(c, c, 2, 3, 0, 1);
  v128.store(dst, f64x2.add(v128.load(dst, 16), f64x2.promote_low_f32x4(high)), 16);
}

/**
 * out[p·stride + b] = raw[p·bands + b] - shift[b] (zeros for b ≥ bands and for rows p ≥ pixels up
 * to `padded`); sums[b] += Σ_p raw[p, b] - pixels · shift[b] in float64 (skipped when sums = 0).
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
  if (!sums) return;
  // Σ_p (x - s) = Σ_p x - N s in float64 from the raw values: exact up to float64 rounding (the
  // float32 differences above are rounded when x and s differ by more than a factor of 2). Two
  // partial sums (even and odd pixels) halve the add latency chain.
  const rawRow = (<usize>bands) << 2;
  let b = 0;
  for (; b + 2 <= bands; b += 2) {
    let c = f64x2.splat(0), odd = f64x2.splat(0);
    let x = raw + (<usize>b << 2);
    let p = 0;
    for (; p + 2 <= pixels; p += 2, x += rawRow << 1) {
      c = f64x2.add(c, f64x2.promote_low_f32x4(v128.load64_zero(x)));
      odd = f64x2.add(odd, f64x2.promote_low_f32x4(v128.load64_zero(x + rawRow)));
    }
    if (p < pixels) c = f64x2.add(c, f64x2.promote_low_f32x4(v128.load64_zero(x)));
    c = f64x2.add(c, odd);
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

/** matrix[i..i+4, j..j+8] += Σ_p y[p, i..i+4] y[p, j..j+8]^T over `count` ≤ GROUP pixels: float32 sums, then a float64 flush. */
function block4x8(a: usize, b: usize, rowBytes: usize, count: i32, matrix: usize, matrixRow: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < count; p++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a), a1 = v128.load32_splat(a, 4);
    const a2 = v128.load32_splat(a, 8), a3 = v128.load32_splat(a, 12);
    c00 = madd32(a0, b0, c00); c01 = madd32(a0, b1, c01);
    c10 = madd32(a1, b0, c10); c11 = madd32(a1, b1, c11);
    c20 = madd32(a2, b0, c20); c21 = madd32(a2, b1, c21);
    c30 = madd32(a3, b0, c30); c31 = madd32(a3, b1, c31);
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

/**
 * matrix[i, j] += Σ_p y[p, i] y[p, j] for j ≥ i (plus some j < i inside diagonal blocks) of a
 * `pixels × stride` block y; matrix is `stride × stride` float64. Runs GROUP pixels at a time (their
 * rows, GROUP × stride floats, stay in L1 while every 4 × 8 tile of the triangle reads them).
 */
export function products(y: usize, pixels: i32, stride: i32, matrix: usize): void {
  const rowBytes = <usize>stride << 2;
  const matrixRow = <usize>stride << 3;
  for (let start = 0; start < pixels; start += GROUP) {
    const count = min(GROUP, pixels - start);
    const rows = y + <usize>start * rowBytes;
    for (let i = 0; i < stride; i += 4) {
      for (let j = i & ~7; j < stride; j += 8) {
        block4x8(rows + (<usize>i << 2), rows + (<usize>j << 2), rowBytes, count, matrix + <usize>i * matrixRow + (<usize>j << 3), matrixRow);
      }
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
  // Column sums with two partial sums (even and odd pixels: half the add latency chain).
  for (let b = 0; b < stride; b += 2) {
    let c = f64x2.splat(0), odd = f64x2.splat(0);
    let row = out + (<usize>(b >> 2)) * stripBytes + (<usize>(b & 3) << 3);
    let p = 0;
    for (; p + 2 <= pixels; p += 2, row += 64) {
      c = f64x2.add(c, v128.load(row));
      odd = f64x2.add(odd, v128.load(row, 32));
    }
    if (p < pixels) c = f64x2.add(c, v128.load(row));
    c = f64x2.add(c, odd);
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
    c00 = madd64(a0, b0, c00); c01 = madd64(a0, b1, c01);
    c10 = madd64(a1, b0, c10); c11 = madd64(a1, b1, c11);
    c20 = madd64(a2, b0, c20); c21 = madd64(a2, b1, c21);
    c30 = madd64(a3, b0, c30); c31 = madd64(a3, b1, c31);
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

/** [Σ a, Σ b, Σ c, Σ d]: the lane sums of four vectors (a 4 × 4 transpose and adds). */
// @ts-ignore: decorator
@inline function laneSums(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7));
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

/** Pixels per tile of `forms`: a tile's rows (TILE × stride floats) and one weight panel stay in L1. */
const TILE: i32 = 16;

/**
 * For each pixel p of a `pixels × stride` block x (pixels a multiple of 4): y_p = Wt^T x_p (Wt
 * `stride × outputs`, outputs a multiple of 8), norms[p] = |y_p|², cross[p] = y_p · v (v length
 * outputs), out[p, :] = y_p when out ≠ 0. Wt is packed by panels of 8 outputs: panel k/8 holds
 * rows b < end_k of Wt[b, k..k+8) (8 floats each), panels one after the other, with end_k = stride,
 * or min(stride, k + 8) when lower = 1 (Wt[b, k] = 0 for b > k is skipped). Tiles of TILE pixels
 * run panel by panel (each panel read from L1 by the tile's 4-pixel groups), 4 pixels × 8 outputs
 * per register block; |y|² and y · v add up per panel.
 */
export function forms(x: usize, pixels: i32, stride: i32, wt: usize, outputs: i32, lower: i32, v: usize, norms: usize, cross: usize, out: usize): void {
  const rowBytes = <usize>stride << 2;
  const outRow = <usize>outputs << 2;
  memory.fill(norms, 0, <usize>pixels << 2);
  memory.fill(cross, 0, <usize>pixels << 2);
  for (let first = 0; first < pixels; first += TILE) {
    const last = min(pixels, first + TILE);
    let panel = wt;
    for (let k = 0; k < outputs; k += 8) {
      const end = lower ? min(stride, k + 8) : stride;
      const v0 = v128.load(v + (<usize>k << 2)), v1 = v128.load(v + (<usize>k << 2), 16);
      for (let p = first; p < last; p += 4) {
        let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
        let a = x + <usize>p * rowBytes;
        let w = panel;
        for (let b = 0; b < end; b++) {
          const w0 = v128.load(w), w1 = v128.load(w, 16);
          const a0 = v128.load32_splat(a), a1 = v128.load32_splat(a + rowBytes);
          const a2 = v128.load32_splat(a + 2 * rowBytes), a3 = v128.load32_splat(a + 3 * rowBytes);
          c00 = madd32(a0, w0, c00); c01 = madd32(a0, w1, c01);
          c10 = madd32(a1, w0, c10); c11 = madd32(a1, w1, c11);
          c20 = madd32(a2, w0, c20); c21 = madd32(a2, w1, c21);
          c30 = madd32(a3, w0, c30); c31 = madd32(a3, w1, c31);
          a += 4; w += 32;
        }
        const target = <usize>p << 2;
        const n = laneSums(madd32(c00, c00, f32x4.mul(c01, c01)), madd32(c10, c10, f32x4.mul(c11, c11)),
          madd32(c20, c20, f32x4.mul(c21, c21)), madd32(c30, c30, f32x4.mul(c31, c31)));
        v128.store(norms + target, f32x4.add(v128.load(norms + target), n));
        const d = laneSums(madd32(c00, v0, f32x4.mul(c01, v1)), madd32(c10, v0, f32x4.mul(c11, v1)),
          madd32(c20, v0, f32x4.mul(c21, v1)), madd32(c30, v0, f32x4.mul(c31, v1)));
        v128.store(cross + target, f32x4.add(v128.load(cross + target), d));
        if (out) {
          const y = out + <usize>p * outRow + (<usize>k << 2);
          v128.store(y, c00); v128.store(y, c01, 16);
          v128.store(y + outRow, c10); v128.store(y + outRow, c11, 16);
          v128.store(y + 2 * outRow, c20); v128.store(y + 2 * outRow, c21, 16);
          v128.store(y + 3 * outRow, c30); v128.store(y + 3 * outRow, c31, 16);
        }
      }
      panel += <usize>end << 5;
    }
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
      c0 = madd64(f64x2.promote_low_f32x4(v128.load64_zero(x + (at << 2))), v128.load(f + (at << 3)), c0);
      c1 = madd64(f64x2.promote_low_f32x4(v128.load64_zero(x + (at << 2), 8)), v128.load(f + (at << 3), 16), c1);
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
        v128.store(at, madd64(scale, f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>b << 2))), v128.load(at)));
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
    let k = 0;
    // Four basis vectors at a time share each widened load of x (same sums per vector as below).
    for (; k + 4 <= count; k += 4) {
      const f0 = basis + <usize>k * rowBytes, f1 = f0 + rowBytes, f2 = f1 + rowBytes, f3 = f2 + rowBytes;
      let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
      let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
      let b = 0;
      for (; b < quads; b += 4) {
        const at = <usize>b << 3;
        const low = f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>b << 2)));
        const high = f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>b << 2), 8));
        c00 = madd64(low, v128.load(f0 + at), c00); c01 = madd64(high, v128.load(f0 + at, 16), c01);
        c10 = madd64(low, v128.load(f1 + at), c10); c11 = madd64(high, v128.load(f1 + at, 16), c11);
        c20 = madd64(low, v128.load(f2 + at), c20); c21 = madd64(high, v128.load(f2 + at, 16), c21);
        c30 = madd64(low, v128.load(f3 + at), c30); c31 = madd64(high, v128.load(f3 + at, 16), c31);
      }
      const d0 = f64x2.add(c00, c01), d1 = f64x2.add(c10, c11), d2 = f64x2.add(c20, c21), d3 = f64x2.add(c30, c31);
      let s0 = f64x2.extract_lane(d0, 0) + f64x2.extract_lane(d0, 1), s1 = f64x2.extract_lane(d1, 0) + f64x2.extract_lane(d1, 1);
      let s2 = f64x2.extract_lane(d2, 0) + f64x2.extract_lane(d2, 1), s3 = f64x2.extract_lane(d3, 0) + f64x2.extract_lane(d3, 1);
      for (; b < bands; b++) {
        const v = <f64>load<f32>(x + (<usize>b << 2));
        const at = <usize>b << 3;
        s0 += v * load<f64>(f0 + at); s1 += v * load<f64>(f1 + at); s2 += v * load<f64>(f2 + at); s3 += v * load<f64>(f3 + at);
      }
      const target = out + ((<usize>(p * count + k)) << 3);
      const shift = shifts + (<usize>k << 3);
      store<f64>(target, s0 - load<f64>(shift)); store<f64>(target, s1 - load<f64>(shift, 8), 8);
      store<f64>(target, s2 - load<f64>(shift, 16), 16); store<f64>(target, s3 - load<f64>(shift, 24), 24);
    }
    for (; k < count; k++) {
      const f = basis + <usize>k * rowBytes;
      let c0 = f64x2.splat(0), c1 = f64x2.splat(0);
      let b = 0;
      for (; b < quads; b += 4) {
        const at = <usize>b;
        c0 = madd64(f64x2.promote_low_f32x4(v128.load64_zero(x + (at << 2))), v128.load(f + (at << 3)), c0);
        c1 = madd64(f64x2.promote_low_f32x4(v128.load64_zero(x + (at << 2), 8)), v128.load(f + (at << 3), 16), c1);
      }
      const c = f64x2.add(c0, c1);
      let s = f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
      for (; b < bands; b++) s += <f64>load<f32>(x + (<usize>b << 2)) * load<f64>(f + (<usize>b << 3));
      store<f64>(out + ((<usize>(p * count + k)) << 3), s - load<f64>(shifts + (<usize>k << 3)));
    }
  }
}

/**
 * y = A x for a row-major `n × n` float64 matrix A at `a` and float64 vectors x, y (the Lanczos
 * steps of lanczos.ts): four rows at a time share each load of x, f64x2 lanes (n² MACs).
 */
export function matVec64(a: usize, n: i32, x: usize, y: usize): void {
  const rowBytes = <usize>n << 3;
  const pairs = n & ~1;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const r0 = a + <usize>i * rowBytes, r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
    let c0 = f64x2.splat(0), c1 = f64x2.splat(0), c2 = f64x2.splat(0), c3 = f64x2.splat(0);
    for (let j = 0; j < pairs; j += 2) {
      const at = <usize>j << 3;
      const v = v128.load(x + at);
      c0 = madd64(v128.load(r0 + at), v, c0); c1 = madd64(v128.load(r1 + at), v, c1);
      c2 = madd64(v128.load(r2 + at), v, c2); c3 = madd64(v128.load(r3 + at), v, c3);
    }
    let s0 = f64x2.extract_lane(c0, 0) + f64x2.extract_lane(c0, 1), s1 = f64x2.extract_lane(c1, 0) + f64x2.extract_lane(c1, 1);
    let s2 = f64x2.extract_lane(c2, 0) + f64x2.extract_lane(c2, 1), s3 = f64x2.extract_lane(c3, 0) + f64x2.extract_lane(c3, 1);
    if (pairs < n) {
      const at = <usize>pairs << 3;
      const v = load<f64>(x + at);
      s0 += load<f64>(r0 + at) * v; s1 += load<f64>(r1 + at) * v; s2 += load<f64>(r2 + at) * v; s3 += load<f64>(r3 + at) * v;
    }
    const out = y + (<usize>i << 3);
    store<f64>(out, s0); store<f64>(out, s1, 8); store<f64>(out, s2, 16); store<f64>(out, s3, 24);
  }
  for (; i < n; i++) {
    const row = a + <usize>i * rowBytes;
    let c = f64x2.splat(0);
    for (let j = 0; j < pairs; j += 2) c = madd64(v128.load(row + (<usize>j << 3)), v128.load(x + (<usize>j << 3)), c);
    let s = f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
    if (pairs < n) s += load<f64>(row + (<usize>pairs << 3)) * load<f64>(x + (<usize>pairs << 3));
    store<f64>(y + (<usize>i << 3), s);
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
