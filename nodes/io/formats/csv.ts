/**
 * CSV spectral libraries, two layouts (separator `,`, `;` or tab):
 * - column-wise: a wavelength column (first) + one column per spectrum, names in the header row;
 * - row-wise (hylite): header `name, w1, w2, ...` with numeric wavelengths, one spectrum per row.
 * Wavelengths below 30 are taken as µm and converted to nm. A first column headed `band` holds 0-based band
 * indices, not wavelengths (what io.writeSpectra writes for spectra without wavelengths). Empty and `NaN`
 * cells are missing values (NaN).
 */
export interface CsvLibrary {
  names: string[];
  /** nm; undefined when the first column is `band` (indices). */
  wavelengths?: number[];
  bands: number;
  /** K × bands, row-major. */
  data: Float64Array;
}

export class CsvFormatError extends Error {}

/** A value cell: a number, or NaN for an empty / `NaN` cell; anything else is refused naming row and column. */
function value(cell: string, row: number, column: string): number {
  if (cell === '' || /^nan$/i.test(cell)) return NaN;
  const v = Number(cell);
  if (!Number.isFinite(v)) throw new CsvFormatError(`row ${row}, column '${column}': '${cell}' is not a number`);
  return v;
}

function cells(line: string, separator: string): string[] {
  return line.split(separator).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

export function parseCsvLibrary(text: string): CsvLibrary {
  const lines = text.replace(/\r/g, '').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  if (lines.length < 2) throw new CsvFormatError('needs a header row and at least one data row');
  const separator = lines[0].includes('\t') ? '\t' : lines[0].includes(';') && !lines[0].includes(',') ? ';' : ',';
  const header = cells(lines[0], separator);
  const rows = lines.slice(1).map((l) => cells(l, separator));
  const numericHeader = header.slice(1).every((h) => h !== '' && Number.isFinite(Number(h)));
  let names: string[], wavelengths: number[], data: Float64Array;
  if (numericHeader && header.length > 2) {
    wavelengths = header.slice(1).map(Number);
    names = rows.map((r, i) => r[0] || `spectrum_${i + 1}`);
    data = new Float64Array(rows.length * wavelengths.length);
    rows.forEach((r, k) => {
      if (r.length !== header.length) throw new CsvFormatError(`row ${k + 2} has ${r.length} cells, header has ${header.length}`);
      for (let b = 0; b < wavelengths.length; b++) data[k * wavelengths.length + b] = value(r[b + 1], k + 2, header[b + 1]);
    });
  } else {
    if (header.length < 2) {
      throw new CsvFormatError(
        `no spectrum columns: the header has 1 column ('${header[0]}') and ${rows.length} data rows; expected a wavelength column then one column per spectrum ` +
          "(names in the header), or a 'name, w1, w2, ...' header with one spectrum per row",
      );
    }
    names = header.slice(1).map((h, i) => h || `spectrum_${i + 1}`);
    wavelengths = rows.map((r) => Number(r[0]));
    data = new Float64Array(names.length * rows.length);
    rows.forEach((r, b) => {
      if (r.length !== header.length) throw new CsvFormatError(`row ${b + 2} has ${r.length} cells, header has ${header.length}`);
      for (let k = 0; k < names.length; k++) data[k * rows.length + b] = value(r[k + 1], b + 2, names[k]);
    });
    if (/^bands?$/i.test(header[0])) return { names, bands: rows.length, data };
  }
  const bad = wavelengths.findIndex((w) => !Number.isFinite(w));
  if (bad >= 0) throw new CsvFormatError(`wavelength ${bad + 1} ('${numericHeader && header.length > 2 ? header[bad + 1] : rows[bad][0]}') is not a number`);
  if (Math.max(...wavelengths) < 30) wavelengths = wavelengths.map((w) => w * 1000);
  return { names, wavelengths, bands: wavelengths.length, data };
}
