import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Metrics, Spectra } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { hysimeNode } from './hysime.ts';
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
