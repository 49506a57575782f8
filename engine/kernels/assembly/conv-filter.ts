/**
 * Gradient of a 2-D convolution with respect to its filter (TensorFlow's Conv2DBackpropFilter),
 * NHWC, float32, compiled with `asc --enable simd -O3` (see scripts/build-kernels.mjs).
 *
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·sh + kh·dh − padTop, ow·sw + kw·dw − padLeft, ci] · dy[n, oh, ow, co]
 *
 * Pixels outside x contribute zero. For each output row and filter tap the valid `ow` range is
 * computed once, so the inner loop is a branch-free sum of outer products over a row segment
 * (rows are taken in chunks of CHUNK pixels so that x and dy are read from L1 by every block):
 * register blocks of 4, 2 or 1 (a-channels) × 8 (b-channels) f32x4 accumulators, then 4- and 1-wide tails.
 * With `swap` = 1 the roles of x and dy are exchanged in the outer product (vectorised over the
 * input channels instead of the output channels, for outC < 4) and the result layout is
 * [kh, kw, co, ci]; the caller transposes it.
 * All pointers are byte offsets into this module's memory; `out` is overwritten.
 * Built twice (scripts/build-kernels.mjs): plain SIMD and relaxed SIMD (fused multiply-add).
 */

/** Output pixels per chunk of a row (≈ 31 KB of x and dy for 48 → 32 channels; 96 was fastest of 24-128 here). */
const CHUNK = 96;

/** c + a·b (fused where relaxed SIMD is enabled). */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** out[i·nb + j] += Σ_p a[p·aStep + i] · b[p·bStep + j] for i < 4, j < 8 (steps in bytes). */
function block4x8(a: usize, aStep: usize, b: usize, bStep: usize, count: i32, out: usize, nb: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < count; p++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a), a1 = v128.load32_splat(a, 4);
    const a2 = v128.load32_splat(a, 8), a3 = v128.load32_splat(a, 12);
    c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
    c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
    c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
    a += aStep; b += bStep;
  }
  const row = nb << 2;
  v128.store(out, f32x4.add(v128.load(out), c00)); v128.store(out, f32x4.add(v128.load(out, 16), c01), 16);
  out += row;
  v128.store(out, f32x4.add(v128.load(out), c10)); v128.store(out, f32x4.add(v128.load(out, 16), c11), 16);
  out += row;
  v128.store(out, f32x4.add(v128.load(out), c20)); v128.store(out, f32x4.add(v128.load(out, 16), c21), 16);
  out += row;
  v128.store(out, f32x4.add(v128.load(out), c30)); v128.store(out, f32x4.add(v128.load(out, 16), c31), 16);
}

/** Same for 2 a-channels and 8 b-channels (inputs with 2 or 3 channels, e.g. PAN + one band). */
function block2x8(a: usize, aStep: usize, b: usize, bStep: usize, count: i32, out: usize, nb: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  for (let p = 0; p < count; p++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a), a1 = v128.load32_splat(a, 4);
    c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
    a += aStep; b += bStep;
  }
  v128.store(out, f32x4.add(v128.load(out), c00)); v128.store(out, f32x4.add(v128.load(out, 16), c01), 16);
  out += nb << 2;
  v128.store(out, f32x4.add(v128.load(out), c10)); v128.store(out, f32x4.add(v128.load(out, 16), c11), 16);
}

/** Same for one a-channel and 8 b-channels. */
function block1x8(a: usize, aStep: usize, b: usize, bStep: usize, count: i32, out: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  for (let p = 0; p < count; p++) {
    const a0 = v128.load32_splat(a);
    c0 = madd(a0, v128.load(b), c0);
    c1 = madd(a0, v128.load(b, 16), c1);
    a += aStep; b += bStep;
  }
  v128.store(out, f32x4.add(v128.load(out), c0)); v128.store(out, f32x4.add(v128.load(out, 16), c1), 16);
}

/** Same for one a-channel and 4 b-channels. */
function block1x4(a: usize, aStep: usize, b: usize, bStep: usize, count: i32, out: usize): void {
  let c = f32x4.splat(0);
  for (let p = 0; p < count; p++) {
    c = madd(v128.load32_splat(a), v128.load(b), c);
    a += aStep; b += bStep;
  }
  v128.store(out, f32x4.add(v128.load(out), c));
}

/** Same for one a-channel and one b-channel (remainders). */
function block1x1(a: usize, aStep: usize, b: usize, bStep: usize, count: i32, out: usize): void {
  let c: f32 = 0;
  for (let p = 0; p < count; p++) {
    c += load<f32>(a) * load<f32>(b);
    a += aStep; b += bStep;
  }
  store<f32>(out, load<f32>(out) + c);
}

/** Columns j ≥ from of a-channel row i, 4 then 1 at a time (nb columns; out rows `stride` apart). */
function rowTail(a: usize, aStep: usize, b: usize, bStep: usize, count: i32, out: usize, i: i32, from: i32, nb: i32, stride: i32): void {
  let j = from;
  for (; j + 4 <= nb; j += 4) block1x4(a + (<usize>i << 2), aStep, b + (<usize>j << 2), bStep, count, out + ((<usize>(i * stride + j)) << 2));
  for (; j < nb; j++) block1x1(a + (<usize>i << 2), aStep, b + (<usize>j << 2), bStep, count, out + ((<usize>(i * stride + j)) << 2));
}

/** out[i·stride + j] += Σ_p a[p, i] · b[p, j] over a row segment of `count` pixels; na × nb block. */
function rowOuter(a: usize, aStep: usize, b: usize, bStep: usize, count: i32, out: usize, na: i32, nb: i32, stride: i32): void {
  const full = nb & ~7; // columns covered by 8-wide blocks
  let i = 0;
  for (; i + 4 <= na; i += 4) {
    for (let j = 0; j < full; j += 8) {
      block4x8(a + (<usize>i << 2), aStep, b + (<usize>j << 2), bStep, count, out + ((<usize>(i * stride + j)) << 2), <usize>stride);
    }
    for (let k = i; k < i + 4; k++) rowTail(a, aStep, b, bStep, count, out, k, full, nb, stride);
  }
  for (; i + 2 <= na; i += 2) {
    for (let j = 0; j < full; j += 8) {
      block2x8(a + (<usize>i << 2), aStep, b + (<usize>j << 2), bStep, count, out + ((<usize>(i * stride + j)) << 2), <usize>stride);
    }
    for (let k = i; k < i + 2; k++) rowTail(a, aStep, b, bStep, count, out, k, full, nb, stride);
  }
  for (; i < na; i++) {
    for (let j = 0; j < full; j += 8) block1x8(a + (<usize>i << 2), aStep, b + (<usize>j << 2), bStep, count, out + ((<usize>(i * stride + j)) << 2));
    rowTail(a, aStep, b, bStep, count, out, i, full, nb, stride);
  }
}

/**
 * Computes the part a-channels [aFirst, aLast) × b-channels [bFirst, bLast) of every tap (the
 * a/b roles as set by `swap`) and leaves the rest of `out` zero, so threads can split the work and
 * the parts be summed. Each output element sees the same float32 operations whatever the split.
 */
export function convFilterGrad(
  x: usize, dy: usize, out: usize,
  batch: i32, inH: i32, inW: i32, inC: i32,
  outH: i32, outW: i32, outC: i32,
  kH: i32, kW: i32, strideH: i32, strideW: i32, dilationH: i32, dilationW: i32,
  padTop: i32, padLeft: i32, swap: i32,
  aFirst: i32, aLast: i32, bFirst: i32, bLast: i32,
): void {
  memory.fill(out, 0, (<usize>(kH * kW * inC * outC)) << 2);
  const xStep = (<usize>(strideW * inC)) << 2;
  const dyStep = (<usize>outC) << 2;
  const tapSize = (<usize>(inC * outC)) << 2;
  const nb = swap ? inC : outC;
  const aOffset = (<usize>aFirst) << 2;
  const bOffset = (<usize>bFirst) << 2;
  const outOffset = (<usize>(aFirst * nb + bFirst)) << 2;
  // 'valid' along the rows (every tap inside x for every output pixel), unit stride and dilation, all input
  // channels in this part: the taps of a filter row merge into one block of kW·inC a-channels. Each element
  // still gets the same operations in the same order as tap by tap (same pixel ranges), so parts agree.
  const merged = !swap && strideW == 1 && dilationW == 1 && padLeft == 0 && inW - kW + 1 >= outW && aFirst == 0 && aLast == inC;
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outH; oh++) {
      const dyRow = dy + ((<usize>((n * outH + oh) * outW * outC)) << 2);
      // A chunk of the row's pixels at a time, so its x and dy stay in L1 across all taps and blocks.
      for (let chunk = 0; chunk < outW; chunk += CHUNK) {
      for (let kh = 0; kh < kH; kh++) {
        const ih = oh * strideH + kh * dilationH - padTop;
        if (ih < 0 || ih >= inH) continue;
        const xRow = x + ((<usize>((n * inH + ih) * inW * inC)) << 2);
        if (merged) {
          // All kW taps at once: their kW·inC inputs are consecutive floats of the row.
          const ow1 = min(outW, chunk + CHUNK);
          const xPtr = xRow + ((<usize>(chunk * inC)) << 2);
          const dyPtr = dyRow + ((<usize>(chunk * outC)) << 2);
          rowOuter(xPtr, xStep, dyPtr + bOffset, dyStep, ow1 - chunk, out + <usize>(kh * kW) * tapSize + outOffset, kW * inC, bLast - bFirst, nb);
          continue;
        }
        for (let kw = 0; kw < kW; kw++) {
          // valid ow: 0 <= ow·sw + kw·dw − padLeft < inW, inside the chunk
          const shift = kw * dilationW - padLeft;
          let ow0 = chunk;
          if (shift < 0) ow0 = max(ow0, (-shift + strideW - 1) / strideW);
          let ow1 = min(outW, chunk + CHUNK);
          const last = (inW - 1 - shift);
          if (last < 0) continue;
          const limit = last / strideW + 1;
          if (limit < ow1) ow1 = limit;
          if (ow1 <= ow0) continue;
          const xPtr = xRow + ((<usize>((ow0 * strideW + shift) * inC)) << 2);
          const dyPtr = dyRow + ((<usize>(ow0 * outC)) << 2);
          const tap = out + <usize>(kh * kW + kw) * tapSize + outOffset;
          if (swap) rowOuter(dyPtr + aOffset, dyStep, xPtr + bOffset, xStep, ow1 - ow0, tap, aLast - aFirst, bLast - bFirst, nb);
          else rowOuter(xPtr + aOffset, xStep, dyPtr + bOffset, dyStep, ow1 - ow0, tap, aLast - aFirst, bLast - bFirst, nb);
        }
      }
      }
    }
  }
}
