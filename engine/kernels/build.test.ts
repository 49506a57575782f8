/**
 * The committed base64 wasm modules (engine/kernels/*-wasm.ts) are exactly what
 * `asc --enable simd -O3` makes from engine/kernels/assembly/*.ts today.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('committed kernel wasm matches a fresh AssemblyScript build', () => {
  const script = fileURLToPath(new URL('../../scripts/build-kernels.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, `build-kernels --check failed:\n${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /conv-filter: up to date/);
});
