/**
 * A uPlot line chart (spectra, pixel spectra, loss and ROC curves). `x` shared; one series per `ys`
 * entry. `logX`: a base-10 logarithmic x axis (every x must be > 0), e.g. a ROC's false-alarm rate;
 * `yRange`: a fixed y range (e.g. [0, 1] for a probability) instead of one fitted to the data;
 * `breakGaps`: the line breaks where x jumps (dropped bands in a spectrum, renderer/plot-gaps.ts), and
 * `data-gaps` on the plot counts the breaks.
 */
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import { breakGaps } from '../plot-gaps.ts';

const COLOURS = ['#4e9af1', '#e06c75', '#98c379', '#e0b341', '#c678dd', '#49c6a8', '#d19a66', '#8899aa'];
/** Axis text, grid and ticks for the dark theme (uPlot draws them on its canvas, so CSS cannot). */
const AXIS = { stroke: '#c3c7cf', grid: { stroke: '#343a45', width: 1 }, ticks: { stroke: '#4a5160', width: 1 } };

export function Plot({ x, ys, names, xLabel, yLabel, title, testId, logX = false, yRange, gaps = false }: { x: number[]; ys: number[][]; names: string[]; xLabel: string; yLabel: string; title?: string; testId?: string; logX?: boolean; yRange?: [number, number]; gaps?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const data = useMemo(() => (gaps ? breakGaps(x, ys) : { x, ys, gaps: 0 }), [x, ys, gaps]);
  const [yMin, yMax] = yRange ?? [];
  useEffect(() => {
    if (!host.current || data.x.length === 0) return;
    const plot = new uPlot(
      {
        title,
        width: Math.max(240, (host.current.clientWidth || 330) - 12),
        height: 170,
        scales: { x: logX ? { time: false, distr: 3, log: 10 } : { time: false }, ...(yMin !== undefined && yMax !== undefined ? { y: { range: [yMin, yMax] as uPlot.Range.MinMax } } : {}) },
        axes: [{ label: xLabel, ...AXIS }, { label: yLabel, ...AXIS }],
        series: [{ label: xLabel }, ...names.map((n, i) => ({ label: n, stroke: COLOURS[i % COLOURS.length], width: 1.5 }))],
        legend: { show: names.length > 1 },
      },
      [data.x, ...data.ys],
      host.current,
    );
    return () => plot.destroy();
  }, [data, names, xLabel, yLabel, title, logX, yMin, yMax]);
  return <div ref={host} className="plot" data-testid={testId} data-x-scale={logX ? 'log' : 'linear'} data-gaps={data.gaps} data-y-label={yLabel} />;
}
