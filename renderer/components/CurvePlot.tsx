/**
 * A metrics curve (core/ipc.ts MetricCurve). A ROC curve (renderer/plot-scale.ts isRocCurve) gets a
 * "log FAR axis" switch, on by default: its false-alarm axis is logarithmic from 1e-4 (or the
 * smallest non-zero rate), where PD@1e-3 lies; off, the whole linear 0..1 curve shows.
 */
import { useMemo, useState } from 'react';
import type { MetricCurve } from '../../core/values.ts';
import { isRocCurve, logFarCurve } from '../plot-scale.ts';
import { Plot } from './Plot.tsx';

/** A ROC's detection probability axis: always 0..1. */
const PROBABILITY: [number, number] = [0, 1];

export function CurvePlot({ name, curve }: { name: string; curve: MetricCurve }) {
  const roc = isRocCurve(name, curve.xLabel);
  const [log, setLog] = useState(true);
  const logCurve = useMemo(() => (roc ? logFarCurve(curve.x, curve.y) : undefined), [roc, curve]);
  const shown = roc && log && logCurve && logCurve.x.length > 1 ? logCurve : undefined;
  const xLabel = curve.xLabel ?? (roc ? 'false-alarm rate' : 'x');
  const yLabel = curve.yLabel ?? (roc ? 'detection probability' : 'y');
  const ys = useMemo(() => [shown ? shown.y : curve.y], [shown, curve]);
  return (
    <div className="curve">
      {roc && (
        <label className="curve-option">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} aria-label={`Log false-alarm axis for ${name}`} />
          log false-alarm axis{shown ? ` (from ${shown.start.toExponential(0)})` : ''}
        </label>
      )}
      <Plot testId="curve-plot" title={name} x={shown ? shown.x : curve.x} ys={ys} names={[name]} xLabel={shown ? `${xLabel} (log)` : xLabel} yLabel={yLabel} logX={shown !== undefined} yRange={roc ? PROBABILITY : undefined} />
    </div>
  );
}
