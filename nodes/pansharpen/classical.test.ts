import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeDefinition } from '../../core/node-def.ts';
import { makeRaster, type Metrics, type Raster } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { loadMetricVectors } from '../metrics/lib/metric-vectors.ts';
import reduced from '../metrics/reduced.ts';
import awlp from './awlp.ts';
import btH from './btH.ts';
import gsa from './gsa.ts';
import interp from './interp.ts';
import mtfGlp from './mtfGlp.ts';

const METHODS: [string, NodeDefinition, Record<string, unknown>][] = [
  ['gsa', gsa as NodeDefinition, {}],
  ['mtfGlp fs', mtfGlp as NodeDefinition, { variant: 'fs' }],
  ['mtfGlp hpm', mtfGlp as NodeDefinition, { variant: 'hpm' }],
  ['mtfGlp hpm-r', mtfGlp as NodeDefinition, { variant: 'hpm-r' }],
  ['btH', btH as NodeDefinition, {}],
  ['awlp', awlp as NodeDefinition, {}],
];

test('every classical method beats interpolation on ERGAS and Q2n (metric_vectors, ratio 6)', async (t) => {
  const v = await loadMetricVectors();
  if (!v) return t.skip('metric_vectors data not found');
  const score = async (fused: Raster) => ((await runNode(reduced, { fused, reference: v.reference }, { ratio: 6 })).outputs.metrics as Metrics).values;
  const base = await runNode(interp as NodeDefinition, { hs: v.hs, pan: v.pan }, {});
  const exp = await score(base.outputs.cube as Raster);
  // the toolbox's own EXP result scores ERGAS 1.8075, Q2n 0.6129 on these data
  assert.ok(Math.abs(exp.ERGAS - 1.8075) < 0.01 && Math.abs(exp.Q2n - 0.6129) < 0.01, `interp ERGAS ${exp.ERGAS} Q2n ${exp.Q2n}`);
  for (const [name, def, params] of METHODS) {
    const run = await runNode(def, { hs: v.hs, pan: v.pan }, params);
    assert.equal(run.leakedTensors, 0);
    const cube = run.outputs.cube as Raster;
    assert.equal(cube.rows, 192);
    assert.equal(cube.bands, 8);
    const m = await score(cube);
    assert.ok(m.ERGAS < exp.ERGAS && m.Q2n > exp.Q2n, `${name}: ERGAS ${m.ERGAS} (interp ${exp.ERGAS}), Q2n ${m.Q2n} (interp ${exp.Q2n})`);
  }
});

/** A small smooth scene: 8x8x3 HS, 32x32 PAN (ratio 4). */
function scene() {
  const hs = makeRaster(8, 8, 3, new Float32Array(8 * 8 * 3).map((_, i) => 800 + 100 * Math.sin(i * 0.21)), { wavelengths: [450, 550, 650] });
  const pan = makeRaster(32, 32, 1, new Float32Array(32 * 32).map((_, i) => 900 + 150 * Math.cos(i * 0.05)));
  return { hs, pan };
}

test('pansharpening nodes: shapes, metadata and bad input', async () => {
  const { hs, pan } = scene();
  for (const [name, def, params] of [['interp', interp as NodeDefinition, {}] as const, ...METHODS]) {
    const out = (await runNode(def, { hs, pan }, params)).outputs.cube as Raster;
    assert.equal(out.rows, 32, name);
    assert.equal(out.cols, 32, name);
    assert.deepEqual(out.wavelengths, [450, 550, 650], name);
    assert.equal(out.fusionRatio, 4, `${name} says the ratio it fused at (32 px PAN, 8 px HS)`);
    assert.ok(out.data.every(Number.isFinite), `${name} output is finite`);
  }
  await assert.rejects(runNode(gsa as NodeDefinition, { hs, pan }, { ratio: 3 }), /pansharpen.gsa 'n': param 'ratio' = 3 does not match the inputs/);
  const wide = makeRaster(30, 32, 1, new Float32Array(30 * 32));
  await assert.rejects(runNode(btH as NodeDefinition, { hs, pan: wide }, {}), /pansharpen.btH 'n': param 'ratio' = 0 \(derive\) but the sizes give no integer ratio/);
  const nan = makeRaster(32, 32, 1, pan.data.slice());
  nan.data[40] = NaN;
  await assert.rejects(runNode(awlp as NodeDefinition, { hs, pan: nan }, {}), /input 'pan' holds a non-finite value \(NaN\) at row 1, col 8/);
  const five = makeRaster(40, 40, 1, new Float32Array(1600));
  await assert.rejects(runNode(interp as NodeDefinition, { hs, pan: five }, {}), /param 'ratio' = 5 is not supported/);
});
