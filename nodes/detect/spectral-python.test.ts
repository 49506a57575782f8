/**
 * RX, ACE, matched filter and CEM against Spectral Python 0.22 (spectral.rx / ace / matched_filter)
 * and a numpy float64 CEM, on the real AVIRIS San Diego airport scene (100×100×189), target = mean
 * spectrum of the 58 anomaly pixels. Tolerance: 1e-4 relative to the reference's largest |score|
 * (and per pixel for RX, whose scores are all positive).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNode } from '../../test/harness.ts';
import type { Raster } from '../../core/values.ts';
import rx from './rx.ts';
import ace from './ace.ts';
import mf from './mf.ts';
import cem from './cem.ts';
import { loadReferenceScene, relativeError } from './testing/reference.ts';

const TOLERANCE = 1e-4;

test('RX, ACE, MF and CEM equal Spectral Python on San Diego to 1e-4 relative', async (t) => {
  const scene = loadReferenceScene('anomaly_san_diego/sandiego.mat', true);
  if (typeof scene === 'string') return t.skip(scene);
  for (const [name, def] of [['rx', rx], ['ace', ace], ['mf', mf], ['cem', cem]] as const) {
    const inputs = name === 'rx' ? { cube: scene.cube } : { cube: scene.cube, target: scene.target };
    const result = await runNode(def, inputs);
    assert.equal(result.leakedTensors, 0, `${name} leaked tensors`);
    const score = (result.outputs.score as Raster).data;
    const error = relativeError(score, scene.scores[name]);
    t.diagnostic(`${name}: max error / max |reference| = ${error.toExponential(2)}`);
    assert.ok(error < TOLERANCE, `${name}: relative error ${error} exceeds ${TOLERANCE}`);
  }
  const rxScore = (await runNode(rx, { cube: scene.cube })).outputs.score as Raster;
  let worst = 0;
  scene.scores.rx.forEach((v, i) => (worst = Math.max(worst, Math.abs(rxScore.data[i] - v) / v)));
  t.diagnostic(`rx: worst per-pixel relative error ${worst.toExponential(2)}`);
  assert.ok(worst < TOLERANCE, `rx per-pixel relative error ${worst}`);
});
