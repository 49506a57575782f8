/**
 * Loads the AssemblyScript local-RX kernel (assembly/cholesky.ts, committed as base64 in
 * cholesky-wasm.ts) once per thread. Callers write their inputs straight into views on the
 * module's memory (no copies); views stay valid until the next call of a function of this file.
 */
import { choleskyWasm } from './cholesky-wasm.ts';

interface CholeskyExports {
  memory: WebAssembly.Memory;
  mahalanobis(c: number, l: number, x: number, y: number, k: number, loading: number): number;
  addRowSums(columns: number, row: number, cols: number, k: number, sign: number): void;
  prefixSums(columns: number, out: number, cols: number, terms: number): void;
  windowCovariance(outer: number, inner: number, o0: number, o1: number, i0: number, i1: number, k: number, cov: number, mean: number, pixel: number, x: number, scratch: number): number;
}

const pageBytes = 65536;
let instance: CholeskyExports | undefined;

function exportsOf(): CholeskyExports {
  instance ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(choleskyWasm, 'base64')), {
    env: { abort: () => { throw new Error('cholesky kernel aborted'); } },
  }).exports as unknown as CholeskyExports;
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

/** Bytes of module memory localRxKernel(k, cols) needs. */
export function localRxBytes(k: number, cols: number): number {
  const terms = 1 + k + (k * (k + 1)) / 2;
  return layout(cols * terms, cols * terms, (cols + 1) * terms, (cols + 1) * terms, cols * k, k * k, k * k, k, k, k, k, 2).end;
}

export interface LocalRxKernel {
  /** One image row, centred, cols × k float64: fill it, then addRow. */
  row: Float64Array;
  /** The pixel (centred like `row`), k float64: fill it, then score. */
  pixel: Float64Array;
  /** Adds (sign 1) or removes (−1) `row` to/from the outer or inner band's column sums. */
  addRow(band: 'outer' | 'inner', sign: number): void;
  /** Prefix sums of both bands along the row (after the row updates of an output row). */
  prefix(): void;
  /**
   * Background count n of the window (columns [o0, o1) of the outer band minus [i0, i1) of the inner)
   * and, when n ≥ 2, the pixel's score x^T (C + δI)^{-1} x with the smallest δ in 0, ridge·tr(C)/k·10^m
   * (m = 0..10) that makes the matrix positive definite (0 if none does).
   */
  score(o0: number, o1: number, i0: number, i1: number, ridge: number): { count: number; score: number };
}

/** The local-RX kernel for k bands and rows of `cols` pixels (the column sums start at zero). */
export function localRxKernel(k: number, cols: number): LocalRxKernel {
  const wasm = exportsOf();
  const terms = 1 + k + (k * (k + 1)) / 2;
  const { offsets, end } = layout(cols * terms, cols * terms, (cols + 1) * terms, (cols + 1) * terms, cols * k, k * k, k * k, k, k, k, k, 2);
  const [outerColumns, innerColumns, outerPrefix, innerPrefix, row, cov, lower, pixel, x, y, mean, scratch] = offsets;
  const buffer = memoryOf(wasm, end);
  new Float64Array(buffer, outerColumns, 2 * cols * terms).fill(0);
  const trace = new Float64Array(buffer, scratch, 1);
  return {
    row: new Float64Array(buffer, row, cols * k),
    pixel: new Float64Array(buffer, pixel, k),
    addRow: (band, sign) => wasm.addRowSums(band === 'outer' ? outerColumns : innerColumns, row, cols, k, sign),
    prefix: () => {
      wasm.prefixSums(outerColumns, outerPrefix, cols, terms);
      wasm.prefixSums(innerColumns, innerPrefix, cols, terms);
    },
    score: (o0, o1, i0, i1, ridge) => {
      const count = wasm.windowCovariance(outerPrefix, innerPrefix, o0, o1, i0, i1, k, cov, mean, pixel, x, scratch);
      if (count < 2) return { count, score: 0 };
      const base = ridge * Math.max(trace[0] / k, 1e-30);
      let loading = 0;
      for (let attempt = 0; attempt < 12; attempt++) {
        const score = wasm.mahalanobis(cov, lower, x, y, k, loading);
        if (score >= 0) return { count, score };
        loading = loading === 0 ? base : loading * 10;
      }
      return { count, score: 0 };
    },
  };
}
