/**
 * Loads the AssemblyScript correlation module (assembly/correlate.ts, committed as base64 in
 * correlate-wasm.ts) once per thread and runs it on plain Float32Arrays (copied in and out of the
 * module's own memory).
 */
import { correlateWasm } from './correlate-wasm.ts';

interface CorrelateExports {
  memory: WebAssembly.Memory;
  correlateValid(image: number, rows: number, cols: number, kernel: number, size: number, out: number): void;
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
