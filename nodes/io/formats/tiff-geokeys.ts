/**
 * GeoTIFF georeferencing tags (GeoTIFF 1.1, OGC 19-008): GeoKeyDirectory (34735) with its
 * double (34736) and ASCII (34737) parameters, built from a Raster's georeference, and the
 * inverse mapping from the `geotiff` package's parsed keys to a CRS string.
 */
import { globals } from 'geotiff';
import type { Georeference } from '../../../core/values.ts';

/** GeoKeys whose values are doubles (GeoTIFF spec §7.1: geographic and projection parameters). */
const DOUBLE_KEYS = new Set([2053, 2055, 2057, 2058, 2059, 2061, 3077, ...Array.from({ length: 19 }, (_, i) => 3078 + i)]);

const keyIds: Record<string, number> = Object.fromEntries(
  Object.entries(globals.geoKeyNames as Record<string, string>).map(([id, name]) => [name, Number(id)]),
);

export interface GeoKeyTags {
  directory: Uint16Array;
  doubles: Float64Array;
  ascii: string;
}

/** EPSG code of a CRS given as `EPSG:nnnn` (or a WKT whose last AUTHORITY is EPSG), else undefined. */
export function epsgCode(crs: string | undefined): number | undefined {
  if (!crs) return undefined;
  const m = /^\s*EPSG:(\d+)\s*$/i.exec(crs) ?? /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\]\s*$/i.exec(crs) ?? /ID\["EPSG",\s*(\d+)\]\]\s*$/i.exec(crs);
  return m ? Number(m[1]) : undefined;
}

/** Geographic EPSG codes used in practice fall in 4000–4999; everything else is treated as projected. */
function isGeographic(code: number): boolean {
  return code >= 4000 && code < 5000;
}

/** Builds the key directory from verbatim keys (as read by `geotiff`) or from an EPSG code. */
export function buildGeoKeys(georef: Georeference | undefined): GeoKeyTags | undefined {
  if (!georef) return undefined;
  let keys: Record<number, number | string> = {};
  if (georef.geoKeys && Object.keys(georef.geoKeys).length > 0) {
    for (const [name, value] of Object.entries(georef.geoKeys)) {
      const id = keyIds[name];
      if (id === undefined) continue;
      if (typeof value === 'number' || typeof value === 'string') keys[id] = value;
      else if (Array.isArray(value) && typeof value[0] === 'number') keys[id] = value[0];
    }
  } else {
    const code = epsgCode(georef.crs);
    if (code === undefined) {
      if (!georef.geoTransform) return undefined;
      keys = { 1025: 1 };
    } else if (isGeographic(code)) keys = { 1024: 2, 1025: 1, 2048: code };
    else keys = { 1024: 1, 1025: 1, 3072: code };
  }
  const ids = Object.keys(keys).map(Number).sort((a, b) => a - b);
  const directory: number[] = [1, 1, 0, ids.length];
  const doubles: number[] = [];
  let ascii = '';
  for (const id of ids) {
    const v = keys[id];
    if (typeof v === 'string') {
      const text = `${v}|`;
      directory.push(id, 34737, text.length, ascii.length);
      ascii += text;
    } else if (DOUBLE_KEYS.has(id) || !Number.isInteger(v) || v < 0 || v > 65535) {
      directory.push(id, 34736, 1, doubles.length);
      doubles.push(v);
    } else {
      directory.push(id, 0, 1, v);
    }
  }
  return { directory: Uint16Array.from(directory), doubles: Float64Array.from(doubles), ascii };
}

/** CRS string from parsed GeoKeys: `EPSG:n` for a coded projected or geographic CRS. */
export function crsFromGeoKeys(keys: Record<string, unknown> | null | undefined): string | undefined {
  if (!keys) return undefined;
  const projected = keys.ProjectedCSTypeGeoKey;
  if (typeof projected === 'number' && projected > 0 && projected !== 32767) return `EPSG:${projected}`;
  const geographic = keys.GeographicTypeGeoKey;
  if (typeof geographic === 'number' && geographic > 0 && geographic !== 32767) return `EPSG:${geographic}`;
  return undefined;
}
