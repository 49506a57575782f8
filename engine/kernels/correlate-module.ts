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
  const imageOffset = heapStart;
  const kernelOffset = imageOffset + align16(image.byteLength);
  const outOffset = kernelOffset + align16(kernel.byteLength);
  const end = outOffset + align16(outRows * outCols * 4);
  const have = wasm.memory.buffer.byteLength;
  if (end > have) wasm.memory.grow(Math.ceil((end - have) / pageBytes));
  const heap = new Float32Array(wasm.memory.buffer);
  heap.set(image, imageOffset / 4);
  heap.set(kernel, kernelOffset / 4);
  wasm.correlateValid(imageOffset, rows, cols, kernelOffset, size, outOffset);
  return heap.slice(outOffset / 4, outOffset / 4 + outRows * outCols);
}

/** Module memory of at least `bytes` (grown as needed), as floats. */
function heapOf(wasm: CorrelateExports, bytes: number): Float32Array {
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / pageBytes));
  return new Float32Array(wasm.memory.buffer);
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
  const xOffset = heapStart;
  const filterOffset = xOffset + align16(inHeight * inWidth * 4);
  const outOffset = filterOffset + align16(filterHeight * filterWidth * 4);
  const heap = heapOf(wasm, outOffset + align16(outHeight * outWidth * 4));
  heap.set(x.subarray(0, inHeight * inWidth), xOffset / 4);
  heap.set(filter.subarray(0, filterHeight * filterWidth), filterOffset / 4);
  wasm.lineCorrelate(xOffset, inHeight, inWidth, filterOffset, filterHeight, filterWidth, outOffset, outHeight, outWidth, padTop, padLeft);
  out.set(heap.subarray(outOffset / 4, outOffset / 4 + outHeight * outWidth));
}
