/**
 * MATLAB v7.3 (HDF5) reading through h5wasm: h5py writes files in MATLAB's 7.3 layout (512-byte
 * user block with the MAT header, datasets holding MATLAB's column-major data under reversed
 * HDF5 dimensions, `MATLAB_class` attributes, structs as groups) and scipy writes the same
 * variables as a v5 file; io.read, io.readSpectra and io.readMask must give identical results
 * for both, and the values known by construction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNode, tempDir } from '../../test/harness.ts';
import type { Raster, Spectra } from '../../core/values.ts';
import { ioRead } from './read.ts';
import { ioReadMask } from './read-mask.ts';
import { ioReadSpectra } from './read-spectra.ts';

const PYTHON = '/usr/bin/python3';
const H = 6, W = 7, B = 5, E = 3;

// Writes v7.3 (arg 1) and v5 (arg 2) files with: cube (H x W x B double, value = h + 10 w + 100 b),
// V (B x H*W single, column-major pixels) with nRow/nCol, gt.M (B x E), gt.A (E x H*W), map (H x W logical), name (char).
const SCRIPT = `
import sys, numpy as np, h5py, scipy.io
H, W, B, E = ${H}, ${W}, ${B}, ${E}
h, w, b = np.meshgrid(np.arange(H), np.arange(W), np.arange(B), indexing='ij')
cube = (h + 10 * w + 100 * b).astype(np.float64)
V = cube.reshape(H * W, B, order='F').T.astype(np.float32)
M = (np.arange(B * E).reshape(B, E) * 0.25).astype(np.float64)
A = (np.arange(E * H * W).reshape(E, H * W) % 7).astype(np.float64)
mask = ((h[:, :, 0] + w[:, :, 0]) % 3 == 0)
def put(group, name, value, cls):
    d = group.create_dataset(name, data=np.asarray(value).T)
    d.attrs['MATLAB_class'] = np.bytes_(cls)
    return d
with h5py.File(sys.argv[1], 'w', userblock_size=512) as f:
    put(f, 'cube', cube, 'double'); put(f, 'V', V, 'single')
    put(f, 'nRow', np.array([[H]], dtype=np.float64), 'double'); put(f, 'nCol', np.array([[W]], dtype=np.float64), 'double')
    put(f, 'map', mask.astype(np.uint8), 'logical')
    put(f, 'name', np.array([[ord(c) for c in 'scene']], dtype=np.uint16), 'char').attrs['MATLAB_int_decode'] = np.int32(2)
    g = f.create_group('gt'); g.attrs['MATLAB_class'] = np.bytes_('struct')
    put(g, 'M', M, 'double'); put(g, 'A', A, 'double')
header = b'MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Wed Nov 25 12:00:00 2026 HDF5 schema 1.00 .'
with open(sys.argv[1], 'r+b') as f:
    f.write((header.ljust(116, b' ') + b'\\0' * 8 + b'\\x00\\x02IM').ljust(512, b'\\0'))
scipy.io.savemat(sys.argv[2], {'cube': cube, 'V': V, 'nRow': float(H), 'nCol': float(W), 'map': mask, 'name': 'scene', 'gt': {'M': M, 'A': A}})
`;

function makeFiles(): { v73: string; v5: string } | string {
  const probe = spawnSync(PYTHON, ['-c', 'import h5py, scipy.io, numpy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `${PYTHON} with h5py, scipy and numpy is needed (apt python3-h5py python3-scipy)`;
  const dir = tempDir();
  const files = { v73: join(dir, 'scene73.mat'), v5: join(dir, 'scene5.mat') };
  const r = spawnSync(PYTHON, ['-c', SCRIPT, files.v73, files.v5], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return files;
}

const cubeValue = (h: number, w: number, b: number) => h + 10 * w + 100 * b;

test('v7.3 H x W x B cube and B x N matrix with nRow/nCol read like v5, transposed layout undone', async (t) => {
  const files = makeFiles();
  if (typeof files === 'string') return t.skip(files);
  for (const variable of ['cube', 'V']) {
    const v73 = (await runNode(ioRead, {}, { path: files.v73, variable })).outputs.cube as Raster;
    const v5 = (await runNode(ioRead, {}, { path: files.v5, variable })).outputs.cube as Raster;
    assert.deepEqual([v73.rows, v73.cols, v73.bands], [H, W, B], variable);
    assert.deepEqual(Array.from(v73.data), Array.from(v5.data), `${variable}: v7.3 equals v5`);
    for (const [h, w, b] of [[0, 0, 0], [5, 6, 4], [2, 3, 1], [5, 0, 2]]) {
      assert.equal(v73.data[(h * W + w) * B + b], cubeValue(h, w, b), `${variable} (${h}, ${w}, ${b})`);
    }
  }
  // Default variable: the largest 3-D array; windows and band subsets work as for v5.
  const part = (await runNode(ioRead, {}, { path: files.v73, bands: '4,1', window: '1, 2, 3, 4' })).outputs.cube as Raster;
  assert.deepEqual([part.rows, part.cols, part.bands], [3, 4, 2]);
  assert.equal(part.data[0], cubeValue(1, 2, 4));
  assert.equal(part.data[part.data.length - 1], cubeValue(3, 5, 1));
});

test('v7.3 struct fields as spectra (gt.M), logical mask, and a wrong variable name', async (t) => {
  const files = makeFiles();
  if (typeof files === 'string') return t.skip(files);
  const m73 = (await runNode(ioReadSpectra, {}, { path: files.v73, variable: 'gt.M' })).outputs;
  const m5 = (await runNode(ioReadSpectra, {}, { path: files.v5, variable: 'gt.M' })).outputs;
  const s73 = m73.spectra as Spectra;
  const s5 = m5.spectra as Spectra;
  assert.deepEqual([s73.count, s73.bands], [E, B]);
  assert.deepEqual(Array.from(s73.data), Array.from(s5.data), 'gt.M: v7.3 equals v5');
  // Spectrum e, band b of M (B x E) is (b·E + e) / 4; Spectra data are [count, bands].
  assert.equal(s73.data[2 * B + 3], (3 * E + 2) * 0.25);
  const mask = (await runNode(ioReadMask, {}, { path: files.v73 })).outputs.mask as Raster;
  assert.deepEqual([mask.rows, mask.cols, mask.bands], [H, W, 1]);
  for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) assert.equal(mask.data[h * W + w], (h + w) % 3 === 0 ? 1 : 0, `mask (${h}, ${w})`);
  await assert.rejects(runNode(ioRead, {}, { path: files.v73, variable: 'nope' }), (e: Error) => {
    assert.match(e.message, /'nope' is not in .*scene73\.mat.*'cube' \(double 6x7x5\)/);
    return true;
  });
});

test('a truncated v7.3 file is refused with a FILE_FORMAT error naming it', async (t) => {
  const files = makeFiles();
  if (typeof files === 'string') return t.skip(files);
  const bytes = readFileSync(files.v73);
  for (const length of [1500, Math.floor(bytes.length / 2)]) {
    const path = files.v73.replace(/\.mat$/, `_cut${length}.mat`);
    writeFileSync(path, bytes.subarray(0, length));
    await assert.rejects(runNode(ioRead, {}, { path, variable: 'cube' }), (e: Error & { code?: string }) => {
      assert.equal(e.name, 'BandwireError');
      assert.equal(e.code, 'FILE_FORMAT');
      assert.ok(e.message.includes(path), e.message);
      return true;
    });
  }
});
