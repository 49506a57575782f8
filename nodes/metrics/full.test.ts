import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRaster, type Metrics } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { loadMetricVectors } from './lib/metric-vectors.ts';
import full from './full.ts';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test('metrics.full equals the toolbox values of metric_vectors (Dlambda 1e-3 absolute, Ds/HQNR 1e-4 relative)', async (t) => {
  const v = await loadMetricVectors();
  if (!v) return t.skip('metric_vectors data not found');
  for (const name of ['fused_gsa', 'fused_exp'] as const) {
    const run = await runNode(full, { fused: v.fused[name], hs: v.hs, pan: v.pan }, {});
    const m = (run.outputs.metrics as Metrics).values;
    const e = v.expected[name];
    assert.ok(Math.abs(m.Dlambda - e.Dlambda) < 1e-3, `${name} Dlambda ${m.Dlambda} vs ${e.Dlambda}`);
    assert.ok(relative(m.Ds, e.DsR) < 1e-4, `${name} Ds ${m.Ds} vs ${e.DsR}`);
    assert.ok(relative(m.HQNR, e.HQNR) < 1e-4, `${name} HQNR ${m.HQNR} vs ${e.HQNR}`);
    assert.ok(m.Drho > 0 && m.Drho < 2, `${name} Drho ${m.Drho}`);
  }
});

test('metrics.full: Drho is 0 when every band is the PAN; ratio errors', async () => {
  const panData = new Float32Array(48 * 48).map((_, i) => 1000 + 300 * Math.sin(i * 0.37) + (i % 11) * 20);
  const pan = makeRaster(48, 48, 1, panData);
  const fused = makeRaster(48, 48, 2, new Float32Array(48 * 48 * 2).map((_, i) => panData[i >> 1]));
  const hs = makeRaster(12, 12, 2, new Float32Array(12 * 12 * 2).fill(1000));
  const m = ((await runNode(full, { fused, hs, pan }, {})).outputs.metrics as Metrics).values;
  assert.ok(Math.abs(m.Drho) < 1e-9, `Drho ${m.Drho}`);
  assert.ok(Math.abs(m.Ds) < 1e-9, `Ds ${m.Ds}`);
  await assert.rejects(runNode(full, { fused, hs, pan }, { ratio: 3 }), /metrics.full 'n': param 'ratio' = 3 does not fit/);
  const odd = makeRaster(10, 10, 2, new Float32Array(200));
  await assert.rejects(runNode(full, { fused, hs: odd, pan }, {}), /param 'ratio' = 0 \(derived 4.800\)/);
});
