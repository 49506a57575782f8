/**
 * Tile encoding for the GeoTIFF writer: 256 × 256 tiles, one plane per band, in any of the
 * GeoTIFF sample types, Deflate-compressed with the predictor that suits the type: 2
 * (horizontal differencing, TIFF 6.0 §14) for integers, 3 (floating point, Adobe TIFF Technical
 * Note 3) for floats. Integer output checks that every value fits the type (integral, in
 * range) and that NaN pixels have a nodata value to stand for them.
 */
import { deflateSync } from 'node:zlib';
import { BandwireError } from '../../../core/errors.ts';
import type { Raster } from '../../../core/values.ts';

export type OutputType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

type TileArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export const OUTPUT_TYPES: Record<OutputType, { ctor: new (n: number) => TileArray; bits: number; format: 1 | 2 | 3; min: number; max: number }> = {
  uint8: { ctor: Uint8Array, bits: 8, format: 1, min: 0, max: 255 },
  int8: { ctor: Int8Array, bits: 8, format: 2, min: -128, max: 127 },
  uint16: { ctor: Uint16Array, bits: 16, format: 1, min: 0, max: 65535 },
  int16: { ctor: Int16Array, bits: 16, format: 2, min: -32768, max: 32767 },
  uint32: { ctor: Uint32Array, bits: 32, format: 1, min: 0, max: 4294967295 },
  int32: { ctor: Int32Array, bits: 32, format: 2, min: -2147483648, max: 2147483647 },
  float32: { ctor: Float32Array, bits: 32, format: 3, min: -Infinity, max: Infinity },
  float64: { ctor: Float64Array, bits: 64, format: 3, min: -Infinity, max: Infinity },
};

/** Predictor 3 on a tile in place of a copy: per row, bytes split MSB-first into planes, then differenced. */
function predictFloat(tile: Float32Array | Float64Array, size: number): Uint8Array {
  const width = tile.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
  const out = new Uint8Array(bytes.length);
  const rowBytes = size * width;
  for (let row = 0; row < size; row++) {
    const base = row * rowBytes;
    for (let plane = 0; plane < width; plane++) {
      const from = width - 1 - plane; // little-endian host: the most significant byte is last
      const target = base + plane * size;
      for (let i = 0; i < size; i++) out[target + i] = bytes[base + i * width + from];
    }
    for (let i = rowBytes - 1; i > 0; i--) out[base + i] = (out[base + i] - out[base + i - 1]) & 0xff;
  }
  return out;
}

/** Predictor 2 in place: each sample minus its left neighbour (typed-array stores wrap). */
function predictHorizontal(tile: TileArray, size: number): Uint8Array {
  for (let row = 0; row < size; row++) {
    const base = row * size;
    for (let i = size - 1; i > 0; i--) tile[base + i] = tile[base + i] - tile[base + i - 1];
  }
  return new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
}

/** Compressed tiles, band after band (TileOffsets order for PlanarConfiguration 2). */
export function encodeTiles(raster: Raster, size: number, type: OutputType, onBand?: (f: number) => void): Uint8Array[] {
  const { rows, cols, bands, data } = raster;
  const spec = OUTPUT_TYPES[type];
  const float = spec.format === 3;
  const fill = raster.nodata !== undefined ? raster.nodata : NaN;
  if (!float && raster.nodata !== undefined && !(Number.isInteger(fill) && fill >= spec.min && fill <= spec.max)) {
    throw new BandwireError('PARAM_INVALID', `param 'dtype': the nodata value ${fill} does not fit ${type}; write float32`, { param: 'dtype' });
  }
  const across = Math.ceil(cols / size), down = Math.ceil(rows / size);
  const tiles: Uint8Array[] = [];
  const tile = new spec.ctor(size * size);
  for (let b = 0; b < bands; b++) {
    for (let ty = 0; ty < down; ty++) {
      for (let tx = 0; tx < across; tx++) {
        tile.fill(0);
        const r1 = Math.min(rows, (ty + 1) * size), c0 = tx * size, c1 = Math.min(cols, c0 + size);
        for (let r = ty * size; r < r1; r++) {
          let o = (r - ty * size) * size;
          for (let c = c0, i = (r * cols + c0) * bands + b; c < c1; c++, i += bands) {
            let v = data[i];
            if (v !== v) v = fill;
            else if (!float && !(Number.isInteger(v) && v >= spec.min && v <= spec.max)) {
              throw new BandwireError('PARAM_INVALID', `param 'dtype' = ${type}: pixel (${r}, ${c}) band ${b} holds ${v}, which ${type} cannot store; write float32`, { param: 'dtype' });
            }
            if (!float && v !== v) {
              throw new BandwireError('PARAM_INVALID', `param 'dtype' = ${type}: pixel (${r}, ${c}) band ${b} is NaN and the raster has no nodata value; write float32`, { param: 'dtype' });
            }
            tile[o++] = v;
          }
        }
        const predicted = float ? predictFloat(tile as Float32Array | Float64Array, size) : predictHorizontal(tile, size);
        tiles.push(deflateSync(predicted, { level: 6 }));
      }
    }
    onBand?.((b + 1) / bands);
  }
  return tiles;
}
