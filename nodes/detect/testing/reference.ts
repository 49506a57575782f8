/**
 * Test helper: loads an anomaly scene (.mat with `data`, `map`) through /usr/bin/python3 + scipy
 * (spy_reference.py) into a temp folder, and optionally Spectral Python reference scores.
 * Returns a skip reason instead when python, its modules or the data file are absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRaster, type Raster, type Spectra } from '../../../core/values.ts';
import { dataFile } from '../../../test/data.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./spy_reference.py', import.meta.url));

export interface ReferenceScene {
  cube: Raster;
  truth: Raster;
  target?: Spectra;
  scores: Record<string, Float64Array>;
  /** numpy float64 global-RX AUC (with `rxAuc`). */
  rxAuc?: number;
}

/** Why python cannot serve `modules`, or undefined when it can. */
export function pythonMissing(modules: string[]): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${PYTHON} lacks ${modules.join('/')}: ${r.stderr.trim().split('\n').pop()}`;
}

function readF64(path: string): Float64Array {
  const bytes = readFileSync(path);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Loads `relativePath` (under the shared data folder); `withScores` also runs Spectral Python. */
export function loadReferenceScene(relativePath: string, withScores: boolean, rxAuc = false): ReferenceScene | string {
  const missing = pythonMissing(withScores ? ['numpy', 'scipy', 'spectral'] : ['numpy', 'scipy']);
  if (missing) return missing;
  const file = dataFile(relativePath);
  if (!file) return `shared data file '${relativePath}' not found`;
  const dir = mkdtempSync(join(tmpdir(), 'bandwire-spy-'));
  try {
    const r = spawnSync(PYTHON, [SCRIPT, file, dir, ...(withScores ? ['--scores'] : []), ...(rxAuc ? ['--rx-auc'] : [])], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`spy_reference.py failed: ${r.stderr}`);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { rows: number; cols: number; bands: number; rx_auc?: number };
    const cubeBytes = readFileSync(join(dir, 'cube.f32'));
    const data = new Float32Array(cubeBytes.buffer.slice(cubeBytes.byteOffset, cubeBytes.byteOffset + cubeBytes.byteLength));
    const truthBytes = readFileSync(join(dir, 'truth.u8'));
    const scene: ReferenceScene = {
      cube: makeRaster(meta.rows, meta.cols, meta.bands, data, { role: 'cube' }),
      truth: makeRaster(meta.rows, meta.cols, 1, Float32Array.from(truthBytes), { role: 'mask' }),
      scores: {},
      rxAuc: meta.rx_auc,
    };
    if (withScores) {
      const target = readF64(join(dir, 'target.f64'));
      scene.target = { kind: 'spectra', count: 1, bands: meta.bands, data: target, names: ['anomaly mean'] };
      for (const name of ['rx', 'ace', 'mf', 'cem']) scene.scores[name] = readF64(join(dir, `${name}.f64`));
    }
    return scene;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** max |a - b| / max |b|: error relative to the reference's range. */
export function relativeError(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return worst / scale;
}
