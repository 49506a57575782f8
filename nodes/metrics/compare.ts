/**
 * metrics.compare: gathers up to twelve metrics results (one per method) into one comparison table,
 * rows = methods (named by `labels`), columns = metric names, for io.writeJson and the editor.
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import type { Metrics, MetricTable } from '../../core/values.ts';

const PORTS = Array.from({ length: 12 }, (_, i) => `m${i + 1}`);

export default defineNode<{ labels: string }>({
  id: 'metrics.compare',
  version: 1,
  title: 'Compare metrics',
  category: 'metrics',
  description: [
    'Collects the metrics of several methods into one table: connect each method\'s metrics node (e.g.',
    'metrics.reduced after pansharpen.gsa) to m1..m12 and name them in `labels` ("interp,gsa,mtfGlp,..." in port',
    'order; unnamed ports are called m1, m2, ...). Output: `tables.comparison` with one row per connected input,',
    'columns "method" then every metric name met (in first-seen order; missing values are null), and the flat',
    'values "<label>.<metric>". Feed it to io.writeJson for a JSON (or CSV) comparison table.',
  ].join('\n'),
  inputs: PORTS.map((name) => ({ name, type: 'metrics' as const, optional: true, description: `metrics of method ${name.slice(1)}` })),
  outputs: [{ name: 'metrics', type: 'metrics', description: 'tables.comparison (method x metric) and <label>.<metric> values' }],
  params: {
    labels: { kind: 'string', default: '', description: 'comma-separated method names for m1..m12, e.g. "interp,gsa,mtfGlp,btH,awlp"' },
  },
  async run(inputs, params, ctx) {
    const labels = params.labels.split(',').map((s) => s.trim());
    const rowsIn: { label: string; metrics: Metrics }[] = [];
    PORTS.forEach((port, i) => {
      const v = inputs[port];
      if (!v) return;
      if (v.kind !== 'metrics') throw new BandwireError('INPUT_INVALID', `metrics.compare '${ctx.nodeId}': input '${port}' is not metrics`, { node: ctx.nodeId, port });
      rowsIn.push({ label: labels[i] || port, metrics: v });
    });
    if (rowsIn.length === 0) throw new BandwireError('MISSING_INPUT', `metrics.compare '${ctx.nodeId}': connect at least one of m1..m12`, { node: ctx.nodeId, port: 'm1' });
    const columns: string[] = [];
    for (const { metrics } of rowsIn) for (const k of Object.keys(metrics.values)) if (!columns.includes(k)) columns.push(k);
    const table: MetricTable = {
      columns: ['method', ...columns],
      rows: rowsIn.map(({ label, metrics }) => [label, ...columns.map((c) => (c in metrics.values ? metrics.values[c] : null))]),
    };
    const values: Record<string, number> = {};
    for (const { label, metrics } of rowsIn) for (const [k, v] of Object.entries(metrics.values)) values[`${label}.${k}`] = v;
    return { metrics: { kind: 'metrics', values, tables: { comparison: table } } };
  },
});
