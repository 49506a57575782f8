/** metrics.detection: AUC against the Mann–Whitney statistic, PD at PFA 1e-3, curve shape, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNode } from '../../test/harness.ts';
import { makeRaster, type Metrics } from '../../core/values.ts';
import detection from './detection.ts';

function raster(values: number[], rows: number, cols: number) {
  return makeRaster(rows, cols, 1, Float32Array.from(values));
}

test('a hand-computed ROC: AUC, PD@1e-3 and the curve', async () => {
  // scores 0.9(T) 0.8(F) 0.7(T) 0.6(F) 0.5(F) 0.4(T): AUC = (3 + 2 + 0)/9 = 5/9.
  const score = raster([0.9, 0.8, 0.7, 0.6, 0.5, 0.4], 2, 3);
  const truth = raster([1, 0, 1, 0, 0, 1], 2, 3);
  const metrics = (await runNode(detection, { score, truth })).outputs.metrics as Metrics;
  assert.ok(Math.abs(metrics.values.AUC - 5 / 9) < 1e-12);
  // PFA = 1e-3 falls on the step from (0, 1/3) to (1/3, 1/3), where PD = 1/3.
  assert.ok(Math.abs(metrics.values['PD@1e-3'] - 1 / 3) < 1e-12);
  assert.deepEqual(metrics.curves!.ROC.x, [0, 0, 1 / 3, 1 / 3, 2 / 3, 1, 1]);
  assert.deepEqual(metrics.curves!.ROC.y, [0, 1 / 3, 1 / 3, 2 / 3, 2 / 3, 2 / 3, 1]);
});

test("score order: a map marked 'lower' (SAM angle) is ranked low-is-target; 'targets' forces either way", async () => {
  // angles 0.1(T) 0.2(F) 0.3(T) 0.4(F) 0.5(F) 0.6(T): low = target gives AUC (3 + 2 + 0)/9 = 5/9, as the
  // hand-computed case above with the order reversed; ranked high-is-target it is 4/9.
  const angles = raster([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 2, 3);
  const truth = raster([1, 0, 1, 0, 0, 1], 2, 3);
  const marked = { ...angles, scoreOrder: 'lower' as const };
  const auto = await runNode(detection, { score: marked, truth });
  assert.ok(Math.abs((auto.outputs.metrics as Metrics).values.AUC - 5 / 9) < 1e-12);
  assert.ok(auto.logs.some((l) => /lower scores ranked as more target-like \(the score map's order\)/.test(l)), auto.logs.join('|'));
  const forcedHigh = await runNode(detection, { score: marked, truth }, { targets: 'higher' });
  assert.ok(Math.abs((forcedHigh.outputs.metrics as Metrics).values.AUC - 4 / 9) < 1e-12);
  assert.ok(forcedHigh.logs.some((l) => /AUC 0\.444 is below 0\.5: .*set param 'targets' = lower/.test(l)), forcedHigh.logs.join('|'));
  const forcedLow = await runNode(detection, { score: angles, truth }, { targets: 'lower' });
  assert.ok(Math.abs((forcedLow.outputs.metrics as Metrics).values.AUC - 5 / 9) < 1e-12);
  // below 0.5 while ranking low-is-target: the hint points the other way
  const reversed = await runNode(detection, { score: angles, truth: raster([0, 1, 0, 1, 1, 0], 2, 3) }, { targets: 'lower' });
  assert.ok(reversed.logs.some((l) => /marks targets by high scores, set param 'targets' = higher/.test(l)), reversed.logs.join('|'));
  // unmarked maps stay higher-is-target
  const plain = await runNode(detection, { score: angles, truth });
  assert.ok(Math.abs((plain.outputs.metrics as Metrics).values.AUC - 4 / 9) < 1e-12);
});

test('AUC equals the Mann–Whitney statistic with ties counted half, on 20 000 random scores', async () => {
  let state = 12345;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const n = 20000;
  const truthValues = Array.from({ length: n }, () => (random() < 0.01 ? 1 : 0));
  // Quantised scores create many ties; targets are shifted up.
  const scoreValues = truthValues.map((t) => Math.round((random() + 0.4 * t) * 50) / 50);
  const metrics = (await runNode(detection, { score: raster(scoreValues, 100, 200), truth: raster(truthValues, 100, 200) })).outputs.metrics as Metrics;
  const positives = scoreValues.filter((_, i) => truthValues[i] === 1);
  const negatives = scoreValues.filter((_, i) => truthValues[i] === 0).sort((a, b) => a - b);
  let wins = 0;
  for (const p of positives) {
    let below = 0;
    let equal = 0;
    for (const q of negatives) {
      if (q < p) below++;
      else if (q === p) equal++;
      else break;
    }
    wins += below + 0.5 * equal;
  }
  const mannWhitney = wins / (positives.length * negatives.length);
  assert.ok(Math.abs(metrics.values.AUC - mannWhitney) < 1e-12, `${metrics.values.AUC} vs ${mannWhitney}`);
  assert.ok(metrics.curves!.ROC.x.length <= 1002);
});

test('the plotted ROC is thinned but keeps its low-false-alarm end (for a log PFA axis)', async () => {
  let state = 777;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const n = 40000;
  const truthValues = Array.from({ length: n }, () => (random() < 0.01 ? 1 : 0));
  const scoreValues = truthValues.map((t) => random() + 0.6 * t); // continuous: every pixel its own threshold
  const metrics = (await runNode(detection, { score: raster(scoreValues, 200, 200), truth: raster(truthValues, 200, 200) })).outputs.metrics as Metrics;
  const { x, y } = metrics.curves!.ROC;
  const negatives = truthValues.filter((t) => t === 0).length;
  assert.ok(x.length > 100 && x.length <= 1201, `${x.length} points`);
  assert.equal(x.find((v) => v > 0), 1 / negatives, 'the smallest non-zero PFA is kept');
  assert.ok(x.filter((v) => v > 0 && v <= 1e-3).length >= 5, `${x.filter((v) => v > 0 && v <= 1e-3).length} points at PFA <= 1e-3`);
  assert.deepEqual([x.at(-1), y.at(-1)], [1, 1]);
  x.forEach((v, i) => i > 0 && assert.ok(v >= x[i - 1] && y[i] >= y[i - 1], 'monotone'));
});

test('errors name the input and the problem', async () => {
  const score = raster([1, 2, 3, 4], 2, 2);
  await assert.rejects(runNode(detection, { score, truth: raster([0, 0, 0, 0], 2, 2) }), /input 'truth' marks no pixel as target/);
  await assert.rejects(runNode(detection, { score, truth: raster([0, 1, 0], 1, 3) }), /input 'score' is 2x2 but 'truth' is 1x3/);
  await assert.rejects(runNode(detection, { score: raster([1, NaN, 3, 4], 2, 2), truth: raster([0, 1, 0, 0], 2, 2) }), /input 'score' has NaN at row 0, col 1/);
  await assert.rejects(runNode(detection, { score: makeRaster(1, 2, 2, new Float32Array(4)), truth: raster([0, 1], 1, 2) }), /input 'score' has 2 bands/);
});
