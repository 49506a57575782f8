/**
 * One entry point for raster files: detects the format from the first bytes (TIFF magic, MAT
 * header) or an ENVI header, and returns a source that reads windows and band subsets.
 */
import { BandwireError } from '../../../core/errors.ts';
import type { NodeFiles } from '../../../core/node-def.ts';
import type { Georeference } from '../../../core/values.ts';
import { openEnvi, readEnviCube } from './envi-read.ts';
import { MatFormatError, isMat5, isMat73, parseMat, type MatValue } from './mat.ts';
import { parseMat73 } from './mat73.ts';
import { cubeFromVariable, defaultCubeVariable, findVariable, type MatCube } from './mat-layout.ts';
import { allocateCube, formatError, type ReadRequest, type Selection } from './selection.ts';
import { openTiff, readTiffCube } from './tiff-read.ts';

export interface RasterSource {
  format: 'GeoTIFF' | 'ENVI' | 'MAT';
  path: string;
  width: number;
  height: number;
  bands: number;
  dtype: string;
  interleave?: string;
  compression?: number;
  nodata?: number;
  wavelengths?: number[];
  fwhm?: number[];
  bandNames?: string[];
  /** ENVI bad-band list (1 good, 0 bad). */
  bbl?: number[];
  /** ENVI 'reflectance scale factor' (reflectance = stored value / factor); not applied by read(). */
  scaleFactor?: number;
  georef?: Georeference;
  graphJson?: string;
  /** Unit of the values and the score order a Bandwire score map was written with (GeoTIFF, ENVI). */
  units?: string;
  scoreOrder?: 'lower';
  /** MAT: the variable read and every variable of the file. */
  variable?: string;
  variables?: MatValue[];
  read(selection: Selection, request: ReadRequest): Promise<Float32Array>;
  close(): Promise<void>;
}

export type FileKind = 'tiff' | 'mat' | 'envi' | 'unknown';

/** Sniffs the format: TIFF/BigTIFF magic, MAT-file header, ENVI header text or a `.hdr` beside. */
export async function sniff(files: NodeFiles, path: string): Promise<FileKind> {
  const file = await files.open(path);
  let head: Uint8Array;
  try {
    head = await file.read(0, Math.min(file.size, 1024));
  } finally {
    await file.close();
  }
  const ascii = String.fromCharCode(...head.subarray(0, 4));
  if (ascii === 'II*\0' || ascii === 'MM\0*' || ascii === 'II+\0' || ascii === 'MM\0+') return 'tiff';
  if (isMat5(head) || isMat73(head) || /^MATLAB/.test(String.fromCharCode(...head.subarray(0, 6)))) return 'mat';
  if (/^\s*ENVI/.test(String.fromCharCode(...head.subarray(0, 8)))) return 'envi';
  if ((await files.exists(`${path}.hdr`)) || (await files.exists(path.replace(/\.[^./]+$/, '.hdr')))) return 'envi';
  return 'unknown';
}

function matSource(path: string, vars: MatValue[], cube: MatCube): RasterSource {
  return {
    format: 'MAT', path, width: cube.cols, height: cube.rows, bands: cube.bands,
    dtype: (vars.find((v) => v.name === cube.variable) as { className?: string } | undefined)?.className ?? 'double',
    wavelengths: cube.wavelengths, variable: cube.variable, variables: vars,
    async read(sel, request) {
      const out = allocateCube(sel, path);
      const nb = sel.bands.length;
      for (let r = 0; r < sel.rows; r++) {
        if (r % 64 === 0) request.checkAbort?.();
        for (let c = 0; c < sel.cols; c++) {
          const at = (sel.row0 + r) * cube.rowStride + (sel.col0 + c) * cube.colStride;
          const o = (r * sel.cols + c) * nb;
          for (let k = 0; k < nb; k++) out[o + k] = cube.data[at + sel.bands[k] * cube.bandStride];
        }
      }
      request.progress?.(1, 'read');
      return out;
    },
    close: async () => {},
  };
}

/** Parses a whole MAT-file (v5, or v7.3 through h5wasm); format errors name the file. */
export async function readMatFile(files: NodeFiles, path: string): Promise<MatValue[]> {
  const bytes = await files.readFile(path);
  try {
    return isMat73(bytes) ? await parseMat73(bytes) : parseMat(bytes);
  } catch (e) {
    if (e instanceof MatFormatError || e instanceof RangeError) throw formatError(path, e.message);
    throw e;
  }
}

/** Opens a raster file; `variable` picks the array of a MAT-file (default: the largest cube-like one). */
export async function openRaster(files: NodeFiles, path: string, variable = ''): Promise<RasterSource> {
  const kind = /\.hdr$/i.test(path) ? 'envi' : await sniff(files, path);
  if (kind === 'tiff') {
    const tiff = await openTiff(files, path);
    const i = tiff.info;
    return {
      format: 'GeoTIFF', path, width: i.width, height: i.height, bands: i.bands, dtype: i.dtype, interleave: i.interleave,
      compression: i.compression, nodata: i.nodata, wavelengths: i.wavelengths, fwhm: i.fwhm, bandNames: i.bandNames,
      georef: i.georef, graphJson: i.graphJson, units: i.units, scoreOrder: i.scoreOrder,
      read: (sel, request) => readTiffCube(tiff, sel, request, path),
      close: () => tiff.close(),
    };
  }
  if (kind === 'mat') {
    const vars = await readMatFile(files, path);
    const chosen = variable ? findVariable(vars, variable, path) : defaultCubeVariable(vars, path);
    return matSource(path, vars, cubeFromVariable(vars, chosen, path));
  }
  if (kind === 'envi') {
    const env = await openEnvi(files, path);
    const h = env.header;
    return {
      format: 'ENVI', path: env.dataPath, width: h.samples, height: h.lines, bands: h.bands, dtype: h.sampleType,
      interleave: h.interleave, nodata: h.ignoreValue, wavelengths: h.wavelengths, fwhm: h.fwhm, bandNames: h.bandNames,
      bbl: h.bbl, scaleFactor: h.scaleFactor, georef: h.geoTransform ? { geoTransform: h.geoTransform, crs: h.crs } : undefined, graphJson: h.graphJson,
      units: h.units, scoreOrder: h.scoreOrder,
      read: (sel, request) => readEnviCube(files, env, sel, request),
      close: async () => {},
    };
  }
  throw new BandwireError('FILE_FORMAT', `${path}: unknown file format (expected GeoTIFF, ENVI .hdr + data, or MATLAB .mat)`, { file: path });
}
