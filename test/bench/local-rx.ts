/**
 * Local (dual-window) RX benchmark: detect.rx with window 15 / guard 5 on a 96×96×32 synthetic cube
 * (synth.scene; 32 bands so that even the corner windows hold more pixels than bands and both sides
 * solve regular systems), side by side with a numpy peer on the same float32 data in the same run:
 * for each pixel, np.cov of the ring pixels and np.linalg.solve (Spectral Python's own windowed `rx`
 * fails with the Debian numpy, `np.bool` having been removed). Prints the times, the ratio and the
 * largest relative difference of the scores. Bandwire: one warm-up run, then the best of 3; numpy: 1 run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from '../harness.ts';
import type { Raster } from '../../core/values.ts';
import scene from '../../nodes/synth/scene.ts';
import rx from '../../nodes/detect/rx.ts';

const ROWS = 96;
const COLS = 96;
const BANDS = 32;
const WINDOW = 15;
const INNER = 5;

const PYTHON_SCRIPT = `
import sys, time
import numpy as np
folder = sys.argv[1]
x = np.fromfile(folder + '/cube.f32', dtype=np.float32).reshape(${ROWS}, ${COLS}, ${BANDS}).astype(np.float64)
ho, hi = ${(WINDOW - 1) / 2}, ${(INNER - 1) / 2}
start = time.perf_counter()
out = np.zeros((${ROWS}, ${COLS}))
for r in range(${ROWS}):
    for c in range(${COLS}):
        r0, r1, c0, c1 = max(0, r - ho), min(${ROWS}, r + ho + 1), max(0, c - ho), min(${COLS}, c + ho + 1)
        keep = np.ones((r1 - r0, c1 - c0), bool)
        keep[max(0, r - hi) - r0:min(${ROWS}, r + hi + 1) - r0, max(0, c - hi) - c0:min(${COLS}, c + hi + 1) - c0] = False
        ring = x[r0:r1, c0:c1][keep]
        d = x[r, c] - ring.mean(0)
        out[r, c] = d @ np.linalg.solve(np.cov(ring, rowvar=False), d)
print(time.perf_counter() - start)
out.astype(np.float64).tofile(folder + '/scores.f64')
`;

export async function benchLocalRx(): Promise<void> {
  const { outputs } = await runNode(scene, {}, { rows: ROWS, cols: COLS, bands: BANDS, endmembers: 6, anomalies: 10, seed: 2 });
  const cube = outputs.cube as Raster;
  const run = () => runNode(rx, { cube }, { window: WINDOW, inner: INNER });
  await run();
  let ours = Infinity;
  let scores: Float32Array = new Float32Array(0);
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    scores = ((await run()).outputs.score as Raster).data;
    ours = Math.min(ours, (performance.now() - start) / 1000);
  }
  const folder = mkdtempSync(join(tmpdir(), 'bandwire-bench-'));
  try {
    writeFileSync(join(folder, 'cube.f32'), new Uint8Array(cube.data.buffer, cube.data.byteOffset, cube.data.byteLength));
    const r = spawnSync('/usr/bin/python3', ['-c', PYTHON_SCRIPT, folder], { encoding: 'utf8', maxBuffer: 1 << 20 });
    console.log(`local RX ${ROWS}x${COLS}x${BANDS}, window ${WINDOW}, guard ${INNER}: bandwire ${ours.toFixed(2)} s`);
    if (r.status !== 0) {
      console.log(`numpy peer: n/a (${(r.error?.message ?? r.stderr.trim().split('\n').pop()) || 'failed'})`);
      return;
    }
    const theirs = Number(r.stdout.trim().split('\n').pop());
    const reference = new Float64Array(new Uint8Array(readFileSync(join(folder, 'scores.f64'))).buffer);
    let worst = 0;
    reference.forEach((v, i) => (worst = Math.max(worst, Math.abs(scores[i] - v) / Math.abs(v))));
    console.log(`numpy per-pixel np.cov + solve, same run: ${theirs.toFixed(2)} s; Bandwire / numpy = ${(ours / theirs).toFixed(3)}; largest relative score difference ${worst.toExponential(1)}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
