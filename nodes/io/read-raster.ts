/**
 * Shared by io.read, io.readMask and `inspect`: opens a raster file, resolves the `bands` and
 * `window` params and builds a Raster with metadata subset to the bands read.
 */
import { BandwireError, isCancelled } from '../../core/errors.ts';
import type { FileProblem, NodeContext, NodeFiles } from '../../core/node-def.ts';
import { isEmptyList, parseIndexList, parseNumberList } from '../../core/params.ts';
import { makeRaster, type Raster } from '../../core/values.ts';
import { openRaster, sniff, type RasterSource } from './formats/open-raster.ts';
import { resolveSelection, type Selection } from './formats/selection.ts';

export interface RasterReadParams {
  path: string;
  variable?: string;
  bands?: string | number[];
  window?: string | number[];
  dropBadBands?: boolean;
}

function indexList(value: unknown, param: string, node: string): number[] | undefined {
  if (isEmptyList(value)) return undefined;
  try {
    return parseIndexList(value);
  } catch (e) {
    throw new BandwireError('PARAM_INVALID', `param '${param}': ${(e as Error).message}`, { node, param });
  }
}

/** What is wrong with a `window` param ("row, col, rows, cols"), for validation before a run; undefined when fine. */
export function windowProblem(value: unknown): string | undefined {
  if (isEmptyList(value)) return undefined;
  let numbers: number[];
  try {
    numbers = parseNumberList(value, 'window');
  } catch {
    numbers = [];
  }
  if (numbers.length !== 4 || numbers.some((v) => !Number.isInteger(v) || v < 0)) return `param 'window' = ${JSON.stringify(value)} must be four integers "row, col, rows, cols"`;
  if (numbers[2] === 0 || numbers[3] === 0) return `param 'window' = ${JSON.stringify(value)} is empty: rows and cols must be at least 1`;
  return undefined;
}

function windowParam(value: unknown, node: string): number[] | undefined {
  const problem = windowProblem(value);
  if (problem) throw new BandwireError('PARAM_INVALID', problem, { node, param: 'window' });
  return isEmptyList(value) ? undefined : parseNumberList(value, 'window');
}

/** Reads the file named by `params.path` into a Raster; errors name the node, param or file. */
export async function readRaster(params: RasterReadParams, ctx: NodeContext, role: Raster['role']): Promise<{ raster: Raster; source: RasterSource }> {
  if (!params.path) throw new BandwireError('PARAM_INVALID', "param 'path' is empty", { node: ctx.nodeId, param: 'path' });
  const path = ctx.files.resolveInput(params.path);
  ctx.progress(0, 'opening');
  const source = await openRaster(ctx.files, path, params.variable ?? '').catch((e) => {
    throw asFileError(e, path, ctx.nodeId);
  });
  try {
    const selection = selectionFor(params, source, ctx.nodeId);
    const data = await source.read(selection, { progress: (f, m) => ctx.progress(f, m), checkAbort: () => ctx.checkAbort(), warn: (m) => ctx.log(`warning: ${m}`) });
    const pick = <T>(list: T[] | undefined) => (list && list.length === source.bands ? selection.bands.map((b) => list[b]) : undefined);
    const georef = source.georef && shiftGeoref(source, selection.row0, selection.col0);
    const raster = makeRaster(selection.rows, selection.cols, selection.bands.length, data, {
      wavelengths: pick(source.wavelengths), fwhm: pick(source.fwhm), bandNames: pick(source.bandNames),
      nodata: source.nodata, georef, role, source: path, units: source.units, scoreOrder: source.scoreOrder,
    });
    for (const key of ['wavelengths', 'fwhm', 'bandNames', 'nodata', 'georef', 'units', 'scoreOrder'] as const) if (raster[key] === undefined) delete raster[key];
    return { raster, source };
  } catch (e) {
    throw asFileError(e, path, ctx.nodeId);
  } finally {
    await source.close();
  }
}

/** The pixels and bands that `bands`, `dropBadBands` and `window` select from a source; errors name the param. */
function selectionFor(params: RasterReadParams, source: RasterSource, node: string): Selection {
  let bands = indexList(params.bands, 'bands', node);
  if (params.dropBadBands && source.bbl) {
    const good = (bands ?? source.bbl.map((_, i) => i)).filter((b) => source.bbl![b] !== 0);
    // an empty list would mean "all bands" to resolveSelection
    if (good.length === 0) throw new BandwireError('PARAM_INVALID', `param 'bands' selects only bands marked bad in ${source.path}'s bbl, and 'dropBadBands' leaves none`, { node, param: 'bands' });
    bands = good;
  }
  return resolveSelection(source.height, source.width, source.bands, { window: windowParam(params.window, node), bands }, source.path);
}

/**
 * Checks `path`, `bands`, `window`, `dropBadBands` (and io.read's `wavelengths` count) against the file's header before a run (`validate`,
 * `bandwire run`): a corrupt header, a window outside the image or a band past the last one is then
 * refused with exit 2 before anything runs. GeoTIFF and ENVI only: their headers are cheap to read; a .mat
 * file would have to be decoded whole, so it is checked when the node runs.
 */
export async function checkReadFile(params: RasterReadParams & { wavelengths?: unknown }, files: NodeFiles): Promise<FileProblem[]> {
  if (!params.path) return [];
  const path = files.resolveInput(params.path);
  try {
    if (!/\.hdr$/i.test(path) && (await sniff(files, path)) === 'mat') return [];
    const source = await openRaster(files, path, params.variable ?? '');
    let bands: number;
    try {
      bands = selectionFor(params, source, '').bands.length;
    } finally {
      await source.close();
    }
    // io.read's band centres, one per band read
    const wavelengths = isEmptyList(params.wavelengths) ? [] : parseNumberList(params.wavelengths, 'wavelengths');
    if (wavelengths.length > 0 && wavelengths.length !== bands) {
      return [{ param: 'wavelengths', message: `param 'wavelengths' has ${wavelengths.length} values but ${bands} bands are read from ${path}`, code: 'PARAM_INVALID' }];
    }
    return [];
  } catch (e) {
    if (!(e instanceof BandwireError)) return [{ param: 'path', message: `${path}: cannot read the file (${e instanceof Error ? e.message : String(e)})`, file: path }];
    return [e.culprit.param ? { param: e.culprit.param, message: e.message, code: e.code } : { param: 'path', message: e.message, file: e.culprit.file ?? path, code: e.code }];
  }
}

/** Logs that a `variable` param is ignored when the file is not a .mat file (only those hold named variables). */
export function warnIgnoredVariable(value: unknown, source: RasterSource, ctx: NodeContext): void {
  const variable = typeof value === 'string' ? value.trim() : '';
  if (variable && source.format !== 'MAT') {
    ctx.log(`warning: param 'variable' = '${variable}' is ignored: ${source.path} is ${source.format === 'ENVI' ? 'an ENVI' : 'a GeoTIFF'} file, and only MATLAB .mat files hold named variables; clear the param`);
  }
}

/** Geotransform of a window starting at (row0, col0). */
function shiftGeoref(source: RasterSource, row0: number, col0: number) {
  const georef = { ...source.georef };
  const gt = georef.geoTransform;
  if (gt && (row0 || col0)) {
    georef.geoTransform = [gt[0] + col0 * gt[1] + row0 * gt[2], gt[1], gt[2], gt[3] + col0 * gt[4] + row0 * gt[5], gt[4], gt[5]];
  }
  return georef;
}

/**
 * Corrupt files make parsers fail in many ways (RangeError, TypeError, zlib errors): every
 * failure that is not already a BandwireError or a cancellation becomes FILE_FORMAT naming the file.
 */
export function asFileError(e: unknown, path: string, node: string): Error {
  if (e instanceof BandwireError) return e.culprit.node ? e : new BandwireError(e.code, e.message, { ...e.culprit, node });
  if (isCancelled(e)) return e as Error;
  return new BandwireError('FILE_FORMAT', `${path}: cannot read the file (${e instanceof Error ? e.message : String(e)})`, { file: path, node });
}
