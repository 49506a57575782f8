/**
 * Wald protocol on a real scene (Jasper Ridge, every 4th of its 198 bands to keep the test short):
 * degrade by 4, synthetic 400-700 nm PAN, fuse, score against the original.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeDefinition } from '../../core/node-def.ts';
import { makeRaster, type Metrics, type Raster } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { dataFile } from '../../test/data.ts';
import { ioRead } from '../io/read.ts';
import reduced from '../metrics/reduced.ts';
import degrade from '../prep/degrade.ts';
import synthPan from '../prep/synthPan.ts';
import gsa from './gsa.ts';
import interp from './interp.ts';
import mtfGlp from './mtfGlp.ts';

function everyFourthBand(cube: Raster): Raster {
  const keep = Array.from({ length: Math.ceil(cube.bands / 4) }, (_, i) => 4 * i);
  const n = cube.rows * cube.cols;
  const data = new Float32Array(n * keep.length);
  for (let p = 0; p < n; p++) keep.forEach((b, k) => (data[p * keep.length + k] = cube.data[p * cube.bands + b]));
  return makeRaster(cube.rows, cube.cols, keep.length, data, { wavelengths: keep.map((b) => cube.wavelengths![b]) });
}

test('Jasper Ridge, ratio 4: GSA and MTF-GLP (FS, HPM-R) beat interpolation on ERGAS and Q2n', async (t) => {
  const path = dataFile('jasper_ridge/jasperRidge2_R198.hdr');
  if (!path) return t.skip('Jasper Ridge data not found');
  const full = (await runNode(ioRead as NodeDefinition, {}, { path })).outputs.cube as Raster;
  const cube = everyFourthBand(full);
  const hs = (await runNode(degrade, { cube }, { ratio: 4 })).outputs.cube as Raster;
  const pan = (await runNode(synthPan, { cube }, {})).outputs.band as Raster;
  assert.equal(hs.rows, 25);
  const score = async (def: NodeDefinition, params: Record<string, unknown>) => {
    const fused = (await runNode(def, { hs, pan }, params)).outputs.cube as Raster;
    return ((await runNode(reduced, { fused, reference: cube }, { ratio: 4 })).outputs.metrics as Metrics).values;
  };
  const base = await score(interp as NodeDefinition, {});
  assert.ok(base.ERGAS > 5 && base.ERGAS < 10 && base.Q2n > 0.7 && base.Q2n < 0.9, `interp ERGAS ${base.ERGAS} Q2n ${base.Q2n}`);
  for (const [name, def, params] of [
    ['gsa', gsa, {}],
    ['mtfGlp fs', mtfGlp, { variant: 'fs' }],
    ['mtfGlp hpm-r', mtfGlp, { variant: 'hpm-r' }],
  ] as const) {
    const m = await score(def as NodeDefinition, params);
    assert.ok(m.ERGAS < 0.9 * base.ERGAS && m.Q2n > base.Q2n + 0.03, `${name}: ERGAS ${m.ERGAS} vs ${base.ERGAS}, Q2n ${m.Q2n} vs ${base.Q2n}`);
  }
});
