/**
 * A node type is data (ports, params, help) plus an async `run`. UI, validator and runner all
 * read the same definition. `run` reaches the world only through `ctx`.
 */
import type { ErrorCode } from './errors.ts';
import type { ParamSchema } from './params.ts';
import type { PortType } from './ports.ts';
import type { Value } from './values.ts';

export interface PortSpec {
  name: string;
  type: PortType;
  /** Optional inputs may stay unconnected. */
  optional?: boolean;
  description?: string;
}

export type NodeCategory = 'io' | 'synth' | 'prep' | 'pansharpen' | 'unmix' | 'detect' | 'metrics';

/** Random-access view of a file opened for reading. */
export interface RandomAccessFile {
  readonly path: string;
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface WriteOptions {
  overwrite: boolean;
}

/** File access for nodes. Paths given by params are resolved by `resolveInput`/`resolveOutput`. */
export interface NodeFiles {
  /** Absolute path of a file the node reads (relative paths resolve against the graph's folder). */
  resolveInput(path: string): string;
  /** Absolute path of a file the node writes (relative paths resolve against `--out` when given, else the graph's folder). */
  resolveOutput(path: string): string;
  readFile(absPath: string): Promise<Uint8Array>;
  open(absPath: string): Promise<RandomAccessFile>;
  exists(absPath: string): Promise<boolean>;
  /**
   * Writes atomically: data goes to a temporary file beside the target, then is renamed over it.
   * Refuses (FILE_EXISTS) when the target exists and `overwrite` is false. Records the path as an output.
   * `data` may be bytes or a function that writes the temp file itself (for streamed writes).
   */
  writeAtomic(absPath: string, data: Uint8Array | string | ((tmpPath: string) => Promise<void>), options: WriteOptions): Promise<void>;
}

export interface ProgressExtra {
  /** Live series points, e.g. { loss: 0.012 } at step `step` (the editor plots them). */
  series?: Record<string, number>;
  step?: number;
}

export interface NodeContext {
  nodeId: string;
  signal: AbortSignal;
  /** fraction in [0, 1]; message is shown on the node (e.g. "band 12/159"). */
  progress(fraction: number, message?: string, extra?: ProgressExtra): void;
  log(message: string): void;
  /** Throws CancelledError when the run was cancelled. Call it in long loops. */
  checkAbort(): void;
  files: NodeFiles;
  /** The tensor runtime (TensorFlow.js core with the chosen backend). */
  tf: typeof import('@tensorflow/tfjs-core');
  /** Name of the tensor backend in use: 'tensorflow', 'wasm', 'cpu', ... */
  backend: string;
  /** The graph being run, canonical JSON, so writers can embed it as metadata (a result reopens as its graph). */
  graphJson?: string;
  /**
   * Outputs worth keeping if the run is cancelled; never cached. Call it with the best result so
   * far (some or all output ports, e.g. after each band); the latest call wins. When the node is
   * cancelled the engine publishes them as its last outputs (previews, getOutput) while its status
   * stays `cancelled`. Pass values the node will not modify afterwards (the engine keeps the
   * references). Optional: contexts outside the engine may omit it.
   */
  keepPartial?(outputs: NodeOutputs): void;
}

export type NodeInputs = Record<string, Value | undefined>;
export type NodeOutputs = Record<string, Value>;

/** A problem `checkFiles` found: with `file`, the file itself cannot be read; else the param does not fit it. */
export interface FileProblem {
  param: string;
  message: string;
  file?: string;
  /** The error's code when it had one (FILE_NOT_FOUND, FILE_FORMAT, PARAM_INVALID, ...). */
  code?: ErrorCode;
}

export interface NodeDefinition<P extends Record<string, unknown> = Record<string, any>> {
  /** `category.name`; never changes once shipped. */
  id: string;
  /** Bump when results change for the same inputs and params (invalidates caches). */
  version: number;
  title: string;
  category: NodeCategory;
  /** In-app help: what it does, the paper it follows, units, pitfalls. Markdown. */
  description: string;
  inputs: PortSpec[];
  /** Optional inputs of which at least one must be connected (metrics.compare's m1..m12); checked by `validate`. */
  requireOneOf?: string[];
  outputs: PortSpec[];
  params: ParamSchema;
  /** Extra cross-param checks done by `validate` (e.g. from < to). Returns messages naming the param. */
  checkParams?(params: P): { param: string; message: string }[];
  /**
   * Checks of params against the input files' headers, done by `validate` and before a CLI run once every
   * input file exists (cheap reads only: a header, not the data). Returns messages naming the param.
   */
  checkFiles?(params: P, files: NodeFiles): Promise<FileProblem[]>;
  run(inputs: NodeInputs, params: P, ctx: NodeContext): Promise<NodeOutputs>;
}

/** The serialisable part of a definition, for `nodes --json` and the editor. */
export interface NodeInfo {
  id: string;
  version: number;
  title: string;
  category: NodeCategory;
  description: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  params: ParamSchema;
}

export function nodeInfo(def: NodeDefinition): NodeInfo {
  const { id, version, title, category, description, inputs, outputs, params } = def;
  return { id, version, title, category, description, inputs, outputs, params };
}

/** Identity helper that types a definition. */
export function defineNode<P extends Record<string, unknown>>(def: NodeDefinition<P>): NodeDefinition<P> {
  return def;
}
