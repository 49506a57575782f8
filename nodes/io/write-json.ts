/**
 * io.writeJson: saves metrics (named numbers, tables, curves) as a JSON document.
 * Non-finite numbers (NaN, ±Infinity) are written as null, since JSON cannot hold them.
 */
import { inputError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import type { Metrics } from '../../core/values.ts';
import { metricsCsv } from './formats/csv-write.ts';

interface JsonParams extends Record<string, unknown> {
  path: string;
  overwrite: boolean;
}

/** `{ bandwire: 1, values, units?, tables?, curves?, graph? }` with NaN/Infinity → null. */
export function metricsJson(metrics: Metrics, graphJson?: string): string {
  const doc: Record<string, unknown> = { bandwire: 1, values: metrics.values };
  if (metrics.units && Object.keys(metrics.units).length > 0) doc.units = metrics.units;
  if (metrics.tables) doc.tables = metrics.tables;
  if (metrics.curves) doc.curves = metrics.curves;
  if (graphJson) {
    try {
      doc.graph = JSON.parse(graphJson);
    } catch {
      doc.graph = graphJson;
    }
  }
  return JSON.stringify(doc, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2) + '\n';
}

export const ioWriteJson = defineNode<JsonParams>({
  id: 'io.writeJson',
  version: 1,
  title: 'Write metrics JSON',
  category: 'io',
  description: [
    'Saves metrics as JSON: `{"bandwire": 1, "values": {"AUC": 0.95, ...}, "tables": {...}, "curves": {"ROC": {"x": [...], "y": [...]}}}`.',
    '`units` (when the metrics have units) maps a metric name to its unit, e.g. `{"SAM": "deg", "PSNR": "dB"}`.',
    'Tables are `{columns, rows}`; curves are `{x, y, xLabel?, yLabel?}`. NaN and infinite numbers are written as `null`.',
    'A path ending in `.csv` writes CSV instead: each table (e.g. the method comparison of `metrics.compare`) as a block headed `# <name>`, then the named values as `metric,value` rows.',
  ].join('\n'),
  inputs: [{ name: 'metrics', type: 'metrics' }],
  outputs: [],
  params: {
    path: { kind: 'path', io: 'write', required: true, extensions: ['json', 'csv'], description: 'output .json file (or .csv for tables and values as CSV)' },
    overwrite: { kind: 'boolean', default: false, description: 'replace the file when it exists' },
  },
  async run(inputs, params, ctx) {
    const metrics = inputs.metrics;
    if (!metrics || metrics.kind !== 'metrics') throw inputError(`input 'metrics' must be metrics, got ${metrics?.kind ?? 'nothing'}`, { node: ctx.nodeId, port: 'metrics' });
    const graphJson = (ctx as typeof ctx & { graphJson?: string }).graphJson;
    const text = /\.csv$/i.test(params.path) ? metricsCsv(metrics) : metricsJson(metrics, typeof graphJson === 'string' ? graphJson : undefined);
    await ctx.files.writeAtomic(ctx.files.resolveOutput(params.path), text, { overwrite: params.overwrite });
    ctx.progress(1, 'written');
    return {};
  },
});
