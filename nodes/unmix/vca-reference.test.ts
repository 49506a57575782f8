/**
 * VCA against a numpy port of the authors' VCA.m fed with the same random directions w and the same
 * eigenvector sign convention (largest-magnitude entry positive): same SNR estimate, same branch,
 * same selected pixels, same endmember spectra.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initRuntime, tf } from '../../engine/runtime/backend.ts';
import { vca } from './lib/vca-core.ts';
import { seededUniform } from './lib/random.ts';
import { JASPER, SAMSON, loadScene } from './lib/scene-fixture.ts';
import { runPython } from './lib/python-reference.ts';

const reference = `
Y = load('Y').T; W = load('W'); R = W.shape[0]; L, N = Y.shape
def top(C, k):
    U = np.linalg.svd(C)[0][:, :k]
    for j in range(k):
        if U[np.argmax(np.abs(U[:, j])), j] < 0: U[:, j] = -U[:, j]
    return U
y_m = Y.mean(axis=1, keepdims=True); Y_o = Y - y_m
Ud = top(Y_o @ Y_o.T / N, R); x_p = Ud.T @ Y_o
P_y = np.sum(Y ** 2) / N; P_x = np.sum(x_p ** 2) / N + np.sum(y_m ** 2)
snr = 10 * np.log10((P_x - R / L * P_y) / (P_y - P_x))
if load('forced')[0] == 1: snr = load('forced')[1]
if snr < 15 + 10 * np.log10(R):
    d = R - 1; Ud = Ud[:, :d]; x = x_p[:d, :]; Yp = Ud @ x + y_m
    c = np.sqrt(np.max(np.sum(x ** 2, axis=0))); y = np.vstack([x, c * np.ones((1, N))])
else:
    Ud = top(Y @ Y.T / N, R); x = Ud.T @ Y; Yp = Ud @ x
    u = x.mean(axis=1, keepdims=True); y = x / (u.T @ x)
idx = np.zeros(R, dtype=int); A = np.zeros((R, R)); A[-1, 0] = 1
for i in range(R):
    w = W[i].reshape(R, 1)
    f = w - A @ np.linalg.pinv(A) @ w; f = f / np.linalg.norm(f)
    idx[i] = np.argmax(np.abs(f.T @ y)); A[:, i] = y[:, idx[i]]
save('snr', [snr]); save('idx', idx); save('E', Yp[:, idx].T)
`;

const cases = [
  { name: 'Samson', spec: SAMSON, p: 3, snr: undefined },
  { name: 'Jasper Ridge', spec: JASPER, p: 4, snr: undefined },
  { name: 'Jasper Ridge, SNR forced to 10 dB (PCA branch)', spec: JASPER, p: 4, snr: 10 },
];
for (const { name, spec, p, snr } of cases) {
  test(`VCA on ${name} (p = ${p}) equals the numpy port of VCA.m for seeds 0..2`, async (t) => {
    const scene = loadScene(spec);
    if (!scene) return t.skip('python3/scipy or data absent');
    const { cube } = scene;
    const N = cube.rows * cube.cols;
    await initRuntime();
    for (let seed = 0; seed < 3; seed++) {
      const random = seededUniform(seed);
      const W = Array.from({ length: p * p }, () => random());
      const ours = vca(tf, cube.data, N, cube.bands, p, seededUniform(seed), snr);
      const py = runPython(reference, { Y: { data: cube.data, shape: [N, cube.bands] }, W: { data: W, shape: [p, p] }, forced: { data: [snr === undefined ? 0 : 1, snr ?? 0], shape: [2] } }).outputs;
      console.log(`# ${name} seed ${seed}: SNR ours ${ours.snr.toFixed(4)} dB, numpy ${py.snr[0].toFixed(4)} dB (${ours.projection}); pixels ${ours.indices} vs ${Array.from(py.idx)}`);
      assert.ok(Math.abs(ours.snr - py.snr[0]) < 1e-3, 'SNR estimate');
      assert.deepEqual(ours.indices, Array.from(py.idx));
      let worst = 0;
      let peak = 0;
      for (let i = 0; i < py.E.length; i++) {
        worst = Math.max(worst, Math.abs(ours.endmembers[i] - py.E[i]));
        peak = Math.max(peak, Math.abs(py.E[i]));
      }
      assert.ok(worst < 1e-4 * peak, `endmember spectra differ by ${worst} (peak ${peak})`);
    }
  });
}
