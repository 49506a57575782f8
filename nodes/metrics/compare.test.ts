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
