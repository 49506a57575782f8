/**
 * metrics.unmixing: spectral angle distance (SAD) of extracted endmembers to reference endmembers
 * after the optimal one-to-one matching, and abundance RMSE of the matched abundance maps.
 */
import { defineNode } from '../../core/node-def.ts';
import { inputError } from '../../core/errors.ts';
import type { MetricTable, Raster, Spectra } from '../../core/values.ts';
import { minimumCostAssignment } from '../unmix/lib/assignment.ts';

/** Angle (radians) between spectrum i of a and spectrum j of b. */
function angle(a: Spectra, i: number, b: Spectra, j: number): number {
  const L = a.bands;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < L; k++) {
    const x = a.data[i * L + k];
    const y = b.data[j * L + k];
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  const c = dot / Math.sqrt(na * nb);
  return Math.acos(Math.min(1, Math.max(-1, c)));
}

function metricName(prefix: string, name: string): string {
  return `${prefix}_${name.trim().replace(/\s+/g, '_')}`;
}

export const unmixingMetricsNode = defineNode({
  id: 'metrics.unmixing',
  version: 2, // 2: outputs carry `units`
  title: 'Unmixing accuracy',
  category: 'metrics',
  description: [
    'Accuracy of endmembers (and abundances) against a reference, as in F. Zhu, "Hyperspectral unmixing: ground truth labeling, datasets, benchmark performances and survey", arXiv:1708.05125, 2017:',
    '- SAD_<name> = arccos(m^T r / (||m|| ||r||)) in radians for each reference endmember r and its matched estimate m; SAD = their mean.',
    '- Matching: the one-to-one assignment of estimates to references that minimises the mean angle (Hungarian method). With more estimates than references, the unmatched ones are ignored (listed in the table).',
    '- With both abundance inputs: RMSE_<name> = sqrt(mean over pixels of (a_m - a_r)^2) per matched pair, and aRMSE = the mean of RMSE_<name> over references (Zhu\'s convention).',
    '',
    'The table `matching` lists, for each reference, the matched estimate, its angle and RMSE.',
  ].join('\n'),
  inputs: [
    { name: 'endmembers', type: 'spectra', description: 'estimated endmembers (K >= references)' },
    { name: 'reference', type: 'spectra', description: 'reference endmembers over the same bands' },
    { name: 'abundances', type: 'abundances', optional: true, description: 'estimated abundances [rows, cols, K] (band k = endmember k)' },
    { name: 'referenceAbundances', type: 'raster', optional: true, description: 'reference abundances [rows, cols, references] (band r = reference r); any raster, e.g. a ground-truth `A` read by io.read' },
  ],
  outputs: [{ name: 'metrics', type: 'metrics', description: 'SAD (rad), SAD_<name>, aRMSE, RMSE_<name>' }],
  params: {},
  async run(inputs, _params, ctx) {
    const node = ctx.nodeId;
    const estimated = inputs.endmembers as Spectra | undefined;
    const reference = inputs.reference as Spectra | undefined;
    if (estimated?.kind !== 'spectra') throw inputError(`input 'endmembers' of node '${node}' must be spectra`, { node, port: 'endmembers' });
    if (reference?.kind !== 'spectra') throw inputError(`input 'reference' of node '${node}' must be spectra`, { node, port: 'reference' });
    if (estimated.bands !== reference.bands) {
      throw inputError(`input 'endmembers' of node '${node}' has ${estimated.bands} bands but input 'reference' has ${reference.bands}`, { node, port: 'endmembers' });
    }
    if (estimated.count < reference.count) {
      throw inputError(`input 'endmembers' of node '${node}' has ${estimated.count} spectra, fewer than the ${reference.count} of input 'reference'`, { node, port: 'endmembers' });
    }
    const R = reference.count;
    const K = estimated.count;
    if (K > R) ctx.log(`input 'endmembers' has ${K} spectra for the ${R} of 'reference': the ${K - R} unmatched one(s) are left out of SAD, which then favours extracting more endmembers than the scene has`);
    const cost = new Float64Array(R * K);
    for (let r = 0; r < R; r++) for (let k = 0; k < K; k++) cost[r * K + k] = angle(reference, r, estimated, k);
    if (cost.some((v) => Number.isNaN(v))) throw inputError(`node '${node}': an endmember or reference spectrum is all zeros or not finite`, { node });
    const match = minimumCostAssignment(cost, R, K);
    const values: Record<string, number> = {};
    // Angles in radians; abundance RMSEs are in abundance fractions (unitless). `units.SAD` also
    // labels the SAD column of the `matching` table.
    const units: Record<string, string> = {};
    let sum = 0;
    for (let r = 0; r < R; r++) {
      const a = cost[r * K + match[r]];
      const name = metricName('SAD', reference.names[r] ?? String(r + 1));
      values[name] = a;
      units[name] = 'rad';
      sum += a;
    }
    values.SAD = sum / R;
    units.SAD = 'rad';
    const rmse = abundanceErrors(inputs.abundances as Raster | undefined, inputs.referenceAbundances as Raster | undefined, match, K, R, node);
    if (rmse) {
      rmse.forEach((e, r) => (values[metricName('RMSE', reference.names[r] ?? String(r + 1))] = e));
      values.aRMSE = rmse.reduce((s, v) => s + v, 0) / R;
    }
    const table: MetricTable = {
      columns: ['reference', 'endmember', 'SAD', 'RMSE'],
      rows: Array.from({ length: R }, (_, r) => [reference.names[r] ?? String(r + 1), estimated.names[match[r]] ?? String(match[r] + 1), cost[r * K + match[r]], rmse ? rmse[r] : null]),
    };
    return { metrics: { kind: 'metrics', values, tables: { matching: table }, units } };
  },
});

/** Per-reference RMSE of the matched abundance bands, or undefined without both abundance inputs. */
function abundanceErrors(estimated: Raster | undefined, reference: Raster | undefined, match: Int32Array, K: number, R: number, node: string): number[] | undefined {
  if (!estimated && !reference) return undefined;
  if (!estimated || !reference) {
    const missing = estimated ? 'referenceAbundances' : 'abundances';
    throw inputError(`node '${node}': input '${missing}' is needed too for the abundance RMSE (connect both or neither)`, { node, port: missing });
  }
  if (estimated.bands !== K) throw inputError(`input 'abundances' of node '${node}' has ${estimated.bands} bands for ${K} endmembers`, { node, port: 'abundances' });
  if (reference.bands !== R) throw inputError(`input 'referenceAbundances' of node '${node}' has ${reference.bands} bands for ${R} reference endmembers`, { node, port: 'referenceAbundances' });
  if (estimated.rows !== reference.rows || estimated.cols !== reference.cols) {
    throw inputError(`input 'abundances' of node '${node}' is ${estimated.rows}x${estimated.cols} but 'referenceAbundances' is ${reference.rows}x${reference.cols}`, { node, port: 'abundances' });
  }
  const N = estimated.rows * estimated.cols;
  const errors: number[] = [];
  for (let r = 0; r < R; r++) {
    let s = 0;
    const k = match[r];
    for (let n = 0; n < N; n++) {
      const d = estimated.data[n * K + k] - reference.data[n * R + r];
      s += d * d;
    }
    errors.push(Math.sqrt(s / N));
  }
  return errors;
}
