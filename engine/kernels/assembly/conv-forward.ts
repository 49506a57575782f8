/**
 * Forward 2-D convolution (TensorFlow's Conv2D) for one image, NHWC, float32, stride 1, no
 * dilation, on an input that is already padded ('valid' correlation), compiled twice by
 * scripts/build-kernels.mjs: plain SIMD (`mul` then `add`) and relaxed SIMD (`relaxed_madd`,
 * a fused multiply-add where the CPU has one).
 *
 *   out[oy, ox, co] = Σ_{ky, kx, ci} x[oy + ky, ox + kx, ci] · w[ky, kx, ci, co]
 *
 * x [inH, inW, C], w [kH, kW, C, O] (O a multiple of 8), out rows [rowFirst, rowLast) of
 * [inH − kH + 1, inW − kW + 1, O]. For one filter row ky the kW·C products of an output pixel
 * read kW·C consecutive floats of input row oy + ky, and the matching filter rows are kW·C
 * consecutive rows of O floats: each output row is kH matrix products with the input rows'
 * pixels as overlapping matrix rows (no im2col copy). Register blocks: 4 pixels × 8 channels
 * (8 accumulators), then 1 pixel × 8 channels for the row's tail. Each output element sums its
 * products in the same order (ky, kx, ci ascending) whatever block or thread computes it.
 * All pointers are byte offsets into this module's memory.
 */

/** c + a·b (fused where relaxed SIMD is enabled). */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** Four output pixels (`pixel` bytes apart in x, `outPixel` in out) × 8 output channels. */
function block4x8(x: usize, rowBytes: usize, pixel: usize, w: usize, wRow: usize, kH: i32, k: i32, out: usize, outPixel: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const p2 = pixel << 1, p3 = pixel * 3;
  for (let ky = 0; ky < kH; ky++) {
    let a = x + <usize>ky * rowBytes;
    let b = w + <usize>(ky * k) * wRow;
    for (let i = 0; i < k; i++) {
      const b0 = v128.load(b), b1 = v128.load(b, 16);
      const a0 = v128.load32_splat(a);
      c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
      const a1 = v128.load32_splat(a + pixel);
      c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
      const a2 = v128.load32_splat(a + p2);
      c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
      const a3 = v128.load32_splat(a + p3);
      c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
      a += 4; b += wRow;
    }
  }
  v128.store(out, c00); v128.store(out, c01, 16);
  out += outPixel;
  v128.store(out, c10); v128.store(out, c11, 16);
  out += outPixel;
  v128.store(out, c20); v128.store(out, c21, 16);
  out += outPixel;
  v128.store(out, c30); v128.store(out, c31, 16);
}

/** One output pixel × 8 output channels. */
function block1x8(x: usize, rowBytes: usize, w: usize, wRow: usize, kH: i32, k: i32, out: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  for (let ky = 0; ky < kH; ky++) {
    let a = x + <usize>ky * rowBytes;
    let b = w + <usize>(ky * k) * wRow;
    for (let i = 0; i < k; i++) {
      const a0 = v128.load32_splat(a);
      c0 = madd(a0, v128.load(b), c0); c1 = madd(a0, v128.load(b, 16), c1);
      a += 4; b += wRow;
    }
  }
  v128.store(out, c0); v128.store(out, c1, 16);
}

/** Output rows [rowFirst, rowLast); `out` points at row rowFirst. */
export function convForward(
  x: usize, w: usize, out: usize,
  inH: i32, inW: i32, channels: i32, kH: i32, kW: i32, outChannels: i32,
  rowFirst: i32, rowLast: i32,
): void {
  const outW = inW - kW + 1;
  const k = kW * channels;
  const pixel = (<usize>channels) << 2;
  const rowBytes = <usize>inW * pixel;
  const wRow = (<usize>outChannels) << 2;
  const outPixel = wRow;
  const blocks = outW & ~3;
  for (let oy = rowFirst; oy < rowLast; oy++) {
    const xRow = x + <usize>oy * rowBytes;
    const outRow = out + <usize>((oy - rowFirst) * outW) * outPixel;
    for (let ox = 0; ox < blocks; ox += 4) {
      for (let co = 0; co < outChannels; co += 8) {
        block4x8(xRow + <usize>ox * pixel, rowBytes, pixel, w + (<usize>co << 2), wRow, kH, k, outRow + <usize>ox * outPixel + (<usize>co << 2), outPixel);
      }
    }
    for (let ox = blocks; ox < outW; ox++) {
      for (let co = 0; co < outChannels; co += 8) {
        block1x8(xRow + <usize>ox * pixel, rowBytes, w + (<usize>co << 2), wRow, kH, k, outRow + <usize>ox * outPixel + (<usize>co << 2));
      }
    }
  }
}
