/**
 * The real runtime in fresh processes: default choice on this machine (no TensorFlow packages
 * installed → wasm with the project kernels), BANDWIRE_BACKEND=cpu, and an unloadable forced
 * backend failing with a message that names the variable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defaultThreads } from './wasm.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = `
  const { initRuntime } = await import('./engine/runtime/backend.ts');
  try { console.log(JSON.stringify(await initRuntime())); }
  catch (e) { console.log(JSON.stringify({ error: e.message, code: e.code })); }`;

function runtimeIn(env: Record<string, string>): Record<string, unknown> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env },
  });
  const line = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  assert.ok(line, `no output: ${run.stderr}`);
  return JSON.parse(line);
}

function isInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

test('default backend and its reason', (t) => {
  if (isInstalled('@tensorflow/tfjs-node') || isInstalled('@tensorflow/tfjs-node-gpu')) {
    t.skip('a TensorFlow package is installed here; this test checks the wasm fallback');
    return;
  }
  const info = runtimeIn({ BANDWIRE_BACKEND: '', BANDWIRE_THREADS: '' });
  assert.equal(info.backend, 'wasm');
  // Threads default to the cores (up to 4), with the threaded build; the reason says so.
  assert.equal(info.threads, defaultThreads());
  assert.match(String(info.reason), /@tensorflow\/tfjs-node not installed/);
  if (defaultThreads() > 1) assert.match(String(info.reason), /\d thread\(s\) by default \(every core up to 4: \d+ cores here\)$/);
  assert.ok((info.kernels as string[]).includes('Conv2DBackpropFilter (wasm)'));
  assert.equal((info.versions as Record<string, string>)['tfjs-core'], '4.22.0');
});

test('BANDWIRE_THREADS=1 uses the single-thread build', () => {
  const info = runtimeIn({ BANDWIRE_BACKEND: 'wasm', BANDWIRE_THREADS: '1' });
  assert.equal(info.backend, 'wasm');
  assert.equal(info.threads, 1);
  assert.doesNotMatch(String(info.reason), /failed/);
});

test('BANDWIRE_BACKEND=cpu and an unloadable BANDWIRE_BACKEND', (t) => {
  assert.equal(runtimeIn({ BANDWIRE_BACKEND: 'cpu' }).backend, 'cpu');
  if (isInstalled('@tensorflow/tfjs-node')) {
    t.skip('@tensorflow/tfjs-node is installed; cannot check the failure message');
    return;
  }
  const failed = runtimeIn({ BANDWIRE_BACKEND: 'tensorflow' });
  assert.equal(failed.code, 'USAGE');
  assert.match(String(failed.error), /^BANDWIRE_BACKEND=tensorflow: the tensorflow backend cannot be loaded/);
});
