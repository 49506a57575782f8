/**
 * Detection benchmark: RX, ACE and matched filter on a 512×512×200 synthetic cube (synth.scene),
 * side by side with Spectral Python (spectral.rx / ace / matched_filter, /usr/bin/python3) on the
 * same float32 data in the same run. Prints pixels/s and the time ratio (Bandwire / Spectral Python).
 * Each side: one warm-up run, then the best of 3.
 * Both sides use the cores by default (OpenBLAS all; Bandwire's moments kernels up to 2 threads);
 * BANDWIRE_THREADS=1 with OPENBLAS_NUM_THREADS=1 gives the one-thread figures. The line above the
 * table says how many threads each side used.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from '../harness.ts';
import { initRuntime } from '../../engine/runtime/backend.ts';
import { momentThreads } from '../../engine/kernels/moments-module.ts';
import type { Raster, Spectra } from '../../core/values.ts';
import scene from '../../nodes/synth/scene.ts';
import rx from '../../nodes/detect/rx.ts';
import ace from '../../nodes/detect/ace.ts';
import mf from '../../nodes/detect/mf.ts';

const ROWS = 512;
const COLS = 512;
const BANDS = 200;

const PYTHON_SCRIPT = `
import json, os, sys, time
import numpy as np, spectral
folder = sys.argv[1]
cube = np.fromfile(folder + '/cube.f32', dtype=np.float32).reshape(${ROWS}, ${COLS}, ${BANDS})
target = np.fromfile(folder + '/target.f64')
times = {}
for name, run in [('rx', lambda: spectral.rx(cube)), ('ace', lambda: spectral.ace(cube, target)),
                  ('mf', lambda: spectral.matched_filter(cube, target))]:
    run()  # warm-up, as on the Bandwire side
    best = float('inf')
    for _ in range(3):
        start = time.perf_counter(); run(); best = min(best, time.perf_counter() - start)
    times[name] = best
times['threads'] = int(os.environ.get('OPENBLAS_NUM_THREADS') or os.environ.get('OMP_NUM_THREADS') or os.cpu_count())
print(json.dumps(times))
`;

/** Best of `repeats` timed runs after one untimed warm-up run (JIT, wasm compile, helper thread start). */
async function best(fn: () => Promise<unknown>, repeats = 3): Promise<number> {
  await fn();
  let fastest = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await fn();
    fastest = Math.min(fastest, (performance.now() - start) / 1000);
  }
  return fastest;
}

export async function benchDetect(): Promise<void> {
  const generated = performance.now();
  const { outputs } = await runNode(scene, {}, { rows: ROWS, cols: COLS, bands: BANDS, endmembers: 6, anomalies: 40, seed: 1 });
  const cube = outputs.cube as Raster;
  console.log(`synth.scene ${ROWS}x${COLS}x${BANDS}: ${((performance.now() - generated) / 1000).toFixed(2)} s`);
  const pixels = ROWS * COLS;
  const anomaly = (outputs.anomalies as Raster).data.indexOf(1);
  const target: Spectra = { kind: 'spectra', count: 1, bands: BANDS, data: Float64Array.from(cube.data.subarray(anomaly * BANDS, (anomaly + 1) * BANDS)), names: ['anomaly'] };
  const ours: Record<string, number> = {
    rx: await best(() => runNode(rx, { cube })),
    ace: await best(() => runNode(ace, { cube, target })),
    mf: await best(() => runNode(mf, { cube, target })),
  };
  let peer: Record<string, number> | undefined;
  let why = '';
  const folder = mkdtempSync(join(tmpdir(), 'bandwire-bench-'));
  try {
    writeFileSync(join(folder, 'cube.f32'), new Uint8Array(cube.data.buffer, cube.data.byteOffset, cube.data.byteLength));
    writeFileSync(join(folder, 'target.f64'), new Uint8Array(target.data.buffer));
    const r = spawnSync('/usr/bin/python3', ['-c', PYTHON_SCRIPT, folder], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status === 0) peer = JSON.parse(r.stdout.trim().split('\n').pop()!);
    else why = (r.error?.message ?? r.stderr.trim().split('\n').pop()) || 'failed';
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const runtime = await initRuntime();
  const peerThreads = peer ? `${peer.threads} OpenBLAS thread(s)` : 'n/a';
  console.log(`bandwire: moments kernels ${momentThreads()} thread(s), tensor runtime ${runtime.backend} ${runtime.threads} thread(s) (BANDWIRE_THREADS); spectral-python: ${peerThreads}`);
  console.log(`detector  bandwire s  pixels/s     spectral-python s  pixels/s     ratio (time ours/theirs)`);
  for (const name of ['rx', 'ace', 'mf']) {
    const t = ours[name];
    const p = peer?.[name];
    const theirs = p === undefined ? `n/a (${why})` : `${p.toFixed(2).padStart(8)}           ${(pixels / p).toExponential(2)}     ${(t / p).toFixed(2)}`;
    console.log(`${name.padEnd(9)} ${t.toFixed(2).padStart(10)} ${(pixels / t).toExponential(2).padStart(10)}     ${theirs}`);
  }
}
