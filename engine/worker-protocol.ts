/**
 * Messages between the engine host (main thread) and its worker thread.
 * Host → worker: run, cancel, getOutput, runtimeInfo. Worker → host: ready, event, temp, reply.
 * Cancellation is also signalled through a shared Int32Array (`cancelFlag[0]` = the number of
 * the run to cancel) so a node busy in a synchronous loop sees it in `ctx.checkAbort()`.
 */
import type { GraphDoc } from '../core/graph.ts';
import type { RunEvent } from '../core/events.ts';
import type { RunOptions } from './host-api.ts';

export interface WorkerData {
  /** Absolute path or file URL of a module exporting `defaultRegistry()` or `registry`. */
  registryModule: string;
  cancelFlag: SharedArrayBuffer;
  /** On-disk cache folder (undefined: the user's cache folder). */
  diskCacheDir?: string;
}

export type HostMessage =
  | { type: 'run'; run: number; runId: string; doc: GraphDoc; options: RunOptions }
  | { type: 'cancel'; run: number }
  | { type: 'getOutput'; request: number; node: string; port: string }
  | { type: 'runtimeInfo'; request: number };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'event'; run: number; event: RunEvent }
  | { type: 'temp'; path: string; live: boolean }
  | { type: 'reply'; request: number; value?: unknown; error?: string };
