import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Raster, Spectra } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { robustNode } from './robust.ts';
import { fclsNode } from './fcls.ts';
import { pureScene } from './lib/synthetic.ts';
import { seededUniform } from './lib/random.ts';

/** Synthetic 4-endmember scene (60 bands) with 5 outlier channels carrying uniform [0, 2) noise. */
function corruptedScene() {
  const scene = pureScene(4, 60, 40, 40, 8, 0.002);
  const random = seededUniform(3);
  const L = 60;
  for (const b of [5, 17, 29, 41, 53]) for (let n = 0; n < 1600; n++) scene.cube.data[n * L + b] += 2 * random();
  return scene;
}

function rmse(a: Float32Array, truth: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - truth[i]) ** 2;
  return Math.sqrt(s / a.length);
}

test('unmix.robust (lambda 0) ignores outlier channels that derail FCLS', async () => {
  const { cube, endmembers, abundances } = corruptedScene();
  const fcls = (await runNode(fclsNode, { cube, endmembers })).outputs.abundances as Raster;
  const { outputs, leakedTensors } = await runNode(robustNode, { cube, endmembers }, { lambda: 0, iterations: 10 });
  const robust = outputs.abundances as Raster;
  const errors = { fcls: rmse(fcls.data, abundances), robust: rmse(robust.data, abundances) };
  console.log(`# abundance RMSE with 5 outlier channels: FCLS ${errors.fcls.toFixed(4)}, robust ${errors.robust.toExponential(2)}`);
  assert.ok(errors.fcls > 0.05, 'the corruption should hurt least squares');
  assert.ok(errors.robust < 1e-3, `robust RMSE ${errors.robust}`);
  assert.deepEqual(robust.bandNames, endmembers.names);
  assert.deepEqual((outputs.endmembers as Spectra).data, endmembers.data);
  assert.equal(leakedTensors, 0);
});

test('unmix.robust guidance map: p = pMin on pure pixels, rising with the true mixing entropy', async () => {
  const { cube, endmembers, abundances } = pureScene(4, 60, 30, 30, 5, 0.001);
  const { outputs } = await runNode(robustNode, { cube, endmembers }, { lambda: 0.01, pMin: 0.2, iterations: 10 });
  const guidance = outputs.guidance as Raster;
  assert.equal(guidance.bands, 1);
  for (let n = 0; n < 4; n++) assert.ok(guidance.data[n] < 0.25, `pure pixel ${n}: p = ${guidance.data[n]}`);
  const N = 900;
  const entropy = Float64Array.from({ length: N }, (_, n) => {
    let e = 0;
    for (let k = 0; k < 4; k++) if (abundances[n * 4 + k] > 0) e -= abundances[n * 4 + k] * Math.log(abundances[n * 4 + k]);
    return e;
  });
  const g = Float64Array.from(guidance.data);
  const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
  const [mg, me] = [mean(g), mean(entropy)];
  let c = 0, vg = 0, ve = 0;
  for (let n = 0; n < N; n++) {
    c += (g[n] - mg) * (entropy[n] - me);
    vg += (g[n] - mg) ** 2;
    ve += (entropy[n] - me) ** 2;
  }
  const correlation = c / Math.sqrt(vg * ve);
  console.log(`# guidance vs true abundance entropy: correlation ${correlation.toFixed(3)}`);
  assert.ok(correlation > 0.9);
  assert.ok(Math.min(...g) >= 0.2 - 1e-6 && Math.max(...g) <= 1 + 1e-6);
});

test('unmix.robust: a larger lambda gives sparser abundances', async () => {
  const { cube, endmembers } = pureScene(4, 60, 20, 20, 6, 0.002);
  const zeros = async (lambda: number) => {
    const a = ((await runNode(robustNode, { cube, endmembers }, { lambda, iterations: 10 })).outputs.abundances as Raster).data;
    return a.filter((v) => v < 1e-4).length;
  };
  const [dense, sparse] = [await zeros(0), await zeros(0.5)];
  console.log(`# abundances below 1e-4: lambda 0 -> ${dense}, lambda 0.5 -> ${sparse} of 1600`);
  assert.ok(sparse > dense + 100);
});

test('unmix.robust sets slightly negative endmember values to 0 (logged) and rejects clearly negative ones', async () => {
  const { cube, endmembers } = pureScene(3, 10, 5, 5, 1);
  const largest = Math.max(...endmembers.data.map(Math.abs));
  const noisy = { ...endmembers, data: endmembers.data.slice() };
  noisy.data[4] = -0.002 * largest;
  const run = await runNode(robustNode, { cube, endmembers: noisy });
  assert.ok(run.logs.some((l) => /^input 'endmembers': 1 slightly negative value\(s\) \(down to -[\d.e-]+\) set to 0/.test(l)), run.logs.join('\n'));
  const clean = await runNode(robustNode, { cube, endmembers: { ...endmembers, data: Float64Array.from(noisy.data, (v) => Math.max(0, v)) } });
  assert.deepEqual((run.outputs.abundances as Raster).data, (clean.outputs.abundances as Raster).data, 'the same as with the value clipped by hand');
  endmembers.data[4] = -0.1 * largest;
  await assert.rejects(runNode(robustNode, { cube, endmembers }), /input 'endmembers' has values down to -[\d.e-]+ \(below -1 % of the largest magnitude/);
});
