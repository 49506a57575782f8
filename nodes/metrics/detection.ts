/**
 * metrics.detection: ROC of a detector score against a 0/1 truth mask: AUC, PD at PFA = 1e-3,
 * and the ROC curve (x = PFA, y = PD) as data the editor can plot.
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import type { MetricCurve, Raster } from '../../core/values.ts';

/** Most points kept in the ROC curve output (the AUC uses every threshold). */
/** Plotted ROC resolution: steps per axis (PD, PFA, log10 PFA). */
const CURVE_STEPS = 400;

export interface Roc {
  /** Cumulative false-alarm and detection rates, one point per distinct score, from (0,0) to (1,1). */
  pfa: Float64Array;
  pd: Float64Array;
  auc: number;
}

/** ROC over every distinct score (ties form one step); AUC by the trapezoid rule (ties count half). */
export function roc(scores: Float32Array, truth: Uint8Array): Roc {
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += truth[i];
  const negatives = n - positives;
  const pfa: number[] = [0];
  const pd: number[] = [0];
  let tp = 0;
  let fp = 0;
  let auc = 0;
  for (let i = 0; i < n; ) {
    const value = scores[order[i]];
    let j = i;
    while (j < n && scores[order[j]] === value) {
      if (truth[order[j]]) tp++;
      else fp++;
      j++;
    }
    const x = fp / negatives;
    const y = tp / positives;
    auc += (x - pfa[pfa.length - 1]) * (y + pd[pd.length - 1]) * 0.5;
    pfa.push(x);
    pd.push(y);
    i = j;
  }
  return { pfa: Float64Array.from(pfa), pd: Float64Array.from(pd), auc };
}

/** PD on the ROC polyline at false-alarm rate `level` (linear between steps). */
export function pdAt(curve: Roc, level: number): number {
  const { pfa, pd } = curve;
  for (let i = 1; i < pfa.length; i++) {
    if (pfa[i] >= level) {
      if (pfa[i] === pfa[i - 1]) return pd[i];
      return pd[i - 1] + ((level - pfa[i - 1]) / (pfa[i] - pfa[i - 1])) * (pd[i] - pd[i - 1]);
    }
  }
  return pd[pd.length - 1];
}

/**
 * The ROC curve for plotting, at most ~3 * CURVE_STEPS points: a point is kept when PD, PFA or log10(PFA)
 * moved by 1/CURVE_STEPS of its range since the last kept point (the log term keeps the low-PFA end, where
 * PD@1e-3 lies, on a log axis), and the last point always.
 */
function thin(curve: Roc): MetricCurve {
  const n = curve.pfa.length;
  const positive = curve.pfa.filter((v) => v > 0);
  const logSpan = positive.length ? -Math.log10(Math.min(...positive)) : 1;
  const x: number[] = [curve.pfa[0]];
  const y: number[] = [curve.pd[0]];
  for (let i = 1; i < n; i++) {
    const pfa = curve.pfa[i], pd = curve.pd[i];
    const lastPfa = x[x.length - 1], lastPd = y[y.length - 1];
    const logMove = pfa > 0 && (lastPfa === 0 || Math.log10(pfa / lastPfa) * CURVE_STEPS >= logSpan);
    if (i === n - 1 || (pd - lastPd) * CURVE_STEPS >= 1 || (pfa - lastPfa) * CURVE_STEPS >= 1 || logMove) {
      x.push(pfa);
      y.push(pd);
    }
  }
  return { x, y, xLabel: 'PFA', yLabel: 'PD' };
}

export default defineNode({
  id: 'metrics.detection',
  version: 2, // 2: the plotted curve keeps the low-PFA end (thinned on PD, PFA and log PFA)
  title: 'Detection metrics (ROC)',
  category: 'metrics',
  description:
    'Receiver operating characteristic of a detector score map against a ground-truth mask (non-zero = ' +
    'target/anomaly; higher score = more target-like). `AUC` is the area under the ROC curve (PD against ' +
    'PFA) over every distinct score, trapezoid rule, so tied scores count one half (equal to the Mann–Whitney ' +
    'statistic; T. Fawcett, "An introduction to ROC analysis", Pattern Recognition Letters 27, 2006). ' +
    '`PD@1e-3` is the detection probability at a false-alarm rate of 10⁻³, read on the ROC polyline. ' +
    'The curve `ROC` (x = PFA, y = PD) is thinned to at most 1001 points for plotting. NaN scores are an error. ' +
    '`targets` says which end of the score marks targets: `auto` follows the score map (detect.sam with ' +
    '`output` = angle marks its score as lower = closer; every other detector is higher = more target-like), ' +
    '`lower` ranks the negated score. An AUC below 0.5 is logged as a hint that the order may be reversed.',
  inputs: [
    { name: 'score', type: 'band', description: 'detector output (one band)' },
    { name: 'truth', type: 'mask', description: 'ground truth, non-zero = target' },
  ],
  outputs: [{ name: 'metrics', type: 'metrics', description: 'AUC, PD@1e-3 and curves.ROC' }],
  params: {
    targets: {
      kind: 'enum',
      default: 'auto',
      options: ['auto', 'higher', 'lower'],
      description: "which scores mark targets: auto = as the score map says (SAM angle: lower), else higher; or force 'higher' / 'lower'",
    },
  },
  async run(inputs, params, ctx) {
    const score = inputs.score as Raster;
    const truth = inputs.truth as Raster;
    const node = ctx.nodeId;
    if (score.bands !== 1) throw new BandwireError('INPUT_INVALID', `input 'score' has ${score.bands} bands; a one-band score map is needed`, { node, port: 'score' });
    if (truth.bands !== 1) throw new BandwireError('INPUT_INVALID', `input 'truth' has ${truth.bands} bands; a one-band mask is needed`, { node, port: 'truth' });
    if (score.rows !== truth.rows || score.cols !== truth.cols) {
      throw new BandwireError('INPUT_INVALID', `input 'score' is ${score.rows}x${score.cols} but 'truth' is ${truth.rows}x${truth.cols}`, { node, port: 'truth' });
    }
    const n = score.rows * score.cols;
    const labels = new Uint8Array(n);
    let positives = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(score.data[i])) throw new BandwireError('INPUT_INVALID', `input 'score' has NaN at row ${Math.floor(i / score.cols)}, col ${i % score.cols}`, { node, port: 'score' });
      labels[i] = truth.data[i] !== 0 && !Number.isNaN(truth.data[i]) ? 1 : 0;
      positives += labels[i];
    }
    if (positives === 0 || positives === n) {
      throw new BandwireError('INPUT_INVALID', `input 'truth' marks ${positives === 0 ? 'no' : 'every'} pixel as target: ROC needs both targets and background`, { node, port: 'truth' });
    }
    const lower = params.targets === 'lower' || (params.targets === 'auto' && score.scoreOrder === 'lower');
    if (lower) ctx.log(`lower scores ranked as more target-like (${params.targets === 'auto' ? "the score map's order" : "param 'targets'"})`);
    const curve = roc(lower ? score.data.map((v) => -v) : score.data, labels);
    if (curve.auc < 0.5) ctx.log(`AUC ${curve.auc.toFixed(3)} is below 0.5: if the detector marks targets by ${lower ? 'high' : 'low'} scores, set param 'targets' = ${lower ? 'higher' : 'lower'}`);
    return {
      metrics: {
        kind: 'metrics',
        values: { AUC: curve.auc, 'PD@1e-3': pdAt(curve, 1e-3) },
        curves: { ROC: thin(curve) },
      },
    };
  },
});
