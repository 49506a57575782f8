/**
 * The engine worker thread: loads the node registry and the tensor runtime, compiles and
 * executes graphs sent by the host one run at a time, streams events back, keeps the last
 * outputs of every node for `getOutput`, and the in-memory cache across runs of a session.
 * Started through worker-entry.mjs (which registers tsx).
 */
import { serializeGraph } from '../core/graph.ts';
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { RunEvent, RunSummary } from '../core/events.ts';
import type { NodeOutputs } from '../core/node-def.ts';
import type { Registry } from '../core/registry.ts';
import { initRuntime, tf } from './runtime/backend.ts';
import { compile } from './compile.ts';
import { DiskCache } from './disk-cache.ts';
import { execute } from './execute.ts';
import { MemoryCache } from './memory-cache.ts';
import type { HostMessage, WorkerData, WorkerMessage } from './worker-protocol.ts';

const port = parentPort!;
const data = workerData as WorkerData;
const cancelFlag = new Int32Array(data.cancelFlag);
const post = (m: WorkerMessage) => port.postMessage(m);

async function loadRegistry(module: string): Promise<Registry> {
  const url = module.startsWith('file:') ? module : pathToFileURL(module).href;
  const mod = await import(url);
  if (typeof mod.defaultRegistry === 'function') return mod.defaultRegistry();
  if (mod.registry) return mod.registry;
  throw new Error(`${module} exports neither defaultRegistry() nor registry`);
}

// Loaded on the first run, so runtimeInfo works even when a node module fails to import.
let registry: Promise<Registry> | undefined;
const memoryCache = new MemoryCache();
const lastOutputs = new Map<string, NodeOutputs>();
const controllers = new Map<number, AbortController>();
let queue: Promise<unknown> = Promise.resolve();

async function run(m: Extract<HostMessage, { type: 'run' }>): Promise<void> {
  const emit = (event: RunEvent) => post({ type: 'event', run: m.run, event });
  const controller = controllers.get(m.run)!;
  try {
    const runtime = await initRuntime();
    registry ??= loadRegistry(data.registryModule);
    const { plan, diagnostics } = compile(m.doc, await registry, { target: m.options.target });
    if (!plan) {
      const summary: RunSummary = { ok: false, backend: runtime.backend, nodes: {}, metrics: {}, outputs: [], diagnostics };
      emit({ type: 'finished', summary });
      return;
    }
    await execute(plan, {
      runId: m.runId,
      baseDir: m.options.baseDir,
      outDir: m.options.outDir,
      signal: controller.signal,
      cancelRequested: () => Atomics.load(cancelFlag, 0) === m.run,
      memoryCache,
      diskCache: m.options.diskCache === false ? undefined : new DiskCache({ dir: data.diskCacheDir }),
      tf,
      backend: runtime.backend,
      graphJson: serializeGraph(m.doc),
      onEvent: emit,
      onTempFile: (path, live) => post({ type: 'temp', path, live }),
      onOutputs: (node, outputs) => lastOutputs.set(node, outputs),
    });
  } catch (e) {
    registry = undefined; // retry the import on the next run
    // A bug in the engine itself: report it as a failed run rather than killing the worker.
    const summary: RunSummary = { ok: false, backend: tf.getBackend() ?? 'unknown', nodes: {}, metrics: {}, outputs: [], diagnostics: [{ code: 'NODE_FAILED', severity: 'error', message: `engine error: ${(e as Error).stack ?? e}` }] };
    emit({ type: 'finished', summary });
  } finally {
    controllers.delete(m.run);
  }
}

port.on('message', (m: HostMessage) => {
  switch (m.type) {
    case 'run':
      controllers.set(m.run, new AbortController());
      queue = queue.then(() => run(m));
      break;
    case 'cancel':
      controllers.get(m.run)?.abort();
      break;
    case 'getOutput': {
      const value = lastOutputs.get(m.node)?.[m.port];
      post({ type: 'reply', request: m.request, value });
      break;
    }
    case 'runtimeInfo':
      initRuntime().then(
        (value) => post({ type: 'reply', request: m.request, value }),
        (e) => post({ type: 'reply', request: m.request, error: String((e as Error).message ?? e) }),
      );
      break;
  }
});

post({ type: 'ready' });
