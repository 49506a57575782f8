/**
 * Reads ENVI rasters (.hdr + binary; BSQ, BIL, BIP; all non-complex data types; both byte
 * orders; header offset) into a BIP float32 cube. Reads rows in blocks of about 8 MB, only the
 * selected bands for BSQ, so peak memory is the output plus one block.
 */
import type { NodeFiles, RandomAccessFile } from '../../../core/node-def.ts';
import { EnviHeaderError, parseEnviHeader, type EnviHeader } from './envi.ts';
import { SAMPLE_BYTES, decodeSamples } from './samples.ts';
import { allocateCube, formatError, type ReadRequest, type Selection } from './selection.ts';

const DATA_EXTENSIONS = ['', '.img', '.dat', '.bin', '.raw', '.bsq', '.bil', '.bip', '.sli', '.IMG', '.DAT'];
const BLOCK_BYTES = 8 * 1024 * 1024;

export interface EnviFile {
  headerPath: string;
  dataPath: string;
  header: EnviHeader;
}

/** Finds header and data file for a path naming either (`x.hdr`, `x.img.hdr`, `x.img`, `x`). */
export async function locateEnvi(files: NodeFiles, path: string): Promise<{ headerPath: string; dataPath: string }> {
  if (/\.hdr$/i.test(path)) {
    const stem = path.slice(0, -4);
    for (const ext of DATA_EXTENSIONS) {
      const candidate = stem + ext;
      if (candidate !== path && (await files.exists(candidate))) return { headerPath: path, dataPath: candidate };
    }
    if (!(await files.exists(path))) return { headerPath: path, dataPath: stem };
    throw formatError(path, `no data file beside the header (tried ${DATA_EXTENSIONS.map((e) => (e ? `'${stem}${e}'` : `'${stem}'`)).join(', ')})`);
  }
  for (const candidate of [`${path}.hdr`, path.replace(/\.[^./]+$/, '.hdr')]) {
    if (candidate !== path && (await files.exists(candidate))) return { headerPath: candidate, dataPath: path };
  }
  throw formatError(path, `no ENVI header '${path}.hdr' or '${path.replace(/\.[^./]+$/, '.hdr')}' beside the file`);
}

export async function openEnvi(files: NodeFiles, path: string): Promise<EnviFile> {
  const { headerPath, dataPath } = await locateEnvi(files, path);
  const bytes = await files.readFile(headerPath);
  let header: EnviHeader;
  try {
    header = parseEnviHeader(new TextDecoder('latin1').decode(bytes));
  } catch (e) {
    if (e instanceof EnviHeaderError) throw formatError(headerPath, e.message);
    throw e;
  }
  return { headerPath, dataPath, header };
}

/**
 * Checks that the data file holds what the header promises; returns a warning when it holds more (a header
 * with too few lines or bands reads a wrong-looking cube without any error, as GDAL does).
 */
export function checkEnviSize(env: EnviFile, size: number): string | undefined {
  const h = env.header;
  const expected = h.headerOffset + h.samples * h.lines * h.bands * SAMPLE_BYTES[h.sampleType];
  const says = `header ${env.headerPath} says ${h.samples} x ${h.lines} x ${h.bands} ${h.sampleType} samples + ${h.headerOffset} header bytes = ${expected} bytes`;
  if (size < expected) throw formatError(env.dataPath, `file is truncated: ${says}, file has ${size}`);
  if (size > expected) return `${env.dataPath} holds ${size - expected} bytes more than its ${says}: check 'samples', 'lines', 'bands' and 'data type' in the header`;
  return undefined;
}

/** Reads the selection into BIP float32; `data ignore value` samples become NaN. */
export async function readEnviCube(files: NodeFiles, env: EnviFile, sel: Selection, request: ReadRequest): Promise<Float32Array> {
  const file = await files.open(env.dataPath);
  try {
    const larger = checkEnviSize(env, file.size);
    if (larger) request.warn?.(larger);
    const out = allocateCube(sel, env.dataPath);
    if (env.header.interleave === 'bsq') {
      for (let k = 0; k < sel.bands.length; k++) {
        await readRows(file, env.header, sel, out, request, sel.bands[k], k, (k / sel.bands.length), 1 / sel.bands.length);
      }
    } else {
      await readRows(file, env.header, sel, out, request, -1, 0, 0, 1);
    }
    request.progress?.(1, 'read');
    return out;
  } finally {
    await file.close();
  }
}

/** Reads the window's rows in blocks and scatters samples; `band` >= 0 for one BSQ plane. */
async function readRows(file: RandomAccessFile, h: EnviHeader, sel: Selection, out: Float32Array, request: ReadRequest, band: number, slot: number, start: number, span: number): Promise<void> {
  const size = SAMPLE_BYTES[h.sampleType];
  const perRow = band >= 0 ? h.samples : h.samples * h.bands;
  const rowBytes = perRow * size;
  const blockRows = Math.max(1, Math.floor(BLOCK_BYTES / rowBytes));
  // A float32 file's ignore value is printed with ~9 digits (splib07: -1.23000002e+034), which as a double
  // differs from the stored float32: compare at float32 precision.
  const nb = sel.bands.length, ignore = h.sampleType === 'float32' && h.ignoreValue !== undefined ? Math.fround(h.ignoreValue) : h.ignoreValue;
  for (let r = sel.row0; r < sel.row0 + sel.rows; r += blockRows) {
    request.checkAbort?.();
    const count = Math.min(blockRows, sel.row0 + sel.rows - r);
    const rowIndex = band >= 0 ? band * h.lines + r : r;
    const bytes = await file.read(h.headerOffset + rowIndex * rowBytes, count * rowBytes);
    const values = decodeSamples(bytes, h.sampleType, h.littleEndian, count * perRow);
    for (let i = 0; i < count; i++) {
      const outRow = (r + i - sel.row0) * sel.cols;
      const rowBase = i * perRow;
      for (let k = 0; k < (band >= 0 ? 1 : nb); k++) {
        const b = band >= 0 ? 0 : sel.bands[k];
        // First sample of this band in the row and the step between columns, per interleave.
        let at = h.interleave === 'bip' ? rowBase + sel.col0 * h.bands + b : h.interleave === 'bil' ? rowBase + b * h.samples + sel.col0 : rowBase + sel.col0;
        const step = h.interleave === 'bip' ? h.bands : 1;
        let o = outRow * nb + (band >= 0 ? slot : k);
        for (let c = 0; c < sel.cols; c++, at += step, o += nb) {
          const v = values[at];
          out[o] = v === ignore ? NaN : v;
        }
      }
    }
    request.progress?.(start + span * ((r + count - sel.row0) / sel.rows), `rows ${r + count - sel.row0}/${sel.rows}`);
  }
}
