import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Metrics } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import compare from './compare.ts';

test('metrics.compare builds a method x metric table', async () => {
  const a: Metrics = { kind: 'metrics', values: { ERGAS: 2, Q2n: 0.5 } };
  const b: Metrics = { kind: 'metrics', values: { ERGAS: 1, SAM: 3 } };
  const out = (await runNode(compare, { m1: a, m3: b }, { labels: 'interp,unused,gsa' })).outputs.metrics as Metrics;
  assert.deepEqual(out.tables?.comparison, {
    columns: ['method', 'ERGAS', 'Q2n', 'SAM'],
    rows: [
      ['interp', 2, 0.5, null],
      ['gsa', 1, null, 3],
    ],
  });
  assert.equal(out.values['gsa.SAM'], 3);
  await assert.rejects(runNode(compare, {}, {}), /connect at least one of m1..m12/);
});

test('metrics.compare heads columns with units and keeps the units of the flat values', async () => {
  const reduced: Metrics = { kind: 'metrics', values: { ERGAS: 5.58, SAM: 8.49, PSNR: 28.86 }, units: { SAM: 'deg', PSNR: 'dB' } };
  const other: Metrics = { kind: 'metrics', values: { ERGAS: 7.28, SAM: 0.15 }, units: { SAM: 'rad' } };
  const out = (await runNode(compare, { m1: reduced, m2: other }, { labels: 'gsa,interp' })).outputs.metrics as Metrics;
  // The same name in another unit gets its own column: degrees and radians never share one.
  assert.deepEqual(out.tables?.comparison, {
    columns: ['method', 'ERGAS', 'SAM (deg)', 'PSNR (dB)', 'SAM (rad)'],
    rows: [
      ['gsa', 5.58, 8.49, 28.86, null],
      ['interp', 7.28, null, null, 0.15],
    ],
  });
  assert.deepEqual(out.units, { 'gsa.SAM': 'deg', 'gsa.PSNR': 'dB', 'interp.SAM': 'rad' });
  assert.equal(out.values['gsa.SAM'], 8.49);
  const unitless = (await runNode(compare, { m1: { kind: 'metrics', values: { AUC: 0.9 } } }, {})).outputs.metrics as Metrics;
  assert.equal(unitless.units, undefined);
});

test('validate refuses a compare node with no input connected, and passes once one is', async () => {
  const { compile } = await import('../../engine/compile.ts');
  const { defaultRegistry } = await import('../registry.ts');
  const nodes = [{ id: 'cmp', type: 'metrics.compare' }, { id: 'roc', type: 'metrics.detection' }, { id: 'rx', type: 'detect.rx' }, { id: 'scene', type: 'synth.scene' }];
  const lonely = compile({ bandwire: 1, nodes, edges: [{ from: 'scene.cube', to: 'rx.cube' }, { from: 'rx.score', to: 'roc.score' }, { from: 'scene.anomalies', to: 'roc.truth' }] }, defaultRegistry());
  const missing = lonely.diagnostics.filter((d) => d.node === 'cmp');
  assert.equal(missing.length, 1, JSON.stringify(lonely.diagnostics));
  assert.equal(missing[0].code, 'MISSING_INPUT');
  assert.match(missing[0].message, /node 'cmp' \(metrics\.compare\): connect at least one of its inputs m1\.\.m12/);
  const wired = compile({ bandwire: 1, nodes, edges: [{ from: 'scene.cube', to: 'rx.cube' }, { from: 'rx.score', to: 'roc.score' }, { from: 'scene.anomalies', to: 'roc.truth' }, { from: 'roc.metrics', to: 'cmp.m3' }] }, defaultRegistry());
  assert.deepEqual(wired.diagnostics, []);
});
