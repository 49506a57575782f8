/**
 * Thread plumbing of the SIMD moments module: runs a job of the block loops (moments-blocks.ts)
 * over BIP Float32Array pixels in chunks of ~1 MB. Large inputs use two threads: this one and a
 * helper worker thread (its own module instance, started once and kept) fed chunk by chunk through
 * shared staging memory; float64 totals are added by the caller, so results do not depend on the
 * split beyond float64 rounding.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { KERNEL_SOURCE } from './moments-blocks.ts';
import { momentsRelaxedWasm, momentsWasm } from './moments-wasm.ts';
import { kernelModule } from './relaxed-simd.ts';

/** Inputs below this many pixels × bands stay on one thread (a helper's start costs ~ms). */
const PARALLEL_VALUES = 1 << 20;
/** Longest wait for a helper (a crashed helper must not hang the run forever). */
const HELPER_TIMEOUT_MS = 30 * 60 * 1000;

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
parentPort.on('message', ({ module, job, staging, slotBytes, control, port, chunkPixels, chunks }) => {
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

export type Outputs = Record<string, Float32Array | Float64Array>;
export type Totals = Record<string, Float64Array | undefined>;
interface Kernels {
  start(job: Record<string, unknown>): unknown;
  step(state: unknown, data: Float32Array, pixels: number): Outputs | undefined;
  finish(state: unknown): Totals;
}

let compiled: WebAssembly.Module | undefined;
let kernels: Kernels | undefined;
let helper: Worker | undefined;
/** Staging slots shared with the helper (SLOTS × slot bytes), kept between jobs. */
let staging: SharedArrayBuffer | undefined;

function moduleOf(): WebAssembly.Module {
  compiled ??= kernelModule(momentsWasm, momentsRelaxedWasm);
  return compiled;
}

let instance: WebAssembly.Exports | undefined;

/** This thread's instance of the module (its exports: the kernels and `memory`). */
export function momentsExports(): WebAssembly.Exports {
  instance ??= new WebAssembly.Instance(moduleOf(), { env: { abort: () => { throw new Error('moments kernel aborted'); } } }).exports;
  return instance;
}

function kernelsOf(): Kernels {
  kernels ??= new Function('wasm', KERNEL_SOURCE)(momentsExports()) as Kernels;
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

export interface Split {
  /** Per-pixel outputs in pixel order (concatenated), when the job has them. */
  outputs?: Outputs;
  /** Totals of this thread and of the helper. */
  totals: Totals[];
}

/**
 * Runs `job` over `data` in chunks of ~1 MB: with two threads (`split` and a large input) the odd
 * chunks go to the helper through staging slots of shared memory (one memcpy each; the slots are
 * kept between jobs, so no page faults) while this thread computes the even ones from `data`
 * directly; else all chunks here.
 */
export function runJob(job: Record<string, unknown> & { pixels: number; bands: number }, data: Float32Array, checkAbort: (() => void) | undefined, split: boolean): Split {
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
  // The staging memory is kept between jobs (a fresh one costs page faults: ~3 ms for 4 MB), but
  // dropped after a cancelled job, whose helper may still be reading a slot.
  if (!staging || staging.byteLength < SLOTS * slotBytes) staging = new SharedArrayBuffer(SLOTS * Math.max(slotBytes, CHUNK_BYTES));
  const control = new Int32Array(new SharedArrayBuffer(16));
  const { port1, port2 } = new MessageChannel();
  const slots = staging;
  helper.postMessage({ module: moduleOf(), job, staging: slots, slotBytes, control, port: port2, chunkPixels, chunks: helperChunks }, [port2]);
  let sent = 0;
  const fill = () => {
    while (sent < helperChunks && sent - Atomics.load(control, CONSUMED) < SLOTS) {
      const chunk = 2 * sent + 1;
      const count = Math.min(chunkPixels, pixels - chunk * chunkPixels);
      new Float32Array(slots, (sent % SLOTS) * slotBytes, count * bands).set(data.subarray(chunk * chunkPixels * bands, (chunk * chunkPixels + count) * bands));
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
    staging = undefined;
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
