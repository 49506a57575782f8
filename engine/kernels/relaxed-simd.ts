/**
 * Chooses between the two builds of a project kernel (scripts/build-kernels.mjs compiles kernels
 * that use `ASC_FEATURE_RELAXED_SIMD` twice): relaxed SIMD, whose `f32x4.relaxed_madd` is one
 * fused multiply-add on CPUs with FMA (≈ 1.4× the multiply-add rate of plain SIMD here), or plain
 * SIMD. V8 ships relaxed SIMD from 11.4 (Node 22, Electron ≥ 25); Node 20's V8 11.3 has it behind
 * `--experimental-wasm-relaxed-simd`, which is turned on here at run time (a wasm feature flag,
 * read when a module is validated) when a module needs it. `BANDWIRE_RELAXED_SIMD=0` keeps plain
 * SIMD. Fused and unfused results differ in the last bits; each is deterministic on a machine.
 */
import v8 from 'node:v8';
import { convForwardRelaxedWasm } from './conv-forward-wasm.ts';

export interface RelaxedSimdState {
  enabled: boolean;
  /** How it was decided (for `bandwire doctor`). */
  note: string;
}

let state: RelaxedSimdState | undefined;

/** Decides once per thread, validating `relaxedBytes` (a relaxed build of a kernel). */
function decide(relaxedBytes: Buffer<ArrayBuffer>): RelaxedSimdState {
  if (process.env.BANDWIRE_RELAXED_SIMD?.trim() === '0') return { enabled: false, note: 'off: BANDWIRE_RELAXED_SIMD=0' };
  if (WebAssembly.validate(relaxedBytes)) return { enabled: true, note: 'on (fused multiply-add kernels; native in this V8)' };
  try {
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch (e) {
    return { enabled: false, note: `off: could not enable it (${(e as Error).message})` };
  }
  if (WebAssembly.validate(relaxedBytes)) return { enabled: true, note: 'on (fused multiply-add kernels; V8 flag --experimental-wasm-relaxed-simd set)' };
  return { enabled: false, note: `off: V8 ${process.versions.v8} cannot compile relaxed SIMD (plain SIMD kernels)` };
}

/** The relaxed-SIMD decision of this thread (made now, on a relaxed kernel build, if no kernel was compiled yet). */
export function relaxedSimdState(): RelaxedSimdState {
  state ??= decide(Buffer.from(convForwardRelaxedWasm, 'base64'));
  return state;
}

/** Compiles the relaxed build when this runtime can run it, else the plain one. */
export function kernelModule(plainBase64: string, relaxedBase64: string): WebAssembly.Module {
  const relaxed = Buffer.from(relaxedBase64, 'base64');
  state ??= decide(relaxed);
  return new WebAssembly.Module(state.enabled ? relaxed : Buffer.from(plainBase64, 'base64'));
}
