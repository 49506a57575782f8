/**
 * MATLAB Level 5 MAT-file parser ("MAT-File Format", MathWorks, R2024): the 128-byte header,
 * miMATRIX elements (numeric, logical, char, cell, struct) and miCOMPRESSED elements (zlib,
 * inflated with node:zlib). Numeric data stay in the stored type (MATLAB may store doubles as
 * smaller integers); arrays are column-major with `dims` as MATLAB reports them.
 */
import { inflateSync } from 'node:zlib';
import { decodeSamples, type NumericArray, type SampleType } from './samples.ts';

export type MatValue =
  | { kind: 'numeric'; name: string; className: string; dims: number[]; data: NumericArray; imag?: NumericArray; logical: boolean }
  | { kind: 'char'; name: string; dims: number[]; text: string }
  | { kind: 'cell'; name: string; dims: number[]; items: MatValue[] }
  | { kind: 'struct'; name: string; dims: number[]; fieldNames: string[]; items: Record<string, MatValue>[] }
  | { kind: 'unsupported'; name: string; dims: number[]; className: string };

export class MatFormatError extends Error {}

const CLASS_NAMES: Record<number, string> = {
  1: 'cell', 2: 'struct', 3: 'object', 4: 'char', 5: 'sparse', 6: 'double', 7: 'single', 8: 'int8', 9: 'uint8',
  10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32', 14: 'int64', 15: 'uint64', 16: 'function', 17: 'opaque',
};

const MI_TYPES: Record<number, SampleType> = {
  1: 'int8', 2: 'uint8', 3: 'int16', 4: 'uint16', 5: 'int32', 6: 'uint32', 7: 'float32', 9: 'float64', 12: 'int64', 13: 'uint64',
};
const MI_MATRIX = 14, MI_COMPRESSED = 15, MI_UTF8 = 16;
const MI_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8, 16: 1, 17: 2, 18: 4 };

interface Element {
  type: number;
  bytes: Uint8Array;
  next: number;
}

class Reader {
  private readonly view: DataView;
  constructor(readonly buf: Uint8Array, readonly little: boolean) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  element(pos: number, end: number): Element {
    if (pos + 8 > end) throw new MatFormatError(`truncated data element at byte ${pos}`);
    const word = this.view.getUint32(pos, this.little);
    if (word >>> 16 !== 0) {
      const count = word >>> 16;
      if (count > 4) throw new MatFormatError(`bad small data element at byte ${pos}`);
      return { type: word & 0xffff, bytes: this.buf.subarray(pos + 4, pos + 4 + count), next: pos + 8 };
    }
    const count = this.view.getUint32(pos + 4, this.little);
    if (pos + 8 + count > end) throw new MatFormatError(`data element at byte ${pos} claims ${count} bytes, only ${end - pos - 8} remain (file truncated?)`);
    const padded = word === MI_COMPRESSED ? count : Math.ceil(count / 8) * 8;
    return { type: word, bytes: this.buf.subarray(pos + 8, pos + 8 + count), next: Math.min(end, pos + 8 + padded) };
  }

  numbers(e: Element): NumericArray {
    const type = MI_TYPES[e.type];
    if (!type) throw new MatFormatError(`unexpected data type ${e.type} for numeric data`);
    return decodeSamples(e.bytes, type, this.little, Math.floor(e.bytes.length / MI_SIZE[e.type]));
  }

  text(e: Element): string {
    if (e.type === MI_UTF8 || e.type === 1 || e.type === 2) return new TextDecoder('utf-8').decode(e.bytes);
    return String.fromCharCode(...Array.from(this.numbers(e)));
  }

  /** Parses a miMATRIX element body (`bytes`); `name` overrides the stored name (struct fields). */
  matrix(body: Uint8Array, depth: number): MatValue {
    if (depth > 32) throw new MatFormatError('arrays nested more than 32 levels deep');
    if (body.length === 0) return { kind: 'numeric', name: '', className: 'double', dims: [0, 0], data: new Float64Array(0), logical: false };
    const sub = new Reader(body, this.little);
    const flags = sub.element(0, body.length);
    if (flags.bytes.length < 8) throw new MatFormatError('array flags too short');
    const flagWord = new DataView(flags.bytes.buffer, flags.bytes.byteOffset, 8).getUint32(0, this.little);
    const classId = flagWord & 0xff;
    const className = CLASS_NAMES[classId] ?? `class ${classId}`;
    const dimsElement = sub.element(flags.next, body.length);
    const dims = Array.from(sub.numbers(dimsElement));
    if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new MatFormatError(`bad dimensions [${dims.join(', ')}]`);
    const nameElement = sub.element(dimsElement.next, body.length);
    const name = sub.text(nameElement);
    const count = dims.reduce((a, b) => a * b, 1);
    let pos = nameElement.next;
    if (classId >= 6 && classId <= 15) {
      const real = sub.element(pos, body.length);
      const data = sub.numbers(real);
      if (data.length !== count) throw new MatFormatError(`variable '${name}' has ${data.length} values, its dimensions [${dims.join(' x ')}] need ${count}`);
      const value: MatValue = { kind: 'numeric', name, className, dims, data, logical: (flagWord & 0x200) !== 0 };
      if (flagWord & 0x800) value.imag = sub.numbers(sub.element(real.next, body.length));
      return value;
    }
    if (classId === 4) {
      const chars = sub.element(pos, body.length);
      return { kind: 'char', name, dims, text: sub.text(chars) };
    }
    if (classId === 1) {
      const items: MatValue[] = [];
      for (let i = 0; i < count; i++) {
        const e = sub.element(pos, body.length);
        if (e.type !== MI_MATRIX) throw new MatFormatError(`cell '${name}' item ${i} is not an array`);
        items.push(sub.matrix(e.bytes, depth + 1));
        pos = e.next;
      }
      return { kind: 'cell', name, dims, items };
    }
    if (classId === 2) {
      const lengthElement = sub.element(pos, body.length);
      const fieldLength = Number(sub.numbers(lengthElement)[0]);
      const namesElement = sub.element(lengthElement.next, body.length);
      if (!(fieldLength > 0)) throw new MatFormatError(`struct '${name}' has a bad field name length`);
      const fieldNames: string[] = [];
      for (let at = 0; at + fieldLength <= namesElement.bytes.length; at += fieldLength) {
        fieldNames.push(new TextDecoder().decode(namesElement.bytes.subarray(at, at + fieldLength)).replace(/\0.*$/s, ''));
      }
      pos = namesElement.next;
      const items: Record<string, MatValue>[] = [];
      for (let i = 0; i < count; i++) {
        const item: Record<string, MatValue> = {};
        for (const field of fieldNames) {
          const e = sub.element(pos, body.length);
          item[field] = { ...sub.matrix(e.bytes, depth + 1), name: field };
          pos = e.next;
        }
        items.push(item);
      }
      return { kind: 'struct', name, dims, fieldNames, items };
    }
    return { kind: 'unsupported', name, dims, className };
  }
}

/** True when the bytes start like a Level 5 MAT-file (text header + version 0x0100 + endian mark). */
export function isMat5(bytes: Uint8Array): boolean {
  return bytes.length >= 128 && ((bytes[126] === 0x49 && bytes[127] === 0x4d) || (bytes[126] === 0x4d && bytes[127] === 0x49));
}

/** True for MATLAB v7.3 files (HDF5 container with a MAT header). */
export function isMat73(bytes: Uint8Array): boolean {
  return bytes.length >= 520 && bytes[512] === 0x89 && bytes[513] === 0x48 && bytes[514] === 0x44 && bytes[515] === 0x46;
}

/** Parses every variable of a MAT-file; `only` stops at the named variable. */
export function parseMat(bytes: Uint8Array, only?: string): MatValue[] {
  if (isMat73(bytes)) throw new MatFormatError('MATLAB v7.3 (HDF5) files are not supported yet; save with -v7 or read with h5py');
  if (!isMat5(bytes)) throw new MatFormatError('not a MATLAB Level 5 MAT-file (bad header)');
  const little = bytes[126] === 0x49;
  const reader = new Reader(bytes, little);
  const variables: MatValue[] = [];
  let pos = 128;
  while (pos + 8 <= bytes.length) {
    const e = reader.element(pos, bytes.length);
    pos = e.next;
    let body: Uint8Array;
    if (e.type === MI_COMPRESSED) {
      let inflated: Uint8Array;
      try {
        inflated = inflateSync(e.bytes);
      } catch (err) {
        throw new MatFormatError(`compressed variable #${variables.length + 1} does not inflate: ${(err as Error).message}`);
      }
      const inner = new Reader(inflated, little).element(0, inflated.length);
      if (inner.type !== MI_MATRIX) continue;
      body = inner.bytes;
    } else if (e.type === MI_MATRIX) body = e.bytes;
    else continue;
    const value = reader.matrix(body, 0);
    variables.push(value);
    if (only !== undefined && value.name === only) break;
  }
  return variables;
}

/** Number of elements. */
export function numel(value: MatValue): number {
  return value.dims.reduce((a, b) => a * b, 1);
}

/** Strings held by a cell of char arrays or by the rows of a char matrix. */
export function matStrings(value: MatValue | undefined): string[] | undefined {
  if (!value) return undefined;
  if (value.kind === 'cell') {
    const out = value.items.map((item) => (item.kind === 'char' ? item.text : item.kind === 'cell' ? matStrings(item)?.join(' ') ?? '' : ''));
    return out.every((s) => s !== undefined) ? out.map((s) => s.trim()) : undefined;
  }
  if (value.kind === 'char' || (value.kind === 'numeric' && value.dims.length === 2)) {
    const [rows, cols] = value.dims;
    const codes = value.kind === 'char' ? Array.from(value.text, (ch) => ch.charCodeAt(0)) : Array.from(value.data);
    if (codes.length !== rows * cols) return value.kind === 'char' ? [value.text.trim()] : undefined;
    const out: string[] = [];
    for (let r = 0; r < rows; r++) {
      let s = '';
      for (let c = 0; c < cols; c++) s += String.fromCharCode(codes[r + c * rows]);
      out.push(s.replace(/\0/g, '').trim());
    }
    return out;
  }
  return undefined;
}
