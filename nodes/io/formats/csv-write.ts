/**
 * Metrics as CSV (RFC 4180 quoting): every table as its own block (a `# <table name>` line, then
 * a header row and one row per entry), then the named values as `name,value` rows. Non-finite
 * numbers are written as empty cells. Spreadsheet- and pandas-friendly (`comment='#'`).
 */
import type { Metrics } from '../../../core/values.ts';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function metricsCsv(metrics: Metrics): string {
  const lines: string[] = [];
  for (const [name, table] of Object.entries(metrics.tables ?? {})) {
    lines.push(`# ${name}`);
    lines.push(table.columns.map(cell).join(','));
    for (const row of table.rows) lines.push(row.map(cell).join(','));
    lines.push('');
  }
  const values = Object.entries(metrics.values);
  if (values.length) {
    if (lines.length) lines.push('# values');
    lines.push('metric,value');
    for (const [k, v] of values) lines.push(`${cell(k)},${cell(v)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Spectra as a column-wise CSV library, the layout io.readSpectra reads: a first column of wavelengths in
 * nm (header `wavelength_nm`; `band` with 0-based indices when the spectra have none), then one column per
 * spectrum headed by its name. Names must not hold separators or quotes (see `csvName`). Values are
 * written with full float64 precision.
 */
export function spectraCsv(names: string[], bands: number, data: Float64Array, wavelengths?: number[]): string {
  const count = names.length;
  const lines = [[wavelengths ? 'wavelength_nm' : 'band', ...names].join(',')];
  for (let b = 0; b < bands; b++) {
    const row = [String(wavelengths ? wavelengths[b] : b)];
    for (let k = 0; k < count; k++) row.push(String(data[k * bands + b]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

/** A spectrum name our CSV reader (which splits on `,`, `;` or tab without quoting) reads back as written. */
export function csvName(name: string): string {
  return name.replace(/[,\t\r\n"]/g, ' ').trim();
}
