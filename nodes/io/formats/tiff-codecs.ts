/**
 * TIFF block codecs used by the direct GeoTIFF reader (TIFF 6.0 spec, sections 9, 13, 14 and
 * Adobe Technical Note 3 for the floating-point predictor): LZW (MSB-first, 9–12-bit codes,
 * "early change"), PackBits, Deflate (zlib, run on libuv's thread pool) and predictors 2
 * (horizontal differencing) and 3 (floating-point byte planes). All work on whole blocks
 * (one strip or tile) of bytes; no per-sample objects.
 */
import { inflate } from 'node:zlib';
import { promisify } from 'node:util';

const inflateAsync = promisify(inflate);

/** TIFF Compression tag values. */
export const Compression = { None: 1, Lzw: 5, Deflate: 8, PackBits: 32773, DeflateOld: 32946 } as const;

/** Compression codes decoded here; others go through the `geotiff` package. */
export const DIRECT_COMPRESSIONS = new Set([1, 5, 8, 32773, 32946]);

const LZW_CLEAR = 256;
const LZW_END = 257;

/**
 * TIFF LZW: codes start at 9 bits and widen when the next free entry reaches 2^width − 1
 * (libtiff's early change). Writes at most `expected` bytes; returns the decoded bytes.
 */
export function decodeLzw(input: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  const prefix = new Int16Array(4096);
  const suffix = new Uint8Array(4096);
  const lengths = new Uint16Array(4096);
  const first = new Uint8Array(4096);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    first[i] = i;
    lengths[i] = 1;
  }
  let next = 258;
  let width = 9;
  let old = -1;
  let bit = 0;
  let at = 0;
  const totalBits = input.length * 8;
  while (bit + width <= totalBits && at < expected) {
    const byte = bit >>> 3;
    const word = (input[byte] << 16) | ((input[byte + 1] ?? 0) << 8) | (input[byte + 2] ?? 0);
    const code = (word >>> (24 - (bit & 7) - width)) & ((1 << width) - 1);
    bit += width;
    if (code === LZW_END) break;
    if (code === LZW_CLEAR) {
      next = 258;
      width = 9;
      old = -1;
      continue;
    }
    let entry: number;
    if (old === -1) {
      if (code > 255) throw new Error(`LZW: code ${code} after a clear code`);
      entry = code;
    } else if (code < next) {
      entry = code;
      if (next < 4096) {
        prefix[next] = old;
        suffix[next] = first[code];
        lengths[next] = lengths[old] + 1;
        first[next] = first[old];
        next++;
      }
    } else if (code === next && next < 4096) {
      prefix[next] = old;
      suffix[next] = first[old];
      lengths[next] = lengths[old] + 1;
      first[next] = first[old];
      entry = next++;
    } else {
      throw new Error(`LZW: code ${code} is not yet defined (next free ${next})`);
    }
    // Write the string of `entry` backwards along its prefix chain, clipped to the block.
    const length = lengths[entry];
    let end = at + length - 1;
    let walk = entry;
    while (end >= expected) {
      walk = prefix[walk];
      end--;
    }
    for (let p = end; p >= at; p--) {
      out[p] = suffix[walk];
      walk = prefix[walk];
    }
    at += length;
    if (next + 1 >= 1 << width && width < 12) width++;
    old = code;
  }
  return at >= expected ? out : out.subarray(0, at);
}

/** PackBits (Apple): header n ≥ 0 copies n + 1 bytes, −127 ≤ n ≤ −1 repeats the next byte 1 − n times. */
export function decodePackBits(input: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let i = 0;
  let at = 0;
  while (i < input.length && at < expected) {
    const header = (input[i++] << 24) >> 24;
    if (header >= 0) {
      const count = Math.min(header + 1, expected - at, input.length - i);
      out.set(input.subarray(i, i + count), at);
      i += header + 1;
      at += count;
    } else if (header !== -128) {
      const count = Math.min(1 - header, expected - at);
      out.fill(input[i++], at, at + count);
      at += count;
    }
  }
  return at >= expected ? out : out.subarray(0, at);
}

/** Decompresses one block to (about) `expected` bytes. */
export async function decompress(compression: number, input: Uint8Array, expected: number): Promise<Uint8Array> {
  switch (compression) {
    case Compression.None:
      return input;
    case Compression.Lzw:
      return decodeLzw(input, expected);
    case Compression.PackBits:
      return decodePackBits(input, expected);
    case Compression.Deflate:
    case Compression.DeflateOld: {
      // One output chunk of the block's size: no 16 KB chunk callbacks and no concatenation.
      const buffer = await inflateAsync(input, { chunkSize: Math.max(1024, Math.min(expected + 64, 64 << 20)) });
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
    default:
      throw new Error(`compression ${compression} is not decoded directly`);
  }
}

const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the bytes of each `size`-byte sample in place (file order → host order). */
export function swapBytes(bytes: Uint8Array, size: number): void {
  if (size === 2) {
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const t = bytes[i];
      bytes[i] = bytes[i + 1];
      bytes[i + 1] = t;
    }
    return;
  }
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/** Makes `bytes` host-order and aligned for `size`-byte samples (copies only when needed). */
export function toHostOrder(bytes: Uint8Array, size: number, littleEndian: boolean, owned: boolean): Uint8Array {
  const swap = size > 1 && littleEndian !== hostLittle;
  if (!swap && bytes.byteOffset % size === 0) return bytes;
  const copy = owned && bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  if (swap) swapBytes(copy, size);
  return copy;
}

/**
 * Predictor 2 (TIFF 6.0 §14): each sample stores the difference to the same sample of the
 * previous pixel of the row; undone by a running sum in the sample's unsigned integer type
 * (wrap-around is the same for signed types). `bytes` must already be in host order.
 */
export function undoHorizontal(bytes: Uint8Array, size: number, rowSamples: number, samplesPerPixel: number, rows: number): void {
  const words = size === 1 ? bytes : size === 2
    ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1)
    : new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  for (let r = 0; r < rows; r++) {
    const start = r * rowSamples;
    const end = Math.min(start + rowSamples, words.length);
    for (let i = start + samplesPerPixel; i < end; i++) words[i] += words[i - samplesPerPixel];
  }
}

/**
 * Predictor 3 (Adobe TN3): per row, the bytes of the samples are stored as byte planes (most
 * significant plane first) and then byte-differenced with stride `samplesPerPixel`. Returns a
 * new host-order buffer of the same length.
 */
export function undoFloatingPoint(bytes: Uint8Array, size: number, rowSamples: number, samplesPerPixel: number, rows: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  const rowBytes = rowSamples * size;
  for (let r = 0; r < rows; r++) {
    const base = r * rowBytes;
    if (base + rowBytes > bytes.length) break;
    for (let i = base + samplesPerPixel; i < base + rowBytes; i++) bytes[i] = (bytes[i] + bytes[i - samplesPerPixel]) & 0xff;
    for (let plane = 0; plane < size; plane++) {
      // Plane 0 holds the most significant bytes; the host (little-endian) puts them last.
      const target = hostLittle ? size - 1 - plane : plane;
      const from = base + plane * rowSamples;
      for (let s = 0; s < rowSamples; s++) out[base + s * size + target] = bytes[from + s];
    }
  }
  return out;
}
