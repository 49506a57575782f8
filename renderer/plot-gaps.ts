/**
 * Breaks a line plot at gaps in x: where bands were dropped (e.g. Jasper Ridge's water-absorption
 * regions near 1350 and 1800 nm), a straight line across the gap would draw a fake peak. A step
 * larger than `factor` times the median step gets one extra point in its middle whose y values are
 * null: uPlot (spanGaps off, its default) leaves the line broken there.
 */
export function breakGaps(x: readonly number[], ys: readonly (readonly number[])[], factor = 2.5): { x: number[]; ys: (number | null)[][]; gaps: number } {
  const steps: number[] = [];
  for (let i = 1; i < x.length; i++) steps.push(x[i] - x[i - 1]);
  const sorted = steps.filter((s) => s > 0).sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
  const outX: number[] = [];
  const outYs: (number | null)[][] = ys.map(() => []);
  let gaps = 0;
  for (let i = 0; i < x.length; i++) {
    if (i > 0 && median > 0 && x[i] - x[i - 1] > factor * median) {
      outX.push((x[i] + x[i - 1]) / 2);
      outYs.forEach((y) => y.push(null));
      gaps++;
    }
    outX.push(x[i]);
    ys.forEach((y, s) => outYs[s].push(y[i] ?? null));
  }
  return { x: outX, ys: outYs, gaps };
}
