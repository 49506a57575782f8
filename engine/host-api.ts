/**
 * What a host (CLI, `serve`, Electron main) gets from the engine. Implemented by
 * engine/host.ts, which owns a worker thread where nodes execute, so the host's event loop
 * stays free. Values stay in the worker; `getOutput` copies one out on request (previews).
 */
import type { GraphDoc } from '../core/graph.ts';
import type { Diagnostic } from '../core/errors.ts';
import type { RunEvent, RunSummary } from '../core/events.ts';
import type { NodeInfo } from '../core/node-def.ts';
import type { Value } from '../core/values.ts';

export interface RunOptions {
  /** Folder that relative input paths resolve against (the graph file's folder). */
  baseDir: string;
  /** Folder that relative output paths of writer nodes resolve against (`--out`). */
  outDir?: string;
  /** Run only this node and its ancestors. */
  target?: string;
  /** Use the on-disk cache (default true). */
  diskCache?: boolean;
}

export interface RunHandle {
  runId: string;
  /** Resolves when the run ends (also after cancel); never rejects for node errors. */
  done: Promise<RunSummary>;
  cancel(): void;
}

export interface EngineHostApi {
  catalogue(): NodeInfo[];
  validate(doc: GraphDoc): Diagnostic[];
  /** Input files of a valid graph that are missing, or whose headers do not fit the params (engine/input-files.ts). */
  checkInputFiles(doc: GraphDoc, baseDir: string): Promise<Diagnostic[]>;
  run(doc: GraphDoc, options: RunOptions, onEvent: (e: RunEvent) => void): RunHandle;
  /** The last computed value of `node.port` in this host's session, copied from the worker. */
  getOutput(node: string, port: string): Promise<Value | undefined>;
  /** Backend in use and why (for `doctor` and the editor's status bar). */
  runtimeInfo(): Promise<{ backend: string; reason: string; threads: number; versions: Record<string, string>; kernelSimd?: string }>;
  /** Ends the worker (kills a stuck node). */
  dispose(): Promise<void>;
}
