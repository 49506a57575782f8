import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRaster, type Metrics, type Raster } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { loadMetricVectors } from './lib/metric-vectors.ts';
import reduced from './reduced.ts';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test('metrics.reduced equals the toolbox values of metric_vectors (1e-4 relative; Q2n 1e-3 absolute)', async (t) => {
  const v = await loadMetricVectors();
  if (!v) return t.skip('metric_vectors data not found');
  for (const name of ['fused_gsa', 'fused_exp'] as const) {
    const run = await runNode(reduced, { fused: v.fused[name], reference: v.reference }, { ratio: 6 });
    const m = (run.outputs.metrics as Metrics).values;
    const e = v.expected[name];
    assert.ok(relative(m.ERGAS, e.ERGAS) < 1e-4, `${name} ERGAS ${m.ERGAS} vs ${e.ERGAS}`);
    assert.ok(relative(m.SAM, e.SAM) < 1e-4, `${name} SAM ${m.SAM} vs ${e.SAM}`);
    assert.ok(Math.abs(m.Q2n - e.Q2n) < 1e-3, `${name} Q2n ${m.Q2n} vs ${e.Q2n}`);
    assert.ok(m.SCC > -1 && m.SCC < 1 && m.PSNR > 20 && m.PSNR < 60, `${name} SCC ${m.SCC} PSNR ${m.PSNR}`);
    assert.equal(run.leakedTensors, 0);
  }
});

test('metrics.reduced scales [0, 1] data by 2^16 (scale auto) and gives the DN values', async (t) => {
  const v = await loadMetricVectors();
  if (!v) return t.skip('metric_vectors data not found');
  const unit = (r: Raster) => ({ ...r, data: r.data.map((x) => x / 65536) });
  const dn = (await runNode(reduced, { fused: v.fused.fused_gsa, reference: v.reference }, { ratio: 6 })).outputs.metrics as Metrics;
  const scaled = (await runNode(reduced, { fused: unit(v.fused.fused_gsa), reference: unit(v.reference) }, { ratio: 6 })).outputs.metrics as Metrics;
  for (const k of ['ERGAS', 'SAM', 'Q2n', 'SCC', 'PSNR']) assert.ok(Math.abs(dn.values[k] - scaled.values[k]) < 1e-9, `${k}: ${dn.values[k]} vs ${scaled.values[k]}`);
  const raw = (await runNode(reduced, { fused: unit(v.fused.fused_gsa), reference: unit(v.reference) }, { ratio: 6, scale: 'dn' })).outputs.metrics as Metrics;
  // unscaled [0, 1] data rounds to all-zero images: Q2n becomes a meaningless 1
  assert.ok(Math.abs(raw.values.Q2n - dn.values.Q2n) > 0.1, `without scaling Q2n is wrong (${raw.values.Q2n})`);
});

test('metrics.reduced: perfect fusion and bad inputs', async () => {
  const data = new Float32Array(40 * 40 * 3).map((_, i) => 500 + 200 * Math.sin(i * 0.013) + (i % 3) * 50);
  const ref = makeRaster(40, 40, 3, data);
  const out = (await runNode(reduced, { fused: ref, reference: ref }, { ratio: 4 })).outputs.metrics as Metrics;
  const m = out.values;
  // SAM in degrees, PSNR in dB; ERGAS, Q2n and SCC are unitless.
  assert.deepEqual(out.units, { SAM: 'deg', PSNR: 'dB' });
  assert.equal(m.ERGAS, 0);
  assert.equal(m.SAM, 0);
  assert.ok(Math.abs(m.Q2n - 1) < 1e-12 && Math.abs(m.SCC - 1) < 1e-12);
  const small = makeRaster(20, 40, 3, new Float32Array(20 * 40 * 3));
  await assert.rejects(runNode(reduced, { fused: small, reference: ref }, { ratio: 4 }), /input 'fused' is 20x40x3 but 'reference' is 40x40x3/);
  const nan = makeRaster(40, 40, 3, data.slice());
  nan.data[7] = NaN;
  await assert.rejects(runNode(reduced, { fused: nan, reference: ref }, { ratio: 4 }), /metrics.reduced 'n': input 'fused' holds a non-finite value \(NaN\)/);
  await assert.rejects(runNode(reduced, { fused: ref, reference: ref }, { ratio: 4, cut: 25 }), /param 'cut' = 25/);
});

test("metrics.reduced: ratio 0 takes the fused cube's pansharpening ratio; a differing param is logged", async () => {
  const data = new Float32Array(40 * 40 * 3).map((_, i) => 500 + 200 * Math.sin(i * 0.013) + (i % 3) * 50);
  const reference = makeRaster(40, 40, 3, data);
  const fused = makeRaster(40, 40, 3, data.map((v, i) => v + (i % 7) - 3), { fusionRatio: 4 });
  const ergasAt = async (params: Record<string, unknown>, cube = fused) => {
    const run = await runNode(reduced, { fused: cube, reference }, params);
    return { ergas: (run.outputs.metrics as Metrics).values.ERGAS, logs: run.logs };
  };
  const derived = await ergasAt({});
  const four = await ergasAt({ ratio: 4 });
  const six = await ergasAt({ ratio: 6 });
  assert.equal(derived.ergas, four.ergas);
  assert.ok(Math.abs(six.ergas - (four.ergas * 4) / 6) < 1e-12, 'ERGAS scales with 1/r');
  assert.deepEqual(four.logs.filter((l) => l.startsWith('warning')), []);
  assert.ok(six.logs.some((l) => /^warning: param 'ratio' = 6 but input 'fused' was pansharpened at ratio 4/.test(l)), six.logs.join('\n'));
  await assert.rejects(runNode(reduced, { fused: reference, reference }, {}), /param 'ratio' = 0 takes the ratio from input 'fused', which was not made by a pansharpening node; set 'ratio'/);
});
