/**
 * Optional multithreaded wasm (BANDWIRE_THREADS=n, n > 1). tfjs-backend-wasm 4.22 never uses its
 * threaded build under Node (WASM_HAS_MULTITHREAD_SUPPORT is false when IS_NODE, and its loader
 * hands Emscripten Blob URLs, which Node's worker_threads cannot start). This module instantiates
 * the shipped threaded SIMD build itself with plain file paths (the Emscripten pthread worker
 * script, written once to the temp folder; the main script and .wasm from the package) and
 * registers it as the 'wasm' backend, so the project kernels and XNNPACK's thread pool apply.
 * It depends on tfjs internals (file names in wasm-out/, the `tfjs` cwrap bridge that
 * backend_wasm.ts sets up, the pool size literal), so wasm.ts falls back to the single-thread
 * build when this fails. The shipped script pre-starts 8 pthread workers (~1.5 s and ~140 MB at
 * start-up on 2 cores); the patched copy loaded here pre-starts `threads` (XNNPACK's pthreadpool
 * uses threads - 1 of them; Emscripten starts more on demand).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm, setThreadsCount, version_wasm } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);
/** Emscripten's thread pool in the shipped build (initMainThread: pthreadPoolSize = 8). */
export const maxThreads = 8;

interface EmscriptenModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  tfjs?: Record<string, unknown>;
}

/** Writes `content` to the temp folder as `name` unless it is already there; returns the path. */
function cachedFile(name: string, content: string): string {
  const folder = join(tmpdir(), 'bandwire-wasm');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, name);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== content) {
    // Written beside and renamed, so a concurrent process never loads a half-written script.
    const partial = `${file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(partial, content);
    renameSync(partial, file);
  }
  return file;
}

/** The Emscripten pthread worker script as a .cjs file (content from the package, cached per version). */
function workerScript(outDir: string): string {
  const { wasmWorkerContents } = require(join(outDir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
  // As backend_wasm.ts does: the template literal turned the script's '\n' escapes into newlines.
  return cachedFile(`tfjs-backend-wasm-threaded-simd-${version_wasm}.worker.cjs`, wasmWorkerContents.replace(/\n/g, '\\n'));
}

/**
 * The main script, patched (as a cached copy): Emscripten's pre-started pthread pool cut from 8
 * to `pool` workers, and the pthread workers started with no execArgv (they would inherit the
 * process's: `--input-type=module` makes them parse the script as an ES module, `--import tsx`
 * only slows their start).
 */
function patchedMainScript(mainScript: string, pool: number): string {
  let source = readFileSync(mainScript, 'utf8');
  const edits: [string, string][] = [
    ['var pthreadPoolSize=8;', `var pthreadPoolSize=${pool};`],
    ['worker=new Worker(pthreadMainJs);', 'worker=new Worker(pthreadMainJs,{execArgv:[]});'],
  ];
  for (const [from, to] of edits) {
    if (source.split(from).length !== 2) throw new Error(`tfjs-backend-wasm ${version_wasm}: '${from}' not found once in ${mainScript}`);
    source = source.replace(from, to);
  }
  return cachedFile(`tfjs-backend-wasm-threaded-simd-${version_wasm}-pool${pool}.cjs`, source);
}

async function instantiateThreaded(threads: number): Promise<EmscriptenModule> {
  const packageDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const outDir = join(packageDir, 'wasm-out');
  const mainScript = join(outDir, 'tfjs-backend-wasm-threaded-simd.js');
  const binary = join(packageDir, 'dist', 'tfjs-backend-wasm-threaded-simd.wasm');
  const worker = workerScript(outDir);
  // Pthread workers load the original `mainScript` (the patches matter only on this thread).
  const factory = require(patchedMainScript(mainScript, threads)) as (config: Record<string, unknown>) => Promise<EmscriptenModule>;
  // The C++ side caps the pool at emscripten_num_logical_cores() / 2 (it assumes 2 hyperthreads
  // per core), read once while the module initialises; under Node that is os.cpus().length. Report
  // twice the requested threads for that moment so `threads` is honoured (on 2 cores: 2, not 1).
  const os = require('node:os') as typeof import('node:os');
  const cpus = os.cpus;
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
  let module: EmscriptenModule;
  try {
    module = await factory({
      locateFile: (path: string, prefix: string) => (path.endsWith('.worker.js') ? worker : path.endsWith('.wasm') ? binary : prefix + path),
      mainScriptUrlOrBlob: mainScript,
    });
  } finally {
    os.cpus = cpus;
  }
  // The bridge backend_wasm.ts's init() adds after instantiation.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return module;
}

/** Replaces the 'wasm' backend's factory with the threaded build using `threads` threads. */
export function useThreadedWasm(threads: number): void {
  if (!Number.isInteger(threads) || threads < 2 || threads > maxThreads) throw new Error(`threads must be an integer in 2..${maxThreads}, got ${threads}`);
  setThreadsCount(threads);
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => new BackendWasm((await instantiateThreaded(threads)) as unknown as ConstructorParameters<typeof BackendWasm>[0]), 2);
}
