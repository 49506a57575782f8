import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRaster } from '../../../core/values.ts';
import { gridPhase, idealInterpolate } from './interpolate.ts';
import { pythonMissing, runPython } from './python.ts';

/** Deterministic pseudo-random cube (LCG), values in [0, 1000). */
function randomCube(rows: number, cols: number, bands: number, seed = 7) {
  const data = new Float32Array(rows * cols * bands);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    data[i] = (s / 2 ** 32) * 1000;
  }
  return makeRaster(rows, cols, bands, data);
}

test('interpolator keeps LR samples at HR r*i + floor(r/2) for every ratio', () => {
  for (const ratio of [2, 3, 4, 6, 8]) {
    const lr = randomCube(33, 35, 2, ratio);
    const up = idealInterpolate(lr, ratio);
    assert.equal(up.rows, 33 * ratio);
    assert.equal(up.cols, 35 * ratio);
    const phase = gridPhase(ratio);
    assert.equal(phase, Math.floor(ratio / 2));
    let worst = 0;
    for (let r = 0; r < lr.rows; r++) {
      for (let c = 0; c < lr.cols; c++) {
        for (let b = 0; b < 2; b++) {
          const a = lr.data[(r * lr.cols + c) * 2 + b];
          const u = up.data[((r * ratio + phase) * up.cols + c * ratio + phase) * 2 + b];
          worst = Math.max(worst, Math.abs(a - u));
        }
      }
    }
    assert.ok(worst <= 1e-3, `ratio ${ratio}: up[r/2::r] differs from lr by ${worst}`);
  }
});

test('interpolator reproduces a constant image for every ratio', () => {
  const lr = makeRaster(40, 40, 1, new Float32Array(1600).fill(5));
  for (const ratio of [2, 3, 4, 6, 8]) {
    const up = idealInterpolate(lr, ratio);
    for (const v of up.data) assert.ok(Math.abs(v - 5) < 5e-3, `ratio ${ratio}: constant 5 became ${v}`);
  }
});

// numpy/scipy port of the toolbox code (interp23tap with scipy.ndimage 'wrap', interp_3x_1d with
// numpy 'symmetric' pad), dispatching with the corrected stage counts (log2 r; x3 only for r = 3).
const PORT = String.raw`
import sys, json, math
import numpy as np
import scipy.ndimage as nd
d = json.load(sys.stdin)
img = np.array(d['img'], dtype=np.float64).reshape(d['rows'], d['cols'])
ratio = d['ratio']
CDF23 = 2 * np.array([0.5, 0.305334091185, 0, -0.072698593239, 0, 0.021809577942, 0, -0.005192756653, 0, 0.000807762146, 0, -0.000060081482])
base = np.concatenate([CDF23[1:][::-1], CDF23])[:, None]
def x2(img, stages):
    for z in range(stages):
        r, c = img.shape
        u = np.zeros((2 * r, 2 * c))
        if z == 0: u[1::2, 1::2] = img
        else: u[::2, ::2] = img
        t = nd.convolve(u.T, base, mode='wrap')
        img = nd.convolve(t.T, base, mode='wrap')
    return img
def x3_1d(img, N=30):
    h, w = img.shape
    n = np.arange(-N, N + 1)
    h1 = np.sinc(n + 1/3); h1 /= h1.sum(); h1 = h1[::-1]
    h2 = np.sinc(n + 2/3); h2 /= h2.sum(); h2 = h2[::-1]
    p = np.pad(img, ((0, 0), (N + 1, N)), mode='symmetric')
    def same(k):
        out = np.zeros_like(p)
        for j in range(p.shape[1]):
            for m in range(2 * N + 1):
                q = j + m - N
                if 0 <= q < p.shape[1]: out[:, j] += k[m] * p[:, q]
        return out
    a = same(h1)[:, N + 1:-N]
    b = same(h2)[:, N:-N - 1]
    y = np.zeros((h, 3 * w)); y[:, ::3] = b; y[:, 1::3] = img; y[:, 2::3] = a
    return y
if ratio % 3 == 0:
    img = x3_1d(x3_1d(img).T).T
    ratio //= 3
img = x2(img, int(round(math.log2(ratio)))) if ratio > 1 else img
print(json.dumps(img.ravel().tolist()))
`;

test('interpolator equals a numpy/scipy port of the toolbox code to 1e-5 relative', (t) => {
  const missing = pythonMissing(['numpy', 'scipy.ndimage']);
  if (missing) return t.skip(missing);
  for (const ratio of [2, 3, 4, 6, 8]) {
    const lr = randomCube(32, 34, 1, 100 + ratio);
    const ours = idealInterpolate(lr, ratio);
    const ref = runPython(PORT, { img: Array.from(lr.data), rows: 32, cols: 34, ratio }) as number[];
    assert.equal(ref.length, ours.data.length, `ratio ${ratio}: size`);
    let scale = 0;
    for (const v of ref) scale = Math.max(scale, Math.abs(v));
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i] - ours.data[i]));
    assert.ok(worst / scale < 1e-5, `ratio ${ratio}: max relative difference ${worst / scale}`);
  }
});
