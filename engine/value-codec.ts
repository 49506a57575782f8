/**
 * Serialises node outputs for the on-disk cache: a JSON header in which every typed array is
 * replaced by `{ "$typed": "Float32Array", "offset": bytes, "length": elements }`, followed by
 * the raw array bytes (each 8-byte aligned, little-endian as the platform writes them).
 * File layout: 8-byte magic "BWCACHE1", uint32 header length, header JSON, padding, payload.
 */

const MAGIC = 'BWCACHE1';

const TYPED = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;
type AnyTyped = InstanceType<(typeof TYPED)[TypedName]>;

function typedName(v: unknown): TypedName | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  const name = v.constructor.name as TypedName;
  return name in TYPED ? name : undefined;
}

/** Bytes held by typed arrays inside a value (what the memory cache counts). */
export function valueBytes(v: unknown): number {
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (Array.isArray(v)) return v.reduce((s: number, x) => s + (typeof x === 'object' && x ? valueBytes(x) : 8), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((s: number, x) => s + valueBytes(x), 64);
  return 8;
}

export function encodeValue(value: unknown): Buffer {
  const chunks: AnyTyped[] = [];
  let offset = 0;
  const header = JSON.stringify(value, (_key, v) => {
    const name = typedName(v);
    if (!name) return v;
    const arr = v as AnyTyped;
    const entry = { $typed: name, offset, length: arr.length };
    chunks.push(arr);
    offset += Math.ceil(arr.byteLength / 8) * 8;
    return entry;
  });
  const headerBytes = Buffer.from(header, 'utf8');
  const start = Math.ceil((12 + headerBytes.length) / 8) * 8;
  const out = Buffer.alloc(start + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(out, 12);
  let at = start;
  for (const arr of chunks) {
    Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).copy(out, at);
    at += Math.ceil(arr.byteLength / 8) * 8;
  }
  return out;
}

/** Decodes a buffer written by encodeValue; throws on a corrupt or truncated buffer. */
export function decodeValue(buf: Uint8Array): unknown {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 12 || b.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a Bandwire cache entry');
  const headerLength = b.readUInt32LE(8);
  if (12 + headerLength > b.length) throw new Error('truncated cache entry header');
  const start = Math.ceil((12 + headerLength) / 8) * 8;
  const header = b.toString('utf8', 12, 12 + headerLength);
  return JSON.parse(header, (_key, v) => {
    if (!v || typeof v !== 'object' || typeof v.$typed !== 'string') return v;
    const Ctor = TYPED[v.$typed as TypedName];
    if (!Ctor) throw new Error(`unknown array type ${v.$typed}`);
    const byteLength = v.length * Ctor.BYTES_PER_ELEMENT;
    const from = start + v.offset;
    if (from + byteLength > b.length) throw new Error('truncated cache entry payload');
    // Copy into a fresh, aligned buffer owned by the value.
    const copy = new ArrayBuffer(byteLength);
    new Uint8Array(copy).set(b.subarray(from, from + byteLength));
    return new Ctor(copy);
  });
}
