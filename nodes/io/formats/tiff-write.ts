/**
 * GeoTIFF encoder: float32 or another sample type, band-planar (PlanarConfiguration 2),
 * 256 x 256 tiles, Deflate (Compression 8) with the floating-point predictor (3) for floats or
 * horizontal differencing (2) for integers (tiles: tiff-tiles.ts). Georeference as GeoTIFF
 * tags; wavelengths, FWHM and band names as GDAL metadata (tag 42112), nodata as GDAL_NODATA
 * (42113). BigTIFF when the file passes 4 GiB.
 */
import type { Raster } from '../../../core/values.ts';
import { buildGeoKeys } from './tiff-geokeys.ts';
import { OUTPUT_TYPES, encodeTiles, type OutputType } from './tiff-tiles.ts';

export interface TiffWriteOptions {
  tileSize?: number;
  /** The graph that produced the raster, stored as GDAL metadata item `bandwire_graph`. */
  graphJson?: string;
  /** Sample type of the file (default float32); integer types must hold every value (see tiff-tiles.ts). */
  sampleType?: OutputType;
  /** Called after each band with the fraction done; may throw to cancel. */
  onBand?: (fraction: number) => void;
}

const SHORT = 3, LONG = 4, DOUBLE = 12, ASCII = 2, LONG8 = 16;

interface Entry {
  tag: number;
  type: number;
  /** ASCII values are given as text and stored as UTF-8 plus a NUL (as GDAL does). */
  values: number[] | Uint16Array | Float64Array | Uint8Array | string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * GDAL_METADATA XML: per-band `wavelength` / `fwhm` (nm), band descriptions, value units (GDAL's
 * unit type, `gdalinfo` "Unit Type"), dataset-level graph and score order.
 */
export function gdalMetadataXml(raster: Raster, graphJson?: string): string | undefined {
  const items: string[] = [];
  if (graphJson) items.push(`<Item name="bandwire_graph">${escapeXml(graphJson)}</Item>`);
  if (raster.scoreOrder === 'lower') items.push('<Item name="bandwire_score_order">lower</Item>');
  for (let b = 0; b < raster.bands; b++) {
    const name = raster.bandNames?.[b];
    if (name) items.push(`<Item name="DESCRIPTION" sample="${b}" role="description">${escapeXml(name)}</Item>`);
    if (raster.units) items.push(`<Item name="UNITTYPE" sample="${b}" role="unittype">${escapeXml(raster.units)}</Item>`);
    const wavelength = raster.wavelengths?.[b];
    if (wavelength !== undefined) {
      items.push(`<Item name="wavelength" sample="${b}">${wavelength}</Item>`);
      items.push(`<Item name="wavelength_units" sample="${b}">nm</Item>`);
    }
    const fwhm = raster.fwhm?.[b];
    if (fwhm !== undefined) items.push(`<Item name="fwhm" sample="${b}">${fwhm}</Item>`);
  }
  return items.length ? `<GDALMetadata>\n  ${items.join('\n  ')}\n</GDALMetadata>` : undefined;
}

/** Encodes `raster` as a GeoTIFF; returns the file as a list of byte chunks to write in order. */
export function encodeGeoTiff(raster: Raster, options: TiffWriteOptions = {}): Uint8Array[] {
  const size = options.tileSize ?? 256;
  const type = options.sampleType ?? 'float32';
  const spec = OUTPUT_TYPES[type];
  const tiles = encodeTiles(raster, size, type, options.onBand);
  const dataBytes = tiles.reduce((s, t) => s + t.length, 0);
  const big = dataBytes + 1e6 + tiles.length * 16 > 0xffffffff;
  const headerSize = big ? 16 : 8;
  const offsets: number[] = [];
  let at = headerSize;
  for (const t of tiles) {
    offsets.push(at);
    at += t.length;
  }
  if (at % 2) at += 1;
  const { bands } = raster;
  const entries: Entry[] = [
    { tag: 256, type: LONG, values: [raster.cols] },
    { tag: 257, type: LONG, values: [raster.rows] },
    { tag: 258, type: SHORT, values: new Array(bands).fill(spec.bits) },
    { tag: 259, type: SHORT, values: [8] },
    { tag: 262, type: SHORT, values: [1] },
    { tag: 277, type: SHORT, values: [bands] },
    { tag: 284, type: SHORT, values: [2] },
    { tag: 317, type: SHORT, values: [spec.format === 3 ? 3 : 2] },
    { tag: 322, type: SHORT, values: [size] },
    { tag: 323, type: SHORT, values: [size] },
    { tag: 324, type: big ? LONG8 : LONG, values: offsets },
    { tag: 325, type: LONG, values: tiles.map((t) => t.length) },
    { tag: 339, type: SHORT, values: new Array(bands).fill(spec.format) },
  ];
  if (bands > 1) entries.push({ tag: 338, type: SHORT, values: new Array(bands - 1).fill(0) });
  const gt = raster.georef?.geoTransform;
  if (gt) {
    if (gt[2] === 0 && gt[4] === 0) {
      entries.push({ tag: 33550, type: DOUBLE, values: [gt[1], -gt[5], 0] });
      entries.push({ tag: 33922, type: DOUBLE, values: [0, 0, 0, gt[0], gt[3], 0] });
    } else {
      entries.push({ tag: 34264, type: DOUBLE, values: [gt[1], gt[2], 0, gt[0], gt[4], gt[5], 0, gt[3], 0, 0, 0, 0, 0, 0, 0, 1] });
    }
  }
  const geoKeys = buildGeoKeys(raster.georef);
  if (geoKeys) {
    entries.push({ tag: 34735, type: SHORT, values: geoKeys.directory });
    if (geoKeys.doubles.length) entries.push({ tag: 34736, type: DOUBLE, values: geoKeys.doubles });
    if (geoKeys.ascii) entries.push({ tag: 34737, type: ASCII, values: geoKeys.ascii });
  }
  const xml = gdalMetadataXml(raster, options.graphJson);
  if (xml) entries.push({ tag: 42112, type: ASCII, values: xml });
  if (raster.nodata !== undefined) entries.push({ tag: 42113, type: ASCII, values: String(raster.nodata) });
  entries.sort((a, b) => a.tag - b.tag);
  const ifd = encodeIfd(entries, at, big);
  const header = new Uint8Array(headerSize);
  const view = new DataView(header.buffer);
  header[0] = header[1] = 0x49;
  if (big) {
    view.setUint16(2, 43, true);
    view.setUint16(4, 8, true);
    view.setBigUint64(8, BigInt(at), true);
  } else {
    view.setUint16(2, 42, true);
    view.setUint32(4, at, true);
  }
  const padding = at > headerSize + dataBytes ? [new Uint8Array(1)] : [];
  return [header, ...tiles, ...padding, ifd];
}

const TYPE_SIZE: Record<number, number> = { [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8, [ASCII]: 1, [LONG8]: 8 };

/** One IFD placed at file offset `at`, with out-of-line values after the entries. */
function encodeIfd(entries: Entry[], at: number, big: boolean): Uint8Array {
  const entrySize = big ? 20 : 12, inline = big ? 8 : 4;
  const head = big ? 8 : 2, tail = big ? 8 : 4;
  const tableSize = head + entries.length * entrySize + tail;
  const payloads = entries.map((entry) => {
    let e = entry;
    if (typeof e.values === 'string') e = { ...e, values: utf8(e.values) };
    const count = e.values instanceof Uint8Array ? e.values.length + 1 : e.values.length;
    return { e, count, bytes: count * TYPE_SIZE[e.type] };
  });
  const extra = payloads.reduce((s, p) => s + (p.bytes > inline ? p.bytes + (p.bytes % 2) : 0), 0);
  const out = new Uint8Array(tableSize + extra);
  const view = new DataView(out.buffer);
  let pos = 0, extraAt = tableSize;
  if (big) view.setBigUint64(0, BigInt(entries.length), true);
  else view.setUint16(0, entries.length, true);
  pos = head;
  for (const { e, count, bytes } of payloads) {
    view.setUint16(pos, e.tag, true);
    view.setUint16(pos + 2, e.type, true);
    if (big) view.setBigUint64(pos + 4, BigInt(count), true);
    else view.setUint32(pos + 4, count, true);
    const valuePos = pos + (big ? 12 : 8);
    let target = valuePos;
    if (bytes > inline) {
      if (big) view.setBigUint64(valuePos, BigInt(at + extraAt), true);
      else view.setUint32(valuePos, at + extraAt, true);
      target = extraAt;
      extraAt += bytes + (bytes % 2);
    }
    writeValues(view, target, e);
    pos += entrySize;
  }
  return out;
}

function writeValues(view: DataView, at: number, e: Entry): void {
  if (typeof e.values === 'string') throw new Error('ASCII values are encoded before writing');
  if (e.values instanceof Uint8Array) {
    new Uint8Array(view.buffer).set(e.values, at);
    view.setUint8(at + e.values.length, 0);
    return;
  }
  const values = e.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (e.type === SHORT) view.setUint16(at + i * 2, v, true);
    else if (e.type === LONG) view.setUint32(at + i * 4, v, true);
    else if (e.type === LONG8) view.setBigUint64(at + i * 8, BigInt(v), true);
    else view.setFloat64(at + i * 8, v, true);
  }
}

const encoder = new TextEncoder();
function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
