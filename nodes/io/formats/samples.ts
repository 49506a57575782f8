/**
 * Binary sample types shared by the ENVI, MATLAB and raw readers: byte sizes and decoding of a
 * byte range into a typed array (little or big endian), without per-sample objects.
 */
export type SampleType = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64' | 'int64' | 'uint64';

export const SAMPLE_BYTES: Record<SampleType, number> = {
  uint8: 1, int8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8, int64: 8, uint64: 8,
};

export type NumericArray = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

const CTORS = {
  uint8: Uint8Array, int8: Int8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array,
  uint32: Uint32Array, float32: Float32Array, float64: Float64Array,
} as const;

const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes `count` samples of `type` from `bytes` (starting at byte 0). Returns a view when the
 * bytes are aligned and in host order, else a converted copy. 64-bit integers become float64.
 */
export function decodeSamples(bytes: Uint8Array, type: SampleType, littleEndian: boolean, count: number): NumericArray {
  const size = SAMPLE_BYTES[type];
  const needed = count * size;
  if (bytes.length < needed) throw new RangeError(`need ${needed} bytes for ${count} ${type} samples, have ${bytes.length}`);
  if (type === 'int64' || type === 'uint64') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, needed);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = Number(type === 'int64' ? view.getBigInt64(i * 8, littleEndian) : view.getBigUint64(i * 8, littleEndian));
    }
    return out;
  }
  const Ctor = CTORS[type];
  const swap = size > 1 && littleEndian !== hostLittle;
  if (!swap && bytes.byteOffset % size === 0) return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, count);
  const copy = bytes.slice(0, needed);
  if (swap) {
    for (let i = 0; i < needed; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) {
        const t = copy[a];
        copy[a] = copy[b];
        copy[b] = t;
      }
    }
  }
  return new Ctor(copy.buffer, 0, count);
}
