/**
 * Block plan of the direct GeoTIFF decoder: the strip/tile layout of an image, and the jobs
 * (blocks × row ranges × band groups) that cover a window and band subset, batched so that
 * about IN_FLIGHT_BYTES of decoded samples are in memory at once.
 */
import type { Selection } from './selection.ts';

export type SampleArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
export type SampleCtor = new (buffer: ArrayBufferLike, offset: number, length: number) => SampleArray;

export interface DirectLayout {
  compression: number;
  predictor: number;
  /** Samples per pixel of the file, and per pixel of one block (1 with band planes). */
  samplesPerPixel: number;
  blockSamples: number;
  planar: 1 | 2;
  tiled: boolean;
  bytes: number;
  ctor: SampleCtor;
  littleEndian: boolean;
  blockWidth: number;
  blockHeight: number;
  blocksAcross: number;
  blocksDown: number;
  offsets: ArrayLike<number>;
  counts: ArrayLike<number>;
  width: number;
  height: number;
}

/** Rows stored in block row `y` (strips: the last one may be short; tiles are always full). */
export function rowsInBlock(layout: DirectLayout, y: number): number {
  return layout.tiled ? layout.blockHeight : Math.min(layout.blockHeight, layout.height - y * layout.blockHeight);
}

/**
 * One unit of work: the blocks at block position (`bx`, `by`), rows `skip`..`skip + rows` of
 * them. Pixel interleave: one block holding every band. Band planes: the blocks of up to
 * BAND_GROUP selected bands, so the scatter writes runs of consecutive output bands (a BSQ to
 * BIP transpose one band at a time misses the cache on every write).
 */
export interface Job {
  blocks: number[];
  bx: number;
  by: number;
  skip: number;
  rows: number;
  /** For each output value j: source block (position in `blocks`), sample within its pixel, output band. */
  sourceOf: Int32Array;
  sampleOf: Int32Array;
  bandOf: Int32Array;
}

const BAND_GROUP = 16;

/**
 * Blocks decoded concurrently (Deflate runs on the thread pool), at most IN_FLIGHT blocks and
 * about IN_FLIGHT_BYTES of decoded samples (a 256 × 256 tile of 224 int16 bands is 29 MB).
 */
const IN_FLIGHT = 16;
const IN_FLIGHT_BYTES = 48 << 20;

/** The jobs covering the selection, in output order (block rows, then bands, then block columns). */
export function planJobs(layout: DirectLayout, sel: Selection): Job[] {
  const byFirst = Math.floor(sel.row0 / layout.blockHeight);
  const byLast = Math.floor((sel.row0 + sel.rows - 1) / layout.blockHeight);
  const bxFirst = Math.floor(sel.col0 / layout.blockWidth);
  const bxLast = Math.floor((sel.col0 + sel.cols - 1) / layout.blockWidth);
  const perPlane = layout.blocksAcross * layout.blocksDown;
  const rowBytes = layout.blockWidth * layout.blockSamples * layout.bytes;
  // Uncompressed blocks: only the rows inside the window, in pieces of about 4 MB.
  const chunkRows = Math.max(1, Math.floor((4 << 20) / rowBytes / (layout.planar === 2 ? BAND_GROUP : 1)));
  const jobs: Job[] = [];
  const groups: number[][] = [];
  if (layout.planar === 1) groups.push(sel.bands.map((_, k) => k));
  else for (let k = 0; k < sel.bands.length; k += BAND_GROUP) groups.push(sel.bands.slice(k, k + BAND_GROUP).map((_, j) => k + j));
  for (let by = byFirst; by <= byLast; by++) {
    const stored = rowsInBlock(layout, by);
    const y0 = by * layout.blockHeight;
    const first = layout.compression === 1 ? Math.max(0, sel.row0 - y0) : 0;
    const end = layout.compression === 1 ? Math.min(stored, sel.row0 + sel.rows - y0) : stored;
    const step = layout.compression === 1 ? chunkRows : stored;
    for (const group of groups) {
      for (let bx = bxFirst; bx <= bxLast; bx++) {
        const at = by * layout.blocksAcross + bx;
        const blocks = layout.planar === 1 ? [at] : group.map((k) => sel.bands[k] * perPlane + at);
        const bandOf = Int32Array.from(group);
        const sampleOf = layout.planar === 1 ? Int32Array.from(group, (k) => sel.bands[k]) : new Int32Array(group.length);
        const sourceOf = layout.planar === 1 ? new Int32Array(group.length) : Int32Array.from(group, (_, j) => j);
        for (let skip = first; skip < end; skip += step) {
          jobs.push({ blocks, bx, by, skip, rows: Math.min(step, end - skip), sourceOf, sampleOf, bandOf });
        }
      }
    }
  }
  return jobs;
}

/** Splits jobs into batches of at most IN_FLIGHT blocks and about IN_FLIGHT_BYTES decoded. */
export function batches(jobs: Job[], layout: DirectLayout): Job[][] {
  const result: Job[][] = [];
  const jobBytes = (job: Job) => job.blocks.length * job.rows * layout.blockWidth * layout.blockSamples * layout.bytes;
  let start = 0;
  while (start < jobs.length) {
    let end = start;
    let blocks = 0;
    let bytes = 0;
    while (end < jobs.length && (blocks === 0 || (blocks + jobs[end].blocks.length <= IN_FLIGHT && bytes + jobBytes(jobs[end]) <= IN_FLIGHT_BYTES))) {
      blocks += jobs[end].blocks.length;
      bytes += jobBytes(jobs[end++]);
    }
    result.push(jobs.slice(start, end));
    start = end;
  }
  return result;
}
