import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRaster, type Metrics, type Spectra } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { unmixingMetricsNode } from './unmixing.ts';
import { minimumCostAssignment } from '../unmix/lib/assignment.ts';
import { seededUniform } from '../unmix/lib/random.ts';

function spectra(rows: number[][], names: string[]): Spectra {
  return { kind: 'spectra', count: rows.length, bands: rows[0].length, data: Float64Array.from(rows.flat()), names };
}

test('Hungarian assignment equals brute force on random 6x6 and 4x7 costs', () => {
  const random = seededUniform(3);
  for (const [n, m] of [[6, 6], [4, 7], [1, 3]]) {
    for (let trial = 0; trial < 20; trial++) {
      const cost = Float64Array.from({ length: n * m }, () => random());
      const match = minimumCostAssignment(cost, n, m);
      let best = Infinity;
      const used = new Uint8Array(m);
      const search = (r: number, s: number): void => {
        if (r === n) return void (best = Math.min(best, s));
        for (let j = 0; j < m; j++) if (!used[j]) { used[j] = 1; search(r + 1, s + cost[r * m + j]); used[j] = 0; }
      };
      search(0, 0);
      const got = Array.from(match).reduce((s, j, r) => s + cost[r * m + j], 0);
      assert.ok(Math.abs(got - best) < 1e-12, `${n}x${m}: ${got} vs ${best}`);
      assert.equal(new Set(match).size, n);
    }
  }
});

test('SAD and aRMSE after matching a permuted, scaled estimate', async () => {
  const reference = spectra([[1, 0, 0], [0, 1, 0], [1, 1, 0]], ['rock', 'tree', 'dry grass']);
  // estimate: tree (scaled), a spectrum at 45 degrees to rock in the x-z plane, dry grass exact, plus an extra one
  const estimate = spectra([[0, 3, 0], [1, 0, 1], [2, 2, 0], [0, 0, 1]], ['a', 'b', 'c', 'd']);
  const refA = makeRaster(1, 2, 3, Float32Array.from([1, 0, 0, 0.5, 0.5, 0]));
  const estA = makeRaster(1, 2, 4, Float32Array.from([0, 0.8, 0.2, 0, 0.5, 0.5, 0, 0]));
  const { outputs, logs } = await runNode(unmixingMetricsNode, { endmembers: estimate, reference, abundances: estA, referenceAbundances: refA });
  assert.ok(logs.some((l) => /^input 'endmembers' has 4 spectra for the 3 of 'reference': the 1 unmatched one\(s\) are left out of SAD/.test(l)), logs.join('\n'));
  const v = (outputs.metrics as Metrics).values;
  assert.ok(Math.abs(v.SAD_rock - Math.PI / 4) < 1e-12);
  // Every angle (mean and per endmember) is in radians; RMSEs are unitless fractions.
  assert.deepEqual((outputs.metrics as Metrics).units, { SAD_rock: 'rad', SAD_tree: 'rad', SAD_dry_grass: 'rad', SAD: 'rad' });
  assert.equal(v.SAD_tree, 0);
  assert.ok(Math.abs(v['SAD_dry_grass']) < 1e-7);
  assert.ok(Math.abs(v.SAD - Math.PI / 12) < 1e-7);
  // rock: est b = [0.8, 0.5] vs [1, 0.5]; tree: a = [0, 0.5] vs [0, 0.5]; grass: c = [0.2, 0] vs [0, 0]
  const rock = Math.sqrt((0.2 ** 2) / 2);
  const tree = 0;
  const grass = Math.sqrt((0.2 ** 2) / 2);
  assert.ok(Math.abs(v.RMSE_rock - rock) < 1e-7);
  assert.equal(v.RMSE_tree, tree);
  assert.ok(Math.abs(v.aRMSE - (rock + tree + grass) / 3) < 1e-7);
});

test('metrics.unmixing refuses too few estimates and a lone abundance input', async () => {
  const reference = spectra([[1, 0], [0, 1]], ['x', 'y']);
  const one = spectra([[1, 1]], ['e']);
  await assert.rejects(runNode(unmixingMetricsNode, { endmembers: one, reference }), /input 'endmembers' of node 'n' has 1 spectra, fewer than the 2/);
  await assert.rejects(runNode(unmixingMetricsNode, { endmembers: reference, reference, abundances: makeRaster(1, 1, 2) }), /'referenceAbundances' is needed too/);
});
