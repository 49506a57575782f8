import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Metrics, Spectra } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { vcaNode } from './vca.ts';
import { fclsNode } from './fcls.ts';
import { unmixingMetricsNode } from '../metrics/unmixing.ts';
import { pureScene } from './lib/synthetic.ts';
import { JASPER, SAMSON, loadScene } from './lib/scene-fixture.ts';

test('VCA finds the pure pixels of a noise-free mixture (SAD < 1e-4 rad)', async () => {
  const { cube, endmembers } = pureScene(5, 60, 30, 30, 3);
  const { outputs, leakedTensors } = await runNode(vcaNode, { cube }, { endmembers: 5, seed: 1 });
  const metrics = await runNode(unmixingMetricsNode, { endmembers: outputs.spectra, reference: endmembers });
  const values = (metrics.outputs.metrics as Metrics).values;
  assert.ok(values.SAD < 1e-4, `mean SAD ${values.SAD}`);
  assert.equal(leakedTensors, 0);
});

test('VCA is deterministic per seed', async () => {
  const { cube } = pureScene(4, 30, 20, 20, 5, 0.02);
  const a = (await runNode(vcaNode, { cube }, { endmembers: 4, seed: 11 })).outputs.spectra as Spectra;
  const b = (await runNode(vcaNode, { cube }, { endmembers: 4, seed: 11 })).outputs.spectra as Spectra;
  assert.deepEqual(a.data, b.data);
  assert.deepEqual(a.names, ['endmember 1', 'endmember 2', 'endmember 3', 'endmember 4']);
});

/*
 * Real scenes, VCA + FCLS against Zhu's ground truth (F. Zhu, arXiv:1708.05125, 2017: Samson end3,
 * 3 endmembers; Jasper Ridge end4, 4). SAD = mean of the matched angles (radians), aRMSE = mean of the
 * per-endmember abundance RMSEs. The reference VCA is randomised, so the figure is the mean over
 * seeds 0..7 (no best-of-N). Measured here over seeds 0..19: Samson mean SAD 0.079 rad (median 0.067),
 * aRMSE 0.262; Jasper Ridge 0.338 rad (median 0.320, best 0.290), aRMSE 0.233; seeds 0..7: Samson
 * 0.068 / 0.261, Jasper Ridge 0.346 / 0.243.
 * These bounds are a regression guard (the measurements plus a small margin), NOT the published
 * VCA(+FCLS) values the issue asks for: those tables (Zhu 2017; Zhu et al. TIP 2014, arXiv:1409.0685;
 * HySUPP; deep-unmixing papers) could not be retrieved while this was written, so no published figure
 * is asserted here.
 */
const bounds = {
  Samson: { spec: SAMSON, p: 3, sad: 0.075, rmse: 0.27 },
  'Jasper Ridge': { spec: JASPER, p: 4, sad: 0.36, rmse: 0.26 },
};
for (const [name, { spec, p, sad, rmse }] of Object.entries(bounds)) {
  test(`VCA+FCLS on ${name}: seed-mean SAD <= ${sad} rad and aRMSE <= ${rmse}`, async (t) => {
    const scene = loadScene(spec);
    if (!scene) return t.skip('python3/scipy or data absent');
    let sadSum = 0;
    let rmseSum = 0;
    const seeds = [0, 1, 2, 3, 4, 5, 6, 7];
    for (const seed of seeds) {
      const spectra = (await runNode(vcaNode, { cube: scene.cube }, { endmembers: p, seed })).outputs.spectra;
      const abundances = (await runNode(fclsNode, { cube: scene.cube, endmembers: spectra })).outputs.abundances;
      const m = await runNode(unmixingMetricsNode, { endmembers: spectra, reference: scene.reference, abundances, referenceAbundances: scene.referenceAbundances });
      const v = (m.outputs.metrics as Metrics).values;
      console.log(`# ${name} seed ${seed}: SAD ${v.SAD.toFixed(4)} rad, aRMSE ${v.aRMSE.toFixed(4)}`);
      sadSum += v.SAD;
      rmseSum += v.aRMSE;
    }
    const meanSad = sadSum / seeds.length;
    const meanRmse = rmseSum / seeds.length;
    console.log(`# ${name} seed-mean: SAD ${meanSad.toFixed(4)} rad, aRMSE ${meanRmse.toFixed(4)}`);
    assert.ok(meanSad <= sad, `mean SAD ${meanSad}`);
    assert.ok(meanRmse <= rmse, `mean aRMSE ${meanRmse}`);
  });
}

test('VCA rejects more endmembers than bands and NaN pixels, naming node and param', async () => {
  const { cube } = pureScene(3, 8, 10, 10, 2);
  await assert.rejects(runNode(vcaNode, { cube }, { endmembers: 9 }), (e: Error & { code?: string }) => e.code === 'PARAM_RANGE' && e.message === "param 'endmembers' of node 'n' = 9 exceeds the 8 bands of input 'cube'");
  cube.data[3] = Number.NaN;
  await assert.rejects(runNode(vcaNode, { cube }, { endmembers: 3 }), /input 'cube' of node 'n' holds a non-finite value/);
});
