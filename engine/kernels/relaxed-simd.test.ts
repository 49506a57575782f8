/**
 * Which kernel build runs, told by a pixel that is exact only with a fused multiply-add
 * (relaxed-simd-probe.ts: 2⁻²⁴ fused, 0 otherwise). Relaxed SIMD is on here when V8 can compile
 * it (Node ≥ 20 on x64, with the flag on Node 20), and BANDWIRE_RELAXED_SIMD=0 gives the plain
 * build (checked in a child process: the choice is made once per thread).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fusedProbe } from './relaxed-simd-probe.ts';
import { relaxedSimdState } from './relaxed-simd.ts';

test('the fused build runs where the runtime has relaxed SIMD', () => {
  const state = relaxedSimdState();
  assert.equal(fusedProbe(), state.enabled ? 2 ** -24 : 0, state.note);
  const [major] = process.versions.v8.split('.').map(Number);
  if (process.arch === 'x64' && major >= 11 && process.env.BANDWIRE_RELAXED_SIMD?.trim() !== '0') {
    assert.ok(state.enabled, `expected relaxed SIMD on V8 ${process.versions.v8}: ${state.note}`);
  }
});

test('BANDWIRE_RELAXED_SIMD=0 runs the plain build and says so', () => {
  const url = (name: string) => JSON.stringify(new URL(name, import.meta.url).href);
  const script = `const { fusedProbe } = await import(${url('./relaxed-simd-probe.ts')});
const { relaxedSimdState } = await import(${url('./relaxed-simd.ts')});
process.stdout.write(JSON.stringify({ value: fusedProbe(), note: relaxedSimdState().note }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, BANDWIRE_RELAXED_SIMD: '0' } });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { value: 0, note: 'off: BANDWIRE_RELAXED_SIMD=0' });
});
