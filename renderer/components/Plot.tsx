/** A uPlot line chart (spectra, pixel spectra, loss curves). `x` shared; one series per `ys` entry. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

const COLOURS = ['#4e9af1', '#e06c75', '#98c379', '#e0b341', '#c678dd', '#49c6a8', '#d19a66', '#8899aa'];
/** Axis text, grid and ticks for the dark theme (uPlot draws them on its canvas, so CSS cannot). */
const AXIS = { stroke: '#c3c7cf', grid: { stroke: '#343a45', width: 1 }, ticks: { stroke: '#4a5160', width: 1 } };

export function Plot({ x, ys, names, xLabel, yLabel, title, testId }: { x: number[]; ys: number[][]; names: string[]; xLabel: string; yLabel: string; title?: string; testId?: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current || x.length === 0) return;
    const plot = new uPlot(
      {
        title,
        width: Math.max(240, (host.current.clientWidth || 330) - 12),
        height: 170,
        scales: { x: { time: false } },
        axes: [{ label: xLabel, ...AXIS }, { label: yLabel, ...AXIS }],
        series: [{ label: xLabel }, ...names.map((n, i) => ({ label: n, stroke: COLOURS[i % COLOURS.length], width: 1.5 }))],
        legend: { show: names.length > 1 },
      },
      [x, ...ys],
      host.current,
    );
    return () => plot.destroy();
  }, [x, ys, names, xLabel, yLabel, title]);
  return <div ref={host} className="plot" data-testid={testId} />;
}
