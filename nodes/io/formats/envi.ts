/**
 * ENVI header (.hdr) parsing and writing (ENVI Header Format, L3Harris/Exelis docs): sizes,
 * data type, interleave, byte order, header offset, wavelengths (+ units, converted to nm),
 * FWHM, bad-band list, data ignore value, map info (→ GDAL-style geotransform), band and
 * spectra names.
 */
import type { GeoTransform } from '../../../core/values.ts';
import type { SampleType } from './samples.ts';
import { epsgCode } from './tiff-geokeys.ts';

export interface EnviHeader {
  samples: number;
  lines: number;
  bands: number;
  headerOffset: number;
  sampleType: SampleType;
  interleave: 'bsq' | 'bil' | 'bip';
  littleEndian: boolean;
  fileType: string;
  /** nm */
  wavelengths?: number[];
  /** nm */
  fwhm?: number[];
  /** 1 = good band, 0 = bad band. */
  bbl?: number[];
  ignoreValue?: number;
  /** 'reflectance scale factor' (stored value / factor = reflectance), when the header gives a positive one. */
  scaleFactor?: number;
  geoTransform?: GeoTransform;
  crs?: string;
  bandNames?: string[];
  spectraNames?: string[];
  /** The Bandwire graph that wrote the file (field `bandwire graph`, base64 of its JSON). */
  graphJson?: string;
  /** Unit of the values (field `bandwire units`) and a score map's order (`bandwire score order`), as Bandwire writes them. */
  units?: string;
  scoreOrder?: 'lower';
  /** Every field, lower-case key → raw text (braces removed). */
  fields: Record<string, string>;
}

/** ENVI `data type` codes (complex types 6 and 9 are not supported). */
export const ENVI_TYPES: Record<number, SampleType> = {
  1: 'uint8', 2: 'int16', 3: 'int32', 4: 'float32', 5: 'float64', 12: 'uint16', 13: 'uint32', 14: 'int64', 15: 'uint64',
};

export function enviTypeCode(type: SampleType): number {
  return Number(Object.entries(ENVI_TYPES).find(([, t]) => t === type)?.[0] ?? 4);
}

export class EnviHeaderError extends Error {}

/** Splits the header into key → value text; `{...}` values may span lines. */
export function parseFields(text: string): Record<string, string> {
  if (!/^\s*ENVI/.test(text)) throw new EnviHeaderError("not an ENVI header (first line is not 'ENVI')");
  const fields: Record<string, string> = {};
  const lines = text.replace(/\r/g, '').split('\n').slice(1);
  for (let i = 0; i < lines.length; i++) {
    const eq = lines[i].indexOf('=');
    if (eq < 0) continue;
    const key = lines[i].slice(0, eq).trim().toLowerCase();
    let value = lines[i].slice(eq + 1).trim();
    if (value.startsWith('{')) {
      while (!value.includes('}') && i + 1 < lines.length) value += '\n' + lines[++i];
      value = value.slice(1, value.lastIndexOf('}') >= 0 ? value.lastIndexOf('}') : undefined).trim();
    }
    fields[key] = value;
  }
  return fields;
}

function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function numbers(text: string | undefined, what: string): number[] | undefined {
  const items = list(text);
  if (!items) return undefined;
  const values = items.map(Number);
  if (values.some((v) => !Number.isFinite(v))) throw new EnviHeaderError(`'${what}' holds a value that is not a number`);
  return values;
}

function integer(fields: Record<string, string>, key: string, fallback?: number): number {
  const text = fields[key];
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    throw new EnviHeaderError(`header lacks '${key}'`);
  }
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0) throw new EnviHeaderError(`'${key}' = '${text}' is not a non-negative integer`);
  return v;
}

/** Factor from the header's `wavelength units` to nm; µm assumed when units are absent and values < 30. */
function unitFactor(units: string | undefined, values: number[]): number {
  const u = (units ?? '').trim().toLowerCase();
  if (/^(micrometers?|microns?|um|µm)$/.test(u)) return 1000;
  if (/^(millimeters?|mm)$/.test(u)) return 1e6;
  if (/^(nanometers?|nm)$/.test(u)) return 1;
  if (u === '' || u === 'unknown') return Math.max(...values) < 30 ? 1000 : 1;
  return 1;
}

/** GDAL's reading of `map info` (envidataset.cpp): reference pixel (1-based), rotation in degrees. */
function mapInfo(text: string | undefined): { geoTransform: GeoTransform; crs?: string } | undefined {
  const parts = list(text);
  if (!parts || parts.length < 7) return undefined;
  const [refX, refY, easting, northing, sizeX, sizeY] = parts.slice(1, 7).map(Number);
  if (![refX, refY, easting, northing, sizeX, sizeY].every(Number.isFinite)) return undefined;
  const rotation = Number(/rotation\s*=\s*([-\d.eE+]+)/i.exec(text ?? '')?.[1] ?? 0) * (Math.PI / 180);
  const a = Math.cos(rotation) * sizeX, b = Math.sin(rotation) * sizeX;
  const d = Math.sin(rotation) * sizeY, e = -Math.cos(rotation) * sizeY;
  const geoTransform: GeoTransform = [
    easting - (refX - 1) * a - (refY - 1) * b, a, b,
    northing - (refX - 1) * d - (refY - 1) * e, d, e,
  ];
  const projection = parts[0].toLowerCase();
  let crs: string | undefined;
  if (projection === 'utm' && parts.length >= 10) {
    const zone = Number(parts[7]);
    const south = /south/i.test(parts[8]);
    const datum = parts[9].toLowerCase();
    if (Number.isInteger(zone) && datum === 'wgs-84') crs = `EPSG:${(south ? 32700 : 32600) + zone}`;
    else if (Number.isInteger(zone) && datum === 'north america 1983' && !south) crs = `EPSG:${26900 + zone}`;
  } else if (projection.startsWith('geographic') && /wgs-84/i.test(parts[7] ?? '')) crs = 'EPSG:4326';
  return { geoTransform, crs };
}

export function parseEnviHeader(text: string): EnviHeader {
  const fields = parseFields(text);
  const typeCode = integer(fields, 'data type');
  const sampleType = ENVI_TYPES[typeCode];
  if (!sampleType) throw new EnviHeaderError(`unsupported 'data type' = ${typeCode} (supported: ${Object.keys(ENVI_TYPES).join(', ')})`);
  const interleave = (fields['interleave'] ?? 'bsq').trim().toLowerCase();
  if (interleave !== 'bsq' && interleave !== 'bil' && interleave !== 'bip') throw new EnviHeaderError(`unknown 'interleave' = '${interleave}'`);
  const byteOrder = integer(fields, 'byte order', 0);
  if (byteOrder > 1) throw new EnviHeaderError(`'byte order' = ${byteOrder} (must be 0 or 1)`);
  const header: EnviHeader = {
    samples: integer(fields, 'samples'),
    lines: integer(fields, 'lines'),
    // required, as GDAL has it: a missing 'bands' silently read a 156-band file as one band (spectral libraries: 1)
    bands: integer(fields, 'bands', /spectral library/i.test(fields['file type'] ?? '') ? 1 : undefined),
    headerOffset: integer(fields, 'header offset', 0),
    sampleType,
    interleave,
    littleEndian: byteOrder === 0,
    fileType: fields['file type'] ?? 'ENVI Standard',
    fields,
  };
  const wavelengths = numbers(fields['wavelength'], 'wavelength');
  const fwhm = numbers(fields['fwhm'], 'fwhm');
  const bands = /spectral library/i.test(header.fileType) ? header.samples : header.bands;
  if (wavelengths && wavelengths.length === bands) {
    const factor = unitFactor(fields['wavelength units'], wavelengths);
    header.wavelengths = wavelengths.map((w) => w * factor);
    if (fwhm && fwhm.length === bands) header.fwhm = fwhm.map((w) => w * factor);
  }
  const bbl = numbers(fields['bbl'], 'bbl');
  if (bbl && bbl.length === bands) header.bbl = bbl;
  const factor = Number(fields['reflectance scale factor']);
  if (fields['reflectance scale factor'] !== undefined && Number.isFinite(factor) && factor > 0) header.scaleFactor = factor;
  const ignore = Number(fields['data ignore value']);
  if (fields['data ignore value'] !== undefined && Number.isFinite(ignore)) header.ignoreValue = ignore;
  const map = mapInfo(fields['map info']);
  if (map) {
    header.geoTransform = map.geoTransform;
    // A WKT without an EPSG authority (ENVI writes ESRI WKT) cannot be carried into GeoTIFF GeoKeys, while the
    // map info names UTM / geographic WGS-84 exactly: prefer the EPSG code then, else keep the WKT.
    const wkt = fields['coordinate system string'];
    header.crs = wkt !== undefined && (epsgCode(wkt) !== undefined || map.crs === undefined) ? wkt : map.crs;
  }
  header.bandNames = list(fields['band names']);
  const graph = fields['bandwire graph']?.replace(/\s+/g, '');
  if (graph) header.graphJson = Buffer.from(graph, 'base64').toString('utf8');
  if (fields['bandwire units']?.trim()) header.units = fields['bandwire units'].trim();
  if (fields['bandwire score order']?.trim() === 'lower') header.scoreOrder = 'lower';
  if (fields['spectra names'] !== undefined) header.spectraNames = fields['spectra names'].split(',').map((s) => s.trim());
  return header;
}

export interface EnviWriteInfo {
  samples: number;
  lines: number;
  bands: number;
  sampleType: SampleType;
  interleave: 'bsq' | 'bil' | 'bip';
  wavelengths?: number[];
  fwhm?: number[];
  bandNames?: string[];
  ignoreValue?: number;
  geoTransform?: GeoTransform;
  crs?: string;
  description?: string;
  /** The producing graph (JSON), stored base64-encoded as `bandwire graph` (ENVI values cannot hold braces). */
  graphJson?: string;
  /** Unit of the values and a score map's order, as `bandwire units` / `bandwire score order` (ENVI has no field for either). */
  units?: string;
  scoreOrder?: 'lower';
  /** `file type`; default 'ENVI Standard' ('ENVI Spectral Library' for .sli). */
  fileType?: string;
  /** Spectral libraries: one name per line (spectrum), without commas or braces. */
  spectraNames?: string[];
  /** Receives what could not be written (a sheared geotransform's map info). */
  warn?: (message: string) => void;
}

function braces(values: (number | string)[]): string {
  return `{\n ${values.join(',\n ')}}`;
}

/**
 * `map info` pixel sizes and rotation for a geotransform, inverting GDAL's reading (envidataset.cpp):
 * a = cos(r)·sizeX, b = sin(r)·sizeX, d = sin(r)·sizeY, e = -cos(r)·sizeY, r in degrees counter-clockwise.
 * North-up grids (b = d = 0) keep their signed sizes and no rotation. Undefined for a sheared grid, whose
 * row and column rotations differ (relative difference above 1e-9): map info cannot express it.
 */
export function mapInfoGeometry(gt: GeoTransform): { sizeX: number; sizeY: number; rotation?: number } | undefined {
  const [, a, b, , d, e] = gt;
  if (b === 0 && d === 0) return { sizeX: a, sizeY: -e };
  const sizeX = Math.hypot(a, b), sizeY = Math.hypot(d, e);
  if (!(sizeX > 0 && sizeY > 0)) return undefined;
  // average of the two unit vectors' angles, then check that both axes agree with it
  const r = Math.atan2(b / sizeX + d / sizeY, a / sizeX - e / sizeY);
  const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(d), Math.abs(e));
  const misfit = Math.max(Math.abs(Math.cos(r) * sizeX - a), Math.abs(Math.sin(r) * sizeX - b), Math.abs(Math.sin(r) * sizeY - d), Math.abs(-Math.cos(r) * sizeY - e));
  if (misfit > 1e-9 * scale) return undefined;
  return { sizeX, sizeY, rotation: (r * 180) / Math.PI };
}

/** `map info` (+ `coordinate system string`) lines; a warning instead when the geotransform is sheared. */
function mapInfoLines(gt: GeoTransform, crs: string | undefined, warn?: (message: string) => void): string[] {
  const geometry = mapInfoGeometry(gt);
  if (!geometry) {
    warn?.(`map info left out: the geotransform [${gt.join(', ')}] is sheared (not a rotated north-up grid), which ENVI map info cannot express; write .tif to keep the georeference`);
    return [];
  }
  const epsg = /^EPSG:(\d+)$/i.exec(crs ?? '');
  const code = epsg ? Number(epsg[1]) : 0;
  const base = `1, 1, ${gt[0]}, ${gt[3]}, ${geometry.sizeX}, ${geometry.sizeY}`;
  const rotation = geometry.rotation !== undefined && geometry.rotation !== 0 ? `, rotation=${geometry.rotation}` : '';
  const lines: string[] = [];
  if (code > 32600 && code <= 32660) lines.push(`map info = {UTM, ${base}, ${code - 32600}, North, WGS-84, units=Meters${rotation}}`);
  else if (code > 32700 && code <= 32760) lines.push(`map info = {UTM, ${base}, ${code - 32700}, South, WGS-84, units=Meters${rotation}}`);
  else if (code === 4326) lines.push(`map info = {Geographic Lat/Lon, ${base}, WGS-84, units=Degrees${rotation}}`);
  else lines.push(`map info = {Arbitrary, ${base}, 0${rotation}}`);
  if (crs && !epsg && /^\s*(PROJCS|GEOGCS|PROJCRS|GEOGCRS)\[/i.test(crs)) lines.push(`coordinate system string = {${crs}}`);
  return lines;
}

/**
 * ENVI header text for a little-endian file (a spectral library when `fileType` says so); map info with
 * `rotation=<deg>` for rotated grids, left out (with a warning) for sheared ones.
 */
export function formatEnviHeader(info: EnviWriteInfo): string {
  const lines = ['ENVI', `description = {${(info.description ?? `written by Bandwire${info.graphJson ? '; the producing graph is in the field bandwire graph (base64 JSON)' : ''}`).replace(/[{}]/g, '')}}`,
    `samples = ${info.samples}`, `lines = ${info.lines}`, `bands = ${info.bands}`, 'header offset = 0',
    `file type = ${info.fileType ?? 'ENVI Standard'}`, `data type = ${enviTypeCode(info.sampleType)}`, `interleave = ${info.interleave}`, 'byte order = 0'];
  if (info.wavelengths) lines.push('wavelength units = Nanometers', `wavelength = ${braces(info.wavelengths)}`);
  if (info.fwhm) lines.push(`fwhm = ${braces(info.fwhm)}`);
  if (info.bandNames) lines.push(`band names = ${braces(info.bandNames.map((n) => n.replace(/[,{}]/g, ' ')))}`);
  if (info.spectraNames) lines.push(`spectra names = ${braces(info.spectraNames)}`);
  if (info.ignoreValue !== undefined) lines.push(`data ignore value = ${info.ignoreValue}`);
  if (info.geoTransform) lines.push(...mapInfoLines(info.geoTransform, info.crs, info.warn));
  if (info.units) lines.push(`bandwire units = {${info.units.replace(/[{}\n]/g, ' ')}}`);
  if (info.scoreOrder === 'lower') lines.push('bandwire score order = lower');
  if (info.graphJson) lines.push(`bandwire graph = {${Buffer.from(info.graphJson, 'utf8').toString('base64')}}`);
  return lines.join('\n') + '\n';
}
