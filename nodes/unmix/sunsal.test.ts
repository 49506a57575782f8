import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Raster } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { sunsalNode } from './sunsal.ts';
import { fclsNode } from './fcls.ts';
import { pureScene } from './lib/synthetic.ts';
import { SAMSON, loadScene } from './lib/scene-fixture.ts';

function maxDifference(a: Raster, b: Raster): number {
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
  return worst;
}

test('SUNSAL with lambda 0, positivity and sum-to-one converges to FCLS on Samson (1e-4)', async (t) => {
  const scene = loadScene(SAMSON);
  if (!scene) return t.skip('python3/scipy or data absent');
  const fcls = (await runNode(fclsNode, { cube: scene.cube, endmembers: scene.reference })).outputs.abundances as Raster;
  const admm = (await runNode(sunsalNode, { cube: scene.cube, endmembers: scene.reference }, { lambda: 0, sumToOne: true, iterations: 20000, tolerance: 1e-8 })).outputs.abundances as Raster;
  const worst = maxDifference(fcls, admm);
  console.log(`# SUNSAL vs FCLS on Samson: max |difference| ${worst.toExponential(2)}`);
  assert.ok(worst < 1e-4, `max difference ${worst}`);
});

test('SUNSAL without constraints and lambda 0 is least squares', async () => {
  const { cube, endmembers, abundances } = pureScene(4, 50, 10, 10, 9);
  const free = (await runNode(sunsalNode, { cube, endmembers }, { lambda: 0, positivity: false, iterations: 2000, tolerance: 1e-8 })).outputs.abundances as Raster;
  let worst = 0;
  for (let i = 0; i < abundances.length; i++) worst = Math.max(worst, Math.abs(free.data[i] - abundances[i]));
  assert.ok(worst < 1e-4, `least-squares error ${worst}`);
});

test('SUNSAL with lambda > 0 meets the non-negative lasso optimality conditions on a library fit', async () => {
  // KKT of min 1/2 ||M x - y||^2 + lambda 1^T x, x >= 0: g = M^T (y - M x) equals lambda where x_k > 0, is <= lambda where x_k = 0
  const { cube, endmembers } = pureScene(4, 50, 10, 10, 9, 0.01);
  const library = pureScene(12, 50, 2, 2, 21).endmembers;
  library.data.set(endmembers.data, 0);
  const lambda = 0.05;
  const a = ((await runNode(sunsalNode, { cube, endmembers: library }, { lambda, iterations: 20000, tolerance: 1e-9 })).outputs.abundances as Raster).data;
  const K = 12;
  const L = 50;
  let worst = 0;
  let zeros = 0;
  for (let n = 0; n < 100; n++) {
    for (let k = 0; k < K; k++) {
      let g = 0;
      for (let b = 0; b < L; b++) {
        let fit = 0;
        for (let j = 0; j < K; j++) fit += library.data[j * L + b] * a[n * K + j];
        g += library.data[k * L + b] * (cube.data[n * L + b] - fit);
      }
      const x = a[n * K + k];
      if (x > 1e-6) worst = Math.max(worst, Math.abs(g - lambda));
      else {
        zeros++;
        worst = Math.max(worst, g - lambda);
      }
    }
  }
  console.log(`# lasso KKT: worst violation ${worst.toExponential(2)}, ${zeros} of ${100 * K} abundances at zero`);
  assert.ok(worst < 1e-3 * lambda * 10, `KKT violation ${worst}`);
  assert.ok(zeros > 100 * 4, 'expected a sparse solution');
});
