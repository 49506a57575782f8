/**
 * MATLAB v7.3 MAT-files: a 512-byte user block ("MATLAB 7.3 MAT-file, …") followed by HDF5,
 * read with h5wasm (the HDF5 C library compiled to WebAssembly, shipped in the package; no
 * network). Each variable is a dataset (or, for structs, a group) at the root with a
 * `MATLAB_class` attribute.
 *
 * Layout: MATLAB is column-major and writes its array memory as-is, so HDF5 reports the
 * dimensions reversed: a MATLAB `H × W × B` array appears as an HDF5 dataset of shape
 * `[B, W, H]`. Its flat data (C order over the HDF5 shape) is exactly MATLAB's column-major
 * data, so we return `dims` = the reversed HDF5 shape and the flat data unchanged; the result
 * is the same MatValue as the v5 parser gives, and mat-layout.ts handles both alike.
 *
 * Supported: numeric classes (double, single, int8–uint64; 64-bit integers become float64),
 * logical, char (UTF-16 codes), structs (groups; `s.field`), empty arrays (`MATLAB_empty`).
 * Cell arrays, sparse matrices, complex numbers and objects are listed as unsupported.
 */
import type { NumericArray } from './samples.ts';
import { MatFormatError, type MatValue } from './mat.ts';

/** h5wasm is loaded on first use (its wasm is a few MB; most runs never open a v7.3 file). */
type H5 = typeof import('h5wasm').default;
type Entity = ReturnType<InstanceType<H5['File']>['get']>;
type HasAttrs = { attrs: Record<string, { value: unknown }> };

let library: H5 | undefined;

async function loadH5(): Promise<H5> {
  library ??= (await import('h5wasm')).default;
  await library.ready;
  return library;
}

let opened = 0;

function attribute(entity: HasAttrs, name: string): unknown {
  const attr = entity.attrs?.[name];
  if (!attr) return undefined;
  const v = attr.value;
  return ArrayBuffer.isView(v) ? (v as unknown as ArrayLike<number>)[0] : v;
}

/** MATLAB dims from an HDF5 shape (reversed; at least two). */
function matlabDims(shape: number[]): number[] {
  const dims = [...shape].reverse();
  while (dims.length < 2) dims.push(1);
  return dims;
}

function numericData(value: unknown): NumericArray | undefined {
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Float64Array.from(value, Number);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return value as NumericArray;
  if (typeof value === 'number') return Float64Array.of(value);
  return undefined;
}

function convert(h5wasm: H5, name: string, entity: Entity, depth: number): MatValue {
  const className = String(attribute(entity as unknown as HasAttrs, 'MATLAB_class') ?? '');
  if (entity instanceof h5wasm.Group) {
    if (className && className !== 'struct') return { kind: 'unsupported', name, dims: [1, 1], className };
    const fieldNames = entity.keys();
    const record: Record<string, MatValue> = {};
    if (depth < 8) for (const field of fieldNames) record[field] = convert(h5wasm, field, entity.get(field), depth + 1);
    return { kind: 'struct', name, dims: [1, 1], fieldNames, items: [record] };
  }
  if (!(entity instanceof h5wasm.Dataset)) return { kind: 'unsupported', name, dims: [0, 0], className: className || 'link' };
  const shape = (entity.shape ?? []).map(Number);
  if (attribute(entity as unknown as HasAttrs, 'MATLAB_empty')) {
    // Empty arrays store their MATLAB size as the data.
    const size = numericData(entity.value);
    const dims = size ? Array.from(size, Number) : [0, 0];
    return className === 'char' ? { kind: 'char', name, dims, text: '' } : { kind: 'numeric', name, className: className || 'double', dims, data: new Float64Array(0), logical: className === 'logical' };
  }
  const dims = matlabDims(shape);
  if (className === 'cell' || attribute(entity as unknown as HasAttrs, 'MATLAB_sparse') !== undefined) {
    return { kind: 'unsupported', name, dims, className: className === 'cell' ? 'cell' : 'sparse' };
  }
  const value = entity.value;
  if (className === 'char') {
    const codes = numericData(value);
    return { kind: 'char', name, dims, text: codes ? String.fromCharCode(...Array.from(codes, Number)) : '' };
  }
  const data = numericData(value);
  if (!data) return { kind: 'unsupported', name, dims, className: className || 'compound' };
  return { kind: 'numeric', name, className: className || 'double', dims, data, logical: className === 'logical' };
}

/** Parses every variable of a v7.3 MAT-file held in `bytes` (user block + HDF5). */
export async function parseMat73(bytes: Uint8Array): Promise<MatValue[]> {
  const h5wasm = await loadH5();
  const module = await h5wasm.ready;
  // h5wasm reads from its in-memory file system; the bytes come from ctx.files.
  const memoryPath = `/bandwire-${process.pid}-${++opened}.mat`;
  module.FS.writeFile(memoryPath, bytes);
  let file: InstanceType<H5['File']> | undefined;
  try {
    let names: string[];
    try {
      file = new h5wasm.File(memoryPath, 'r');
      if (file.file_id < 0n) file = undefined;
      names = file ? file.keys() : [];
    } catch (e) {
      throw new MatFormatError(`not a readable MATLAB v7.3 (HDF5) file, truncated or corrupt (${(e as Error).message})`);
    }
    if (!file) throw new MatFormatError('not a readable MATLAB v7.3 (HDF5) file, truncated or corrupt');
    const variables: MatValue[] = [];
    for (const name of names) {
      if (name.startsWith('#')) continue; // #refs# (cell contents), #subsystem# (objects)
      try {
        variables.push(convert(h5wasm, name, file.get(name), 0));
      } catch (e) {
        throw new MatFormatError(`variable '${name}' cannot be read: ${(e as Error).message}`);
      }
    }
    return variables;
  } finally {
    file?.close();
    module.FS.unlink(memoryPath);
  }
}
