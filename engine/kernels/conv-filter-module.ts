/**
 * Loads the AssemblyScript SIMD module (assembly/conv-filter.ts, committed as base64 in
 * conv-filter-wasm.ts) once per thread and runs it on plain Float32Arrays: inputs are copied
 * into the module's own memory, the result copied out (copies cost ~1 ms per 4 MB, small next
 * to the O(kH·kW·H·W·Cin·Cout) arithmetic).
 */
import { convFilterWasm } from './conv-filter-wasm.ts';

/** Geometry of one Conv2DBackpropFilter call (NHWC; pads in pixels). */
export interface ConvFilterGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

interface ConvFilterExports {
  memory: WebAssembly.Memory;
  convFilterGrad(...args: number[]): void;
}

const pageBytes = 65536;
/** First byte the buffers may use: the module keeps no data of its own (stub runtime, no statics). */
const heapStart = pageBytes;
let instance: ConvFilterExports | undefined;

function exportsOf(): ConvFilterExports {
  if (!instance) {
    const bytes = Buffer.from(convFilterWasm, 'base64');
    const module = new WebAssembly.Module(bytes);
    instance = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('conv-filter kernel aborted'); } } })
      .exports as unknown as ConvFilterExports;
  }
  return instance;
}

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * dW [filterHeight, filterWidth, inChannels, outChannels] from x [batch, inHeight, inWidth, inChannels]
 * and dy [batch, outHeight, outWidth, outChannels].
 */
export function convFilterGradient(x: Float32Array, dy: Float32Array, g: ConvFilterGeometry): Float32Array {
  const wasm = exportsOf();
  const filterSize = g.filterHeight * g.filterWidth * g.inChannels * g.outChannels;
  if (x.length !== g.batch * g.inHeight * g.inWidth * g.inChannels) throw new Error('conv filter gradient: x size does not match the geometry');
  if (dy.length !== g.batch * g.outHeight * g.outWidth * g.outChannels) throw new Error('conv filter gradient: dy size does not match the geometry');
  const xOffset = heapStart;
  const dyOffset = xOffset + align16(x.byteLength);
  const outOffset = dyOffset + align16(dy.byteLength);
  const end = outOffset + align16(filterSize * 4);
  const have = wasm.memory.buffer.byteLength;
  if (end > have) wasm.memory.grow(Math.ceil((end - have) / pageBytes));
  const heap = new Float32Array(wasm.memory.buffer);
  heap.set(x, xOffset / 4);
  heap.set(dy, dyOffset / 4);
  // Vectorise over the output channels when there are at least 4, else over the input channels.
  const swap = g.outChannels < 4 && g.inChannels >= 4 ? 1 : 0;
  wasm.convFilterGrad(
    xOffset, dyOffset, outOffset,
    g.batch, g.inHeight, g.inWidth, g.inChannels,
    g.outHeight, g.outWidth, g.outChannels,
    g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth,
    g.padTop, g.padLeft, swap,
  );
  const result = heap.slice(outOffset / 4, outOffset / 4 + filterSize);
  return swap ? swapLastAxes(result, g.filterHeight * g.filterWidth, g.outChannels, g.inChannels) : result;
}

/** [taps, rows, cols] → [taps, cols, rows]. */
function swapLastAxes(data: Float32Array, taps: number, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let t = 0; t < taps; t++) {
    const base = t * rows * cols;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[base + c * rows + r] = data[base + r * cols + c];
  }
  return out;
}
