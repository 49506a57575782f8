/**
 * Loads the AssemblyScript Cholesky kernel (assembly/cholesky.ts, committed as base64 in
 * cholesky-wasm.ts) once per thread. The caller fills `covariance` (k × k, lower triangle read) and
 * `x` in place, which are views on the module's memory (no copies), then asks for the score.
 */
import { choleskyWasm } from './cholesky-wasm.ts';

interface CholeskyExports {
  memory: WebAssembly.Memory;
  mahalanobis(c: number, l: number, x: number, y: number, k: number, loading: number): number;
}

const pageBytes = 65536;
let instance: CholeskyExports | undefined;

export interface MahalanobisKernel {
  /** k × k row-major float64, the matrix C (only the lower triangle is read). */
  covariance: Float64Array;
  /** The vector x (length k). */
  x: Float64Array;
  /** x^T (C + loading·I)^{-1} x, or −1 when C + loading·I is not positive definite. */
  score(loading: number): number;
}

/** A kernel for k × k problems; its views stay valid until the next call of this function. */
export function mahalanobisKernel(k: number): MahalanobisKernel {
  instance ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(choleskyWasm, 'base64')), {
    env: { abort: () => { throw new Error('cholesky kernel aborted'); } },
  }).exports as unknown as CholeskyExports;
  const wasm = instance;
  const matrixBytes = k * k * 8;
  const c = pageBytes;
  const l = c + Math.ceil(matrixBytes / 16) * 16;
  const x = l + Math.ceil(matrixBytes / 16) * 16;
  const y = x + Math.ceil((k * 8) / 16) * 16;
  const end = y + k * 8;
  const have = wasm.memory.buffer.byteLength;
  if (end > have) wasm.memory.grow(Math.ceil((end - have) / pageBytes));
  return {
    covariance: new Float64Array(wasm.memory.buffer, c, k * k),
    x: new Float64Array(wasm.memory.buffer, x, k),
    score: (loading) => wasm.mahalanobis(c, l, x, y, k, loading),
  };
}
