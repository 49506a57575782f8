/**
 * Test/bench support: runs a /usr/bin/python3 snippet on float64 arrays. Inputs are written as raw
 * little-endian float64 files `<name>.bin` in a temp dir (with `shapes.json`); the snippet gets that dir
 * as `out` and helpers `load(name)` / `save(name, array)`; saved arrays come back as Float64Array.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesTo } from './bytes.ts';

const prelude = `
import sys, json, numpy as np
out = sys.argv[1]
_shapes = json.load(open(out + '/shapes.json'))
def load(name): return np.fromfile(out + '/' + name + '.bin', dtype='<f8').reshape(_shapes[name])
def save(name, a): np.ascontiguousarray(a, dtype='<f8').tofile(out + '/out-' + name + '.bin')
`;

export interface PythonResult {
  outputs: Record<string, Float64Array>;
  stdout: string;
}

export function runPython(code: string, inputs: Record<string, { data: ArrayLike<number>; shape: number[] }>): PythonResult {
  const dir = mkdtempSync(join(tmpdir(), 'bandwire-py-'));
  try {
    const shapes: Record<string, number[]> = {};
    for (const [name, { data, shape }] of Object.entries(inputs)) {
      shapes[name] = shape;
      writeFileSync(join(dir, `${name}.bin`), new Uint8Array(Float64Array.from(data).buffer));
    }
    writeFileSync(join(dir, 'shapes.json'), JSON.stringify(shapes));
    const r = spawnSync('/usr/bin/python3', ['-c', prelude + code, dir], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? '2' } });
    if (r.status !== 0) throw new Error(`python reference failed: ${r.stderr}`);
    const outputs: Record<string, Float64Array> = {};
    for (const file of readdirSync(dir)) {
      const m = /^out-(.+)\.bin$/.exec(file);
      if (m) outputs[m[1]] = bytesTo(Float64Array, readFileSync(join(dir, file)));
    }
    return { outputs, stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
