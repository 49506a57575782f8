/**
 * The editor's host-side API: one handler per IPC channel (core/ipc.ts), shared by
 * `bandwire serve` (HTTP) and the Electron main process. Requests are validated by `dispatch`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Diagnostic } from '../../core/errors.ts';
import type { RunEvent } from '../../core/events.ts';
import { parseGraph, serializeGraph } from '../../core/graph.ts';
import { IpcError, isChannel, validateRequest, type IpcHandlers, type ValueResponse } from '../../core/ipc.ts';
import type { Raster, Value } from '../../core/values.ts';
import type { EngineHostApi, RunHandle } from '../../engine/host-api.ts';
import { exampleCopy, exampleOutputDir, isInside } from './example-copy.ts';
import { listFolder } from './list-folder.ts';
import { renderPreview } from './preview.ts';
import { EditorStorage, FileExistsError, writeTextAtomic } from './storage.ts';

/** Native dialogs (Electron); browser mode has none and passes paths in requests. */
export interface Dialogs {
  open(extensions?: string[]): Promise<string | undefined>;
  save(extensions?: string[]): Promise<string | undefined>;
}

export interface EditorHostOptions {
  host: EngineHostApi;
  /** Receives every run event (SSE broadcast or webContents.send). */
  emit: (event: RunEvent) => void;
  /** Folder holding recent.json, recovery.json and example-outputs/ (outputs of example copies). */
  configDir: string;
  /** graphs/examples of the app. */
  examplesDir: string;
  /** Folder that relative paths resolve against when a graph has no file yet. */
  cwd: string;
  shell: 'electron' | 'browser';
  dialogs?: Dialogs;
}

export function createHandlers(options: EditorHostOptions): IpcHandlers {
  const { host, emit, cwd, dialogs } = options;
  const storage = new EditorStorage(options.configDir);
  let current: RunHandle | undefined;
  // Values fetched from the worker, kept until the next run starts, so band or stretch changes
  // of a preview do not copy the cube out of the worker again.
  const fetched = new Map<string, Promise<Value | undefined>>();
  const fetchOutput = (node: string, port: string) => {
    const key = `${node}.${port}`;
    let value = fetched.get(key);
    if (!value) {
      value = host.getOutput(node, port);
      fetched.set(key, value);
      void value.then((v) => v === undefined && fetched.delete(key), () => fetched.delete(key));
    }
    return value;
  };

  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  /** Folder relative paths of a graph resolve against: its file's, or (untitled) the host's working folder. */
  const baseDirOf = (path?: string) => (path ? dirname(absolute(path)) : cwd);
  const output = async (node: string, port: string): Promise<Value> => {
    const value = await fetchOutput(node, port);
    if (!value) throw new IpcError(`no value for '${node}.${port}' yet: run the graph first`, 404);
    return value;
  };
  const raster = async (node: string, port: string): Promise<Raster> => {
    const value = await output(node, port);
    if (value.kind !== 'raster') throw new IpcError(`'${node}.${port}' holds ${value.kind}, not a raster`);
    return value;
  };

  return {
    async catalogue() {
      return { nodes: host.catalogue() };
    },
    async validate({ doc, path }) {
      // Structure and params first; once they hold, the input files (exist, headers fit the params).
      const diagnostics = host.validate(doc);
      if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
      return { diagnostics: [...diagnostics, ...(await host.checkInputFiles(doc, baseDirOf(path)))] };
    },
    async run({ doc, target, path }) {
      if (current) throw new IpcError('a run is already in progress: cancel it or wait for it to finish', 409);
      fetched.clear();
      const handle = host.run(doc, { baseDir: baseDirOf(path), target }, emit);
      current = handle;
      void handle.done.finally(() => {
        if (current === handle) current = undefined;
      });
      return { runId: handle.runId };
    },
    async cancel({ runId }) {
      if (!current || (runId && current.runId !== runId)) return { cancelled: false };
      current.cancel();
      return { cancelled: true };
    },
    async preview(request) {
      return renderPreview(await raster(request.node, request.port), request);
    },
    async spectrum({ node, port, row, col }) {
      const r = await raster(node, port);
      if (row >= r.rows || col >= r.cols) throw new IpcError(`pixel (${row}, ${col}) is outside '${node}.${port}' (${r.rows} x ${r.cols})`);
      const start = (row * r.cols + col) * r.bands;
      return { values: Array.from(r.data.subarray(start, start + r.bands)), wavelengths: r.wavelengths, bandNames: r.bandNames, units: r.units };
    },
    async value({ node, port }) {
      return describeValue(await fetchOutput(node, port));
    },
    async openFile({ path }) {
      const chosen = path ?? (await dialogs?.open(['json']));
      if (!chosen) {
        if (!dialogs) throw new IpcError("'openFile.path' is required in browser mode");
        return { diagnostics: [] };
      }
      const file = absolute(chosen);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        const diagnostic: Diagnostic = { code: 'FILE_NOT_FOUND', severity: 'error', file, message: `cannot read ${file}: ${(e as Error).message}` };
        return { path: file, diagnostics: [diagnostic] };
      }
      const parsed = parseGraph(text, basename(file));
      if (parsed.doc && isInside(options.examplesDir, file)) {
        // A shipped example opens as an untitled copy (see example-copy.ts), not added to recent files.
        const outputDir = exampleOutputDir(options.configDir, file);
        const doc = exampleCopy(parsed.doc, file, outputDir, host.catalogue());
        const diagnostics = parsed.diagnostics.length ? parsed.diagnostics : host.validate(doc);
        return { doc, diagnostics, copyOf: file, outputDir };
      }
      const diagnostics = [...parsed.diagnostics];
      if (parsed.doc && diagnostics.length === 0) diagnostics.push(...host.validate(parsed.doc));
      await storage.addRecent(file);
      return { path: file, doc: parsed.doc, diagnostics };
    },
    async saveFile({ path, doc, overwrite }) {
      const chosen = path ?? (await dialogs?.save(['json']));
      if (!chosen) {
        if (!dialogs) throw new IpcError("'saveFile.path' is required in browser mode");
        return {};
      }
      if ((await stat(absolute(chosen)).catch(() => undefined))?.isDirectory()) throw new IpcError(`cannot save: ${absolute(chosen)} is a folder; add a file name (e.g. ${join(absolute(chosen), 'graph.json')})`);
      const file = absolute(chosen.endsWith('.json') ? chosen : `${chosen}.json`);
      // A native save dialog already asked before replacing the file it returned (not a '.json' added to it).
      const confirmed = overwrite === true || (path === undefined && chosen.endsWith('.json'));
      const folder = dirname(file);
      const folderStat = await stat(folder).catch(() => undefined);
      if (!folderStat) throw new IpcError(`cannot save ${file}: folder ${folder} does not exist (create it first or choose another folder)`);
      if (!folderStat.isDirectory()) throw new IpcError(`cannot save ${file}: ${folder} is not a folder`);
      if ((await stat(file).catch(() => undefined))?.isDirectory()) throw new IpcError(`cannot save: ${file} is a folder`);
      try {
        await writeTextAtomic(file, serializeGraph(doc), { overwrite: confirmed });
      } catch (e) {
        if (e instanceof FileExistsError) return { exists: file };
        throw e;
      }
      await storage.addRecent(file);
      return { path: file };
    },
    async recentFiles() {
      return { paths: await storage.recentFiles() };
    },
    async examples() {
      let names: string[] = [];
      try {
        names = (await readdir(options.examplesDir)).filter((n) => n.endsWith('.json')).sort();
      } catch {
        /* no examples folder */
      }
      const examples = await Promise.all(
        names.map(async (name) => {
          const path = join(options.examplesDir, name);
          const parsed = parseGraph(await readFile(path, 'utf8').catch(() => ''), name);
          return { name: parsed.doc?.name ?? name.replace(/\.json$/, ''), path };
        }),
      );
      return { examples };
    },
    async recoverySave({ doc, path }) {
      await storage.saveRecovery(doc, path);
      return { saved: true };
    },
    async recoveryLoad() {
      const record = await storage.loadRecovery();
      const parsed = record ? parseGraph(JSON.stringify(record.doc), 'recovery') : undefined;
      if (!record || !parsed?.doc) return {};
      return { doc: parsed.doc, path: record.path, savedAt: record.savedAt };
    },
    async recoveryClear() {
      await storage.clearRecovery();
      return { cleared: true };
    },
    async runtimeInfo() {
      return { ...(await host.runtimeInfo()), shell: options.shell };
    },
    async pickPath({ mode, extensions }) {
      if (!dialogs) throw new IpcError('file dialogs exist only in the desktop app; type a path instead');
      return { path: mode === 'open' ? await dialogs.open(extensions) : await dialogs.save(extensions) };
    },
    async listFolder({ path }) {
      // resolve() also normalises an absolute path ('/a/b/../c' → '/a/c'), so the folder shown is canonical.
      return listFolder(resolve(cwd, path ?? '.'));
    },
  };
}

/** A value as JSON for the page: spectra and metrics in full, rasters and weights by shape only. */
export function describeValue(value: Value | undefined): ValueResponse {
  if (!value) return { kind: 'none' };
  switch (value.kind) {
    case 'spectra': {
      const data: number[][] = [];
      for (let k = 0; k < value.count; k++) data.push(Array.from(value.data.subarray(k * value.bands, (k + 1) * value.bands)));
      return { kind: 'spectra', count: value.count, bands: value.bands, names: value.names, wavelengths: value.wavelengths, data };
    }
    case 'metrics':
      return { kind: 'metrics', values: value.values, tables: value.tables, curves: value.curves, units: value.units };
    case 'raster':
      return { kind: 'raster', rows: value.rows, cols: value.cols, bands: value.bands, wavelengths: value.wavelengths, bandNames: value.bandNames };
    case 'weights':
      return { kind: 'weights', model: value.model, tensors: value.tensors.map((t) => ({ name: t.name, shape: t.shape })) };
  }
}

/** Validates `payload` for `channel` and calls its handler. Throws IpcError on bad requests. */
export async function dispatch(handlers: IpcHandlers, channel: string, payload: unknown): Promise<unknown> {
  if (!isChannel(channel)) throw new IpcError(`unknown channel '${channel}'`, 404);
  const request = validateRequest(channel, payload);
  return (handlers[channel] as (r: unknown) => Promise<unknown>)(request);
}
