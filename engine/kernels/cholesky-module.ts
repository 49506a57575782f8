/**
 * Loads the AssemblyScript local-RX kernel (assembly/cholesky.ts, committed as base64 in
 * cholesky-wasm.ts) once per thread. Callers write their inputs straight into views on the
 * module's memory (no copies); views stay valid until the next call of a function of this file.
 */
import { Worker } from 'node:worker_threads';
import { choleskyRelaxedWasm, choleskyWasm } from './cholesky-wasm.ts';
import { kernelModule } from './relaxed-simd.ts';

interface CholeskyExports {
  memory: WebAssembly.Memory;
  mahalanobis(c: number, l: number, x: number, y: number, k: number, loading: number): number;
  addRowSums(columns: number, row: number, cols: number, k: number, sign: number): void;
  prefixSums(columns: number, out: number, cols: number, terms: number): void;
  windowCovariance(outer: number, inner: number, o0: number, o1: number, i0: number, i1: number, k: number, cov: number, mean: number, pixel: number, x: number, scratch: number): number;
}

const pageBytes = 65536;
let compiled: WebAssembly.Module | undefined;
let instance: CholeskyExports | undefined;

function exportsOf(): CholeskyExports {
  compiled ??= kernelModule(choleskyWasm, choleskyRelaxedWasm);
  instance ??= new WebAssembly.Instance(compiled, { env: { abort: () => { throw new Error('cholesky kernel aborted'); } } }).exports as unknown as CholeskyExports;
  return instance;
}

/** Byte offsets of consecutive 16-byte aligned float64 blocks after the reserved first page, and the end. */
function layout(...floats: number[]): { offsets: number[]; end: number } {
  const offsets: number[] = [];
  let at = pageBytes;
  for (const n of floats) {
    offsets.push(at);
    at += Math.ceil((n * 8) / 16) * 16;
  }
  return { offsets, end: at };
}

function memoryOf(wasm: CholeskyExports, end: number): ArrayBuffer {
  const have = wasm.memory.buffer.byteLength;
  if (end > have) wasm.memory.grow(Math.ceil((end - have) / pageBytes));
  return wasm.memory.buffer as ArrayBuffer;
}

export interface MahalanobisKernel {
  /** k × k row-major float64, the symmetric matrix C (only the upper triangle is read). */
  covariance: Float64Array;
  /** The vector x (length k). */
  x: Float64Array;
  /** x^T (C + loading·I)^{-1} x, or −1 when C + loading·I is not positive definite. */
  score(loading: number): number;
}

/** A kernel for one k × k Mahalanobis distance at a time. */
export function mahalanobisKernel(k: number): MahalanobisKernel {
  const wasm = exportsOf();
  const { offsets: [c, l, x, y], end } = layout(k * k, k * k, k, k);
  const buffer = memoryOf(wasm, end);
  return {
    covariance: new Float64Array(buffer, c, k * k),
    x: new Float64Array(buffer, x, k),
    score: (loading) => wasm.mahalanobis(c, l, x, y, k, loading),
  };
}

/**
 * Module memory of one local-RX part (k bands, rows of `cols` pixels): outer and inner column sums,
 * their prefix sums, one centred row, C, L, pixel, x, y, mean, scratch.
 */
function localRxLayout(k: number, cols: number): { offsets: number[]; end: number } {
  const terms = 1 + k + (k * (k + 1)) / 2;
  return layout(cols * terms, cols * terms, (cols + 1) * terms, (cols + 1) * terms, cols * k, k * k, k * k, k, k, k, k, 2);
}

/** Bytes of module memory one local-RX part needs (k bands, rows of `cols` pixels). */
export function localRxBytes(k: number, cols: number): number {
  return localRxLayout(k, cols).end;
}

/**
 * Scores of output rows [rowFirst, rowLast) (plain JavaScript, run alike by this thread and a worker:
 * body of (wasm, data, mean, scores, args, onRow)). args = [rows, cols, k, window, inner, ridge,
 * rowFirst, rowLast, end, ...offsets of localRxLayout]; data: the cube (BIP float32), mean: the global band means (float64), scores:
 * the output (float32, rows × cols). Column sums start with the rows of rowFirst's windows. Returns
 * −1, or the first row whose window leaves fewer than 2 background pixels. onRow(r) after each row.
 */
const PART_SOURCE = `
  const [rows, cols, k, window, inner, ridge, rowFirst, rowLast, end, ...offsets] = args;
  const terms = 1 + k + (k * (k + 1)) / 2;
  const [outerColumns, innerColumns, outerPrefix, innerPrefix, rowAt, cov, lower, pixelAt, x, y, meanAt, scratch] = offsets;
  const have = wasm.memory.buffer.byteLength;
  if (end > have) wasm.memory.grow(Math.ceil((end - have) / 65536));
  const memory = wasm.memory.buffer;
  new Float64Array(memory, outerColumns, 2 * cols * terms).fill(0);
  const row = new Float64Array(memory, rowAt, cols * k);
  const pixel = new Float64Array(memory, pixelAt, k);
  const trace = new Float64Array(memory, scratch, 1);
  const halfOuter = (window - 1) / 2;
  const halfInner = (inner - 1) / 2;
  const addRow = (columns, r, sign) => {
    if (r < 0 || r >= rows) return;
    const base = r * cols * k;
    for (let i = 0, b = 0; i < cols * k; i++, b = b + 1 === k ? 0 : b + 1) row[i] = data[base + i] - mean[b];
    wasm.addRowSums(columns, rowAt, cols, k, sign);
  };
  for (let r = rowFirst - halfOuter - 1; r < rowFirst + halfOuter; r++) addRow(outerColumns, r, 1);
  for (let r = rowFirst - halfInner - 1; r < rowFirst + halfInner; r++) addRow(innerColumns, r, 1);
  for (let r = rowFirst; r < rowLast; r++) {
    addRow(outerColumns, r + halfOuter, 1);
    addRow(outerColumns, r - halfOuter - 1, -1);
    addRow(innerColumns, r + halfInner, 1);
    addRow(innerColumns, r - halfInner - 1, -1);
    wasm.prefixSums(outerColumns, outerPrefix, cols, terms);
    wasm.prefixSums(innerColumns, innerPrefix, cols, terms);
    for (let c = 0; c < cols; c++) {
      const o = (r * cols + c) * k;
      for (let b = 0; b < k; b++) pixel[b] = data[o + b] - mean[b];
      const count = wasm.windowCovariance(outerPrefix, innerPrefix, Math.max(0, c - halfOuter), Math.min(cols, c + halfOuter + 1),
        Math.max(0, c - halfInner), Math.min(cols, c + halfInner + 1), k, cov, meanAt, pixelAt, x, scratch);
      if (count < 2) return r;
      // Growing diagonal loading from ridge · tr(C) / k until C + loading·I is positive definite (else 0).
      const base = ridge * Math.max(trace[0] / k, 1e-30);
      let score = 0;
      for (let attempt = 0, loading = 0; attempt < 12; attempt++, loading = loading === 0 ? base : loading * 10) {
        const value = wasm.mahalanobis(cov, lower, x, y, k, loading);
        if (value >= 0) { score = value; break; }
      }
      scores[r * cols + c] = score;
    }
    onRow(r);
  }
  return -1;
`;

type Part = (wasm: CholeskyExports, data: Float32Array, mean: Float64Array, scores: Float32Array, args: number[], onRow: (row: number) => void) => number;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, source, data, mean, scores, args } = workerData;
try {
  const wasm = new WebAssembly.Instance(module, { env: { abort() { throw new Error('local RX kernel aborted'); } } }).exports;
  const part = new Function('wasm', 'data', 'mean', 'scores', 'args', 'onRow', source);
  parentPort.postMessage({ badRow: part(wasm, new Float32Array(data), new Float64Array(mean), new Float32Array(scores), args, () => {}) });
} catch (e) {
  parentPort.postMessage({ error: String((e && e.message) || e) });
}
`;

let part: Part | undefined;

export interface LocalRxOptions {
  /** Threads (1 or 2): with 2, a worker thread scores the lower half of the rows (large enough images only). */
  threads: number;
  /** Multiply-adds below which one thread does all (default 2e8; tests lower it to exercise the worker). */
  minimumParallelWork?: number;
  /** Called after each row this thread scores (progress; may throw to cancel). */
  onRow: (row: number, rowsOfThisThread: number) => void;
  signal?: AbortSignal;
  /** Tests: the worker fails at once, to check that its rows are scored here instead. */
  simulateWorkerFailure?: boolean;
}

/**
 * Local-RX scores of a BIP float32 cube, float32 [rows × cols]; `mean` are the global band means the
 * pixels are centred with. Returns the scores, or the first row whose window leaves fewer than 2
 * background pixels (`badRow`). A worker that fails has its rows scored on this thread instead.
 */
export async function localRxScores(
  data: Float32Array, mean: Float64Array, rows: number, cols: number, k: number, window: number, inner: number, ridge: number, options: LocalRxOptions,
): Promise<{ scores: Float32Array; badRow: number }> {
  const wasm = exportsOf();
  part ??= new Function('wasm', 'data', 'mean', 'scores', 'args', 'onRow', PART_SOURCE) as Part;
  // A worker pays off from about 2·10^8 multiply-adds (its start costs 30-50 ms).
  const work = rows * cols * (k ** 3 / 6 + 2 * k * k);
  const split = options.threads > 1 && rows >= 8 && work >= (options.minimumParallelWork ?? 2e8) ? Math.ceil(rows / 2) : rows;
  const shared = split < rows;
  const scores = new Float32Array(shared ? new SharedArrayBuffer(rows * cols * 4) : new ArrayBuffer(rows * cols * 4));
  const { offsets, end } = localRxLayout(k, cols);
  const partArgs = (first: number, last: number) => [rows, cols, k, window, inner, ridge, first, last, end, ...offsets];
  let helper: Promise<number> | undefined;
  let worker: Worker | undefined;
  if (shared) {
    const sharedData = data.buffer instanceof SharedArrayBuffer ? data : (() => {
      const copy = new Float32Array(new SharedArrayBuffer(data.byteLength));
      copy.set(data);
      return copy;
    })();
    const sharedMean = new Float64Array(new SharedArrayBuffer(mean.byteLength));
    sharedMean.set(mean);
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: {
        module: compiled, source: options.simulateWorkerFailure ? 'throw new Error("simulated worker failure");' : PART_SOURCE,
        data: sharedData.buffer, mean: sharedMean.buffer, scores: scores.buffer,
        args: partArgs(split, rows),
      },
    });
    worker = w;
    helper = new Promise<number>((resolve, reject) => {
      w.once('message', (m: { badRow?: number; error?: string }) => (m.error !== undefined ? reject(new Error(`local RX worker: ${m.error}`)) : resolve(m.badRow ?? -1)));
      w.once('error', reject);
      w.once('exit', (code) => code !== 0 && reject(new Error(`local RX worker exited with code ${code}`)));
    });
    helper.catch(() => {}); // handled below
  }
  try {
    const badRow = part(wasm, data, mean, scores, partArgs(0, split), (r) => options.onRow(r, split));
    if (badRow >= 0 || !helper) return { scores: shared ? Float32Array.from(scores) : scores, badRow };
    const signal = options.signal;
    let helperBadRow: number;
    try {
      helperBadRow = await new Promise<number>((resolve, reject) => {
        const onAbort = () => reject(new Error('cancelled'));
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        helper!.then(resolve, reject).finally(() => signal?.removeEventListener('abort', onAbort));
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      // The worker failed to start or run: score its rows here (the values do not depend on where).
      helperBadRow = part(wasm, data, mean, scores, partArgs(split, rows), (r) => options.onRow(r - split, rows - split));
    }
    return { scores: Float32Array.from(scores), badRow: helperBadRow };
  } finally {
    void worker?.terminate();
  }
}
