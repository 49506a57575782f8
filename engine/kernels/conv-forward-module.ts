/**
 * Forward Conv2D (NHWC, float32, stride 1, no dilation, explicit zero padding, output channels a
 * multiple of 8) on the AssemblyScript SIMD kernel assembly/conv-forward.ts (relaxed-SIMD build
 * where the runtime has it, relaxed-simd.ts). Each part of the output rows is computed by a
 * module instance that copies the padded input rows it needs and the filter into its own memory
 * (the kernel then reads shifted input rows as overlapping matrix rows: no im2col). With
 * `threads` > 1 the rows are split between this thread and helper threads (helper-pool.ts) that
 * read x and the filter straight from the threaded backend's shared heap and write their rows
 * straight into the output tensor. Every output element gets the same float32 operations
 * whatever the split, so the values do not depend on the thread count.
 * Measured (R-PNN's 5×5 48 → 32 layer on 246×246, one thread): 30 GFLOP/s plain SIMD, 43 with
 * fused multiply-add, XNNPACK 21.
 */
import { convForwardRelaxedWasm, convForwardWasm } from './conv-forward-wasm.ts';
import { HelperPool } from './helper-pool.ts';
import { kernelModule } from './relaxed-simd.ts';

/** Geometry of one forward convolution (NHWC; zero pads in pixels). */
export interface ConvForwardGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  filterHeight: number;
  filterWidth: number;
  outChannels: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

/**
 * One part, run alike by the caller and the helpers (function body of (wasm, data, results, args,
 * heapFloats)): args = x, filter offsets (floats into `data`), out offset (floats into `results`,
 * the image's first output pixel), inH, inW, C, kH, kW, O, padTop, padLeft, padRight, rowFirst,
 * rowLast (output rows). Builds the padded input rows [rowFirst, rowLast + kH − 1) in module
 * memory ([64 KiB reserved | x rows | filter | out rows], 16-byte aligned).
 */
const partJob = `
  const [xAt, wAt, outAt, inH, inW, C, kH, kW, O, padTop, padLeft, padRight, rowFirst, rowLast] = args;
  const align = (floats) => Math.ceil(floats / 4) * 4;
  const rows = rowLast - rowFirst + kH - 1;
  const paddedRow = (inW + padLeft + padRight) * C;
  const outW = inW + padLeft + padRight - kW + 1;
  const xSize = rows * paddedRow, wSize = kH * kW * C * O, outSize = (rowLast - rowFirst) * outW * O;
  const xOffset = 16384, wOffset = xOffset + align(xSize), outOffset = wOffset + align(wSize);
  const heap = heapFloats((outOffset + align(outSize)) * 4);
  for (let r = 0; r < rows; r++) {
    const source = rowFirst + r - padTop;
    const target = xOffset + r * paddedRow;
    if (source < 0 || source >= inH) { heap.fill(0, target, target + paddedRow); continue; }
    heap.fill(0, target, target + padLeft * C);
    heap.set(data.subarray(xAt + source * inW * C, xAt + (source + 1) * inW * C), target + padLeft * C);
    heap.fill(0, target + (padLeft + inW) * C, target + paddedRow);
  }
  heap.set(data.subarray(wAt, wAt + wSize), wOffset);
  wasm.convForward(xOffset * 4, wOffset * 4, outOffset * 4, rows, inW + padLeft + padRight, C, kH, kW, O, 0, rowLast - rowFirst);
  results.set(heap.subarray(outOffset, outOffset + outSize), outAt + rowFirst * outW * O);
`;
const argumentCount = 14;

type PartFunction = (wasm: unknown, data: Float32Array, results: Float32Array, args: number[], heapFloats: (bytes: number) => Float32Array) => void;

/** The helper threads of this kernel (tests read `stats` and `readyCount()`). */
export const convForwardHelpers = new HelperPool('conv-forward', partJob, argumentCount);

interface ConvForwardExports {
  memory: WebAssembly.Memory;
  convForward(...args: number[]): void;
}

let compiled: WebAssembly.Module | undefined;
let local: { wasm: ConvForwardExports; run: PartFunction; heapFloats: (bytes: number) => Float32Array } | undefined;

function moduleOf(): WebAssembly.Module {
  compiled ??= kernelModule(convForwardWasm, convForwardRelaxedWasm);
  return compiled;
}

/** This thread's instance and the part function (the same source the helpers run). */
function localPart() {
  if (!local) {
    const wasm = new WebAssembly.Instance(moduleOf(), { env: { abort: () => { throw new Error('conv-forward kernel aborted'); } } })
      .exports as unknown as ConvForwardExports;
    const heapFloats = (bytes: number) => {
      const have = wasm.memory.buffer.byteLength;
      if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / 65536));
      return new Float32Array(wasm.memory.buffer);
    };
    local = { wasm, heapFloats, run: new Function('wasm', 'data', 'results', 'args', 'heapFloats', partJob) as PartFunction };
  }
  return local;
}

/** Output height and width of `g`. */
export function convForwardOutSize(g: ConvForwardGeometry): [number, number] {
  return [g.inHeight + g.padTop + g.padBottom - g.filterHeight + 1, g.inWidth + g.padLeft + g.padRight - g.filterWidth + 1];
}

/** Row ranges [first, last) of `rows` output rows for up to `count` parts. */
export function rowParts(rows: number, count: number): [number, number][] {
  const parts = Math.max(1, Math.min(count, rows));
  return Array.from({ length: parts }, (_, k) => [Math.round((k * rows) / parts), Math.round(((k + 1) * rows) / parts)]);
}

/** Below this many multiply-adds the helper threads are not worth a round trip. */
const parallelMinimum = 2e7;

/**
 * out [batch, outH, outW, outChannels] = x [batch, inHeight, inWidth, channels] ⋆ filter
 * [filterHeight, filterWidth, channels, outChannels], zero padded, on up to `threads` threads.
 */
export function convForward(x: Float32Array, filter: Float32Array, g: ConvForwardGeometry, out: Float32Array, threads = 1): void {
  const { batch, inHeight, inWidth, channels, filterHeight, filterWidth, outChannels } = g;
  const [outHeight, outWidth] = convForwardOutSize(g);
  if (outChannels % 8 !== 0) throw new Error(`conv forward kernel: ${outChannels} output channels (needs a multiple of 8)`);
  if (outHeight < 1 || outWidth < 1) throw new Error('conv forward kernel: the filter is larger than the padded input');
  if (x.length !== batch * inHeight * inWidth * channels) throw new Error('conv forward kernel: x size does not match the geometry');
  if (filter.length !== filterHeight * filterWidth * channels * outChannels) throw new Error('conv forward kernel: filter size does not match the geometry');
  if (out.length !== batch * outHeight * outWidth * outChannels) throw new Error('conv forward kernel: out size does not match the geometry');
  const work = out.length * filterHeight * filterWidth * channels;
  const parts = rowParts(outHeight, work >= parallelMinimum ? threads : 1);
  const helpers = parts.length > 1 ? convForwardHelpers.ready(parts.length - 1, moduleOf()) : [];
  // x and the filter as offsets into one buffer (the backend's heap holds both; else a copy).
  let data: Float32Array;
  let xAt = 0;
  let wAt = x.length;
  if (x.buffer === filter.buffer && (!helpers.length || x.buffer instanceof SharedArrayBuffer)) {
    data = new Float32Array(x.buffer);
    xAt = x.byteOffset / 4;
    wAt = filter.byteOffset / 4;
  } else {
    data = helpers.length ? convForwardHelpers.dataFloats(x.length + filter.length) : new Float32Array(x.length + filter.length);
    data.set(x, 0);
    data.set(filter, x.length);
  }
  // Helpers write into `out` when it is shared memory (the threaded heap), else into a shared buffer.
  const direct = out.buffer instanceof SharedArrayBuffer;
  const own = new Float32Array(out.buffer, out.byteOffset, out.length);
  const results = direct ? own : helpers.length ? convForwardHelpers.resultFloats(out.length) : own;
  const imageIn = inHeight * inWidth * channels;
  const imageOut = outHeight * outWidth * outChannels;
  const { wasm, run, heapFloats } = localPart();
  for (let n = 0; n < batch; n++) {
    const common = [inHeight, inWidth, channels, filterHeight, filterWidth, outChannels, g.padTop, g.padLeft, g.padRight];
    const argsOf = (part: [number, number], outAt: number) => [xAt + n * imageIn, wAt, outAt + n * imageOut, ...common, ...part];
    const requests = helpers.map((helper, k) =>
      convForwardHelpers.dispatch(helper, data.buffer as SharedArrayBuffer, results.buffer as SharedArrayBuffer, argsOf(parts[k + 1], direct ? out.byteOffset / 4 : 0)));
    run(wasm, data, own, argsOf(parts[0], 0), heapFloats);
    for (let k = 1; k < parts.length; k++) {
      const helper = helpers[k - 1];
      const [first, last] = parts[k];
      if (helper && convForwardHelpers.finished(helper, requests[k - 1])) {
        if (!direct) {
          const from = n * imageOut + first * outWidth * outChannels;
          own.set(results.subarray(from, n * imageOut + last * outWidth * outChannels), from);
        }
      } else run(wasm, data, own, argsOf(parts[k], 0), heapFloats);
    }
  }
}
