/**
 * synth.scene: determinism per seed, abundance sum-to-one and non-negativity, anomaly blobs and
 * fractions, the noise level at the requested SNR, the PAN band and wavelengths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNode } from '../../test/harness.ts';
import type { Raster, Spectra } from '../../core/values.ts';
import scene from './scene.ts';

async function generate(params: Record<string, unknown>) {
  const { outputs, leakedTensors } = await runNode(scene, {}, params);
  assert.equal(leakedTensors, 0);
  return {
    cube: outputs.cube as Raster,
    endmembers: outputs.endmembers as Spectra,
    abundances: outputs.abundances as Raster,
    pan: outputs.pan as Raster,
    anomalies: outputs.anomalies as Raster,
  };
}

test('same seed gives the same scene; another seed a different one', async () => {
  const a = await generate({ seed: 5 });
  const b = await generate({ seed: 5 });
  const c = await generate({ seed: 6 });
  assert.deepEqual(a.cube.data, b.cube.data);
  assert.deepEqual(a.abundances.data, b.abundances.data);
  assert.deepEqual(a.anomalies.data, b.anomalies.data);
  assert.notDeepEqual(a.cube.data, c.cube.data);
  assert.deepEqual([a.cube.rows, a.cube.cols, a.cube.bands], [100, 100, 64]);
  assert.equal(a.endmembers.count, 4);
});

test('abundances are non-negative and sum to one, or to 1 − fraction (0.2–0.6) in anomaly blobs', async () => {
  const { abundances, anomalies, cube, endmembers } = await generate({ rows: 60, cols: 50, endmembers: 5, anomalies: 8, seed: 2, snr: 200 });
  const k = abundances.bands;
  let blobs = 0;
  for (let p = 0; p < 3000; p++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const a = abundances.data[p * k + j];
      assert.ok(a >= 0, `negative abundance at pixel ${p}`);
      sum += a;
    }
    if (anomalies.data[p] === 1) {
      blobs++;
      assert.ok(sum >= 0.4 - 1e-6 && sum <= 0.8 + 1e-6, `anomaly pixel ${p} abundance sum ${sum}`);
    } else {
      assert.ok(Math.abs(sum - 1) < 1e-6, `pixel ${p} abundance sum ${sum}`);
      // Noise-free (snr 200 dB) background pixels are exactly Σ a_k m_k.
      for (const b of [0, 31, 63]) {
        let x = 0;
        for (let j = 0; j < k; j++) x += abundances.data[p * k + j] * endmembers.data[j * 64 + b];
        assert.ok(Math.abs(cube.data[p * 64 + b] - x) < 1e-5);
      }
    }
  }
  assert.ok(blobs >= 8 && blobs <= 32, `${blobs} anomaly pixels for 8 blobs of 1–4 px`);
  // Spatial structure: horizontal neighbours differ far less than pixels far apart (smooth fields).
  let near = 0;
  let far = 0;
  for (let p = 0; p < 2999; p++) {
    near += Math.abs(abundances.data[p * k] - abundances.data[(p + 1) * k]);
    far += Math.abs(abundances.data[p * k] - abundances.data[((p + 1525) % 3000) * k]);
  }
  assert.ok(near < 0.3 * far, `neighbour difference ${near / 2999} vs distant ${far / 2999}`);
});

test('noise matches the requested SNR; PAN is the mean of the 400–700 nm bands', async () => {
  const clean = await generate({ seed: 9, snr: 300 });
  const noisy = await generate({ seed: 9, snr: 20 });
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < clean.cube.data.length; i++) {
    signal += clean.cube.data[i] ** 2;
    noise += (noisy.cube.data[i] - clean.cube.data[i]) ** 2;
  }
  const snr = 10 * Math.log10(signal / noise);
  assert.ok(Math.abs(snr - 20) < 0.05, `measured SNR ${snr} dB`);
  const w = noisy.cube.wavelengths!;
  assert.equal(w.length, 64);
  assert.equal(w[0], 400);
  assert.ok(Math.abs(w[63] - 2500) < 1e-9);
  const visible = w.map((l, b) => (l >= 400 && l <= 700 ? b : -1)).filter((b) => b >= 0);
  assert.equal(visible.length, 10); // 400 + 33.3·k ≤ 700 → k = 0..9
  for (const p of [0, 777, 9999]) {
    const mean = visible.reduce((s, b) => s + noisy.cube.data[p * 64 + b], 0) / visible.length;
    assert.ok(Math.abs(noisy.pan.data[p] - mean) < 1e-6);
  }
});

test('bad params are refused with the param named', async () => {
  await assert.rejects(generate({ wavelengthStart: 900, wavelengthEnd: 2500 }), /no band lies in 400–700 nm for the PAN band/);
  await assert.rejects(generate({ wavelengthStart: 900, wavelengthEnd: 800 }), /param 'wavelengthEnd' = 800 must exceed 'wavelengthStart' = 900/);
  assert.deepEqual(scene.checkParams!({ wavelengthStart: 900, wavelengthEnd: 800 } as never), [
    { param: 'wavelengthEnd', message: `param 'wavelengthEnd' = 800 must exceed 'wavelengthStart' = 900` },
  ]);
});

test('progress names each stage and only increases', async () => {
  const { progress } = await runNode(scene, {}, { rows: 200, cols: 30, endmembers: 3 });
  const messages = progress.map((p) => p.message ?? '');
  for (const stage of [/^abundance field 3\/3$/, /^mixing row 128\/200$/, /^noise row 192\/200$/]) assert.ok(messages.some((m) => stage.test(m)), `${stage} in ${messages.join('; ')}`);
  progress.forEach((p, i) => i > 0 && assert.ok(p.fraction >= progress[i - 1].fraction, `progress went back at ${p.message}`));
  assert.equal(progress.at(-1)!.fraction, 1);
});
