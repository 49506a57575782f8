import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRocCurve, logFarCurve } from './plot-scale.ts';

test('log FAR axis: starts at 1e-4 when the curve has smaller rates, with the PD reached there', () => {
  // 1e6 background pixels: rates down to 1e-6
  const x = [0, 1e-6, 5e-5, 1e-4, 1e-3, 1e-2, 1];
  const y = [0.1, 0.2, 0.3, 0.5, 0.8, 0.9, 1];
  assert.deepEqual(logFarCurve(x, y), { x: [1e-4, 1e-3, 1e-2, 1], y: [0.5, 0.8, 0.9, 1], start: 1e-4 });
  // no point exactly at 1e-4: the step curve's PD at 1e-4 is that of 5e-5
  assert.deepEqual(logFarCurve([0, 5e-5, 2e-3, 1], [0.2, 0.4, 0.7, 1]), { x: [1e-4, 2e-3, 1], y: [0.4, 0.7, 1], start: 1e-4 });
});

test('log FAR axis: a small scene starts at its smallest non-zero rate', () => {
  // 32 x 32 scene, ~1000 background pixels: smallest rate ~1e-3
  const x = [0, 0, 0.001, 0.01, 0.5, 1];
  const y = [0, 0.25, 0.5, 0.75, 1, 1];
  assert.deepEqual(logFarCurve(x, y), { x: [0.001, 0.01, 0.5, 1], y: [0.5, 0.75, 1, 1], start: 0.001 });
});

test('ROC curves are recognised by name or false-alarm axis label', () => {
  assert.ok(isRocCurve('ROC'));
  assert.ok(isRocCurve('curve', 'false-alarm rate'));
  assert.ok(isRocCurve('c', 'PFA'));
  assert.ok(!isRocCurve('loss', 'iteration'));
  assert.ok(!isRocCurve('error'));
});
