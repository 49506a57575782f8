/**
 * EngineHostApi over a worker thread: nodes execute in the worker so the host's event loop
 * stays free (CLI progress, `serve`, Electron main). Validation and the catalogue use a
 * registry loaded in the main thread. Cancel = abort signal in the worker; a node that does
 * not stop within `graceMs` gets its worker terminated (a fresh one starts on the next call)
 * and the temporary files it was writing are deleted, so no partial output remains.
 */
import { Worker } from 'node:worker_threads';
import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GraphDoc } from '../core/graph.ts';
import type { RunEvent, RunSummary } from '../core/events.ts';
import type { Registry } from '../core/registry.ts';
import type { Value } from '../core/values.ts';
import { compile } from './compile.ts';
import type { EngineHostApi, RunHandle, RunOptions } from './host-api.ts';
import { inputFileProblems } from './input-files.ts';
import type { HostMessage, WorkerMessage } from './worker-protocol.ts';
import { RunTracker } from './run-tracker.ts';

export interface EngineHostOptions {
  /** Absolute path or file URL of a module exporting `defaultRegistry()` or `registry` (default nodes/registry.ts). */
  registryModule?: string;
  /** Ms a cancelled node gets to stop before its worker is terminated (default 2000). */
  graceMs?: number;
  /** On-disk cache folder (default: $BANDWIRE_CACHE_DIR, $XDG_CACHE_HOME/bandwire, ~/.cache/bandwire). */
  diskCacheDir?: string;
}

export interface EngineHost extends EngineHostApi {
  /** Resolves once the main-thread registry is loaded (catalogue/validate need it). */
  ready: Promise<void>;
  /** The main-thread registry (after `ready`). */
  readonly registry: Registry;
}

const DEFAULT_REGISTRY = fileURLToPath(new URL('../nodes/registry.ts', import.meta.url));
const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export async function loadRegistry(module: string): Promise<Registry> {
  const url = module.startsWith('file:') ? module : pathToFileURL(module).href;
  const mod = await import(url);
  if (typeof mod.defaultRegistry === 'function') return mod.defaultRegistry();
  if (mod.registry) return mod.registry;
  throw new Error(`${module} exports neither defaultRegistry() nor registry`);
}

/** Creates a host; `await host.ready` before calling catalogue() or validate(). */
export function createEngineHost(options: EngineHostOptions = {}): EngineHost {
  const registryModule = options.registryModule ?? DEFAULT_REGISTRY;
  const graceMs = options.graceMs ?? 2000;
  let registry: Registry | undefined;
  const ready = loadRegistry(registryModule).then((r) => void (registry = r));
  ready.catch(() => {});
  const needRegistry = (): Registry => {
    if (!registry) throw new Error('engine host: registry not loaded yet (await host.ready first)');
    return registry;
  };

  let worker: Worker | undefined;
  const cancelFlag = new SharedArrayBuffer(4);
  const temps = new Set<string>();
  const runs = new Map<number, RunTracker>();
  const requests = new Map<number, (m: Extract<WorkerMessage, { type: 'reply' }>) => void>();
  let seq = 0;

  const onMessage = (m: WorkerMessage) => {
    if (m.type === 'temp') {
      if (m.live) temps.add(m.path);
      else temps.delete(m.path);
    } else if (m.type === 'event') {
      runs.get(m.run)?.event(m.event);
    } else if (m.type === 'reply') {
      requests.get(m.request)?.(m);
      requests.delete(m.request);
    }
  };

  /** Ends the worker: removes temp files, settles every run and request. */
  const kill = async (why: string, cancelled = false) => {
    const w = worker;
    worker = undefined;
    if (w) await w.terminate();
    for (const t of temps) rmSync(t, { force: true });
    temps.clear();
    for (const r of runs.values()) r.abandon(why, cancelled);
    runs.clear();
    for (const [id, reply] of requests) reply({ type: 'reply', request: id, error: why });
    requests.clear();
  };

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const w = new Worker(WORKER_ENTRY, {
      workerData: { registryModule, cancelFlag, diskCacheDir: options.diskCacheDir },
      execArgv: [],
    });
    w.on('message', onMessage);
    w.on('error', (e) => {
      if (worker === w) void kill(`engine worker crashed: ${e.message}`);
    });
    w.on('exit', () => {
      if (worker === w) void kill('engine worker exited');
    });
    worker = w;
    return w;
  };

  const send = (m: HostMessage) => ensureWorker().postMessage(m);

  const request = <T>(m: { type: 'getOutput'; node: string; port: string } | { type: 'runtimeInfo' }): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      requests.set(id, (reply) => (reply.error ? reject(new Error(reply.error)) : resolve(reply.value as T)));
      send({ ...m, request: id } as HostMessage);
    });

  return {
    ready,
    get registry() {
      return needRegistry();
    },
    catalogue: () => needRegistry().catalogue(),
    validate: (doc: GraphDoc) => compile(doc, needRegistry()).diagnostics,
    checkInputFiles: async (doc: GraphDoc, baseDir: string) => {
      const { plan } = compile(doc, needRegistry());
      return plan ? inputFileProblems(plan.nodes, baseDir) : [];
    },
    run(doc: GraphDoc, runOptions: RunOptions, onEvent: (e: RunEvent) => void): RunHandle {
      const run = ++seq;
      const runId = randomUUID();
      const tracker = new RunTracker(doc, onEvent);
      runs.set(run, tracker);
      void tracker.done.finally(() => runs.delete(run));
      send({ type: 'run', run, runId, doc, options: runOptions });
      let timer: NodeJS.Timeout | undefined;
      void tracker.done.finally(() => clearTimeout(timer));
      return {
        runId,
        done: tracker.done,
        cancel() {
          if (tracker.settled || timer) return;
          Atomics.store(new Int32Array(cancelFlag), 0, run);
          worker?.postMessage({ type: 'cancel', run } satisfies HostMessage);
          timer = setTimeout(() => {
            if (!tracker.settled) void kill('node did not stop within the grace period after cancel; its worker was terminated', true);
          }, graceMs);
        },
      };
    },
    async getOutput(node: string, port: string): Promise<Value | undefined> {
      if (!worker) return undefined;
      return request<Value | undefined>({ type: 'getOutput', node, port }).catch(() => undefined);
    },
    runtimeInfo: () => request({ type: 'runtimeInfo' }),
    async dispose() {
      await kill('engine host disposed', true);
    },
  };
}

/** createEngineHost + await ready. */
export async function openEngineHost(options: EngineHostOptions = {}): Promise<EngineHost> {
  const host = createEngineHost(options);
  await host.ready;
  return host;
}

export type { RunSummary };
