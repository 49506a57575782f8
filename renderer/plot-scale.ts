/**
 * A ROC curve on a logarithmic false-alarm axis: the low-FAR end (PD@1e-3 and below), invisible
 * on a linear axis, gets decades of its own. A log axis cannot show FAR = 0, so the axis starts at
 * LOG_FAR_FLOOR or at the smallest non-zero FAR when that is larger (a small scene has no smaller
 * rate: 1 / background pixels), and the curve starts there at the PD it has at that rate.
 */

/** Lowest false-alarm rate a log ROC axis shows. */
export const LOG_FAR_FLOOR = 1e-4;

/** Whether a metrics curve is a ROC curve (metrics.detection's `ROC`, or one labelled by its false-alarm axis). */
export function isRocCurve(name: string, xLabel?: string): boolean {
  return /^ROC\b/i.test(name) || /false[- ]alarm|\bPFA\b|\bFAR\b/i.test(xLabel ?? '');
}

/**
 * Points of a ROC curve (x = FAR ascending, y = PD) for a log x axis: those below the axis start
 * are replaced by one point at the start, with the PD of the last point at or below it (the ROC
 * is a step curve). `start` is the axis' left end.
 */
export function logFarCurve(x: readonly number[], y: readonly number[], floor = LOG_FAR_FLOOR): { x: number[]; y: number[]; start: number } {
  let smallest = Infinity;
  for (const v of x) if (v > 0 && v < smallest) smallest = v;
  const start = Number.isFinite(smallest) ? Math.max(floor, smallest) : floor;
  const outX: number[] = [];
  const outY: number[] = [];
  let before: number | undefined;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < start) before = y[i];
    else {
      if (outX.length === 0 && x[i] > start && before !== undefined) {
        outX.push(start);
        outY.push(before);
      }
      outX.push(x[i]);
      outY.push(y[i]);
    }
  }
  return { x: outX, y: outY, start };
}
