import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Metrics, Spectra } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { hysimeNode } from './hysime.ts';
import { vcaNode } from './vca.ts';
import { nfindrNode } from './nfindr.ts';
import { atgpNode } from './atgp.ts';
import { pureScene } from './lib/synthetic.ts';
import { JASPER, SAMSON, loadScene } from './lib/scene-fixture.ts';
import { runPython } from './lib/python-reference.ts';

test('HySime finds the 6 endmembers of a noisy synthetic mixture and its noise level', async () => {
  const noise = 0.004; // uniform in [-noise/2, noise/2]: std noise / sqrt(12)
  const { cube } = pureScene(6, 80, 40, 40, 4, noise);
  const { outputs, leakedTensors } = await runNode(hysimeNode, { cube });
  const v = (outputs.metrics as Metrics).values;
  assert.equal(v.endmembers, 6);
  assert.ok(Math.abs(v.meanNoiseStd - noise / Math.sqrt(12)) < 0.1 * (noise / Math.sqrt(12)), `noise std ${v.meanNoiseStd}`);
  assert.equal((outputs.subspace as Spectra).count, 6);
  assert.equal(leakedTensors, 0);
});

// numpy port of the authors' hysime.m + estNoise.m ('additive'), computed on the pixels directly
const reference = `
y = load('Y').T; L, N = y.shape
RR = y @ y.T; RRi = np.linalg.inv(RR + 1e-6 * np.eye(L)); w = np.zeros_like(y)
for i in range(L):
    XX = RRi - np.outer(RRi[:, i], RRi[i, :]) / RRi[i, i]
    RRa = RR[:, i].copy(); RRa[i] = 0
    beta = XX @ RRa; beta[i] = 0
    w[i, :] = y[i, :] - beta @ y
Rn = np.diag(np.diag(w @ w.T / N)); x = y - w
Ry = y @ y.T / N; Rx = x @ x.T / N
E, D, _ = np.linalg.svd(Rx)
Rn = Rn + np.sum(np.diag(Rx)) / L / 1e5 * np.eye(L)
Py = np.diag(E.T @ Ry @ E); Pn = np.diag(E.T @ Rn @ E)
save('k', [np.sum(-Py + 2 * Pn < 0)])
`;

for (const [name, spec] of [['Samson', SAMSON], ['Jasper Ridge', JASPER]] as const) {
  test(`HySime on ${name} equals a numpy port of hysime.m`, async (t) => {
    const scene = loadScene(spec);
    if (!scene) return t.skip('python3/scipy or data absent');
    const { cube } = scene;
    const k = runPython(reference, { Y: { data: cube.data, shape: [cube.rows * cube.cols, cube.bands] } }).outputs.k[0];
    const v = ((await runNode(hysimeNode, { cube })).outputs.metrics as Metrics).values;
    console.log(`# HySime ${name}: ours ${v.endmembers}, numpy ${k}`);
    assert.equal(v.endmembers, k);
  });
}

test("HySime's estimate feeds the extractors' count input (overriding param 'endmembers'); bad counts are refused naming the input", async () => {
  const { cube } = pureScene(5, 60, 30, 30, 7, 0.004);
  const metrics = (await runNode(hysimeNode, { cube })).outputs.metrics as Metrics;
  assert.equal(metrics.values.endmembers, 5);
  for (const extractor of [vcaNode, nfindrNode, atgpNode]) {
    const { outputs } = await runNode(extractor, { cube, count: metrics }, { endmembers: 3 });
    assert.equal((outputs.spectra as Spectra).count, 5, `${extractor.id} extracts HySime's 5 endmembers`);
  }
  // Any metrics output with a single value works too; one without 'endmembers' and several values does not.
  const single: Metrics = { kind: 'metrics', values: { k: 4 } };
  assert.equal(((await runNode(vcaNode, { cube, count: single })).outputs.spectra as Spectra).count, 4);
  const several: Metrics = { kind: 'metrics', values: { a: 4, b: 5 } };
  await assert.rejects(runNode(vcaNode, { cube, count: several }), /input 'count' of node 'n' has no value 'endmembers' and 2 values \(a, b\)/);
  await assert.rejects(runNode(vcaNode, { cube, count: { kind: 'metrics', values: { endmembers: 2.5 } } }), /input 'count' of node 'n': value 'endmembers' = 2.5 must be an integer >= 2/);
  await assert.rejects(runNode(atgpNode, { cube, count: { kind: 'metrics', values: { endmembers: 61 } } }), /input 'count' of node 'n': value 'endmembers' = 61 exceeds the 60 bands of input 'cube'/);
});
