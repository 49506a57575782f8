/**
 * Single-plane 'valid' 2-D correlation for large kernels (e.g. the 41x41 MTF low-pass of R-PNN's
 * threshold mask), float32 SIMD, compiled with `asc --enable simd -O3` (scripts/build-kernels.mjs):
 *
 *   out[i, j] = Σ_{a < size, b < size} image[i + a, j + b] · kernel[a, b]
 *
 * image [rows, cols], kernel [size, size], out [rows − size + 1, cols − size + 1], all row-major
 * float32 at byte offsets into this module's memory. Vectorised over 16 output columns at a time
 * (four f32x4 accumulators sharing each broadcast kernel tap), then 4, then 1. Each output is one
 * float32 sum in the order (a, b) row by row: the same for every block width.
 */

/** out[i, j .. j + 16) for output row i. */
function block16(image: usize, cols: i32, kernel: usize, size: i32, out: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const rowBytes = (<usize>cols) << 2;
  let row = image;
  let tap = kernel;
  for (let a = 0; a < size; a++) {
    let p = row;
    for (let b = 0; b < size; b++) {
      const w = v128.load32_splat(tap);
      c0 = f32x4.add(c0, f32x4.mul(v128.load(p), w));
      c1 = f32x4.add(c1, f32x4.mul(v128.load(p, 16), w));
      c2 = f32x4.add(c2, f32x4.mul(v128.load(p, 32), w));
      c3 = f32x4.add(c3, f32x4.mul(v128.load(p, 48), w));
      p += 4;
      tap += 4;
    }
    row += rowBytes;
  }
  v128.store(out, c0); v128.store(out, c1, 16); v128.store(out, c2, 32); v128.store(out, c3, 48);
}

/** out[i, j .. j + 4). */
function block4(image: usize, cols: i32, kernel: usize, size: i32, out: usize): void {
  let c = f32x4.splat(0);
  const rowBytes = (<usize>cols) << 2;
  let row = image;
  let tap = kernel;
  for (let a = 0; a < size; a++) {
    let p = row;
    for (let b = 0; b < size; b++) {
      c = f32x4.add(c, f32x4.mul(v128.load(p), v128.load32_splat(tap)));
      p += 4;
      tap += 4;
    }
    row += rowBytes;
  }
  v128.store(out, c);
}

/** out[i, j]. */
function block1(image: usize, cols: i32, kernel: usize, size: i32, out: usize): void {
  let c: f32 = 0;
  const rowBytes = (<usize>cols) << 2;
  let row = image;
  let tap = kernel;
  for (let a = 0; a < size; a++) {
    let p = row;
    for (let b = 0; b < size; b++) {
      c += load<f32>(p) * load<f32>(tap);
      p += 4;
      tap += 4;
    }
    row += rowBytes;
  }
  store<f32>(out, c);
}

export function correlateValid(image: usize, rows: i32, cols: i32, kernel: usize, size: i32, out: usize): void {
  const outRows = rows - size + 1;
  const outCols = cols - size + 1;
  for (let i = 0; i < outRows; i++) {
    const source = image + ((<usize>(i * cols)) << 2);
    const target = out + ((<usize>(i * outCols)) << 2);
    let j = 0;
    for (; j + 16 <= outCols; j += 16) block16(source + (<usize>j << 2), cols, kernel, size, target + (<usize>j << 2));
    for (; j + 4 <= outCols; j += 4) block4(source + (<usize>j << 2), cols, kernel, size, target + (<usize>j << 2));
    for (; j < outCols; j++) block1(source + (<usize>j << 2), cols, kernel, size, target + (<usize>j << 2));
  }
}

/**
 * One-channel correlation of x [inHeight, inWidth] with a small filter [filterHeight, filterWidth]
 * (the PNN losses' 1-D box sums; engine/kernels/line-conv.ts), zero padding by skipping the taps
 * outside the image: out[i, j] = Σ_{a, c} x[i + a − padTop, j + c − padLeft] · w[a, c], accumulated
 * in float32 from +0 in tap order (a, c ascending), each product rounded before the add (f32x4.mul
 * then f32x4.add, never fused), so every lane gets the operations of a sequential tap sum.
 */
export function lineCorrelate(x: usize, inHeight: i32, inWidth: i32, filter: usize, filterHeight: i32, filterWidth: i32, out: usize, outHeight: i32, outWidth: i32, padTop: i32, padLeft: i32): void {
  for (let i = 0; i < outHeight; i++) {
    const target = out + ((<usize>(i * outWidth)) << 2);
    memory.fill(target, 0, (<usize>outWidth) << 2);
    const aFirst = max(0, padTop - i);
    const aLast = min(filterHeight, inHeight + padTop - i);
    for (let a = aFirst; a < aLast; a++) {
      for (let c = 0; c < filterWidth; c++) {
        const shift = c - padLeft;
        // Byte offset of x[i + a − padTop, shift] (may point before the row start; only j ≥ −shift is read).
        const row = <i32>x + (((i + a - padTop) * inWidth + shift) << 2);
        const w = load<f32>(filter + ((<usize>(a * filterWidth + c)) << 2));
        const wv = f32x4.splat(w);
        const first = max(0, -shift);
        const last = min(outWidth, inWidth - shift);
        let j = first;
        for (; j + 4 <= last; j += 4) {
          const o = target + ((<usize>j) << 2);
          v128.store(o, f32x4.add(v128.load(o), f32x4.mul(v128.load(<usize>(row + (j << 2))), wv)));
        }
        for (; j < last; j++) {
          const o = target + ((<usize>j) << 2);
          store<f32>(o, load<f32>(o) + load<f32>(<usize>(row + (j << 2))) * w);
        }
      }
    }
  }
}

/** Σ of the four lanes of v, in lane order. */
function laneSum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * Strided 'valid' correlation of a plane with a block kernel: out[i, j] = Σ_{a < kh, b < kw}
 * image[(i·rowStride + a)·cols + j·colStride + b] · kernel[a·kw + b], image rows of `cols` floats,
 * kernel [kh, kw], out [outRows, outCols]. Two uses: the PNN spectral loss's MTF filter sampled
 * every r pixels (rowStride = colStride = r), and an NHWC convolution with one output channel
 * (rows of W·C floats, kw = kW·C, rowStride 1, colStride C: each kernel row is then one contiguous
 * run of the image row). Each kernel row is a SIMD dot product (four lanes, then the kw mod 4
 * tail); float32 throughout.
 */
export function correlateStrided(image: usize, cols: i32, kernel: usize, kh: i32, kw: i32, rowStride: i32, colStride: i32, out: usize, outRows: i32, outCols: i32): void {
  const rowBytes = (<usize>cols) << 2;
  const kernelRowBytes = (<usize>kw) << 2;
  const step = (<usize>colStride) << 2;
  for (let i = 0; i < outRows; i++) {
    const rowStart = image + (<usize>(i * rowStride)) * rowBytes;
    const target = out + ((<usize>(i * outCols)) << 2);
    let j = 0;
    // Four outputs at a time share each kernel vector (same per-output operation order as below).
    for (; j + 4 <= outCols; j += 4) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let t0: f32 = 0, t1: f32 = 0, t2: f32 = 0, t3: f32 = 0;
      let p = rowStart + ((<usize>(j * colStride)) << 2);
      let t = kernel;
      for (let a = 0; a < kh; a++) {
        let b = 0;
        for (; b + 4 <= kw; b += 4) {
          const offset = (<usize>b) << 2;
          const w = v128.load(t + offset);
          c0 = f32x4.add(c0, f32x4.mul(v128.load(p + offset), w));
          c1 = f32x4.add(c1, f32x4.mul(v128.load(p + step + offset), w));
          c2 = f32x4.add(c2, f32x4.mul(v128.load(p + 2 * step + offset), w));
          c3 = f32x4.add(c3, f32x4.mul(v128.load(p + 3 * step + offset), w));
        }
        for (; b < kw; b++) {
          const offset = (<usize>b) << 2;
          const w = load<f32>(t + offset);
          t0 += load<f32>(p + offset) * w;
          t1 += load<f32>(p + step + offset) * w;
          t2 += load<f32>(p + 2 * step + offset) * w;
          t3 += load<f32>(p + 3 * step + offset) * w;
        }
        p += rowBytes;
        t += kernelRowBytes;
      }
      const o = target + ((<usize>j) << 2);
      store<f32>(o, laneSum(c0) + t0);
      store<f32>(o, laneSum(c1) + t1, 4);
      store<f32>(o, laneSum(c2) + t2, 8);
      store<f32>(o, laneSum(c3) + t3, 12);
    }
    for (; j < outCols; j++) {
      let acc = f32x4.splat(0);
      let tail: f32 = 0;
      let p = rowStart + ((<usize>(j * colStride)) << 2);
      let t = kernel;
      for (let a = 0; a < kh; a++) {
        let b = 0;
        for (; b + 4 <= kw; b += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(p + ((<usize>b) << 2)), v128.load(t + ((<usize>b) << 2))));
        for (; b < kw; b++) tail += load<f32>(p + ((<usize>b) << 2)) * load<f32>(t + ((<usize>b) << 2));
        p += rowBytes;
        t += kernelRowBytes;
      }
      store<f32>(target + ((<usize>j) << 2), laneSum(acc) + tail);
    }
  }
}

/**
 * Input gradient of correlateStrided: dx [rows, cols] = Σ_{i, j} dy[i, j] · kernel placed at
 * (i·stride, j·stride), zero where no kernel reaches; dy [outRows, outCols]. Each kernel row is
 * added to its dx row segment as a SIMD multiply-add (i, j, a ascending).
 */
export function correlateStridedGradient(dy: usize, outRows: i32, outCols: i32, kernel: usize, kh: i32, kw: i32, stride: i32, dx: usize, rows: i32, cols: i32): void {
  const rowBytes = (<usize>cols) << 2;
  const kernelRowBytes = (<usize>kw) << 2;
  memory.fill(dx, 0, (<usize>rows) * rowBytes);
  for (let i = 0; i < outRows; i++) {
    for (let j = 0; j < outCols; j++) {
      const g = load<f32>(dy + ((<usize>(i * outCols + j)) << 2));
      const gv = f32x4.splat(g);
      let p = dx + (<usize>(i * stride)) * rowBytes + ((<usize>(j * stride)) << 2);
      let t = kernel;
      for (let a = 0; a < kh; a++) {
        let b = 0;
        for (; b + 4 <= kw; b += 4) {
          const o = p + ((<usize>b) << 2);
          v128.store(o, f32x4.add(v128.load(o), f32x4.mul(v128.load(t + ((<usize>b) << 2)), gv)));
        }
        for (; b < kw; b++) {
          const o = p + ((<usize>b) << 2);
          store<f32>(o, load<f32>(o) + load<f32>(t + ((<usize>b) << 2)) * g);
        }
        p += rowBytes;
        t += kernelRowBytes;
      }
    }
  }
}
