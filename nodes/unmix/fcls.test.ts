import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRaster, type Spectra } from '../../core/values.ts';
import { runNode } from '../../test/harness.ts';
import { fclsNode } from './fcls.ts';
import { nnlsNode } from './nnls.ts';
import { seededUniform } from './lib/random.ts';
import { JASPER, SAMSON, loadScene, pythonHas } from './lib/scene-fixture.ts';
import { runPython } from './lib/python-reference.ts';

/** Synthetic scene: K random positive spectra, abundances on the simplex with some exact zeros. */
function synthetic(K: number, L: number, pixels: number, seed: number) {
  const random = seededUniform(seed);
  const M = new Float64Array(K * L).map(() => 0.05 + random());
  const A = new Float64Array(pixels * K);
  for (let n = 0; n < pixels; n++) {
    let s = 0;
    for (let k = 0; k < K; k++) {
      const v = random() < 0.3 ? 0 : random();
      A[n * K + k] = v;
      s += v;
    }
    if (s === 0) A[n * K] = s = 1;
    for (let k = 0; k < K; k++) A[n * K + k] /= s;
  }
  const Y = new Float32Array(pixels * L);
  for (let n = 0; n < pixels; n++) for (let b = 0; b < L; b++) for (let k = 0; k < K; k++) Y[n * L + b] += A[n * K + k] * M[k * L + b];
  const endmembers: Spectra = { kind: 'spectra', count: K, bands: L, data: M, names: Array.from({ length: K }, (_, k) => `m${k}`) };
  return { cube: makeRaster(pixels, 1, L, Y), endmembers, A };
}

test('FCLS recovers exact simplex abundances of noise-free mixtures (1e-5)', async () => {
  const { cube, endmembers, A } = synthetic(5, 40, 300, 7);
  const { outputs, leakedTensors } = await runNode(fclsNode, { cube, endmembers });
  const out = outputs.abundances;
  assert.equal(out.kind, 'raster');
  if (out.kind !== 'raster') return;
  assert.deepEqual(out.bandNames, ['m0', 'm1', 'm2', 'm3', 'm4']);
  assert.equal(out.role, 'abundances');
  let worst = 0;
  for (let i = 0; i < A.length; i++) worst = Math.max(worst, Math.abs(out.data[i] - A[i]));
  assert.ok(worst < 1e-5, `max abundance error ${worst}`); // float32 cube
  assert.equal(leakedTensors, 0);
});

for (const [name, spec] of [['Samson', SAMSON], ['Jasper Ridge', JASPER]] as const) {
  test(`FCLS and NNLS equal scipy.optimize.nnls (augmented / plain) on ${name} pixels to 1e-6`, async (t) => {
    const scene = loadScene(spec);
    if (!scene || !pythonHas(['scipy.optimize'])) return t.skip('python3/scipy or data absent');
    // every 7th pixel of the scene, ground-truth endmembers
    const { cube, reference } = scene;
    const L = cube.bands;
    const picked: number[] = [];
    for (let n = 0; n < cube.rows * cube.cols; n += 7) picked.push(n);
    const sub = new Float32Array(picked.length * L);
    picked.forEach((n, i) => sub.set(cube.data.subarray(n * L, n * L + L), i * L));
    const subCube = makeRaster(picked.length, 1, L, sub);
    const delta = 1e-3;
    const fcls = (await runNode(fclsNode, { cube: subCube, endmembers: reference }, { delta })).outputs.abundances;
    const nnls = (await runNode(nnlsNode, { cube: subCube, endmembers: reference })).outputs.abundances;
    const K = reference.count;
    const maxM = Math.max(...reference.data.map(Math.abs));
    const py = runPython(
      `
from scipy.optimize import nnls
M = load('M').T; Y = load('Y'); d = load('delta')[0]
Ma = np.vstack([d * M, np.ones((1, M.shape[1]))])
save('fcls', np.array([nnls(Ma, np.concatenate([d * y, [1.0]]))[0] for y in Y]))
save('nnls', np.array([nnls(M, y)[0] for y in Y]))
`,
      { M: { data: reference.data, shape: [K, L] }, Y: { data: sub, shape: [picked.length, L] }, delta: { data: [delta / maxM], shape: [1] } },
    );
    for (const [label, ours] of [['fcls', fcls], ['nnls', nnls]] as const) {
      assert.equal(ours.kind, 'raster');
      if (ours.kind !== 'raster') return;
      const theirs = py.outputs[label];
      let worst = 0;
      // our abundances are float32: compare to 1e-6 absolute on values in [0, ~1.5]
      for (let i = 0; i < theirs.length; i++) worst = Math.max(worst, Math.abs(ours.data[i] - theirs[i]));
      console.log(`# ${name} ${label}: ${picked.length} pixels, max |ours - scipy| = ${worst.toExponential(2)}`);
      assert.ok(worst < 1e-6, `${label} differs from scipy by ${worst}`);
    }
  });
}

test('FCLS/NNLS reject NaN pixels and band mismatches, naming node and port', async () => {
  const { cube, endmembers } = synthetic(3, 10, 20, 1);
  cube.data[25] = Number.NaN;
  await assert.rejects(runNode(fclsNode, { cube, endmembers }), (e: Error & { code?: string; culprit?: { node?: string; port?: string } }) => e.code === 'INPUT_INVALID' && e.culprit?.node === 'n' && e.culprit.port === 'cube' && /input 'cube' holds a non-finite value \(NaN\) at row 2, col 0, band 5/.test(e.message));
  const ok = synthetic(3, 10, 20, 1);
  const short: Spectra = { ...ok.endmembers, bands: 9, data: ok.endmembers.data.slice(0, 27) };
  await assert.rejects(runNode(nnlsNode, { cube: ok.cube, endmembers: short }), /input 'endmembers' of node 'n' has 9 bands but input 'cube' has 10/);
});

test('FCLS/NNLS reject more endmembers than bands and duplicated endmembers', async () => {
  const { cube, endmembers } = synthetic(3, 10, 20, 1);
  const many = synthetic(12, 10, 1, 2).endmembers;
  await assert.rejects(runNode(fclsNode, { cube, endmembers: many }), /input 'endmembers' of node 'n' has 12 spectra, more than the 10 bands of input 'cube'/);
  const twice: Spectra = { ...endmembers, count: 4, data: Float64Array.from([...endmembers.data, ...endmembers.data.subarray(0, 10)]), names: ['a', 'b', 'c', 'a again'] };
  await assert.rejects(runNode(nnlsNode, { cube, endmembers: twice }), /input 'endmembers' of node 'n' holds linearly dependent spectra/);
});
