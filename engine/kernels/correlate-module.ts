/**
 * Loads the AssemblyScript correlation module (assembly/correlate.ts, committed as base64 in
 * correlate-wasm.ts) once per thread and runs it on plain Float32Arrays (copied in and out of the
 * module's own memory): the large square 'valid' correlation and the one-channel 1-D filters.
 */
import { correlateWasm } from './correlate-wasm.ts';

interface CorrelateExports {
  memory: WebAssembly.Memory;
  correlateValid(image: number, rows: number, cols: number, kernel: number, size: number, out: number): void;
  lineCorrelate(x: number, inHeight: number, inWidth: number, filter: number, filterHeight: number, filterWidth: number, out: number, outHeight: number, outWidth: number, padTop: number, padLeft: number): void;
  correlateStrided(image: number, cols: number, kernel: number, kh: number, kw: number, rowStride: number, colStride: number, out: number, outRows: number, outCols: number): void;
  correlateStridedGradient(dy: number, outRows: number, outCols: number, kernel: number, kh: number, kw: number, stride: number, dx: number, rows: number, cols: number): void;
}

const pageBytes = 65536;
/** First byte the buffers may use: the module keeps no data of its own (stub runtime, no statics). */
const heapStart = pageBytes;
let instance: CorrelateExports | undefined;

function exportsOf(): CorrelateExports {
  instance ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(correlateWasm, 'base64')), {
    env: { abort: () => { throw new Error('correlate kernel aborted'); } },
  }).exports as unknown as CorrelateExports;
  return instance;
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Module memory of at least `bytes` (grown as needed), as floats. */
function heapOf(wasm: CorrelateExports, bytes: number): Float32Array {
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / pageBytes));
  return new Float32Array(wasm.memory.buffer);
}

/** Copies `first` and `second` after the reserved page, 16-byte aligned, with room for `outFloats` after them; returns their byte offsets and the module heap. */
function stage(wasm: CorrelateExports, first: Float32Array, second: Float32Array, outFloats: number): { heap: Float32Array; a: number; b: number; out: number } {
  const a = heapStart;
  const b = a + align16(first.length * 4);
  const out = b + align16(second.length * 4);
  const heap = heapOf(wasm, out + align16(outFloats * 4));
  heap.set(first, a / 4);
  heap.set(second, b / 4);
  return { heap, a, b, out };
}

/**
 * 'valid' correlation of image [rows, cols] with kernel [size, size] (both row-major):
 * out[i, j] = Σ_{a, b} image[i + a, j + b] · kernel[a, b], out [rows − size + 1, cols − size + 1].
 * Same as tf.conv2d(image, kernel, 1, 'valid') on one channel, up to float32 summation order.
 */
export function correlateValid(image: Float32Array, rows: number, cols: number, kernel: Float32Array, size: number): Float32Array {
  const outRows = rows - size + 1;
  const outCols = cols - size + 1;
  if (outRows < 1 || outCols < 1) throw new Error(`correlateValid: a ${size}x${size} kernel does not fit a ${rows}x${cols} image`);
  if (image.length !== rows * cols) throw new Error(`correlateValid: image has ${image.length} values, not ${rows}x${cols}`);
  if (kernel.length !== size * size) throw new Error(`correlateValid: kernel has ${kernel.length} values, not ${size}x${size}`);
  const wasm = exportsOf();
  const at = stage(wasm, image, kernel, outRows * outCols);
  wasm.correlateValid(at.a, rows, cols, at.b, size, at.out);
  return at.heap.slice(at.out / 4, at.out / 4 + outRows * outCols);
}

/**
 * One image of the one-channel correlation of line-conv.ts on the SIMD kernel: x [inHeight,
 * inWidth] ⋆ filter [filterHeight, filterWidth] with zero pads (top, left) into out [outHeight,
 * outWidth]; the same float32 operations per pixel as a sequential tap sum.
 */
export function lineCorrelateImage(
  x: Float32Array, inHeight: number, inWidth: number, filter: Float32Array, filterHeight: number, filterWidth: number,
  out: Float32Array, outHeight: number, outWidth: number, padTop: number, padLeft: number,
): void {
  const wasm = exportsOf();
  const at = stage(wasm, x.subarray(0, inHeight * inWidth), filter.subarray(0, filterHeight * filterWidth), outHeight * outWidth);
  wasm.lineCorrelate(at.a, inHeight, inWidth, at.b, filterHeight, filterWidth, at.out, outHeight, outWidth, padTop, padLeft);
  out.set(at.heap.subarray(at.out / 4, at.out / 4 + outHeight * outWidth));
}

/** Geometry of a strided single-plane 'valid' correlation: image [rows, cols] ⋆ kernel [kh, kw] every `stride` px → [outRows, outCols]. */
export interface StridedGeometry {
  rows: number;
  cols: number;
  kh: number;
  kw: number;
  stride: number;
  outRows: number;
  outCols: number;
}

/** out [outRows, outCols] = image ⋆ kernel sampled every `stride` px (tf.conv2d(image, kernel, stride, 'valid') on one plane, up to float32 summation order). */
export function correlateStrided(image: Float32Array, kernel: Float32Array, g: StridedGeometry, out: Float32Array): void {
  const wasm = exportsOf();
  const at = stage(wasm, image.subarray(0, g.rows * g.cols), kernel.subarray(0, g.kh * g.kw), g.outRows * g.outCols);
  wasm.correlateStrided(at.a, g.cols, at.b, g.kh, g.kw, g.stride, g.stride, at.out, g.outRows, g.outCols);
  out.set(at.heap.subarray(at.out / 4, at.out / 4 + g.outRows * g.outCols));
}

/** dx [rows, cols], the input gradient of correlateStrided for dy [outRows, outCols]. */
export function correlateStridedGradient(dy: Float32Array, kernel: Float32Array, g: StridedGeometry, dx: Float32Array): void {
  const wasm = exportsOf();
  const at = stage(wasm, dy.subarray(0, g.outRows * g.outCols), kernel.subarray(0, g.kh * g.kw), g.rows * g.cols);
  wasm.correlateStridedGradient(at.a, g.outRows, g.outCols, at.b, g.kh, g.kw, g.stride, at.out, g.rows, g.cols);
  dx.set(at.heap.subarray(at.out / 4, at.out / 4 + g.rows * g.cols));
}

/** Geometry of an NHWC 'valid' stride-1 convolution with one output channel, one image. */
export interface SingleOutputGeometry {
  inHeight: number;
  inWidth: number;
  channels: number;
  filterHeight: number;
  filterWidth: number;
}

/**
 * out [inHeight − kH + 1, inWidth − kW + 1] = x [inHeight, inWidth, C] ⋆ filter [kH, kW, C, 1]
 * ('valid', stride 1): each filter row is one contiguous run of kW·C floats of an image row.
 */
export function convSingleOutput(x: Float32Array, filter: Float32Array, g: SingleOutputGeometry, out: Float32Array): void {
  const wasm = exportsOf();
  const outRows = g.inHeight - g.filterHeight + 1;
  const outCols = g.inWidth - g.filterWidth + 1;
  const at = stage(wasm, x.subarray(0, g.inHeight * g.inWidth * g.channels), filter.subarray(0, g.filterHeight * g.filterWidth * g.channels), outRows * outCols);
  wasm.correlateStrided(at.a, g.inWidth * g.channels, at.b, g.filterHeight, g.filterWidth * g.channels, 1, g.channels, at.out, outRows, outCols);
  out.set(at.heap.subarray(at.out / 4, at.out / 4 + outRows * outCols));
}
