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
  version: 2, // 2: outputs carry `units`
  title: 'Compare metrics',
  category: 'metrics',
  description: [
    'Collects the metrics of several methods into one table: connect each method\'s metrics node (e.g.',
    'metrics.reduced after pansharpen.gsa) to m1..m12 and name them in `labels` ("interp,gsa,mtfGlp,..." in port',
    'order; unnamed ports are called m1, m2, ...). Output: `tables.comparison` with one row per connected input,',
    'columns "method" then every metric name met (in first-seen order; missing values are null), headed with its',
    'unit when the metric has one (e.g. "SAM (deg)", "PSNR (dB)", "SAD (rad)"), and the flat values "<label>.<metric>"',
    '(with their units). Feed it to io.writeJson for a JSON (or CSV) comparison table.',
  ].join('\n'),
  inputs: PORTS.map((name) => ({ name, type: 'metrics' as const, optional: true, description: `metrics of method ${name.slice(1)}` })),
  requireOneOf: PORTS,
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
    // One column per (metric, unit): a header carries its unit, e.g. "SAM (deg)"; the same name in
    // two units (deg from one node, rad from another) gets two columns rather than mixed numbers.
    const columns: { name: string; unit?: string; header: string }[] = [];
    for (const { metrics } of rowsIn) {
      for (const name of Object.keys(metrics.values)) {
        const unit = metrics.units?.[name];
        const header = unit ? `${name} (${unit})` : name;
        if (!columns.some((c) => c.header === header)) columns.push({ name, unit, header });
      }
    }
    const cell = (metrics: Metrics, c: (typeof columns)[number]) =>
      c.name in metrics.values && metrics.units?.[c.name] === c.unit ? metrics.values[c.name] : null;
    const table: MetricTable = {
      columns: ['method', ...columns.map((c) => c.header)],
      rows: rowsIn.map(({ label, metrics }) => [label, ...columns.map((c) => cell(metrics, c))]),
    };
    const values: Record<string, number> = {};
    const units: Record<string, string> = {};
    for (const { label, metrics } of rowsIn) {
      for (const [k, v] of Object.entries(metrics.values)) {
        values[`${label}.${k}`] = v;
        const unit = metrics.units?.[k];
        if (unit) units[`${label}.${k}`] = unit;
      }
    }
    const result: Metrics = { kind: 'metrics', values, tables: { comparison: table } };
    if (Object.keys(units).length > 0) result.units = units;
    return { metrics: result };
  },
});
