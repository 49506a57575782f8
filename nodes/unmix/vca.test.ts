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
 * per-endmember abundance RMSEs. Our VCA is random per seed: seeds 0..7, seed-mean and seed-median.
 *
 * Published VCA figure (issue #6), the only like-for-like one found (see nodes/unmix/README.md):
 * Z. Guan, J. Zhang, Q. Liu, "Interpretable Hyperspectral Unmixing Framework with Fixed Endmember Prior
 * and Structured Residual Refinement" (Xiangtan University, manuscript 2025 or later), Table 1
 * "Comparison of endmember extractors using SAM (deg)": VCA Samson 4.89 deg, Jasper Ridge 22.09 deg.
 * Mean angle to Zhu's ground truth (their ref. [20]), one VCA run with fixed seed 0 (no best-of-N).
 * The same table's N-FINDR Samson 4.02 deg is what unmix.nfindr gives (0.0702 rad), so ground truth and
 * SAD convention match ours. Measured here, seeds 0..19: Samson median 3.82 deg, mean 4.52 deg (19 of 20
 * seeds <= 4.89); Jasper Ridge median 18.35 deg, mean 19.35 deg (16 of 20 seeds <= 22.09).
 *
 * Published VCA+FCLS abundances, Samson (issue #6): P. Ghosh, S. K. Roy, B. Koirala, B. Rasti, P. Scheunders,
 * "Hyperspectral Unmixing Using Transformer Networks", IEEE TGRS 60, 2022 (doi 10.1109/TGRS.2022.3196057),
 * released their compared methods' results with the paper (repository preetam22n/DeepTrans-HSU,
 * Results/Endmembers_Samson.mat E_VCA and Results/Abundance_Samson.mat a_FCLSU; a_FCLSU is FCLS with E_VCA
 * on Zhu's Samson cube: recomputing it reproduces it to RMSE 0.007). Printed against their own ground
 * truth (not Zhu's): SAD 0.0925 rad, abundance RMSE 0.1387 (one RMSE over all entries). The same released
 * VCA+FCLS result scored in our convention against Zhu's end3: SAD 0.06672 rad, aRMSE 0.26249 (all
 * entries 0.2712). Our VCA picks the same three pixels in 5 of seeds 0..7, so its seed-median equals
 * theirs (0.0667 rad, 0.2625); the test asserts seed-mean aRMSE <= 0.26249 and seed-median SAD <= 0.06672
 * + 1e-4 rad (float32 vs float64 arithmetic). Jasper Ridge is not in that paper; no published VCA+FCLS
 * aRMSE with the true endmember count was found for it, so its aRMSE bound is our own regression guard
 * (measurements plus a small margin), NOT a published value. Seeds 0..7 here: Samson SAD mean 0.068 rad,
 * aRMSE mean 0.261; Jasper Ridge 0.346 rad, aRMSE 0.243.
 */
const degrees = Math.PI / 180;
const scenes = {
  Samson: { spec: SAMSON, p: 3, publishedSad: 4.89 * degrees, guardSad: 0.075, released: { sad: 0.06672, rmse: 0.26249 } },
  'Jasper Ridge': { spec: JASPER, p: 4, publishedSad: 22.09 * degrees, guardSad: 0.36, guardRmse: 0.26 },
} as Record<string, { spec: typeof SAMSON; p: number; publishedSad: number; guardSad: number; guardRmse?: number; released?: { sad: number; rmse: number } }>;
for (const [name, { spec, p, publishedSad, guardSad, guardRmse, released }] of Object.entries(scenes)) {
  const published = `${(publishedSad / degrees).toFixed(2)} deg = ${publishedSad.toFixed(4)} rad`;
  const rmseBound = released ? `aRMSE <= Ghosh et al. 2022's released VCA+FCLS (${released.rmse})` : `aRMSE <= ${guardRmse} (guard)`;
  test(`VCA+FCLS on ${name}: seed-mean and median SAD <= published VCA (${published}), ${rmseBound}`, async (t) => {
    const scene = loadScene(spec);
    if (!scene) return t.skip('python3/scipy or data absent');
    const sads: number[] = [];
    const rmses: number[] = [];
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const spectra = (await runNode(vcaNode, { cube: scene.cube }, { endmembers: p, seed })).outputs.spectra;
      const abundances = (await runNode(fclsNode, { cube: scene.cube, endmembers: spectra })).outputs.abundances;
      const m = await runNode(unmixingMetricsNode, { endmembers: spectra, reference: scene.reference, abundances, referenceAbundances: scene.referenceAbundances });
      const v = (m.outputs.metrics as Metrics).values;
      console.log(`# ${name} seed ${seed}: SAD ${v.SAD.toFixed(4)} rad, aRMSE ${v.aRMSE.toFixed(4)}`);
      sads.push(v.SAD);
      rmses.push(v.aRMSE);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const sorted = [...sads].sort((a, b) => a - b);
    const medianSad = (sorted[3] + sorted[4]) / 2;
    console.log(`# ${name}: SAD mean ${mean(sads).toFixed(4)} rad, median ${medianSad.toFixed(4)} rad (published VCA ${published}); aRMSE mean ${mean(rmses).toFixed(4)}`);
    assert.ok(mean(sads) <= publishedSad, `seed-mean SAD ${mean(sads)} rad above the published ${publishedSad}`);
    assert.ok(medianSad <= publishedSad, `seed-median SAD ${medianSad} rad above the published ${publishedSad}`);
    assert.ok(mean(sads) <= guardSad, `seed-mean SAD ${mean(sads)} rad above the regression guard ${guardSad}`);
    if (released) {
      assert.ok(mean(rmses) <= released.rmse, `seed-mean aRMSE ${mean(rmses)} above the released VCA+FCLS ${released.rmse}`);
      assert.ok(medianSad <= released.sad + 1e-4, `seed-median SAD ${medianSad} rad above the released VCA ${released.sad}`);
    }
    if (guardRmse !== undefined) assert.ok(mean(rmses) <= guardRmse, `seed-mean aRMSE ${mean(rmses)} above the regression guard ${guardRmse}`);
  });
}

test('VCA rejects more endmembers than bands and NaN pixels, naming node and param', async () => {
  const { cube } = pureScene(3, 8, 10, 10, 2);
  await assert.rejects(runNode(vcaNode, { cube }, { endmembers: 9 }), (e: Error & { code?: string }) => e.code === 'PARAM_RANGE' && e.message === "param 'endmembers' of node 'n' = 9 exceeds the 8 bands of input 'cube'");
  cube.data[3] = Number.NaN;
  await assert.rejects(runNode(vcaNode, { cube }, { endmembers: 3 }), /input 'cube' holds a non-finite value \(NaN\) at row \d+, col \d+, band \d+: whole bad bands can be left out/);
});
