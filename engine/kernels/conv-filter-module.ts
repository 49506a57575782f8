/**
 * Loads the AssemblyScript SIMD module (assembly/conv-filter.ts, committed as base64 in
 * conv-filter-wasm.ts; the relaxed-SIMD build where the runtime has it, relaxed-simd.ts) once per
 * thread and runs it on plain Float32Arrays: inputs are copied into the module's own memory, the
 * result copied out (copies cost ~1 ms per 4 MB, small next to the O(kH·kW·H·W·Cin·Cout)
 * arithmetic). With `threads` > 1 the channels are split into parts computed at once by this
 * thread and helper threads (helper-pool.ts; they copy x and dy straight from the threaded
 * backend's shared heap, with no staging copy); every output element gets the same float32
 * operations as with one thread, so the values are identical.
 */
import { convFilterRelaxedWasm, convFilterWasm } from './conv-filter-wasm.ts';
import { HelperPool } from './helper-pool.ts';
import { kernelModule } from './relaxed-simd.ts';

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
let compiled: WebAssembly.Module | undefined;
let instance: ConvFilterExports | undefined;

function moduleOf(): WebAssembly.Module {
  compiled ??= kernelModule(convFilterWasm, convFilterRelaxedWasm);
  return compiled;
}

/**
 * A helper's part: args = x / dy offsets (floats into `data`), result offset (floats into
 * `results`), then the kernel's 20 arguments after its pointers. Copies x and dy into its own
 * module memory (layout [64 KiB reserved | x | dy | out], 16-byte aligned), runs its part and
 * copies the filter-sized result out.
 */
const helperJob = `
  const [xAt, dyAt, resultAt, ...rest] = args;
  const [batch, inH, inW, inC, outH, outW, outC, kH, kW] = rest;
  const align = (floats) => Math.ceil(floats / 4) * 4;
  const xSize = batch * inH * inW * inC, dySize = batch * outH * outW * outC, filterSize = kH * kW * inC * outC;
  const xOffset = 16384, dyOffset = xOffset + align(xSize), outOffset = dyOffset + align(dySize);
  const heap = heapFloats((outOffset + align(filterSize)) * 4);
  heap.set(data.subarray(xAt, xAt + xSize), xOffset);
  heap.set(data.subarray(dyAt, dyAt + dySize), dyOffset);
  wasm.convFilterGrad(xOffset * 4, dyOffset * 4, outOffset * 4, ...rest);
  results.set(heap.subarray(outOffset, outOffset + filterSize), resultAt);
`;

/** The helper threads of this kernel (tests read `stats` and `readyCount()`). */
export const convFilterHelpers = new HelperPool('conv-filter', helperJob, 3 + 20);

function exportsOf(): ConvFilterExports {
  instance ??= new WebAssembly.Instance(moduleOf(), { env: { abort: () => { throw new Error('conv-filter kernel aborted'); } } })
    .exports as unknown as ConvFilterExports;
  return instance;
}

/** A part of the work: a-channels [aFirst, aLast) × b-channels [bFirst, bLast) (a, b as the kernel's `swap` sets them). */
type Part = [number, number, number, number];

/**
 * Splits the na × nb channel block into up to `count` parts: along a in multiples of 4 when
 * na ≥ 8 (the 4-row register blocks stay whole), else along b in multiples of 8 when nb ≥ 16.
 */
export function splitParts(na: number, nb: number, count: number): Part[] {
  const split = (n: number, unit: number): [number, number][] => {
    const units = Math.ceil(n / unit);
    const parts = Math.min(count, units);
    return Array.from({ length: parts }, (_, k) => [Math.min(n, Math.round((k * units) / parts) * unit), Math.min(n, Math.round(((k + 1) * units) / parts) * unit)]);
  };
  if (count > 1 && na >= 8) return split(na, 4).map(([first, last]) => [first, last, 0, nb]);
  if (count > 1 && nb >= 16) return split(nb, 8).map(([first, last]) => [0, na, first, last]);
  return [[0, na, 0, nb]];
}

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** Below this many multiply-adds the helper threads are not worth a round trip. */
const parallelMinimum = 2e7;

/**
 * dW [filterHeight, filterWidth, inChannels, outChannels] from x [batch, inHeight, inWidth, inChannels]
 * and dy [batch, outHeight, outWidth, outChannels], on up to `threads` threads.
 */
export function convFilterGradient(x: Float32Array, dy: Float32Array, g: ConvFilterGeometry, threads = 1): Float32Array {
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
  // Vectorise over the output channels when there are at least 4, else over the input channels.
  const swap = g.outChannels < 4 && g.inChannels >= 4 ? 1 : 0;
  const geometry = [
    g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels,
    g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth,
    g.padTop, g.padLeft, swap,
  ];
  const work = dy.length * filterSize / g.outChannels;
  const parts = splitParts(swap ? g.outChannels : g.inChannels, swap ? g.inChannels : g.outChannels, work >= parallelMinimum ? threads : 1);
  // Parts 1.. go to helper threads that are ready; the shared buffer holds x, dy and their results.
  const helpers = parts.length > 1 ? convFilterHelpers.ready(parts.length - 1, moduleOf()) : [];
  const requests: number[] = [];
  let results: Float32Array | undefined;
  if (helpers.length) {
    // Helpers read x and dy in place when both lie in one shared buffer (the threaded backend's heap).
    let data: SharedArrayBuffer;
    let offsets: [number, number];
    if (x.buffer instanceof SharedArrayBuffer && dy.buffer === x.buffer) {
      data = x.buffer;
      offsets = [x.byteOffset / 4, dy.byteOffset / 4];
    } else {
      const copy = convFilterHelpers.dataFloats(x.length + dy.length);
      copy.set(x, 0);
      copy.set(dy, x.length);
      data = copy.buffer as SharedArrayBuffer;
      offsets = [0, x.length];
    }
    results = convFilterHelpers.resultFloats(helpers.length * filterSize);
    const resultBuffer = results.buffer as SharedArrayBuffer;
    helpers.forEach((helper, k) => requests.push(convFilterHelpers.dispatch(helper, data, resultBuffer, [...offsets, k * filterSize, ...geometry, ...parts[k + 1]])));
  }
  heap.set(x, xOffset / 4);
  heap.set(dy, dyOffset / 4);
  wasm.convFilterGrad(xOffset, dyOffset, outOffset, ...geometry, ...parts[0]);
  const result = heap.slice(outOffset / 4, outOffset / 4 + filterSize);
  for (let k = 1; k < parts.length; k++) {
    const helper = helpers[k - 1];
    let part: Float32Array;
    if (helper && results && convFilterHelpers.finished(helper, requests[k - 1])) part = results.subarray((k - 1) * filterSize, k * filterSize);
    else {
      wasm.convFilterGrad(xOffset, dyOffset, outOffset, ...geometry, ...parts[k]);
      part = new Float32Array(wasm.memory.buffer, outOffset, filterSize);
    }
    // Parts are disjoint and zero elsewhere: adding them is exact.
    for (let i = 0; i < filterSize; i++) result[i] += part[i];
  }
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
