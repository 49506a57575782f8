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
