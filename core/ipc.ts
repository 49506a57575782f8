/**
 * The one IPC contract between the editor page and its host (Electron main or `bandwire serve`):
 * named channels, each with a request type, a response type and a runtime validator for the
 * request. The Electron handlers, the preload bridge and the browser-mode client all use it.
 * No Node, DOM or Electron imports here.
 */
import type { Diagnostic } from './errors.ts';
import type { RunEvent } from './events.ts';
import { checkGraph, type GraphDoc } from './graph.ts';
import type { NodeInfo } from './node-def.ts';
import type { MetricCurve, MetricTable } from './values.ts';

/** A request that does not fit its channel's schema; `path` names the field. */
export class IpcError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}

type Check<T> = (value: unknown, path: string) => T;

const fail = (path: string, what: string, value: unknown): never => {
  throw new IpcError(`'${path}' must be ${what}, got ${JSON.stringify(value)?.slice(0, 80) ?? 'undefined'}`);
};
const str: Check<string> = (v, p) => (typeof v === 'string' && v.length <= 4096 ? v : fail(p, 'a string (at most 4096 characters)', v));
const bool: Check<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'true or false', v));
const nodeIdent: Check<string> = (v, p) => (typeof v === 'string' && /^[A-Za-z][A-Za-z0-9_-]*$/.test(v) ? v : fail(p, 'a node id or port name', v));
const int = (min: number, max: number): Check<number> => (v, p) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fail(p, `an integer in [${min}, ${max}]`, v);
const num = (min: number, max: number): Check<number> => (v, p) =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fail(p, `a number in [${min}, ${max}]`, v);
const optional = <T>(check: Check<T>): Check<T | undefined> => (v, p) => (v === undefined || v === null ? undefined : check(v, p));
const tuple3 = (item: Check<number>): Check<[number, number, number]> => (v, p) => {
  if (!Array.isArray(v) || v.length !== 3) return fail(p, 'a list of 3 numbers', v);
  return [item(v[0], `${p}[0]`), item(v[1], `${p}[1]`), item(v[2], `${p}[2]`)];
};
const doc: Check<GraphDoc> = (v, p) => {
  const { doc: parsed, diagnostics } = checkGraph(v, p);
  if (!parsed) throw new IpcError(diagnostics.map((d) => d.message).join('; ') || `'${p}' must be a graph document`);
  return parsed;
};

/** Builds an object validator: unknown keys are refused, every field is checked. */
function object<T extends object>(fields: { [K in keyof T]: Check<T[K]> }): Check<T> {
  return (v, p) => {
    if (v === undefined || v === null) v = {};
    if (typeof v !== 'object' || Array.isArray(v)) return fail(p, 'an object', v);
    const raw = v as Record<string, unknown>;
    for (const key of Object.keys(raw)) if (!(key in fields)) throw new IpcError(`'${p}.${key}' is not a known field`);
    const out = {} as T;
    for (const key of Object.keys(fields) as (keyof T)[]) {
      const value = fields[key](raw[key as string], `${p}.${String(key)}`);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
}

export type Empty = Record<string, never>;

export interface PreviewRequest {
  node: string;
  port: string;
  /** Band indices (0-based) for R, G, B of a cube composite; default true colour or 3 spread bands. */
  bands?: [number, number, number];
  /** Single band to show as a map (overrides `bands`). */
  band?: number;
  /** Longest side of the returned image in pixels (downsampled on the host). */
  maxSize?: number;
  /** Stretch percentiles, default 2 and 98. */
  lowPercent?: number;
  highPercent?: number;
}

export interface PreviewResponse {
  /** PNG bytes, base64. */
  png: string;
  width: number;
  height: number;
  /** Shape of the full raster, so the page maps clicks to pixels: row = floor(y * rows / height). */
  rows: number;
  cols: number;
  bands: number;
  mode: 'rgb' | 'map';
  /** Bands shown (3 for rgb, 1 for map). */
  shownBands: number[];
  /** Stretch limits per shown band (data units). */
  low: number[];
  high: number[];
  /** Colour map name of a map ('viridis'). */
  colormap?: string;
  wavelengths?: number[];
  bandNames?: string[];
  /** Unit of the values ('rad'), when the raster has one. */
  units?: string;
}

export interface SpectrumResponse {
  /** nm; absent when the raster has no wavelengths (the page then plots against band index). */
  wavelengths?: number[];
  values: number[];
  bandNames?: string[];
  /** Unit of the values, when the raster has one. */
  units?: string;
}

/** A non-raster value as JSON: spectra (line plots), metrics (a table). */
export type ValueResponse =
  | { kind: 'spectra'; count: number; bands: number; names: string[]; wavelengths?: number[]; data: number[][] }
  | { kind: 'metrics'; values: Record<string, number>; tables?: Record<string, MetricTable>; curves?: Record<string, MetricCurve>; units?: Record<string, string> }
  | { kind: 'raster'; rows: number; cols: number; bands: number; wavelengths?: number[]; bandNames?: string[] }
  | { kind: 'weights'; model: string; tensors: { name: string; shape: number[] }[] }
  | { kind: 'none' };

export interface OpenResponse {
  /** Absent when the user cancelled a native dialog, and for an example opened as a copy (`copyOf`). */
  path?: string;
  doc?: GraphDoc;
  /** Structural problems (parse errors, schema) and validation problems of the opened file. */
  diagnostics: Diagnostic[];
  /**
   * Set when the file is one of the app's examples: `doc` is then an untitled copy (no `path`, so
   * Save asks for a location) with absolute read paths and write paths rebased under `outputDir`.
   */
  copyOf?: string;
  /** Folder that the example copy's relative outputs were rebased under. */
  outputDir?: string;
}

export interface SaveRequest {
  /** Absent: the host asks with a native dialog (Electron; that dialog asks before replacing a file). */
  path?: string;
  doc: GraphDoc;
  /** Replace an existing file (plain Save of the document's own file, or after the user confirmed). Default false. */
  overwrite?: boolean;
}

export interface SaveResponse {
  /** The file written; absent when nothing was written. */
  path?: string;
  /** Set instead of `path` when the file exists and `overwrite` was not set: nothing was written. */
  exists?: string;
}

export interface RuntimeInfo {
  backend: string;
  reason: string;
  threads: number;
  versions: Record<string, string>;
  /** 'electron' or 'browser'. */
  shell: string;
}

/** One entry of a folder listing (`listFolder`). */
export interface FolderEntry {
  name: string;
  folder: boolean;
  /** Bytes, files only. */
  size?: number;
}

export interface ListFolderResponse {
  /** The folder listed, absolute. */
  path: string;
  /** Its parent folder; absent at a root. */
  parent?: string;
  /** Folders first, then files, each by name; dot entries left out; at most LIST_FOLDER_LIMIT. */
  entries: FolderEntry[];
  /** Set when the listing was cut at LIST_FOLDER_LIMIT: how many entries were left out. */
  omitted?: number;
}

/** Most entries one `listFolder` answer holds. */
export const LIST_FOLDER_LIMIT = 2000;

/** Channel → [request, response]. */
export interface IpcChannels {
  catalogue: [Empty, { nodes: NodeInfo[] }];
  /** `path`: the document's file, so relative input paths resolve (absent: the host's working folder, as for a run). */
  validate: [{ doc: GraphDoc; path?: string }, { diagnostics: Diagnostic[] }];
  run: [{ doc: GraphDoc; target?: string; path?: string }, { runId: string }];
  cancel: [{ runId?: string }, { cancelled: boolean }];
  preview: [PreviewRequest, PreviewResponse];
  spectrum: [{ node: string; port: string; row: number; col: number }, SpectrumResponse];
  value: [{ node: string; port: string }, ValueResponse];
  openFile: [{ path?: string }, OpenResponse];
  saveFile: [SaveRequest, SaveResponse];
  recentFiles: [Empty, { paths: string[] }];
  examples: [Empty, { examples: { name: string; path: string }[] }];
  recoverySave: [{ doc: GraphDoc; path?: string }, { saved: boolean }];
  recoveryLoad: [Empty, { doc?: GraphDoc; path?: string; savedAt?: string }];
  recoveryClear: [Empty, { cleared: boolean }];
  runtimeInfo: [Empty, RuntimeInfo];
  pickPath: [{ mode: 'open' | 'save'; extensions?: string[] }, { path?: string }];
  /** `path` absent: the host's working folder (where an untitled graph's relative paths resolve); relative: against it. */
  listFolder: [{ path?: string }, ListFolderResponse];
}

export type Channel = keyof IpcChannels;
export type RequestOf<C extends Channel> = IpcChannels[C][0];
export type ResponseOf<C extends Channel> = IpcChannels[C][1];

const empty = object<Empty>({});
const portRef = { node: nodeIdent, port: nodeIdent };
const pathField = optional(str);

/** Runtime validators of every channel's request. */
export const REQUEST_VALIDATORS: { [C in Channel]: Check<RequestOf<C>> } = {
  catalogue: empty,
  validate: object({ doc, path: pathField }),
  run: object({ doc, target: optional(nodeIdent), path: pathField }),
  cancel: object({ runId: optional(str) }),
  preview: object<PreviewRequest>({
    ...portRef,
    bands: optional(tuple3(int(0, 100000))),
    band: optional(int(0, 100000)),
    maxSize: optional(int(16, 4096)),
    lowPercent: optional(num(0, 100)),
    highPercent: optional(num(0, 100)),
  }),
  spectrum: object({ ...portRef, row: int(0, 1e7), col: int(0, 1e7) }),
  value: object(portRef),
  openFile: object({ path: pathField }),
  saveFile: object<SaveRequest>({ path: pathField, doc, overwrite: optional(bool) }),
  recentFiles: empty,
  examples: empty,
  recoverySave: object({ doc, path: pathField }),
  recoveryLoad: empty,
  recoveryClear: empty,
  runtimeInfo: empty,
  pickPath: object({
    mode: (v, p) => (v === 'open' || v === 'save' ? v : fail(p, "'open' or 'save'", v)),
    extensions: optional((v, p) => (Array.isArray(v) ? v.map((x, i) => str(x, `${p}[${i}]`)) : fail(p, 'a list of strings', v))),
  }),
  listFolder: object({ path: optional((v, p) => (typeof v === 'string' && v.length > 0 && !v.includes('\0') ? str(v, p) : fail(p, 'a non-empty folder path', v))) }),
};

export const CHANNELS = Object.keys(REQUEST_VALIDATORS) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_VALIDATORS, name);
}

/** Validates a request for `channel`; throws IpcError naming the field on a bad payload. */
export function validateRequest<C extends Channel>(channel: C, payload: unknown): RequestOf<C> {
  return (REQUEST_VALIDATORS[channel] as Check<RequestOf<C>>)(payload, channel);
}

/** Handlers for every channel, implemented by the host (cli/editor-host). */
export type IpcHandlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** What the page sees: the preload bridge in Electron, the fetch client in browser mode. */
export interface BandwireBridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Subscribes to run events; returns an unsubscribe function. */
  onRunEvent(listener: (event: RunEvent) => void): () => void;
  shell: 'electron' | 'browser';
}

/** Name of the Electron IPC channels and the SSE endpoint. */
export const ELECTRON_INVOKE = 'bandwire:invoke';
export const ELECTRON_EVENT = 'bandwire:run-event';
export const TOKEN_HEADER = 'x-bandwire-token';
