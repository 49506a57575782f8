/**
 * Runs the AssemblyScript SIMD moments module (assembly/moments.ts, committed as base64 in
 * moments-wasm.ts) over BIP Float32Array pixels, block by block: each block (~192 KB) is copied
 * into the module's memory with rows padded to a multiple of 4 or 8 bands, so cubes of any size
 * need only a few MB of wasm memory. Large inputs use two threads: this one and a helper worker
 * thread (its own module instance, started once and kept) fed chunk by chunk through shared
 * staging memory; float64 totals are added here, so results do not depend on the split beyond
 * float64 rounding. The block loops live in KERNEL_SOURCE, plain JavaScript both threads run.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { momentsWasm } from './moments-wasm.ts';

/** Inputs below this many pixels × bands stay on one thread (a helper's start costs ~ms). */
const PARALLEL_VALUES = 1 << 20;
/** Longest wait for a helper (a crashed helper must not hang the run forever). */
const HELPER_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * The block loops, as plain JavaScript that this thread and the helpers both run: a function of the
 * module's exports `wasm` returning { start(job), step(state, data, pixels), finish(state) }. A job
 * is { kind, pixels, bands, ... }; `step` takes the next `pixels × bands` float32 run of pixels
 * and returns its per-pixel outputs, `finish` the float64 totals.
 * - 'sums': shift (float64, bands) → totals { sum (stride), upper (stride × stride) }, stride =
 *   bands rounded up to 4; 'sums32': the same with float32 products (stride rounded up to 8).
 * - 'project': basis (float64 count × bands), count, shifts (float64 count) → per pixel { values
 *   (float64, count per pixel) }.
 * - 'dots': f (float64, bands), offset, dots, product → per pixel { dots } when asked; totals
 *   { out (float64 bands), total (float64 [1]) }.
 * - 'forms': shift (float32, stride), wt (float32 stride × width), width, lower, vector (float32
 *   width), products → per pixel { norms, cross }; totals { upper (width × width) } with products.
 */
const KERNEL_SOURCE = `
const pageBytes = 65536;
const blockBytes = 192 * 1024;
function layout(sizes) {
  let end = pageBytes;
  const offsets = sizes.map((bytes) => { const offset = end; end += Math.ceil(bytes / 16) * 16; return offset; });
  if (end > wasm.memory.buffer.byteLength) wasm.memory.grow(Math.ceil((end - wasm.memory.buffer.byteLength) / pageBytes));
  return offsets;
}
const rows = (rowBytes) => Math.max(16, Math.floor(blockBytes / rowBytes / 16) * 16);
function start(job) {
  const bands = job.bands;
  const s = { job };
  if (job.kind === 'sums' || job.kind === 'sums32') {
    const single = job.kind === 'sums32';
    s.stride = single ? Math.ceil(bands / 8) * 8 : Math.ceil(bands / 4) * 4;
    const rowBytes = s.stride * (single ? 4 : 8);
    s.block = rows(rowBytes);
    [s.shiftAt, s.sumsAt, s.matrixAt, s.rawAt, s.blockAt] = layout([s.stride * 8, s.stride * 8, s.stride * s.stride * 8, s.block * bands * 4, s.block * rowBytes]);
    const memory = wasm.memory.buffer;
    if (single) new Float32Array(memory, s.shiftAt, s.stride).fill(0).set(job.shift);
    else new Float64Array(memory, s.shiftAt, s.stride).fill(0).set(job.shift);
    new Float64Array(memory, s.sumsAt, s.stride).fill(0);
    new Float64Array(memory, s.matrixAt, s.stride * s.stride).fill(0);
  } else if (job.kind === 'project') {
    s.block = rows(bands * 4);
    [s.basisAt, s.shiftsAt, s.outAt, s.rawAt] = layout([job.count * bands * 8, job.count * 8, s.block * job.count * 8, s.block * bands * 4]);
    const memory = wasm.memory.buffer;
    new Float64Array(memory, s.basisAt, job.count * bands).set(job.basis);
    new Float64Array(memory, s.shiftsAt, job.count).set(job.shifts);
  } else if (job.kind === 'dots') {
    s.block = rows(bands * 4);
    [s.fAt, s.outAt, s.totalAt, s.dotsAt, s.rawAt] = layout([bands * 8, bands * 8, 8, s.block * 4, s.block * bands * 4]);
    const memory = wasm.memory.buffer;
    new Float64Array(memory, s.fAt, bands).set(job.f);
    new Float64Array(memory, s.outAt, bands).fill(0);
    new Float64Array(memory, s.totalAt, 1).fill(0);
  } else {
    const width = job.width;
    s.stride = Math.ceil(bands / 8) * 8;
    s.block = rows(Math.max(s.stride, width) * 4);
    [s.sumsAt, s.shiftAt, s.wtAt, s.vectorAt, s.normsAt, s.crossAt, s.matrixAt, s.rawAt, s.blockAt, s.yAt] = layout([
      s.stride * 8, s.stride * 4, s.stride * width * 4, width * 4, s.block * 4, s.block * 4,
      job.products ? width * width * 8 : 0, s.block * bands * 4, s.block * s.stride * 4, job.products ? s.block * width * 4 : 0,
    ]);
    const memory = wasm.memory.buffer;
    new Float32Array(memory, s.shiftAt, s.stride).set(job.shift);
    new Float32Array(memory, s.wtAt, s.stride * width).set(job.wt);
    new Float32Array(memory, s.vectorAt, width).set(job.vector);
    if (job.products) new Float64Array(memory, s.matrixAt, width * width).fill(0);
  }
  return s;
}
function step(s, data, pixels) {
  const { job, block } = s;
  const bands = job.bands;
  const memory = wasm.memory.buffer;
  const perPixel = job.kind === 'forms' ? { norms: new Float32Array(pixels), cross: new Float32Array(pixels) }
    : job.kind === 'dots' && job.dots ? { dots: new Float32Array(pixels) }
    : job.kind === 'project' ? { values: new Float64Array(pixels * job.count) } : undefined;
  for (let first = 0; first < pixels; first += block) {
    const count = Math.min(block, pixels - first);
    const padded = Math.ceil(count / 4) * 4;
    new Float32Array(memory, s.rawAt, count * bands).set(data.subarray(first * bands, (first + count) * bands));
    if (job.kind === 'sums') {
      wasm.prepare64(s.rawAt, count, count, bands, s.stride, s.shiftAt, s.blockAt, s.sumsAt);
      wasm.products64(s.blockAt, count, s.stride, s.matrixAt);
    } else if (job.kind === 'sums32') {
      wasm.prepare(s.rawAt, count, padded, bands, s.stride, s.shiftAt, s.blockAt, s.sumsAt);
      wasm.products(s.blockAt, padded, s.stride, s.matrixAt);
    } else if (job.kind === 'project') {
      wasm.project64(s.rawAt, count, bands, s.basisAt, job.count, s.shiftsAt, s.outAt);
      perPixel.values.set(new Float64Array(memory, s.outAt, count * job.count), first * job.count);
    } else if (job.kind === 'dots') {
      wasm.pixelDots(s.rawAt, count, bands, s.fAt, job.offset, perPixel ? s.dotsAt : 0, job.product ? s.outAt : 0, s.totalAt);
      if (perPixel) perPixel.dots.set(new Float32Array(memory, s.dotsAt, count), first);
    } else {
      wasm.prepare(s.rawAt, count, padded, bands, s.stride, s.shiftAt, s.blockAt, s.sumsAt);
      wasm.forms(s.blockAt, padded, s.stride, s.wtAt, job.width, job.lower ? 1 : 0, s.vectorAt, s.normsAt, s.crossAt, job.products ? s.yAt : 0);
      perPixel.norms.set(new Float32Array(memory, s.normsAt, count), first);
      perPixel.cross.set(new Float32Array(memory, s.crossAt, count), first);
      if (job.products) wasm.products(s.yAt, padded, job.width, s.matrixAt);
    }
  }
  return perPixel;
}
function finish(s) {
  const memory = wasm.memory.buffer;
  const { job } = s;
  if (job.kind === 'project') return {};
  if (job.kind === 'dots') return { out: new Float64Array(memory, s.outAt, job.bands).slice(), total: new Float64Array(memory, s.totalAt, 1).slice() };
  if (job.kind === 'forms') return { upper: job.products ? new Float64Array(memory, s.matrixAt, job.width * job.width).slice() : undefined };
  return { sum: new Float64Array(memory, s.sumsAt, s.stride).slice(), upper: new Float64Array(memory, s.matrixAt, s.stride * s.stride).slice() };
}
return { start, step, finish };
`;

/** Shared control words of a split job (Int32Array indices). */
const WRITTEN = 0;
const CONSUMED = 1;
const STATE = 2;
const RUNNING = 0;
const DONE = 1;
const FAILED = 2;
const CANCELLED = 3;
/** Staging slots between this thread and the helper, and the bytes of pixels per chunk. */
const SLOTS = 4;
const CHUNK_BYTES = 1 << 20;

/**
 * Helper thread: for each job, start it on its own module instance, then take the helper's chunks
 * from the staging slots as they are written (Atomics on the control words), and reply on the
 * job's port with the per-pixel outputs of its chunks (concatenated) and its totals.
 */
const HELPER_SOURCE = `
const { parentPort } = require('node:worker_threads');
let kernels;
parentPort.on('message', ({ module, job, staging, control, port, chunkPixels, chunks }) => {
  try {
    if (!kernels) {
      const wasm = new WebAssembly.Instance(module, { env: { abort() { throw new Error('moments kernel aborted'); } } }).exports;
      kernels = new Function('wasm', ${JSON.stringify(KERNEL_SOURCE)})(wasm);
    }
    const state = kernels.start(job);
    const outputs = [];
    for (let j = 0; j < chunks; j++) {
      let written;
      while ((written = Atomics.load(control, ${WRITTEN})) <= j) {
        if (Atomics.load(control, ${STATE}) === ${CANCELLED}) return;
        Atomics.wait(control, ${WRITTEN}, written, 1000);
      }
      if (Atomics.load(control, ${STATE}) === ${CANCELLED}) return;
      const chunk = 2 * j + 1;
      const count = Math.min(chunkPixels, job.pixels - chunk * chunkPixels);
      const slotBytes = staging.byteLength / ${SLOTS};
      outputs.push(kernels.step(state, new Float32Array(staging, (j % ${SLOTS}) * slotBytes, count * job.bands), count));
      Atomics.store(control, ${CONSUMED}, j + 1);
      Atomics.notify(control, ${CONSUMED});
    }
    port.postMessage({ outputs, totals: kernels.finish(state) });
    Atomics.store(control, ${STATE}, ${DONE});
  } catch (error) {
    port.postMessage({ error: String((error && error.stack) || error) });
    Atomics.store(control, ${STATE}, ${FAILED});
  }
  port.close();
  Atomics.notify(control, ${CONSUMED});
  Atomics.notify(control, ${STATE});
});
`;

type Outputs = Record<string, Float32Array | Float64Array>;
type Totals = Record<string, Float64Array | undefined>;
interface Kernels {
  start(job: Record<string, unknown>): unknown;
  step(state: unknown, data: Float32Array, pixels: number): Outputs | undefined;
  finish(state: unknown): Totals;
}

let compiled: WebAssembly.Module | undefined;
let kernels: Kernels | undefined;
let helper: Worker | undefined;

function moduleOf(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(momentsWasm, 'base64'));
  return compiled;
}

function kernelsOf(): Kernels {
  if (!kernels) {
    const wasm = new WebAssembly.Instance(moduleOf(), { env: { abort: () => { throw new Error('moments kernel aborted'); } } }).exports;
    kernels = new Function('wasm', KERNEL_SOURCE)(wasm) as Kernels;
  }
  return kernels;
}

/** Threads for the moments kernels (1 or 2): BANDWIRE_THREADS when set (as the tensor runtime), else the cores. */
export function momentThreads(): number {
  const requested = Number.parseInt(process.env.BANDWIRE_THREADS ?? '', 10);
  return Number.isFinite(requested) && requested >= 1 ? Math.min(2, requested) : Math.min(2, availableParallelism());
}

/** Waits while control[index] === value (at most HELPER_TIMEOUT_MS in all), then checks the helper's state. */
function waitChange(control: Int32Array, index: number, value: number): void {
  if (Atomics.wait(control, index, value, HELPER_TIMEOUT_MS) === 'timed-out') throw new Error('moments kernel: the helper thread did not answer');
}

interface Split {
  /** Per-pixel outputs in pixel order (concatenated), when the job has them. */
  outputs?: Outputs;
  /** Totals of this thread and of the helper. */
  totals: Totals[];
}

/**
 * Runs `job` over `data` in chunks of ~1 MB: with two threads (`split` and a large input) the odd
 * chunks go to the helper through staging slots of shared memory (one memcpy each, no page faults)
 * while this thread computes the even ones from `data` directly; else all chunks here.
 */
function runJob(job: Record<string, unknown> & { pixels: number; bands: number }, data: Float32Array, checkAbort: (() => void) | undefined, split: boolean): Split {
  const { pixels, bands } = job;
  const own = kernelsOf();
  const chunkPixels = Math.max(64, Math.floor(CHUNK_BYTES / (4 * bands)));
  const chunkCount = Math.ceil(pixels / chunkPixels);
  const helperChunks = split && momentThreads() > 1 && pixels * bands >= PARALLEL_VALUES ? Math.floor(chunkCount / 2) : 0;
  const parts: Outputs[] = [];
  const state = own.start(job);
  if (helperChunks === 0) {
    for (let chunk = 0; chunk < chunkCount; chunk++) {
      checkAbort?.();
      const count = Math.min(chunkPixels, pixels - chunk * chunkPixels);
      const out = own.step(state, data.subarray(chunk * chunkPixels * bands, (chunk * chunkPixels + count) * bands), count);
      if (out) parts.push(out);
    }
    return { outputs: parts.length ? concatenate(parts) : undefined, totals: [own.finish(state)] };
  }
  if (!helper) {
    helper = new Worker(HELPER_SOURCE, { eval: true, execArgv: [] });
    helper.unref();
  }
  const slotBytes = chunkPixels * bands * 4;
  const staging = new SharedArrayBuffer(SLOTS * slotBytes);
  const control = new Int32Array(new SharedArrayBuffer(16));
  const { port1, port2 } = new MessageChannel();
  helper.postMessage({ module: moduleOf(), job, staging, control, port: port2, chunkPixels, chunks: helperChunks }, [port2]);
  let sent = 0;
  const fill = () => {
    while (sent < helperChunks && sent - Atomics.load(control, CONSUMED) < SLOTS) {
      const chunk = 2 * sent + 1;
      const count = Math.min(chunkPixels, pixels - chunk * chunkPixels);
      new Float32Array(staging, (sent % SLOTS) * slotBytes, count * bands).set(data.subarray(chunk * chunkPixels * bands, (chunk * chunkPixels + count) * bands));
      Atomics.store(control, WRITTEN, ++sent);
      Atomics.notify(control, WRITTEN);
    }
  };
  const ownParts: Outputs[] = [];
  try {
    for (let chunk = 0; chunk < chunkCount; chunk += 2) {
      fill();
      checkAbort?.();
      const count = Math.min(chunkPixels, pixels - chunk * chunkPixels);
      const out = own.step(state, data.subarray(chunk * chunkPixels * bands, (chunk * chunkPixels + count) * bands), count);
      if (out) ownParts.push(out);
    }
    while (sent < helperChunks) {
      const consumed = Atomics.load(control, CONSUMED);
      if (Atomics.load(control, STATE) !== RUNNING) break;
      if (sent - consumed >= SLOTS) waitChange(control, CONSUMED, consumed);
      fill();
    }
    while (Atomics.load(control, STATE) === RUNNING) waitChange(control, STATE, RUNNING);
  } catch (error) {
    Atomics.store(control, STATE, CANCELLED);
    Atomics.notify(control, WRITTEN);
    port1.close();
    throw error;
  }
  const reply = receiveMessageOnPort(port1)?.message as { outputs?: (Outputs | undefined)[]; totals?: Totals; error?: string } | undefined;
  port1.close();
  if (!reply?.totals) throw new Error(`moments kernel helper failed: ${reply?.error ?? 'no reply'}`);
  const totals = [own.finish(state), reply.totals];
  if (!ownParts.length) return { totals };
  // Even chunks were computed here, odd ones by the helper.
  const ordered = Array.from({ length: chunkCount }, (_, chunk) => (chunk % 2 === 0 ? ownParts[chunk / 2] : reply.outputs![(chunk - 1) / 2]!));
  return { outputs: concatenate(ordered), totals };
}

/** Concatenates per-chunk outputs (same keys, same array types) in order. */
function concatenate(parts: Outputs[]): Outputs {
  const out: Outputs = {};
  for (const key of Object.keys(parts[0])) {
    const length = parts.reduce((total, part) => total + part[key].length, 0);
    const whole = parts[0][key] instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
    let offset = 0;
    for (const part of parts) {
      whole.set(part[key], offset);
      offset += part[key].length;
    }
    out[key] = whole;
  }
  return out;
}

export interface ShiftedSums {
  /** The shift s subtracted (float64 values; float32-rounded with precision 'float32'). */
  shift: Float64Array;
  /** Σ_p (x_p - s), float64 (length bands). */
  sum: Float64Array;
  /** Σ_p (x_p - s)(x_p - s)^T, float64, full symmetric `bands × bands` row-major. */
  products: Float64Array;
}

/**
 * Σ (x - s) and Σ (x - s)(x - s)^T over the `pixels × bands` BIP data with float64 totals. With s
 * close to the mean (e.g. a subsample's mean) the covariance (products - N d d^T) / (N - 1),
 * d = sum / N, loses nothing to cancellation.
 * - 'float64' (default): float64 products and sums (the float32 pixels are widened exactly; f64x2
 *   SIMD, upper triangle only: bands²/2 MACs per pixel), as numpy/BLAS.
 * - 'float32': float32 products, partial sums over 32 pixels flushed into float64 (f32x4, about
 *   twice as fast); on AVIRIS scenes (cond(C) ~ 1e7) its rounding moves C by ~4e-4 in the whitened
 *   metric, so it suits only a first estimate that is then refined (see pixelDots).
 */
export function shiftedSums(data: Float32Array, pixels: number, bands: number, shift: ArrayLike<number>, checkAbort?: () => void, precision: 'float64' | 'float32' = 'float64'): ShiftedSums {
  const single = precision === 'float32';
  const stride = single ? Math.ceil(bands / 8) * 8 : Math.ceil(bands / 4) * 4;
  const used = single ? Float64Array.from(Float32Array.from(shift)) : Float64Array.from(shift);
  const { totals } = runJob({ kind: single ? 'sums32' : 'sums', pixels, bands, shift: used }, data, checkAbort, true);
  const sum = new Float64Array(bands);
  const upper = new Float64Array(stride * stride);
  for (const part of totals) {
    for (let b = 0; b < bands; b++) sum[b] += part.sum![b];
    for (let i = 0; i < upper.length; i++) upper[i] += part.upper![i];
  }
  return { shift: used, sum, products: symmetricFromUpper(upper, stride, bands) };
}

export interface PixelDots {
  /** f32(x_p · f - offset) per pixel, when asked for. */
  dots?: Float32Array;
  /** Σ_p (x_p · f - offset) x_p, float64 (length bands), when asked for. */
  product?: Float64Array;
  /** Σ_p (x_p · f - offset), float64. */
  total: number;
}

/**
 * Float64 dot products x_p · f - offset of every pixel with one vector (f64x2 SIMD, bands MACs per
 * pixel): the filter outputs of MF/CEM (`dots`), and with `product` the exact float64 moment
 * product Σ (x - μ)((x - μ)^T f) = product - total · μ (offset = μ^T f) for iterative refinement.
 */
export function pixelDots(data: Float32Array, pixels: number, bands: number, f: ArrayLike<number>, offset: number, want: { dots?: boolean; product?: boolean }, checkAbort?: () => void): PixelDots {
  // One thread: bands MACs per pixel cost less than copying the pixels to a helper.
  const job = { kind: 'dots', pixels, bands, f: Float64Array.from(f), offset, dots: want.dots === true, product: want.product === true };
  const { outputs, totals } = runJob(job, data, checkAbort, false);
  return { dots: outputs?.dots as Float32Array | undefined, product: want.product ? totals[0].out : undefined, total: totals[0].total![0] };
}

/** The leading `n × n` symmetric matrix whose upper triangle is that of `upper` (row stride `stride`). */
function symmetricFromUpper(upper: Float64Array, stride: number, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      out[i * n + j] = upper[i * stride + j];
      out[j * n + i] = upper[i * stride + j];
    }
  }
  return out;
}

export interface FormOptions {
  /** Pixel offset m subtracted first (in float32); none = 0. */
  offset?: ArrayLike<number>;
  /** The matrix is lower-triangular (M[k, b] = 0 for b > k): half the work. */
  lower?: boolean;
  /** v (length outputs): also return y · v per pixel. */
  vector?: ArrayLike<number>;
  /** Also return Σ_p y_p y_p^T (float64, `outputs × outputs`). */
  products?: boolean;
  checkAbort?: () => void;
}

export interface Forms {
  /** |y_p|² per pixel, y_p = M (x_p - m) (float32 sums). */
  norms: Float32Array;
  /** y_p · v per pixel, when a vector was given. */
  cross?: Float32Array;
  /** Σ_p y_p y_p^T, float64 `outputs × outputs` (float32 products, float64 sums), when asked for. */
  products?: Float64Array;
}

/**
 * Per-pixel quadratic forms of y = M (x - m) for a row-major `outputs × bands` float64 matrix M
 * (used in float32, as are the products): |y|², optionally y · v and the second-moment sum of y.
 * Register-blocked f32x4: 4 pixels × 8 outputs per step, bands × outputs MACs per pixel (half
 * with `lower`).
 */
export function quadraticForms(data: Float32Array, pixels: number, bands: number, matrix: Float64Array, outputs: number, options: FormOptions = {}): Forms {
  const stride = Math.ceil(bands / 8) * 8;
  const width = Math.ceil(outputs / 8) * 8;
  const shift = new Float32Array(stride);
  if (options.offset) shift.set(Float32Array.from(options.offset));
  // wt[b, k] = M[k, b], zero-padded to stride × width.
  const wt = new Float32Array(stride * width);
  for (let k = 0; k < outputs; k++) for (let b = 0; b < bands; b++) wt[b * width + k] = matrix[k * bands + b];
  const vector = new Float32Array(width);
  if (options.vector) vector.set(Float32Array.from(options.vector));
  const job = { kind: 'forms', pixels, bands, shift, wt, width, lower: options.lower === true, vector, products: options.products === true };
  const { outputs: perPixel, totals } = runJob(job, data, options.checkAbort, true);
  let products: Float64Array | undefined;
  if (options.products) {
    const upper = new Float64Array(width * width);
    for (const part of totals) for (let i = 0; i < upper.length; i++) upper[i] += part.upper![i];
    products = symmetricFromUpper(upper, width, outputs);
  }
  return { norms: perPixel!.norms as Float32Array, cross: options.vector ? (perPixel!.cross as Float32Array) : undefined, products };
}

/**
 * Projections onto `count` float64 basis vectors (row-major `count × bands`), float64:
 * out[p·count + k] = basis_k · x_p - shifts[k] (f64x2 SIMD, one thread: count × bands MACs per pixel).
 */
export function pixelProjections(data: Float32Array, pixels: number, bands: number, basis: Float64Array, count: number, shifts: Float64Array, checkAbort?: () => void): Float64Array {
  const { outputs } = runJob({ kind: 'project', pixels, bands, basis, count, shifts }, data, checkAbort, false);
  return outputs!.values as Float64Array;
}
