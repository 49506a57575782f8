/**
 * Helper threads for the Conv2DBackpropFilter kernel (wasm backend with more than one thread).
 * Each helper is a worker_thread holding its own instance of the same AssemblyScript module; the
 * calling thread posts a part (a range of channels, see conv-filter-module.ts), computes its own
 * part meanwhile, then waits (Atomics.wait: the kernel call is synchronous) and adds the helper's
 * result. x and dy are read from a shared data buffer: the wasm backend's own heap when it is a
 * SharedArrayBuffer (threaded build: no copy), else a shared copy; each helper writes its
 * filter-sized result into its slot of a separate shared results buffer.
 * A helper that is not started yet, fails or times out has its part computed by the caller, so
 * the values never depend on the helpers (each part is exact: the rest of a part's output is 0).
 *
 * Control words (Int32Array over a small SharedArrayBuffer per helper):
 *   0 request number (caller increments), 1 finished request number (helper sets),
 *   2 status of the last request (1 ok, 2 failed), 3 ready (helper sets once started),
 *   4.. the call: x / dy offsets (floats into the data buffer), result offset (floats into the
 *   results buffer), then the 23 kernel arguments after the pointers.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

const REQUEST = 0;
const FINISHED = 1;
const STATUS = 2;
const READY = 3;
const ARGUMENTS = 4;
/** Offsets (3) + kernel arguments after its three pointers (batch .. bLast: 23). */
const argumentCount = 3 + 23;
/** A helper that has not answered in this long is dropped and its part computed by the caller. */
const timeoutMs = 60_000;

// Plain JavaScript run with `eval` (no loader needed). Copies x and dy into its own module memory
// (layout as the caller's: [64 KiB reserved | x | dy | out], 16-byte aligned), runs its part and
// copies the filter-sized result back.
const helperSource = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { module, control: controlBuffer, port } = workerData;
const control = new Int32Array(controlBuffer);
const wasm = new WebAssembly.Instance(module, { env: { abort() { throw new Error('conv-filter kernel aborted'); } } }).exports;
let data;
let results;
let seen = 0;
const align = (floats) => Math.ceil(floats / 4) * 4;
Atomics.store(control, ${READY}, 1);
for (;;) {
  Atomics.wait(control, ${REQUEST}, seen);
  const request = Atomics.load(control, ${REQUEST});
  if (request === seen) continue;
  seen = request;
  let status = 1;
  try {
    for (let message; (message = receiveMessageOnPort(port)); ) {
      data = new Float32Array(message.message.data);
      results = new Float32Array(message.message.results);
    }
    const [xAt, dyAt, resultAt, ...args] = control.subarray(${ARGUMENTS}, ${ARGUMENTS + argumentCount});
    const [batch, inH, inW, inC, outH, outW, outC, kH, kW] = args;
    const xSize = batch * inH * inW * inC, dySize = batch * outH * outW * outC, filterSize = kH * kW * inC * outC;
    const xOffset = 16384, dyOffset = xOffset + align(xSize), outOffset = dyOffset + align(dySize);
    const end = (outOffset + align(filterSize)) * 4;
    const have = wasm.memory.buffer.byteLength;
    if (end > have) wasm.memory.grow(Math.ceil((end - have) / 65536));
    const heap = new Float32Array(wasm.memory.buffer);
    heap.set(data.subarray(xAt, xAt + xSize), xOffset);
    heap.set(data.subarray(dyAt, dyAt + dySize), dyOffset);
    wasm.convFilterGrad(xOffset * 4, dyOffset * 4, outOffset * 4, ...args);
    results.set(heap.subarray(outOffset, outOffset + filterSize), resultAt);
  } catch {
    status = 2;
  }
  Atomics.store(control, ${STATUS}, status);
  Atomics.store(control, ${FINISHED}, seen);
  Atomics.notify(control, ${FINISHED});
}
`;

interface Helper {
  worker: Worker;
  control: Int32Array;
  port: MessagePort;
  /** The data and results buffers this helper holds (posted again when either changes). */
  sentData?: SharedArrayBuffer;
  sentResults?: SharedArrayBuffer;
  broken: boolean;
}

const helpers: Helper[] = [];
let sharedData: SharedArrayBuffer | undefined;
let sharedResults: SharedArrayBuffer | undefined;

/** Parts computed by helpers, and parts a helper was asked for but the caller computed (tests read these). */
export const helperStats = { completed: 0, fallbacks: 0 };

/** Helpers started and ready on this thread. */
export function readyHelperCount(): number {
  return helpers.filter((h) => !h.broken && Atomics.load(h.control, READY) === 1).length;
}

/** Starts helpers (once, per thread) until there are `count`; returns those ready now. */
export function readyHelpers(count: number, module: WebAssembly.Module): Helper[] {
  while (helpers.length < count) {
    const control = new Int32Array(new SharedArrayBuffer(4 * (ARGUMENTS + argumentCount)));
    const { port1, port2 } = new MessageChannel();
    // No execArgv: the process's (--import tsx, --input-type=module) do not apply to this script.
    const worker = new Worker(helperSource, { eval: true, execArgv: [], workerData: { module, control: control.buffer, port: port2 }, transferList: [port2] });
    const helper: Helper = { worker, control, port: port1, broken: false };
    worker.on('error', () => { helper.broken = true; });
    worker.on('exit', () => { helper.broken = true; });
    // The helper only ever runs while a caller waits for it: it must not keep the process alive.
    worker.unref();
    port1.unref();
    helpers.push(helper);
  }
  return helpers.slice(0, count).filter((h) => !h.broken && Atomics.load(h.control, READY) === 1);
}

/** A shared buffer of at least `floats` float32 values (reused while large enough). */
function grown(buffer: SharedArrayBuffer | undefined, floats: number): SharedArrayBuffer {
  return buffer && buffer.byteLength >= floats * 4 ? buffer : new SharedArrayBuffer(Math.ceil(floats * 1.25) * 4);
}

/** The shared copy buffer for x and dy when they do not already live in shared memory. */
export function sharedDataFloats(floats: number): Float32Array {
  sharedData = grown(sharedData, floats);
  return new Float32Array(sharedData);
}

/** The shared buffer the helpers write their results into. */
export function sharedResultFloats(floats: number): Float32Array {
  sharedResults = grown(sharedResults, floats);
  return new Float32Array(sharedResults);
}

/**
 * Posts one request: x / dy offsets (floats into `data`), result offset (floats into the buffer
 * of the last sharedResultFloats call) and the kernel arguments.
 */
export function dispatch(helper: Helper, data: SharedArrayBuffer, offsets: [number, number, number], args: number[]): number {
  if (helper.sentData !== data || helper.sentResults !== sharedResults) {
    helper.port.postMessage({ data, results: sharedResults });
    helper.sentData = data;
    helper.sentResults = sharedResults;
  }
  helper.control.set([...offsets, ...args], ARGUMENTS);
  const request = Atomics.load(helper.control, REQUEST) + 1;
  Atomics.store(helper.control, REQUEST, request);
  Atomics.notify(helper.control, REQUEST);
  return request;
}

/** Waits for `request`; true when the helper finished it successfully (else it is dropped). */
export function finished(helper: Helper, request: number): boolean {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const done = Atomics.load(helper.control, FINISHED);
    if (done === request) break;
    const left = deadline - performance.now();
    if (left <= 0 || helper.broken) {
      helper.broken = true;
      helperStats.fallbacks++;
      return false;
    }
    Atomics.wait(helper.control, FINISHED, done, left);
  }
  if (Atomics.load(helper.control, STATUS) === 1) {
    helperStats.completed++;
    return true;
  }
  helper.broken = true;
  helperStats.fallbacks++;
  return false;
}
