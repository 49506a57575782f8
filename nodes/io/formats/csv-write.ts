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
