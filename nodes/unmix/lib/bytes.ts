/** Copies file bytes (a possibly pooled Buffer) into a fresh typed array of the given kind. */
export function bytesTo<T extends Float32Array | Float64Array>(kind: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, bytes: Uint8Array): T {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new kind(copy.buffer);
}
