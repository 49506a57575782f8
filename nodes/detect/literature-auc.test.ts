/**
 * Global RX + metrics.detection on real anomaly scenes (San Diego, HYDICE, ABU):
 * - every scene: AUC equal (±1e-4) to an independent numpy float64 global RX scored by the
 *   Mann–Whitney statistic (scipy.stats.rankdata), so the node chain reproduces the textbook number;
 * - San Diego (the 100×100×189 `sandiego_plane.mat` variant, 134 anomaly pixels): AUC within ±0.005
 *   of the ≈ 0.94 reported for global RX on this scene (X. Kang et al., "Hyperspectral anomaly
 *   detection with attribute and edge-preserving filters", IEEE TGRS 55(10), 2017, whose data page
 *   distributes the scene). The `sandiego.mat` variant (58 anomaly pixels) gives ≈ 0.889 instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNode } from '../../test/harness.ts';
import type { Metrics } from '../../core/values.ts';
import detection from '../metrics/detection.ts';
import rx from './rx.ts';
import { loadReferenceScene, pythonMissing } from './testing/reference.ts';

const SCENES: [string, number | undefined][] = [
  ['anomaly_san_diego/sandiego_plane.mat', 0.94],
  ['anomaly_san_diego/sandiego.mat', undefined],
  ['anomaly_hydice_urban/HYDICE_data.mat', undefined],
  ['anomaly_abu/abu-urban-2.mat', undefined],
  ['anomaly_abu/abu-airport-1.mat', undefined],
];

test('global RX AUC on San Diego, HYDICE and ABU equals numpy and the literature', async (t) => {
  const missing = pythonMissing(['numpy', 'scipy']);
  if (missing) return t.skip(missing);
  for (const [file, published] of SCENES) {
    const scene = loadReferenceScene(file, false, true);
    if (typeof scene === 'string') {
      t.diagnostic(`skip ${file}: ${scene}`);
      continue;
    }
    const score = (await runNode(rx, { cube: scene.cube })).outputs.score;
    const metrics = (await runNode(detection, { score, truth: scene.truth })).outputs.metrics as Metrics;
    const auc = metrics.values.AUC;
    t.diagnostic(`${file}: AUC ${auc.toFixed(4)} (numpy ${scene.rxAuc!.toFixed(4)}${published ? `, literature ≈ ${published}` : ''})`);
    assert.ok(Math.abs(auc - scene.rxAuc!) <= 1e-4, `${file}: AUC ${auc} vs numpy ${scene.rxAuc}`);
    if (published !== undefined) assert.ok(Math.abs(auc - published) <= 0.005, `${file}: AUC ${auc} vs literature ${published}`);
  }
});
