/**
 * What part of a raster file to read: a pixel window and a band subset, checked against the
 * file's size. Readers load only that part (window rows × selected bands).
 */
import { BandwireError } from '../../../core/errors.ts';

export interface ReadRequest {
  /** [row, col, rows, cols] in pixels, 0-based; whole image when absent. */
  window?: number[];
  /** 0-based band indices, in output order; all bands when absent. */
  bands?: number[];
  progress?(fraction: number, message?: string): void;
  checkAbort?(): void;
  /** Something the user should know that does not stop the read (e.g. a data file larger than its header says). */
  warn?(message: string): void;
}

export interface Selection {
  row0: number;
  col0: number;
  rows: number;
  cols: number;
  bands: number[];
}

export function resolveSelection(rows: number, cols: number, bands: number, request: ReadRequest, file: string): Selection {
  const [row0, col0, height, width] = request.window && request.window.length > 0 ? request.window : [0, 0, rows, cols];
  if (request.window && request.window.length > 0) {
    const ok = request.window.length === 4 && request.window.every((v) => Number.isInteger(v) && v >= 0) && height > 0 && width > 0;
    if (!ok || row0 + height > rows || col0 + width > cols) {
      throw new BandwireError('PARAM_INVALID', `param 'window' = [${request.window.join(', ')}] must be [row, col, rows, cols] inside the ${rows} x ${cols} image of ${file}`, { param: 'window', file });
    }
  }
  const selected = request.bands && request.bands.length > 0 ? request.bands : Array.from({ length: bands }, (_, i) => i);
  const bad = selected.find((b) => !Number.isInteger(b) || b < 0 || b >= bands);
  if (bad !== undefined) {
    throw new BandwireError('PARAM_INVALID', `param 'bands' holds index ${bad}, outside the ${bands} bands (0-${bands - 1}) of ${file}`, { param: 'bands', file });
  }
  return { row0, col0, rows: height, cols: width, bands: selected };
}

/** Output size in float32 values, refused above 2^31 - 1 (the largest typed array we allocate). */
export function allocateCube(selection: Selection, file: string): Float32Array {
  const count = selection.rows * selection.cols * selection.bands.length;
  if (count > 2 ** 31 - 1) {
    throw new BandwireError('PARAM_INVALID', `${file}: the selection of ${selection.rows} x ${selection.cols} x ${selection.bands.length} values is too large to load at once; set 'window' or 'bands'`, { file, param: 'window' });
  }
  return new Float32Array(count);
}

export function formatError(file: string, problem: string): BandwireError {
  return new BandwireError('FILE_FORMAT', `${file}: ${problem}`, { file });
}
