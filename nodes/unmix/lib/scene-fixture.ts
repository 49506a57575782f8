/**
 * Test/bench support (not used by nodes): reads a Zhu et al. unmixing scene (.mat: image `L x N`,
 * column-major pixels; ground truth `M` L x K and `A` K x N) through a /usr/bin/python3 scipy
 * subprocess that dumps raw arrays to a temp dir. Returns undefined, with a printed reason, when
 * python3/scipy or the data files are absent.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesTo } from './bytes.ts';
import { makeRaster, type Raster, type Spectra } from '../../../core/values.ts';
import { dataFile } from '../../../test/data.ts';

export interface Scene {
  cube: Raster;
  reference: Spectra;
  referenceAbundances: Raster;
}

export interface SceneSpec {
  image: string;
  variable: string;
  truth: string;
  /** Divisor applied to the image values (Jasper Ridge: 10000, reflectance scale factor). */
  scale: number;
}

export const SAMSON: SceneSpec = { image: 'samson/Samson.mat', variable: 'V', truth: 'samson/Samson_GT.mat', scale: 1 };
export const JASPER: SceneSpec = { image: 'jasper_ridge/jasperRidge2_R198.mat', variable: 'Y', truth: 'jasper_ridge/end4.mat', scale: 10000 };

const script = `
import sys, json, numpy as np, scipy.io as sio
image, variable, truth, scale, out = sys.argv[1:6]
d = sio.loadmat(image); g = sio.loadmat(truth)
Y = np.asarray(d[variable], dtype=np.float64) / float(scale)
H, W = int(d['nRow'][0,0]), int(d['nCol'][0,0]); L = Y.shape[0]
cube = Y.T.reshape(H, W, L, order='F')
M = np.asarray(g['M'], dtype=np.float64); K = M.shape[1]
A = np.asarray(g['A'], dtype=np.float64).T.reshape(H, W, K, order='F')
names = [str(np.asarray(c[0]).ravel()[0]) for c in g['cood'].ravel()]
np.ascontiguousarray(cube, dtype=np.float32).tofile(out + '/cube.bin')
np.ascontiguousarray(M.T).tofile(out + '/M.bin')
np.ascontiguousarray(A, dtype=np.float32).tofile(out + '/A.bin')
json.dump({'rows': H, 'cols': W, 'bands': L, 'count': K, 'names': names}, open(out + '/meta.json', 'w'))
`;

/** True when /usr/bin/python3 imports the given modules; else prints why and returns false. */
export function pythonHas(modules: string[]): boolean {
  const r = spawnSync('/usr/bin/python3', ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`# skip: /usr/bin/python3 lacks ${modules.join('/')} (${(r.stderr || String(r.error)).trim().split('\n').pop()})`);
    return false;
  }
  return true;
}

export function loadScene(spec: SceneSpec): Scene | undefined {
  const image = dataFile(spec.image);
  const truth = dataFile(spec.truth);
  if (!image || !truth || !pythonHas(['numpy', 'scipy.io'])) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bandwire-scene-'));
  try {
    const r = spawnSync('/usr/bin/python3', ['-c', script, image, spec.variable, truth, String(spec.scale), dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`python scene dump failed: ${r.stderr}`);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    const cube = makeRaster(meta.rows, meta.cols, meta.bands, bytesTo(Float32Array, readFileSync(join(dir, 'cube.bin'))));
    const reference: Spectra = {
      kind: 'spectra',
      count: meta.count,
      bands: meta.bands,
      data: bytesTo(Float64Array, readFileSync(join(dir, 'M.bin'))),
      names: meta.names,
    };
    const referenceAbundances = makeRaster(meta.rows, meta.cols, meta.count, bytesTo(Float32Array, readFileSync(join(dir, 'A.bin'))), {
      bandNames: meta.names,
      role: 'abundances',
    });
    return { cube, reference, referenceAbundances };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
