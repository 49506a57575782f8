/**
 * Previews of the selected node's outputs: rasters as images (RasterPreview), spectra as line
 * plots broken at wavelength gaps, metrics as tables (names with their units, e.g. "SAM (deg)"; tables,
 * then curves, then the flat values), and the live series (e.g. PNN loss) from running events. Results of
 * a stale node (edited since its run, renderer/staleness.ts) are dimmed under a one-line note.
 */
import { useEffect, useState } from 'react';
import type { ValueResponse } from '../../core/ipc.ts';
import { RASTER_TYPES } from '../../core/ports.ts';
import { bridge } from '../ipc-client.ts';
import type { Editor } from '../use-editor.ts';
import { CurvePlot } from './CurvePlot.tsx';
import { Plot } from './Plot.tsx';
import { RasterPreview } from './RasterPreview.tsx';

function ValueView({ node, port, revision }: { node: string; port: string; revision: number }) {
  const [value, setValue] = useState<ValueResponse>();
  useEffect(() => {
    void bridge.invoke('value', { node, port }).then(setValue).catch(() => setValue({ kind: 'none' }));
  }, [node, port, revision]);
  if (!value || value.kind === 'none') return <div className="muted">No value yet: run the graph.</div>;
  if (value.kind === 'spectra') {
    // `units` is optional on the wire (a raster's unit, e.g. 'reflectance'); absent: "value".
    const units = (value as { units?: string }).units;
    return <Plot testId="spectra-plot" x={value.wavelengths ?? value.data[0]?.map((_, i) => i) ?? []} ys={value.data} names={value.names} xLabel={value.wavelengths ? 'wavelength (nm)' : 'band'} yLabel={units ?? 'value'} gaps />;
  }
  if (value.kind === 'metrics') return <MetricsView value={value} />;
  if (value.kind === 'weights') return <div className="muted">{value.model}: {value.tensors.length} tensors</div>;
  return <div className="muted">{value.rows} × {value.cols} × {value.bands}</div>;
}

/** Flat values stay open under the tables when there are at most this many (e.g. 4 SAD values). */
const OPEN_VALUES = 8;

/**
 * Tables first (a metrics.compare table is what the user came for), then curves, then the flat
 * "name: value" list: behind a "n values" disclosure when there are tables, closed when it is long.
 */
function MetricsView({ value }: { value: Extract<ValueResponse, { kind: 'metrics' }> }) {
  const entries = Object.entries(value.values);
  const tables = Object.entries(value.tables ?? {});
  const flat = (
    <table className="metrics" aria-label="Metrics">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}><th>{k}<Unit unit={value.units?.[k]} /></th><td>{formatNumber(v)}</td></tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <>
      {tables.map(([name, table]) => (
        // A wide table (a comparison of many metrics) scrolls sideways inside the panel.
        <div key={name} className="table-scroll">
          <table className="metrics" aria-label={`Table ${name}`}>
            <caption>{name}</caption>
            <thead><tr>{table.columns.map((c) => <th key={c}>{c}<Unit unit={value.units?.[c]} /></th>)}</tr></thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>{row.map((cell, j) => <td key={j}>{typeof cell === 'number' ? formatNumber(cell) : (cell ?? '')}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {Object.entries(value.curves ?? {}).map(([name, curve]) => (
        <CurvePlot key={name} name={name} curve={curve} />
      ))}
      {tables.length === 0 ? flat : entries.length > 0 && (
        <details className="metric-values" open={entries.length <= OPEN_VALUES}>
          <summary>{entries.length} {entries.length === 1 ? 'value' : 'values'}</summary>
          {flat}
        </details>
      )}
    </>
  );
}

export function PreviewPanel({ editor }: { editor: Editor }) {
  const id = editor.selection.nodes.length === 1 ? editor.selection.nodes[0] : undefined;
  const node = editor.doc.nodes.find((n) => n.id === id);
  const info = node && editor.catalogueById.get(node.type);
  const [port, setPort] = useState<string>();
  const outputs = info?.outputs ?? [];
  const current = outputs.find((p) => p.name === port) ?? outputs[0];
  const run = id ? editor.run.nodes[id] : undefined;
  if (!node || !info) return null;
  const partial = run?.status === 'cancelled' && run.partial === true;
  const ready = run?.status === 'done' || run?.status === 'cached' || partial;
  const stale = editor.stale.has(node.id);
  return (
    <section className="previews" aria-label="Previews">
      <h3>Outputs</h3>
      <div className="tabs" role="tablist">
        {outputs.map((p) => (
          <button key={p.name} role="tab" aria-selected={p.name === current?.name} onClick={() => setPort(p.name)}>{p.name}</button>
        ))}
      </div>
      {stale && (ready || run?.series) && (
        <div className="stale-note" role="note" data-testid="stale-note">From the previous run: this node's params or inputs have changed since. Run again to update.</div>
      )}
      <div className={stale ? 'stale-result' : undefined}>
        {run?.series && Object.entries(run.series).map(([name, points]) => (
          <Plot key={name} testId="series-plot" title={`${name} (live)`} x={points.map((p) => p[0])} ys={[points.map((p) => p[1])]} names={[name]} xLabel="step" yLabel={name} />
        ))}
        {current && !ready && <div className="muted">No output yet: run the graph.</div>}
        {partial && <div className="muted" role="note">Run cancelled: showing the partial result the node kept.</div>}
        {current && ready && (RASTER_TYPES.includes(current.type)
          ? <RasterPreview node={node.id} port={current.name} revision={run?.revision ?? 0} onUsePixel={current.type === 'cube' ? (row, col) => editor.usePixel(`${node.id}.${current.name}`, row, col) : undefined} />
          : <ValueView node={node.id} port={current.name} revision={run?.revision ?? 0} />)}
      </div>
    </section>
  );
}

/** A metric's unit after its name, e.g. "SAM (deg)"; a header that already names its unit ("SAM (deg)" from metrics.compare) is not a key of `units`. */
function Unit({ unit }: { unit?: string }) {
  return unit ? <span className="unit"> ({unit})</span> : null;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(5);
}
