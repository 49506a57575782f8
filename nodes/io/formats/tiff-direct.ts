/**
 * Direct GeoTIFF decoding for the common cases: strips or tiles; compression none, LZW,
 * Deflate (8 and 32946) or PackBits; predictor 1, 2 or 3; PlanarConfiguration 1 (pixel
 * interleave) or 2 (band planes); 8/16/32-bit integer and 32/64-bit float samples, either byte
 * order. Only the blocks (tiles or strips) that cross the window are read, and with band
 * planes only the planes of the selected bands; each block is decoded and scattered straight
 * into the BIP float32 output, so memory is the output plus a few blocks in flight.
 * `planDirect` returns undefined for anything else (JPEG, ZSTD, LERC, odd bit depths…), which
 * the caller reads through the `geotiff` package.
 */
import type { GeoTIFFImage } from 'geotiff';
import type { RandomAccessFile } from '../../../core/node-def.ts';
import { DIRECT_COMPRESSIONS, decompress, swapBytes, toHostOrder, undoFloatingPoint, undoHorizontal } from './tiff-codecs.ts';
import { formatError, type ReadRequest, type Selection } from './selection.ts';
import { batches, planJobs, type DirectLayout, type Job, type SampleArray, type SampleCtor } from './tiff-blocks.ts';

export type { DirectLayout } from './tiff-blocks.ts';

/** Value scaling applied while scattering: nodata → NaN, then value · scale[b] + offset[b]. */
export interface SampleMapping {
  nodata?: number;
  scales?: number[];
  offsets?: number[];
}

const CTORS: Record<string, SampleCtor> = {
  uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array, uint32: Uint32Array,
  int32: Int32Array, float32: Float32Array, float64: Float64Array,
};

async function tagValue(image: GeoTIFFImage, name: string): Promise<unknown> {
  const dir = image.fileDirectory as unknown as { hasTag(n: string): boolean; loadValue(n: string): Promise<unknown> };
  return dir.hasTag(name) ? dir.loadValue(name) : undefined;
}

/** The block layout when the direct path can decode this image, else undefined. */
export async function planDirect(image: GeoTIFFImage): Promise<DirectLayout | undefined> {
  const compression = Number((await tagValue(image, 'Compression')) ?? 1);
  const predictor = Number((await tagValue(image, 'Predictor')) ?? 1);
  const fillOrder = Number((await tagValue(image, 'FillOrder')) ?? 1);
  if (!DIRECT_COMPRESSIONS.has(compression) || ![1, 2, 3].includes(predictor) || fillOrder !== 1) return undefined;
  const samplesPerPixel = image.getSamplesPerPixel();
  const bits = image.getBitsPerSample(0);
  const format = image.getSampleFormat(0);
  for (let s = 1; s < samplesPerPixel; s++) {
    if (image.getBitsPerSample(s) !== bits || image.getSampleFormat(s) !== format) return undefined;
  }
  const kind = format === 3 ? 'float' : format === 2 ? 'int' : format === 1 ? 'uint' : '';
  const ctor = CTORS[`${kind}${bits}`];
  if (!ctor) return undefined;
  if ((predictor === 2 && kind === 'float') || (predictor === 3 && kind !== 'float')) return undefined;
  const offsets = ((await tagValue(image, 'TileOffsets')) ?? (await tagValue(image, 'StripOffsets'))) as ArrayLike<number> | undefined;
  const counts = ((await tagValue(image, 'TileByteCounts')) ?? (await tagValue(image, 'StripByteCounts'))) as ArrayLike<number> | undefined;
  if (!offsets || !counts) return undefined;
  const width = image.getWidth();
  const height = image.getHeight();
  const blockWidth = image.getTileWidth();
  const blockHeight = image.getTileHeight();
  if (!(blockWidth > 0 && blockHeight > 0)) return undefined;
  const planar = image.planarConfiguration;
  const blocksAcross = Math.ceil(width / blockWidth);
  const blocksDown = Math.ceil(height / blockHeight);
  const needed = blocksAcross * blocksDown * (planar === 2 ? samplesPerPixel : 1);
  if (offsets.length < needed || counts.length < needed) return undefined;
  return {
    compression, predictor, samplesPerPixel, blockSamples: planar === 2 ? 1 : samplesPerPixel, planar, tiled: image.isTiled, bytes: bits / 8, ctor,
    littleEndian: image.littleEndian, blockWidth, blockHeight, blocksAcross, blocksDown, offsets, counts, width, height,
  };
}

/** Reads and decodes rows `skip`..`skip + rows` of block `index` to host-order samples. */
async function decodeBlock(file: RandomAccessFile, layout: DirectLayout, index: number, job: Job, path: string): Promise<SampleArray> {
  const { rows } = job;
  const rowSamples = layout.blockWidth * layout.blockSamples;
  const expected = rowSamples * rows * layout.bytes;
  // Uncompressed blocks are read from their first needed row only (`skip` rows in).
  const offset = Number(layout.offsets[index]) + job.skip * rowSamples * layout.bytes;
  const count = layout.compression === 1 && Number(layout.counts[index]) > 0 ? expected : Number(layout.counts[index]);
  // Sparse blocks (offset and byte count 0, GDAL SPARSE_OK) read as zeros.
  if (count === 0) return new layout.ctor(new ArrayBuffer(expected), 0, expected / layout.bytes);
  if (offset + count > file.size) throw formatError(path, `file is truncated: block ${index} ends at byte ${offset + count}, file has ${file.size} bytes`);
  const raw = await file.read(offset, count);
  let bytes: Uint8Array;
  try {
    bytes = await decompress(layout.compression, raw, expected);
  } catch (e) {
    throw formatError(path, `block ${index} is corrupt (${(e as Error).message})`);
  }
  if (bytes.length < expected) throw formatError(path, `block ${index} decodes to ${bytes.length} bytes, expected ${expected}`);
  if (layout.predictor === 3) {
    bytes = undoFloatingPoint(bytes, layout.bytes, rowSamples, layout.blockSamples, rows);
    // Big-endian files (libtiff/GDAL): the planes hold the byte-swapped samples (checked
    // pixel-exact against GDAL in tiff-direct.test.ts), so swap once more.
    if (!layout.littleEndian) swapBytes(bytes, layout.bytes);
  } else {
    bytes = toHostOrder(bytes, layout.bytes, layout.littleEndian, true);
    if (layout.predictor === 2) undoHorizontal(bytes, layout.bytes, rowSamples, layout.blockSamples, rows);
  }
  return new layout.ctor(bytes.buffer, bytes.byteOffset, expected / layout.bytes);
}

/** Copies the part of a job's decoded blocks inside the selection into `out` (BIP, selection-sized). */
function scatter(out: Float32Array, sel: Selection, arrays: SampleArray[], layout: DirectLayout, job: Job, mapping: SampleMapping): void {
  const nb = sel.bands.length;
  const x0 = job.bx * layout.blockWidth;
  const y0 = job.by * layout.blockHeight + job.skip;
  const rStart = Math.max(sel.row0, y0);
  const rEnd = Math.min(sel.row0 + sel.rows, y0 + job.rows, layout.height);
  const cStart = Math.max(sel.col0, x0);
  const cEnd = Math.min(sel.col0 + sel.cols, x0 + layout.blockWidth, layout.width);
  const spp = layout.blockSamples;
  const { sourceOf, sampleOf, bandOf } = job;
  const count = bandOf.length;
  const plain = mapping.nodata === undefined && !mapping.scales;
  const nodata = mapping.nodata;
  const scaleOf = Float64Array.from(bandOf, (k) => (mapping.scales ? mapping.scales[sel.bands[k]] : 1));
  const shiftOf = Float64Array.from(bandOf, (k) => (mapping.offsets ? mapping.offsets[sel.bands[k]] : 0));
  // Per output row and value j a strided copy: one row of output (cols × bands floats) stays in
  // cache while the values of the group fill it.
  for (let r = rStart; r < rEnd; r++) {
    const src0 = ((r - y0) * layout.blockWidth + (cStart - x0)) * spp;
    const dst0 = ((r - sel.row0) * sel.cols + (cStart - sel.col0)) * nb;
    for (let j = 0; j < count; j++) {
      const samples = arrays[sourceOf[j]];
      let src = src0 + sampleOf[j];
      let dst = dst0 + bandOf[j];
      if (plain) {
        for (let c = cStart; c < cEnd; c++, src += spp, dst += nb) out[dst] = samples[src];
      } else {
        const scale = scaleOf[j];
        const shift = shiftOf[j];
        for (let c = cStart; c < cEnd; c++, src += spp, dst += nb) {
          const v = samples[src];
          out[dst] = v === nodata ? NaN : v * scale + shift;
        }
      }
    }
  }
}

/**
 * Reads the selection into `out` (BIP float32) through the direct decoders. The next batch is
 * read and inflated (thread pool) while the current one is scattered (main thread), so at
 * most two batches are in memory. Progress after each batch.
 */
export async function readDirect(file: RandomAccessFile, layout: DirectLayout, sel: Selection, out: Float32Array, mapping: SampleMapping, request: ReadRequest, path: string): Promise<void> {
  const plan = batches(planJobs(layout, sel), layout);
  const total = plan.reduce((n, batch) => n + batch.length, 0);
  const decode = (batch: Job[]) => Promise.all(batch.map((job) => Promise.all(job.blocks.map((index) => decodeBlock(file, layout, index, job, path)))));
  let pending = plan.length ? decode(plan[0]) : undefined;
  let done = 0;
  for (let i = 0; i < plan.length; i++) {
    const decoded = await pending!;
    request.checkAbort?.();
    pending = i + 1 < plan.length ? decode(plan[i + 1]) : undefined;
    // A failed prefetch is reported when awaited; until then keep it from being "unhandled".
    pending?.catch(() => {});
    for (const [k, job] of plan[i].entries()) scatter(out, sel, decoded[k], layout, job, mapping);
    done += plan[i].length;
    request.progress?.(done / total, `blocks ${done}/${total}`);
  }
}
