/**
 * Helper threads for the synchronous SIMD kernels (filter gradient, forward convolution) on the
 * threaded wasm backend. A pool is one kind of job: each helper is a worker_thread holding its own
 * instance of the kernel's wasm module and running `job` (plain JavaScript, see below) on request.
 * The calling thread posts a part, computes its own part meanwhile, then waits (Atomics.wait: the
 * tfjs kernel call is synchronous). Inputs are read from a shared data buffer (the backend's own
 * heap when it is a SharedArrayBuffer: no copy; else a shared copy); results go to a shared buffer
 * (a separate one, or the data buffer itself for outputs that live on the heap).
 * A helper that is not started yet, fails or times out is dropped and its part computed by the
 * caller, so values never depend on the helpers.
 *
 * Control words (Int32Array over a small SharedArrayBuffer per helper):
 *   0 request number (caller increments), 1 finished request number (helper sets),
 *   2 status of the last request (1 ok, 2 failed), 3 ready (helper sets once started),
 *   4.. the job's integer arguments.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

const REQUEST = 0;
const FINISHED = 1;
const STATUS = 2;
const READY = 3;
const ARGUMENTS = 4;
/** A helper that has not answered in this long is dropped and its part computed by the caller. */
const timeoutMs = 60_000;

/**
 * The worker's script (plain JavaScript run with `eval`, no loader). `job` is the body of
 * `function (wasm, data, results, args, heapFloats)`: `data`/`results` are Float32Arrays over the
 * shared buffers, `args` the integer arguments, `heapFloats(bytes)` grows the module memory to at
 * least `bytes` and returns a Float32Array over it.
 */
function helperSource(name: string, job: string, argumentCount: number): string {
  return `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { module, control: controlBuffer, port } = workerData;
const control = new Int32Array(controlBuffer);
const wasm = new WebAssembly.Instance(module, { env: { abort() { throw new Error(${JSON.stringify(`${name} kernel aborted`)}); } } }).exports;
const run = new Function('wasm', 'data', 'results', 'args', 'heapFloats', ${JSON.stringify(job)});
const heapFloats = (bytes) => {
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / 65536));
  return new Float32Array(wasm.memory.buffer);
};
let data;
let results;
let seen = 0;
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
    run(wasm, data, results, Array.from(control.subarray(${ARGUMENTS}, ${ARGUMENTS + argumentCount})), heapFloats);
  } catch {
    status = 2;
  }
  Atomics.store(control, ${STATUS}, status);
  Atomics.store(control, ${FINISHED}, seen);
  Atomics.notify(control, ${FINISHED});
}
`;
}

export interface Helper {
  worker: Worker;
  control: Int32Array;
  port: MessagePort;
  /** The data and results buffers this helper holds (posted again when either changes). */
  sentData?: SharedArrayBuffer;
  sentResults?: SharedArrayBuffer;
  broken: boolean;
}

/** A shared buffer of at least `floats` float32 values (reused while large enough). */
function grown(buffer: SharedArrayBuffer | undefined, floats: number): SharedArrayBuffer {
  return buffer && buffer.byteLength >= floats * 4 ? buffer : new SharedArrayBuffer(Math.ceil(floats * 1.25) * 4);
}

/** Helpers of one kernel job, started lazily on the thread that uses them. */
export class HelperPool {
  private readonly helpers: Helper[] = [];
  private sharedData: SharedArrayBuffer | undefined;
  private sharedResults: SharedArrayBuffer | undefined;
  /** Parts computed by helpers, and parts a helper was asked for but the caller computed (tests read these). */
  readonly stats = { completed: 0, fallbacks: 0 };

  constructor(private readonly name: string, private readonly job: string, private readonly argumentCount: number) {}

  /** Helpers started and ready. */
  readyCount(): number {
    return this.helpers.filter((h) => !h.broken && Atomics.load(h.control, READY) === 1).length;
  }

  /** Starts helpers (once) until there are `count`; returns those ready now. */
  ready(count: number, module: WebAssembly.Module): Helper[] {
    while (this.helpers.length < count) {
      const control = new Int32Array(new SharedArrayBuffer(4 * (ARGUMENTS + this.argumentCount)));
      const { port1, port2 } = new MessageChannel();
      // No execArgv: the process's (--import tsx, --input-type=module) do not apply to this script.
      const worker = new Worker(helperSource(this.name, this.job, this.argumentCount), {
        eval: true, execArgv: [], workerData: { module, control: control.buffer, port: port2 }, transferList: [port2],
      });
      const helper: Helper = { worker, control, port: port1, broken: false };
      worker.on('error', () => { helper.broken = true; });
      worker.on('exit', () => { helper.broken = true; });
      // The helper only ever runs while a caller waits for it: it must not keep the process alive.
      worker.unref();
      port1.unref();
      this.helpers.push(helper);
    }
    return this.helpers.slice(0, count).filter((h) => !h.broken && Atomics.load(h.control, READY) === 1);
  }

  /** The shared copy buffer for inputs that do not already live in shared memory. */
  dataFloats(floats: number): Float32Array {
    this.sharedData = grown(this.sharedData, floats);
    return new Float32Array(this.sharedData);
  }

  /** A shared buffer for the helpers' results. */
  resultFloats(floats: number): Float32Array {
    this.sharedResults = grown(this.sharedResults, floats);
    return new Float32Array(this.sharedResults);
  }

  /** Posts one request with its data and results buffers and the job's integer arguments. */
  dispatch(helper: Helper, data: SharedArrayBuffer, results: SharedArrayBuffer, args: number[]): number {
    if (args.length !== this.argumentCount) throw new Error(`${this.name} helper: ${args.length} arguments, expected ${this.argumentCount}`);
    if (helper.sentData !== data || helper.sentResults !== results) {
      helper.port.postMessage({ data, results });
      helper.sentData = data;
      helper.sentResults = results;
    }
    helper.control.set(args, ARGUMENTS);
    const request = Atomics.load(helper.control, REQUEST) + 1;
    Atomics.store(helper.control, REQUEST, request);
    Atomics.notify(helper.control, REQUEST);
    return request;
  }

  /** Waits for `request`; true when the helper finished it successfully (else it is dropped). */
  finished(helper: Helper, request: number): boolean {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const done = Atomics.load(helper.control, FINISHED);
      if (done === request) break;
      const left = deadline - performance.now();
      if (left <= 0 || helper.broken) {
        helper.broken = true;
        this.stats.fallbacks++;
        return false;
      }
      Atomics.wait(helper.control, FINISHED, done, left);
    }
    if (Atomics.load(helper.control, STATUS) === 1) {
      this.stats.completed++;
      return true;
    }
    helper.broken = true;
    this.stats.fallbacks++;
    return false;
  }
}
