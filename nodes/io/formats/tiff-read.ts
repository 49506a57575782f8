/**
 * GeoTIFF / COG / BigTIFF reading. The `geotiff` package parses the header and tags (IFD,
 * GDAL metadata, GeoKeys); pixels of the common layouts (strips or tiles; none, LZW, Deflate,
 * PackBits; predictors 1-3; pixel or band interleave; 8-64-bit samples) are decoded directly
 * by tiff-direct.ts, about 10x faster, and the rest (ZSTD, LERC, JPEG, WebP, odd bit depths)
 * through `geotiff`. Bytes come from `ctx.files` by random access, so only the tiles/strips
 * (and band planes) of the requested window and bands are read. GDAL metadata gives
 * wavelengths, FWHM, band descriptions, scale/offset; GDAL_NODATA gives nodata; GeoTIFF tags
 * give geotransform and CRS.
 */
import { GeoTIFF, type GeoTIFFImage } from 'geotiff';
import type { NodeFiles, RandomAccessFile } from '../../../core/node-def.ts';
import type { GeoTransform, Georeference } from '../../../core/values.ts';
import { crsFromGeoKeys } from './tiff-geokeys.ts';
import { planDirect, readDirect } from './tiff-direct.ts';
import { allocateCube, formatError, type ReadRequest, type Selection } from './selection.ts';

export interface TiffInfo {
  width: number;
  height: number;
  bands: number;
  dtype: string;
  interleave: 'pixel' | 'band';
  compression: number;
  nodata?: number;
  wavelengths?: number[];
  fwhm?: number[];
  bandNames?: string[];
  scales?: number[];
  offsets?: number[];
  georef?: Georeference;
  graphJson?: string;
  /** Unit of the values (GDAL unit type, the same on every band). */
  units?: string;
  /** A Bandwire score map whose lowest values are most target-like. */
  scoreOrder?: 'lower';
}

export interface OpenTiff {
  image: GeoTIFFImage;
  info: TiffInfo;
  file: RandomAccessFile;
  close(): Promise<void>;
}

/** Adapter from a RandomAccessFile to the `geotiff` source interface (fetch of byte slices). */
function fileSource(file: RandomAccessFile) {
  return {
    fileSize: file.size,
    async fetch(slices: { offset: number; length: number }[]): Promise<ArrayBuffer[]> {
      return Promise.all(slices.map(async ({ offset, length }) => {
        const end = Math.min(file.size, offset + length);
        if (end <= offset) return new ArrayBuffer(0);
        const bytes = await file.read(offset, end - offset);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      }));
    },
    close: () => file.close(),
  };
}

function dtypeOf(format: number, bits: number): string {
  const kind = format === 3 ? 'float' : format === 2 ? 'int' : 'uint';
  return `${kind}${bits}`;
}

function numberList(items: Record<string, unknown>[], keys: string[], factor: (item: Record<string, unknown>) => number): number[] | undefined {
  const values = items.map((item) => {
    const key = keys.find((k) => item[k] !== undefined);
    return key === undefined ? NaN : Number(item[key]) * factor(item);
  });
  return values.every(Number.isFinite) ? values : undefined;
}

function unitsFactor(item: Record<string, unknown>): number {
  if (item.CENTRAL_WAVELENGTH_UM !== undefined) return 1000;
  const u = String(item.wavelength_units ?? item.WAVELENGTH_UNITS ?? '').toLowerCase();
  if (/micro|^um$|^µm$/.test(u)) return 1000;
  const w = Number(item.wavelength);
  return u === '' && w < 30 ? 1000 : 1;
}

async function describe(image: GeoTIFFImage): Promise<TiffInfo> {
  const bands = image.getSamplesPerPixel();
  const info: TiffInfo = {
    width: image.getWidth(),
    height: image.getHeight(),
    bands,
    dtype: dtypeOf(image.getSampleFormat(0), image.getBitsPerSample(0)),
    interleave: (await tag(image, 'PlanarConfiguration')) === 2 ? 'band' : 'pixel',
    compression: Number((await tag(image, 'Compression')) ?? 1),
  };
  const nodata = image.getGDALNoData();
  if (nodata !== null && !Number.isNaN(nodata)) info.nodata = nodata;
  const { dataset, items } = gdalMetadataItems(String((await tag(image, 'GDAL_METADATA')) ?? ''), bands);
  if (typeof dataset.bandwire_graph === 'string') info.graphJson = unescapeXml(dataset.bandwire_graph);
  if (dataset.bandwire_score_order === 'lower') info.scoreOrder = 'lower';
  const units = items.map((item) => (typeof item.UNITTYPE === 'string' ? unescapeXml(item.UNITTYPE) : ''));
  if (units[0] && units.every((u) => u === units[0])) info.units = units[0];
  info.wavelengths = numberList(items, ['wavelength', 'CENTRAL_WAVELENGTH_UM'], unitsFactor);
  info.fwhm = numberList(items, ['fwhm', 'FWHM_UM'], unitsFactor);
  const names = items.map((item) => (typeof item.DESCRIPTION === 'string' ? unescapeXml(item.DESCRIPTION) : ''));
  if (names.some((n) => n)) info.bandNames = names;
  const scales = numberList(items, ['SCALE'], () => 1);
  const offsets = numberList(items, ['OFFSET'], () => 1);
  if (scales?.some((s) => s !== 1) || offsets?.some((o) => o !== 0)) {
    info.scales = scales ?? new Array(bands).fill(1);
    info.offsets = offsets ?? new Array(bands).fill(0);
  }
  info.georef = await georeference(image);
  return info;
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** GDAL-style geotransform from ModelTransformation or tiepoint + pixel scale (PixelIsPoint shifted by half a pixel). */
async function georeference(image: GeoTIFFImage): Promise<Georeference | undefined> {
  const geoKeys = image.getGeoKeys() ?? undefined;
  const transform = (await tag(image, 'ModelTransformation')) as number[] | undefined;
  const tie = (await tag(image, 'ModelTiepoint')) as number[] | undefined;
  const scale = (await tag(image, 'ModelPixelScale')) as number[] | undefined;
  let gt: GeoTransform | undefined;
  if (transform && transform.length >= 8) gt = [transform[3], transform[0], transform[1], transform[7], transform[4], transform[5]];
  else if (tie && tie.length >= 6 && scale && scale.length >= 2) {
    gt = [tie[3] - tie[0] * scale[0], scale[0], 0, tie[4] + tie[1] * scale[1], 0, -scale[1]];
  }
  if (gt && geoKeys?.GTRasterTypeGeoKey === 2) {
    gt = [gt[0] - 0.5 * gt[1] - 0.5 * gt[2], gt[1], gt[2], gt[3] - 0.5 * gt[4] - 0.5 * gt[5], gt[4], gt[5]];
  }
  if (!gt && !geoKeys) return undefined;
  return { geoTransform: gt, crs: crsFromGeoKeys(geoKeys as Record<string, unknown>), geoKeys: geoKeys as Record<string, unknown> | undefined };
}

/** TIFF Compression codes the `geotiff` package decodes. */
const COMPRESSIONS: Record<number, string> = {
  1: 'none', 5: 'LZW', 6: 'old JPEG', 7: 'JPEG', 8: 'Deflate', 32946: 'Deflate', 32773: 'PackBits', 34887: 'LERC', 50000: 'ZSTD', 50001: 'WebP',
};

/** A tag's value, loading deferred (out-of-line, lazily read) tags; undefined when absent. */
/**
 * GDAL_METADATA `<Item name=".." sample="..">inner</Item>` entries (inner text still XML-escaped), parsed
 * in one pass: dataset items (no `sample`) and per-band items. geotiff.js' getGDALMetadata(b) re-parses the
 * whole XML per band, which took ~1 s for 224 bands.
 */
export function gdalMetadataItems(xml: string, bands: number): { dataset: Record<string, unknown>; items: Record<string, unknown>[] } {
  const dataset: Record<string, unknown> = {};
  const items: Record<string, unknown>[] = Array.from({ length: bands }, () => ({}));
  for (const m of xml.matchAll(/<Item\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Item>)/g)) {
    const attrs = m[1];
    const name = /\bname\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
    if (name === undefined) continue;
    const sample = /\bsample\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
    const inner = m[2] ?? '';
    if (sample === undefined) dataset[name] = inner;
    else if (Number(sample) >= 0 && Number(sample) < bands) items[Number(sample)][name] = inner;
  }
  return { dataset, items };
}

async function tag(image: GeoTIFFImage, name: string): Promise<unknown> {
  const dir = image.fileDirectory as unknown as { hasTag(n: string): boolean; loadValue(n: string): Promise<unknown> };
  return dir.hasTag(name) ? dir.loadValue(name) : undefined;
}

/** Opens the first image of a TIFF; errors name the file. */
export async function openTiff(files: NodeFiles, path: string): Promise<OpenTiff> {
  const file = await files.open(path);
  try {
    const tiff = await GeoTIFF.fromSource(fileSource(file) as never);
    const image = await tiff.getImage(0);
    const info = await describe(image);
    if (!COMPRESSIONS[info.compression]) {
      throw formatError(path, `unsupported compression ${info.compression} (supported: ${Object.entries(COMPRESSIONS).map(([code, name]) => `${code} ${name}`).join(', ')})`);
    }
    await checkExtent(image, file.size, path);
    return { image, info, file, close: () => file.close() };
  } catch (e) {
    await file.close();
    throw wrap(e, path);
  }
}

/** Refuses files whose strips/tiles end past the end of the file (truncated downloads). */
async function checkExtent(image: GeoTIFFImage, size: number, path: string): Promise<void> {
  const offsets = ((await tag(image, 'TileOffsets')) ?? (await tag(image, 'StripOffsets'))) as ArrayLike<number> | undefined;
  const counts = ((await tag(image, 'TileByteCounts')) ?? (await tag(image, 'StripByteCounts'))) as ArrayLike<number> | undefined;
  if (!offsets || !counts) return;
  let end = 0;
  for (let i = 0; i < offsets.length; i++) end = Math.max(end, Number(offsets[i]) + Number(counts[i]));
  if (end > size) throw formatError(path, `file is truncated: its image data ends at byte ${end}, file has ${size} bytes`);
}

export function wrap(e: unknown, path: string): Error {
  if (e instanceof Error && (e.name === 'BandwireError' || e.name === 'CancelledError')) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/compression|decoder/i.test(message)) return formatError(path, `unsupported or corrupt compression: ${message}`);
  if (/outside the bounds|out of range|beyond the end/i.test(message) || e instanceof RangeError) {
    return formatError(path, 'truncated or corrupt TIFF: a directory or tag points past the end of the file (was it cut short while copying?)');
  }
  return formatError(path, `not a readable TIFF: ${message}`);
}

/**
 * Reads the selection as BIP float32; nodata → NaN, scale/offset applied. Common layouts are
 * decoded directly (tiff-direct.ts); the rest through `geotiff` in blocks of whole tile rows.
 */
export async function readTiffCube(tiff: OpenTiff, sel: Selection, request: ReadRequest, path: string): Promise<Float32Array> {
  const { image, info } = tiff;
  const out = allocateCube(sel, path);
  const layout = await planDirect(image).catch(() => undefined);
  if (layout) {
    try {
      await readDirect(tiff.file, layout, sel, out, info, request, path);
    } catch (e) {
      throw wrap(e, path);
    }
    return out;
  }
  const nb = sel.bands.length;
  const tileHeight = image.getTileHeight();
  const rowBytes = sel.cols * info.bands * (image.getBitsPerSample(0) / 8);
  const blockRows = Math.max(tileHeight, Math.floor((32 << 20) / Math.max(1, rowBytes) / tileHeight) * tileHeight);
  try {
    let r = sel.row0;
    while (r < sel.row0 + sel.rows) {
      request.checkAbort?.();
      const end = Math.min(sel.row0 + sel.rows, (Math.floor(r / tileHeight) * tileHeight) + blockRows);
      const block = await image.readRasters({ window: [sel.col0, r, sel.col0 + sel.cols, end], samples: sel.bands, interleave: true });
      const values = block as unknown as ArrayLike<number>;
      const base = (r - sel.row0) * sel.cols * nb;
      const count = (end - r) * sel.cols * nb;
      const nodata = info.nodata;
      for (let i = 0; i < count; i++) {
        let v = values[i];
        if (v === nodata) v = NaN;
        else if (info.scales) {
          const b = sel.bands[i % nb];
          v = v * info.scales[b] + info.offsets![b];
        }
        out[base + i] = v;
      }
      r = end;
      request.progress?.((r - sel.row0) / sel.rows, `rows ${r - sel.row0}/${sel.rows}`);
    }
  } catch (e) {
    throw wrap(e, path);
  }
  return out;
}
